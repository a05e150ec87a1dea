/**
 * Test helpers: installs podtalk's kernelspec into a temporary prefix and runs Debian's Jupyter
 * tools against it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installKernelSpec } from "podtalk/protocol";

/** A kernelspec installed under a temporary prefix, and the environment that makes Jupyter find it. */
export interface TempKernel {
  readonly prefix: string;
  readonly env: NodeJS.ProcessEnv;
  remove(): void;
}

/** Installs the kernelspec into a fresh temporary prefix. */
export function installTempKernel(): TempKernel {
  const prefix = mkdtempSync(join(tmpdir(), "podtalk-kernel-"));
  installKernelSpec({ prefix });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUPYTER_PATH: join(prefix, "share", "jupyter"),
    // Keep Jupyter's runtime files (connection files) out of the user's home.
    JUPYTER_RUNTIME_DIR: join(prefix, "runtime"),
    PYTHONWARNINGS: "ignore",
  };
  return { prefix, env, remove: () => rmSync(prefix, { recursive: true, force: true }) };
}

/** The exit code and combined output of a finished process. */
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion (never rejects for a non-zero exit). */
export function run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The folder of the repository's sources (dist/test/kernel -> repository root). */
export function repoRoot(): string {
  return join(__dirname, "..", "..", "..");
}

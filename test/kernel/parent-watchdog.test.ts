/**
 * No kernel outlives its front end: `podtalk run` killed while a cell spins in `while (true) {}`
 * (SIGKILL, or SIGTERM to podtalk alone, as `timeout` sends it in CI), and a kernel whose front
 * end is gone before it even started.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { podtalkNotebookText } from "../internal/notebooks.js";
import { childrenRunning } from "../internal/processes.js";
import { installTempKernel, repoRoot, type TempKernel } from "./kernelspec-env.js";

/** True while `pid` exists and has not exited (a zombie has exited; only its parent has not reaped it). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** The pids of `parent`'s children that run podtalk's kernel. */
const kernelChildren = (parent: number): number[] => childrenRunning(parent, "kernel/main.js").map((p) => p.pid);

/** The pids of `kernel`'s compiler processes (kernel/compiler/). */
const compilerChildren = (kernel: number): number[] => childrenRunning(kernel, "compiler/main.js").map((p) => p.pid);

/** Polls `condition` every 50 ms; false if it still fails after `ms`. */
async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

const SPIN = ['import { writeFileSync } from "node:fs";', 'writeFileSync("spinning", "");', "while (true) {}"].join("\n");

describe("podtalk run, killed while a cell spins in `while (true) {}`", function () {
  this.timeout(20_000);
  const started: ChildProcess[] = [];
  const kernels: number[] = [];
  let kernel: TempKernel | undefined;
  let root = "";

  before(function () {
    if (process.platform !== "linux") this.skip(); // The test reads /proc.
    kernel = installTempKernel();
    root = mkdtempSync(join(tmpdir(), "podtalk-orphan-test-"));
  });
  after(() => {
    for (const pid of kernels) if (running(pid)) process.kill(pid, "SIGKILL");
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    kernel?.remove();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** Starts `podtalk run` on a spinning notebook and resolves once the cell spins. */
  async function runSpinning(
    name: string,
  ): Promise<{ podtalk: ChildProcess; kernelPid: number; compilerPid: number; dir: string; temp: string; before: string }> {
    const dir = join(root, name);
    const temp = join(dir, "tmp"); // TMPDIR of podtalk and its kernel: where connection folders go.
    mkdirSync(temp, { recursive: true });
    const source = podtalkNotebookText(["console.log(1)", SPIN]);
    writeFileSync(join(dir, "spin.ipynb"), source);
    const podtalk = spawn(process.execPath, [join(repoRoot(), "bin", "podtalk.js"), "run", "spin.ipynb", "--timeout", "0"], {
      cwd: dir,
      env: { ...kernel!.env, TMPDIR: temp },
      stdio: "ignore",
    });
    started.push(podtalk);
    assert.ok(await waitFor(() => existsSync(join(dir, "spinning")), 15_000), "the cell never started spinning");
    const [kernelPid] = kernelChildren(podtalk.pid!);
    assert.ok(kernelPid !== undefined, "no kernel process under podtalk");
    kernels.push(kernelPid);
    const [compilerPid] = compilerChildren(kernelPid);
    assert.ok(compilerPid !== undefined, "no compiler process under the kernel");
    kernels.push(compilerPid);
    assert.equal(readdirSync(temp).length, 1, "the connection folder exists while the kernel runs");
    return { podtalk, kernelPid, compilerPid, dir, temp, before: source };
  }

  it("SIGKILL to podtalk: the kernel and its compiler exit within a few seconds, the kernel removes its connection folder", async () => {
    const { podtalk, kernelPid, compilerPid, temp } = await runSpinning("sigkill");
    podtalk.kill("SIGKILL");
    assert.ok(await waitFor(() => !running(kernelPid), 4000), `kernel ${kernelPid} still runs 4 s after podtalk was killed`);
    assert.ok(await waitFor(() => !running(compilerPid), 2000), `compiler ${compilerPid} still runs 2 s after its kernel ended`);
    assert.ok(await waitFor(() => readdirSync(temp).length === 0, 1000), `left behind in TMPDIR: ${readdirSync(temp).join(", ")}`);
  });

  it("SIGTERM to podtalk alone: podtalk stops its kernel (and so its compiler), removes the connection folder, dies by SIGTERM, leaves the notebook as it was", async () => {
    const { podtalk, kernelPid, compilerPid, dir, temp, before } = await runSpinning("sigterm");
    const ended = new Promise<NodeJS.Signals | number | null>((resolve) => podtalk.once("exit", (code, signal) => resolve(signal ?? code)));
    podtalk.kill("SIGTERM");
    assert.equal(await ended, "SIGTERM");
    assert.ok(await waitFor(() => !running(kernelPid), 3000), `kernel ${kernelPid} still runs 3 s after podtalk got SIGTERM`);
    assert.ok(await waitFor(() => !running(compilerPid), 2000), `compiler ${compilerPid} still runs 2 s after its kernel ended`);
    assert.deepEqual(readdirSync(temp), []);
    assert.equal(readFileSync(join(dir, "spin.ipynb"), "utf8"), before);
  });
});

describe("podtalk kernel started after its front end died", function () {
  this.timeout(10_000);
  let dir = "";
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("exits at once, says why on stderr, and removes the connection folder it was given", () => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-watchdog-test-"));
    const connectionDir = join(dir, "connection");
    mkdirSync(connectionDir);
    const connectionFile = join(connectionDir, "kernel.json");
    writeFileSync(connectionFile, "{}");
    const gone = spawnSync(process.execPath, ["-e", ""]).pid; // Exited and reaped: its pid names no process.
    const kernel = spawnSync(process.execPath, [join(repoRoot(), "dist", "kernel", "main.js"), "--connection-file", connectionFile], {
      env: { ...process.env, JPY_PARENT_PID: String(gone), PODTALK_CONNECTION_DIR: connectionDir },
      encoding: "utf8",
      timeout: 8000,
    });
    assert.equal(kernel.signal, "SIGKILL", `the kernel did not end itself (status ${kernel.status}, signal ${kernel.signal}): ${kernel.stderr}`);
    assert.match(kernel.stderr, new RegExp(`podtalk kernel: exiting, because its front end \\(pid ${gone}\\) has exited`));
    assert.equal(existsSync(connectionDir), false);
  });
});

describe("podtalk kernel given a connection file it cannot use", function () {
  this.timeout(10_000);
  let dir = "";
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("says so on stderr and exits with status 1 instead of living on without sockets", () => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-bad-connection-"));
    const connectionFile = join(dir, "kernel.json");
    writeFileSync(connectionFile, "{}"); // No ports, no key.
    const kernel = spawnSync(process.execPath, [join(repoRoot(), "dist", "kernel", "main.js"), "--connection-file", connectionFile], {
      encoding: "utf8",
      timeout: 8000,
    });
    assert.equal(kernel.status, 1, `status ${kernel.status}, signal ${kernel.signal}: ${kernel.stderr}`);
    assert.match(kernel.stderr, /^podtalk kernel failed to start: /);
    assert.ok(existsSync(connectionFile), "a connection file nobody gave the kernel to own was removed");
  });

  it("removes a connection folder made for it alone when it exits, so a front end killed at that moment leaves none", () => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-bad-connection-"));
    const connectionDir = join(dir, "connection");
    mkdirSync(connectionDir);
    const connectionFile = join(connectionDir, "kernel.json");
    writeFileSync(connectionFile, "{}");
    const kernel = spawnSync(process.execPath, [join(repoRoot(), "dist", "kernel", "main.js"), "--connection-file", connectionFile], {
      env: { ...process.env, JPY_PARENT_PID: String(process.pid), PODTALK_CONNECTION_DIR: connectionDir },
      encoding: "utf8",
      timeout: 8000,
    });
    assert.equal(kernel.status, 1, `status ${kernel.status}, signal ${kernel.signal}: ${kernel.stderr}`);
    assert.equal(existsSync(connectionDir), false);
  });
});

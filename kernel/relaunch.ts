/**
 * A kernel Jupyter starts runs `node dist/kernel/main.js`: a kernelspec on disk must keep working
 * when its user changes Node, so it cannot name the startup snapshot, which only the Node that built
 * it starts (kernel/snapshot/). Where Node can replace its own process (`process.execve`, Node
 * 22.15 and 23.11 onwards), such a kernel executes itself again from the snapshot when one is
 * usable: the same pid, so Jupyter's signals (interrupt is SIGINT) and its watch of the process
 * are unchanged. Elsewhere, or with Node flags on the command line (the snapshot refuses V8 flags
 * other than its build's), it goes on as it was started.
 * @see https://nodejs.org/api/process.html#processexecvefile-args-env
 */
import { dirname } from "node:path";
import { STARTUP_KEY } from "./snapshot/state.js";

/** Set in the environment of the process that replaces this one, so that it never tries again. */
export const RELAUNCHED_ENV = "PODTALK_KERNEL_FROM_SNAPSHOT";

type Execve = (file: string, args: readonly string[], env: NodeJS.ProcessEnv) => never;

/**
 * Replaces this process with the same kernel started from the startup snapshot, when Node can and
 * the snapshot is usable; otherwise returns. Call first thing, before the kernel opens anything.
 */
export function relaunchFromSnapshot(): void {
  const again = process.env[RELAUNCHED_ENV] !== undefined;
  delete process.env[RELAUNCHED_ENV];
  const execve = (process as unknown as { execve?: Execve }).execve;
  if (again || typeof execve !== "function" || (globalThis as Record<string, unknown>)[STARTUP_KEY] !== undefined) return;
  if (process.execArgv.length > 0) return;
  const script = process.argv[1];
  // Required here, not imported: a kernel from the snapshot must load podtalk's library from it
  // (snapshot/startup.ts, registerStartupModules) before anything loads a file of it from disk.
  const { kernelStartupArgs } = require("podtalk/protocol") as typeof import("podtalk/protocol");
  const args = kernelStartupArgs(process.env, __dirname);
  if (!script || args.length === 0 || dirname(script) !== __dirname) return;
  try {
    execve.call(process, process.execPath, [process.execPath, ...args, script, ...process.argv.slice(2)], { ...process.env, [RELAUNCHED_ENV]: "1" });
  } catch {
    // Could not replace the process: this one goes on, without the snapshot.
  }
}

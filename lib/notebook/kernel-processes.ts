/**
 * The kernel processes this process started, and how they end with it: on SIGINT, SIGTERM or
 * SIGHUP (stopKernelsOnSignals) and on any exit. Kernels also watch their front end themselves,
 * which covers SIGKILL.
 */
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { constants as osConstants } from "node:os";

/** A kernel process this process started, and the folder of its connection file. */
export interface StartedKernel {
  readonly process: ChildProcess;
  readonly tempDir: string;
}

/**
 * Every kernel started here and not yet disposed of. A front end owns its kernels: whatever way
 * this process ends, they end with it (see stopKernels()). Kernels also watch their front end
 * themselves (podtalk's kernel/parent-watchdog.ts, ipykernel's parent poller), which is what
 * covers SIGKILL, where this process gets no say.
 */
const started = new Set<StartedKernel>();
/** Set once stopKernels() has begun: no kernel starts after it, and kernel deaths are not reported. */
let stopping = false;
let exitHookInstalled = false;

function isRunning(k: StartedKernel): boolean {
  return k.process.pid !== undefined && k.process.exitCode === null && k.process.signalCode === null;
}

/** Registers a kernel; the first one installs the hook that kills what is left when the process exits. */
export function track(kernel: StartedKernel): void {
  started.add(kernel);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' listeners must be synchronous: SIGKILL and rmSync are.
  process.on("exit", () => {
    for (const k of started) {
      if (isRunning(k)) k.process.kill("SIGKILL");
      rmSync(k.tempDir, { recursive: true, force: true });
    }
    started.clear();
  });
}

/**
 * Stops every kernel this process started and removes their connection files: SIGTERM, then
 * SIGKILL for any still running after `graceMs`. After it, KernelClient.start() starts nothing
 * and the death of a kernel no longer fails the requests waiting on it (they never settle), so
 * that nothing more is reported or written while the process ends.
 */
export async function stopKernels(graceMs = 1000): Promise<void> {
  stopping = true;
  const running = [...started].filter(isRunning);
  const exited = (k: StartedKernel): Promise<void> =>
    new Promise((resolve) => {
      if (!isRunning(k)) resolve();
      else k.process.once("exit", () => resolve());
    });
  const within = (ms: number, promises: Promise<void>[]): Promise<unknown> =>
    Promise.race([Promise.all(promises), new Promise((resolve) => setTimeout(resolve, ms).unref())]);
  for (const k of running) k.process.kill("SIGTERM");
  await within(graceMs, running.map(exited));
  for (const k of running) if (isRunning(k)) k.process.kill("SIGKILL");
  await within(graceMs, running.map(exited));
  for (const k of started) rmSync(k.tempDir, { recursive: true, force: true });
  started.clear();
}

/**
 * Makes SIGINT, SIGTERM and SIGHUP stop this process's kernels (stopKernels()) before the process
 * ends by that signal, as it would have without a handler; the exit status is then the shell's
 * 128 + signal number. `timeout` in CI and process managers signal only the front end, so the
 * kernels would otherwise be left to notice on their own. A second signal ends the process at
 * once. Returns a function that removes the handlers.
 *
 * @example stopKernelsOnSignals(); // first thing in a command-line front end
 */
export function stopKernelsOnSignals(): () => void {
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  let received: NodeJS.Signals | undefined;
  const remove = (): void => {
    for (const signal of signals) process.off(signal, onSignal);
  };
  const die = (signal: NodeJS.Signals): void => {
    remove();
    process.kill(process.pid, signal); // Without a listener, the default action ends the process.
    // Only reached if someone else also listens for the signal.
    setTimeout(() => process.exit(128 + (osConstants.signals[signal] ?? 0)), 100).unref();
  };
  function onSignal(signal: NodeJS.Signals): void {
    if (received !== undefined) {
      process.exit(128 + (osConstants.signals[received] ?? 0)); // The 'exit' hook still kills the kernels.
    }
    received = signal;
    void stopKernels().finally(() => die(signal));
  }
  for (const signal of signals) process.on(signal, onSignal);
  return remove;
}

/** Forgets a kernel that was disposed of. */
export function untrack(kernel: StartedKernel): void {
  started.delete(kernel);
}

/** True once stopKernels() has begun: kernels neither start nor report their deaths. */
export function isStopping(): boolean {
  return stopping;
}

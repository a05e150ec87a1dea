/**
 * Ends the kernel when the front end that started it is gone, even while a cell keeps the
 * JavaScript thread busy.
 *
 * Jupyter front ends own their kernels: when one dies without a shutdown_request (SIGKILL, a
 * crash, a CI job's timeout), its kernels must not live on. ipykernel polls its parent for this
 * (`ParentPollerUnix` in ipykernel/parentpoller.py, fed by jupyter_client's `JPY_PARENT_PID`).
 * A poll on the kernel's own event loop is not enough here: a cell such as `while (true) {}`
 * blocks that loop, so a timer would never fire and the orphan would spin on a core for ever.
 * The poll therefore runs in a worker thread, which has its own event loop, and it ends the whole
 * process with SIGKILL, which no busy loop can ignore.
 *
 * The first check runs synchronously before anything else loads: a front end killed while the
 * kernel was starting is noticed at once, and so is one that died before the kernel ran at all
 * (its pid, in `JPY_PARENT_PID`, no longer exists).
 *
 * @see https://github.com/ipython/ipykernel/blob/main/ipykernel/parentpoller.py
 * @see https://jupyter-client.readthedocs.io/en/stable/provisioning.html (JPY_PARENT_PID)
 */
import { readFileSync, rmSync, rmdirSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Worker, isMainThread, workerData } from "node:worker_threads";

/**
 * The environment variable in which podtalk's client says that the connection file's folder was
 * made for this kernel alone: a kernel that outlives its front end removes it, since nobody else
 * is left to (the folder holds the session's HMAC key).
 */
export const CONNECTION_DIR_ENV = "PODTALK_CONNECTION_DIR";

/** What the watchdog compares against, fixed when the kernel starts. */
export interface ParentWatch {
  /** The kernel's parent process at start. */
  readonly parent: number;
  /** The front end's pid from `JPY_PARENT_PID`, when it is one of the kernel's ancestors. */
  readonly frontEnd: number | undefined;
  /** The connection file and its folder, removed when the front end is gone. */
  readonly removeOnOrphan: { readonly file: string; readonly dir: string } | undefined;
  /** How often the worker looks, in milliseconds. */
  readonly intervalMs: number;
}

/** Worker data that marks a thread started by startParentWatchdog(). */
interface WatchdogData {
  readonly podtalkParentWatchdog: ParentWatch;
}

/**
 * Reads what to watch from the environment: the parent process, and `JPY_PARENT_PID` (the front
 * end, which may be a grandparent when the kernelspec starts the kernel through a wrapper).
 */
export function parentWatchFrom(env: NodeJS.ProcessEnv, connectionFile: string, intervalMs = 500): ParentWatch {
  const parent = process.ppid;
  const jpy = Number(env["JPY_PARENT_PID"]);
  let frontEnd: number | undefined;
  if (Number.isSafeInteger(jpy) && jpy > 1 && jpy !== process.pid) {
    // A pid that is alive but not an ancestor is a stale variable inherited from elsewhere; a pid
    // that is no longer alive is the front end that died while the kernel was starting.
    frontEnd = !isAlive(jpy) || isAncestor(jpy) ? jpy : undefined;
  }
  const ownedDir = env[CONNECTION_DIR_ENV];
  const file = resolve(connectionFile);
  // Only the connection file's own folder, and only when the client says it made it for us.
  const removeOnOrphan = ownedDir && resolve(ownedDir) === dirname(file) ? { file, dir: dirname(file) } : undefined;
  return { parent, frontEnd, removeOnOrphan, intervalMs };
}

/** Why the front end counts as gone, or undefined while it is there. */
export function orphanReason(watch: ParentWatch): string | undefined {
  if (watch.frontEnd !== undefined && !isAlive(watch.frontEnd)) return `its front end (pid ${watch.frontEnd}) has exited`;
  // Re-parenting (to init or a subreaper) is how a dead parent shows; pid 1 never goes away.
  if (watch.parent > 1 && process.ppid !== watch.parent) return `the process that started it (pid ${watch.parent}) has exited`;
  return undefined;
}

/**
 * Checks the front end now, and ends the process at once if it is gone; otherwise starts the
 * watchdog thread. Falls back to a timer on the main thread if no worker can be started.
 */
export function startParentWatchdog(watch: ParentWatch): void {
  checkOrEnd(watch);
  if (watch.frontEnd === undefined && watch.parent <= 1) return; // Nothing could tell us.
  try {
    const data: WatchdogData = { podtalkParentWatchdog: watch };
    const worker = new Worker(__filename, {
      workerData: data,
      // The thread only polls: keep its heap small and its output away from the kernel's streams.
      // A kernel started from the startup snapshot (kernel/snapshot/) starts its workers from it
      // too (Node 20), with its heap: under these limits V8 would end the process while loading it.
      ...(process.execArgv.includes("--snapshot-blob") ? {} : { resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 } }),
      stdout: true,
      stderr: true,
    });
    worker.unref();
    worker.on("error", () => fallBackToTimer(watch));
  } catch {
    fallBackToTimer(watch);
  }
}

function fallBackToTimer(watch: ParentWatch): void {
  setInterval(() => checkOrEnd(watch), watch.intervalMs).unref();
}

/**
 * Removes the connection file and its folder when the client made them for this kernel alone:
 * when the front end is gone, and on every exit of the kernel (a front end killed in the moment
 * between the kernel's exit and its own clean-up would otherwise leave them, HMAC key included).
 */
export function removeOwnedConnection(watch: ParentWatch): void {
  if (!watch.removeOnOrphan) return;
  rmSync(watch.removeOnOrphan.file, { force: true });
  try {
    rmdirSync(watch.removeOnOrphan.dir); // Not recursive: a folder that holds more is not ours to empty.
  } catch {
    // Already gone, or not empty.
  }
}

/** Removes what only this kernel used and ends the process when the front end is gone. */
function checkOrEnd(watch: ParentWatch): void {
  const reason = orphanReason(watch);
  if (reason === undefined) return;
  removeOwnedConnection(watch);
  try {
    writeSync(2, `podtalk kernel: exiting, because ${reason}\n`);
  } catch {
    // stderr was a pipe to the front end that is gone.
  }
  process.kill(process.pid, "SIGKILL");
}

/** True while `pid` exists and is not a zombie (a zombie has exited, its parent just has not reaped it). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  const stat = procStat(pid);
  return stat === undefined || stat.state !== "Z";
}

/** True when `pid` is this process's parent or an earlier ancestor; assumed true where /proc is missing. */
function isAncestor(pid: number): boolean {
  let current = process.ppid;
  for (let depth = 0; depth < 64 && current > 1; depth++) {
    if (current === pid) return true;
    const stat = procStat(current);
    if (stat === undefined) return process.platform !== "linux"; // No /proc to walk: trust the variable.
    current = stat.ppid;
  }
  return false;
}

/** The state letter and parent pid from Linux's /proc/<pid>/stat (proc(5)). */
function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

if (!isMainThread && (workerData as Partial<WatchdogData> | null)?.podtalkParentWatchdog) {
  const watch = (workerData as WatchdogData).podtalkParentWatchdog;
  setInterval(() => checkOrEnd(watch), watch.intervalMs);
}

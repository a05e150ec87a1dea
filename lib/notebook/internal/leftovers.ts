/**
 * Leftovers of podtalk processes that were killed (SIGKILL, a power cut) before they could clean
 * up: a notebook's temporary file from a write cut short, and kernels' connection folders. Each
 * name holds the pid of the podtalk that made it, so that a later podtalk removes only what
 * belongs to a process that no longer runs, and never another program's files.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/** Whether no process has this pid (a live process of another user counts as alive). */
export function processIsGone(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Removes the entries of `dir` whose name `pattern` matches and whose first capture, a pid, is
 * not a running process. Errors (a folder that cannot be read, an entry removed meanwhile) are
 * ignored: sweeping is a courtesy, never a reason to fail.
 *
 * @returns the names removed
 */
export function sweepLeftovers(dir: string, pattern: RegExp): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = pattern.exec(name)?.[1];
    if (pid === undefined || !processIsGone(Number(pid))) continue;
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Not ours to remove after all (permissions), or already gone.
    }
  }
  return removed;
}

/** Escapes a file name for use in a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

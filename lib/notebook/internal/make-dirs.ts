/**
 * `mkdir -p` that always ends: Node's `mkdirSync(dir, { recursive: true })` retries for ever
 * where mkdir(2) answers ENOENT for a folder whose parent exists, as it does under /proc
 * (`podtalk kernel install --prefix /proc/x` used to hang). This creates the missing folders one
 * by one, from the deepest one that exists, and says which one could not be made.
 */
import { mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** Creates `dir` and its missing parents; throws an Error naming the folder that could not be made and why. */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    try {
      if (statSync(current).isDirectory()) break;
      throw new Error(`cannot create the folder ${dir}: ${current} is a file, not a folder; choose another folder`);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") throw code === undefined ? e : failure(dir, current, code);
    }
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? "unknown error";
      // Made meanwhile by another process: fine.
      if (code === "EEXIST" && isDirectory(folder)) continue;
      throw failure(dir, folder, code);
    }
  }
}

function failure(dir: string, folder: string, code: string): Error {
  const special = /^\/(proc|sys)(\/|$)/.test(folder)
    ? `; ${folder.split("/")[1] === "proc" ? "/proc" : "/sys"} is a kernel file system, not a place for files`
    : "";
  return new Error(`cannot create the folder ${dir}: ${folder} could not be made (${code})${special}; choose another folder`);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

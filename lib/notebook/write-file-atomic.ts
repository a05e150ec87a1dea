/**
 * Atomic file writes: readers never see a half-written notebook or page, and an unchanged file
 * keeps its mtime (build tools and editors then leave it alone).
 */
import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Writes `text` to `path` through a temporary file and a rename; skips identical content. */
export function writeFileAtomic(path: string, text: string): boolean {
  let mode: number | undefined;
  try {
    if (readFileSync(path, "utf8") === text) return false;
    mode = statSync(path).mode & 0o777;
  } catch {
    // A new file.
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    writeFileSync(tmp, text);
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // Already gone.
    }
    throw e;
  }
  return true;
}

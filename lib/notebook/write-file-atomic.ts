/**
 * Atomic file writes: readers never see a half-written notebook or page, and an unchanged file
 * keeps its mtime (build tools and editors then leave it alone).
 *
 * A symlink is written through: the temporary file goes beside the file the link points to and is
 * renamed over that file, so the link and every editor's view of the notebook stay intact
 * (jupyter_server resolves links the same way, `jupyter_server/services/contents/fileio.py`).
 * A file with more than one hard link, or without write permission, is refused rather than
 * replaced: renaming a new file over one of its names would leave the other names with the old
 * content, and writing in place could leave a half-written file behind.
 *
 * The temporary file is `.NAME.<pid>.<random>.tmp`; one left by a writer that was killed (its pid
 * no longer runs) is removed at the next write of NAME.
 */
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, lstatSync, readFileSync, readlinkSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { escapeRegExp, sweepLeftovers } from "./internal/leftovers.js";

/** Why writeFileAtomic() refused to replace a file. */
export type WriteRefusal = "Changed" | "HardLinked" | "ReadOnly" | "NotAFile";

/** Thrown when a file is not replaced because that would lose data; the message starts with the path. */
export class WriteRefusedError extends Error {
  override readonly name = "WriteRefusedError";
  /** The path that was to be written (as given, before links are resolved). */
  readonly path: string;
  readonly code: WriteRefusal;

  constructor(path: string, code: WriteRefusal, detail: string) {
    super(`${path}: ${detail}`);
    this.path = path;
    this.code = code;
  }
}

/** Options for writeFileAtomic(). */
export interface WriteFileAtomicOptions {
  /**
   * The SHA-256 (hex) of the bytes the file held when it was read. When the file now holds other
   * bytes (someone saved it meanwhile), nothing is written and WriteRefusedError "Changed" is
   * thrown, as Jupyter's contents manager refuses to save over a newer file. @default no check
   */
  readonly expectedSHA256?: string;
}

/** The SHA-256 of some bytes, in hex (what `expectedSHA256` compares). */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Writes `text` to `path` through a temporary file and a rename; skips identical content.
 *
 * @returns true when the file changed
 * @throws WriteRefusedError when the file has several hard links, is read-only, is not a regular
 *   file, or (with `expectedSHA256`) changed since it was read; it is then left as it was
 */
export function writeFileAtomic(path: string, text: string, options: WriteFileAtomicOptions = {}): boolean {
  const target = resolveLinks(path);
  const existing = statIfExists(target);
  if (existing) assertReplaceable(path, existing);
  // A podtalk killed mid-write (SIGKILL) left its temporary file: remove those whose writer is gone.
  sweepLeftovers(dirname(target), new RegExp(`^\\.${escapeRegExp(basename(target))}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`));
  const current = existing ? readFileSync(target) : undefined;
  if (options.expectedSHA256 !== undefined) assertUnchanged(path, current, options.expectedSHA256);
  if (current?.equals(Buffer.from(text))) return false;
  const mode = existing ? existing.mode & 0o777 : undefined;
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    try {
      writeFileSync(tmp, text, { flag: "wx" });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
        throw new Error(`${path}: cannot write into its folder ${dirname(target)} (${code}); make the folder writable or write elsewhere`);
      }
      throw e;
    }
    if (mode !== undefined) chmodSync(tmp, mode);
    // Checked again just before the rename, so that the window for a lost update is as short as it can be.
    if (options.expectedSHA256 !== undefined) assertUnchanged(path, readIfExists(target), options.expectedSHA256);
    renameSync(tmp, target);
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

/**
 * Throws WriteRefusedError when writeFileAtomic(path, …) would refuse to replace the file, so
 * that a caller can find out before doing long work (a notebook's run). A missing file is fine.
 */
export function assertWritable(path: string): void {
  const existing = statIfExists(resolveLinks(path));
  if (existing) assertReplaceable(path, existing);
}

function assertReplaceable(path: string, stats: Stats): void {
  if (!stats.isFile()) throw new WriteRefusedError(path, "NotAFile", "not a regular file; give the path of a notebook file");
  if (stats.nlink > 1) {
    throw new WriteRefusedError(
      path,
      "HardLinked",
      `has ${stats.nlink} hard links, and replacing it would leave the other names with the old content; ` +
        "write the result elsewhere (podtalk run --out DIR), or give the file a copy of its own first (cp FILE FILE.new && mv FILE.new FILE)",
    );
  }
  // The write bits, not access(2): root may write anything, but a file made read-only says "do not save over me".
  if ((stats.mode & 0o222) === 0) {
    throw new WriteRefusedError(
      path,
      "ReadOnly",
      `is read-only (mode ${(stats.mode & 0o777).toString(8).padStart(4, "0")}); make it writable (chmod u+w) or write the result elsewhere (podtalk run --out DIR)`,
    );
  }
}

function assertUnchanged(path: string, current: Buffer | undefined, expected: string): void {
  if (current !== undefined && sha256Hex(current) === expected) return;
  throw new WriteRefusedError(
    path,
    "Changed",
    `${current === undefined ? "was removed" : "changed on disk"} while it ran, so the results were not written and the file was left as it is; ` +
      "run it again, or write the results elsewhere (podtalk run --out DIR)",
  );
}

/** The file `path` names once every symlink is followed; a dangling link names its (missing) target. */
function resolveLinks(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // Missing, or a link to a missing file: follow the links by hand (at most 40, as Linux does).
  }
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      if (!lstatSync(current).isSymbolicLink()) return current;
      link = readlinkSync(current);
    } catch {
      return current;
    }
    current = resolve(dirname(current), link);
  }
  return current;
}

function statIfExists(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

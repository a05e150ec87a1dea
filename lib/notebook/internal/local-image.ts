/**
 * Reading an image that a notebook's markdown names by a relative path, for embedding as a data:
 * URI. Only a regular file inside the notebook's folder is read, whatever symlinks lie on the way,
 * and only up to a size: the notebook may come from someone else, and an article is published.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";

/** The largest image file embedded: a data: URI grows it by a third, and the article carries it. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/** The file's bytes, or why it is not embedded (a sentence fragment: "it is …", "there is …"). */
export type LocalImage = { readonly bytes: Buffer } | { readonly refused: string };

/**
 * Reads `path` (already percent-decoded, relative to `baseDir`) if it is a regular file that lies
 * inside `baseDir` once both are resolved through their symlinks, and is at most `maxBytes` long.
 */
export function readLocalImage(baseDir: string, path: string, maxBytes = MAX_IMAGE_BYTES): LocalImage {
  if (isAbsolute(path)) return { refused: "it is an absolute path; put the image in the notebook's folder and name it relative to the notebook" };
  let root: string;
  let real: string;
  try {
    root = realpathSync(baseDir);
    real = realpathSync(resolve(baseDir, path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { refused: code === "ENOENT" || code === "ENOTDIR" ? "there is no such file" : `it cannot be read (${code ?? (e as Error).message})` };
  }
  const inside = relative(root, real);
  if (inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return { refused: "it lies outside the notebook's folder (through `..` or a symlink); copy the image into the folder" };
  }
  let fd: number | undefined;
  try {
    // stat before open: opening a FIFO for reading would wait for a writer.
    const before = statSync(real);
    if (!before.isFile()) return { refused: "it is not a regular file" };
    if (before.size > maxBytes) return { refused: `it is larger than ${maxBytes / 1024 / 1024} MiB` };
    // The path has no symlinks left; O_NOFOLLOW and the inode check catch one swapped in since.
    fd = openSync(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    const opened = fstatSync(fd);
    if (!opened.isFile() || opened.ino !== before.ino || opened.dev !== before.dev) return { refused: "it changed while it was being read" };
    const size = Math.min(opened.size, maxBytes);
    const bytes = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { bytes: bytes.subarray(0, read) };
  } catch (e) {
    return { refused: `it cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

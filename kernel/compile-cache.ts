/**
 * The kernel's cache of compiled cells, so that a notebook run again does not wait for
 * TypeScript (creating tslab's compiler takes seconds, each compile a tenth of one).
 *
 * A cell is compiled from two texts, the declarations carried over from earlier cells (the string
 * tslab's executor carries: see tslab/decl-chain.ts; it stays small however many cells came
 * before) and the cell's source, against the files its TypeScript program reads (the lib `.d.ts` files,
 * `@types`, podtalk's declarations). An entry is keyed on those two texts and on everything else
 * that shapes the compile (the caller's `context`: TypeScript and tslab versions, Node's major
 * version, the notebook folder, ...), and names a manifest of every file the compiler had read
 * with its SHA-256. An entry is used only while each of those files still has that hash.
 *
 * A hit returns exactly what the compiler returned, so a notebook's outputs never depend on
 * whether the cache was used. What is not stored: compiles with diagnostics, and compiles of a
 * session that read a source (not declaration) file, such as a local `.ts` module, since tslab
 * emits those once per session.
 *
 * A file that appears later and would change module resolution (say, a new package under a
 * `node_modules` folder that shadows one already resolved) is not noticed; new `@types` packages
 * are (the caller puts the type roots' listings into `context`). `podtalk cache clear` empties
 * the cache; `PODTALK_CACHE_DIR=off` turns it off.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** What the cell compiler returned for a clean compile: what the executor needs to run the cell. */
export interface CompiledCell {
  readonly output?: string;
  readonly declOutput?: string;
  readonly lastExpressionVar?: string;
  readonly hasToplevelAwait?: boolean;
}

/** One cached compile: the cell and the manifest of files it was compiled against. */
interface Entry {
  readonly format: typeof FORMAT;
  readonly inputs: string;
  readonly cell: CompiledCell;
}

/** The files a compile read, each with its SHA-256, sorted by path. */
interface InputsManifest {
  readonly format: typeof FORMAT;
  readonly files: readonly (readonly [path: string, sha256: string])[];
}

const FORMAT = 1;

interface FileHash {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly hash: string;
}

/**
 * Files hashed ahead of time, each with the stat it was hashed at: `npm run build` records the
 * files a first session's compiles read (scripts/kernel-code-cache.cjs), so that a kernel's first
 * compile does not read and hash them all (some 330 files, 4 MB) before it can answer.
 */
export interface KnownHashes {
  readonly format: typeof FORMAT;
  /** [path, size, mtimeMs, ino, sha256] */
  readonly files: readonly (readonly [path: string, size: number, mtimeMs: number, ino: number, sha256: string])[];
}

/** The file name of the known hashes `npm run build` writes into dist/kernel/. */
export const KNOWN_HASHES_FILE = "compile-inputs.json";

/**
 * The files the compiles stored in the cache folder `dir` read, each with its SHA-256 from their
 * manifests and its stat now: what `npm run build` records after its first session's run.
 * @throws Error when `dir` holds no manifest
 */
export function knownHashesOf(dir: string): KnownHashes {
  const hashes = new Map<string, string>();
  for (const name of readdirSync(dir).filter((n) => n.startsWith("inputs-"))) {
    const manifest = JSON.parse(readFileSync(join(dir, name), "utf8")) as InputsManifest;
    if (manifest.format !== FORMAT) continue;
    for (const [path, hash] of manifest.files) hashes.set(path, hash);
  }
  if (hashes.size === 0) throw new Error(`no compile in ${dir} recorded the files it read`);
  const files = [...hashes]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, hash]) => {
      const { size, mtimeMs, ino } = statSync(path);
      return [path, size, mtimeMs, ino, hash] as const;
    });
  return { format: FORMAT, files };
}

/** The hashes in `file` (a KnownHashes), or none when it is missing or not one. */
export function readKnownHashes(file: string): Map<string, FileHash> {
  const known = new Map<string, FileHash>();
  let parsed: Partial<KnownHashes>;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<KnownHashes>;
  } catch {
    return known;
  }
  if (parsed.format !== FORMAT || !Array.isArray(parsed.files)) return known;
  for (const entry of parsed.files) {
    if (!Array.isArray(entry)) continue;
    const [path, size, mtimeMs, ino, hash] = entry;
    if (typeof path === "string" && typeof size === "number" && typeof mtimeMs === "number" && typeof ino === "number" && typeof hash === "string") {
      known.set(path, { size, mtimeMs, ino, hash });
    }
  }
  return known;
}

/** Past this many files the oldest are removed when a kernel opens the cache, down to half. */
export const MAX_CACHE_FILES = 4000;

const sha256 = (text: string | Buffer): string => createHash("sha256").update(text).digest("hex");

/** A compiled-cell cache in one folder, shared by every kernel that uses that folder. */
export class CompileCache {
  readonly #dir: string;
  readonly #salt: string;
  readonly #log: (message: string) => void;
  /** Hashes of files read so far, valid while their size, mtime and inode stay the same. */
  readonly #hashes: Map<string, FileHash>;
  /** Manifests read or written by this process, by key. */
  readonly #manifests = new Map<string, InputsManifest>();
  #warned = false;

  /**
   * @param dir the cache folder (created when missing; old files pruned past MAX_CACHE_FILES)
   * @param context everything besides the two texts that changes what a compile gives
   * @param log where a cache problem is reported, once (the cache then just misses)
   * @param known hashes of files taken ahead of time (readKnownHashes), each used only while the
   *   file's size, mtime and inode are those it was hashed at
   */
  constructor(dir: string, context: readonly string[], log: (message: string) => void, known: ReadonlyMap<string, FileHash> = new Map()) {
    this.#dir = dir;
    this.#hashes = new Map(known);
    this.#salt = sha256(JSON.stringify([FORMAT, ...context]));
    this.#log = log;
    try {
      mkdirSync(dir, { recursive: true });
      prune(dir, MAX_CACHE_FILES);
    } catch (e) {
      this.#warn(e);
    }
  }

  /** The cell compiled from `prevDecl` and `src` earlier, when every file it read is unchanged. */
  lookup(prevDecl: string, src: string): CompiledCell | undefined {
    const path = join(this.#dir, `${this.#key(prevDecl, src)}.json`);
    let entry: Entry;
    try {
      entry = JSON.parse(readFileSync(path, "utf8")) as Entry;
    } catch {
      return undefined;
    }
    if (entry.format !== FORMAT) return undefined;
    const manifest = this.#manifest(entry.inputs);
    if (!manifest?.files.every(([file, hash]) => this.#hash(file) === hash)) return undefined;
    try {
      // Least recently used goes first when the folder is pruned.
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // A read-only cache still serves hits.
    }
    return entry.cell;
  }

  /** Stores a clean compile of `prevDecl` and `src` against the files in `inputs`. */
  store(prevDecl: string, src: string, cell: CompiledCell, inputs: Iterable<string>): void {
    const files: [string, string][] = [];
    for (const file of [...new Set(inputs)].sort()) {
      const hash = this.#hash(file);
      if (hash === undefined) return;
      files.push([file, hash]);
    }
    const manifest: InputsManifest = { format: FORMAT, files };
    const manifestText = JSON.stringify(manifest);
    const manifestKey = sha256(manifestText);
    const stored: Entry = {
      format: FORMAT,
      inputs: manifestKey,
      cell: { output: cell.output, declOutput: cell.declOutput, lastExpressionVar: cell.lastExpressionVar, hasToplevelAwait: cell.hasToplevelAwait },
    };
    try {
      if (!this.#manifests.has(manifestKey)) {
        writeAtomic(join(this.#dir, `inputs-${manifestKey}.json`), manifestText);
        this.#manifests.set(manifestKey, manifest);
      }
      writeAtomic(join(this.#dir, `${this.#key(prevDecl, src)}.json`), JSON.stringify(stored));
    } catch (e) {
      this.#warn(e);
    }
  }

  #key(prevDecl: string, src: string): string {
    return sha256(`${this.#salt}\0${prevDecl}\0${src}`);
  }

  #manifest(key: string): InputsManifest | undefined {
    let manifest = this.#manifests.get(key);
    if (manifest) return manifest;
    try {
      const text = readFileSync(join(this.#dir, `inputs-${key}.json`), "utf8");
      if (sha256(text) !== key) return undefined;
      manifest = JSON.parse(text) as InputsManifest;
    } catch {
      return undefined;
    }
    if (manifest.format !== FORMAT) return undefined;
    this.#manifests.set(key, manifest);
    return manifest;
  }

  /** The SHA-256 of a file's content now, or undefined when it cannot be read. */
  #hash(file: string): string | undefined {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(file);
    } catch {
      return undefined;
    }
    const known = this.#hashes.get(file);
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs && known.ino === stat.ino) return known.hash;
    let hash: string;
    try {
      hash = sha256(readFileSync(file));
    } catch {
      return undefined;
    }
    this.#hashes.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino, hash });
    return hash;
  }

  #warn(e: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    this.#log(`podtalk kernel: the compile cache in ${this.#dir} is not usable, cells are compiled every time: ${(e as Error).message}`);
  }
}

/** Writes through a temporary file and a rename, so that a reader (another kernel) never sees half a file. */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/** Removes the least recently used files of `dir` when it holds more than `max`, down to max / 2. */
export function prune(dir: string, max: number): number {
  const names = readdirSync(dir);
  if (names.length <= max) return 0;
  const files = names.flatMap((name) => {
    try {
      return [{ name, mtimeMs: statSync(join(dir, name)).mtimeMs }];
    } catch {
      return [];
    }
  });
  files.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : 1));
  let removed = 0;
  for (const file of files.slice(0, files.length - Math.floor(max / 2))) {
    try {
      unlinkSync(join(dir, file.name));
      removed++;
    } catch {
      // Removed by another kernel meanwhile.
    }
  }
  return removed;
}

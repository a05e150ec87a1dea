/**
 * V8's code cache for the JavaScript a kernel loads: podtalk, vega, vega-lite, yaml, tslab and,
 * when a cell must be compiled, TypeScript. A kernel that starts again deserialises that code
 * instead of compiling it (about a third of its start-up).
 *
 * Node 22 does this itself (`module.enableCompileCache`), and that is used where it exists. On
 * Node 20 the kernel compiles CommonJS files under `node_modules` and podtalk's `dist` with
 * `vm.Script` and V8's `cachedData`:
 * - an entry is named after the file's path and the SHA-1 of its content, because V8's own check
 *   of cached data looks at the source's length, not its text;
 * - code is serialised when the kernel exits, with every function it ran by then, for each file
 *   whose entry the kernel did not find and no other kernel has written since (kernels that start
 *   together on an empty cache, as `podtalk course` starts them, would otherwise each write the
 *   same few hundred entries while their notebooks wait for them to exit).
 * A file that may call `import()` is left to Node: on Node 20, code restored from cached data
 * loses the callback `import()` needs (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING). So is any
 * other file (a cell's local module, say).
 *
 * `npm run build` seeds the cache (scripts/kernel-code-cache.cjs): it runs a first session's cells
 * through kernels, with and without the startup snapshot, and keeps the code they compiled in
 * dist/kernel/code-cache-seed/, in a folder named after the Node and architecture that made it.
 * On Node 20 a module missing from the kernel's cache is read from that seed; on Node 22 and
 * later an empty cache folder starts as a copy of it.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import Module from "node:module";
import { dirname, join, sep } from "node:path";
import vm from "node:vm";
import { CODE_CACHE_FOLDER } from "podtalk/protocol";
import { prune, writeAtomic } from "./compile-cache.js";

/** Node's CommonJS internals that a module compiler replaces (stable since Node 0.x). */
interface ModuleInternals {
  prototype: { _compile(this: LoadedModule, content: string, filename: string): unknown };
  wrap(content: string): string;
  _resolveFilename(request: string, parent: LoadedModule, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: LoadedModule): string[] | null;
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<NodeJS.Module>;
  enableCompileCache?: (dir: string) => unknown;
}
type LoadedModule = NodeJS.Module & { require(id: string): unknown };

/** The folder of dist/kernel that holds the build's seed (scripts/kernel-code-cache.cjs writes it). */
export const CODE_CACHE_SEED = "code-cache-seed";

/** Past this many files the least recently used half is removed when a kernel starts. */
const MAX_CODE_CACHE_FILES = 2000;

let enabled = false;

/**
 * Turns the code cache on for this process, keeping it in `dir`, for modules under one of
 * `roots` (Node 20) or every module (Node 22). Does nothing when `dir` is undefined. What
 * the cache lacks comes from `seedRoot`'s folder for this Node, when there is one.
 */
export function enableCodeCache(dir: string | undefined, roots: readonly string[], seedRoot?: string): void {
  if (dir === undefined || enabled) return;
  enabled = true;
  const modules = Module as unknown as ModuleInternals;
  const folder = join(dir, CODE_CACHE_FOLDER);
  try {
    mkdirSync(folder, { recursive: true });
    prune(folder, MAX_CODE_CACHE_FILES);
  } catch {
    return;
  }
  const seed = seedRoot === undefined ? undefined : join(seedRoot, CODE_CACHE_FOLDER);
  if (typeof modules.enableCompileCache === "function") {
    // Node's own cache reads one folder: an empty one starts as a copy of the seed.
    try {
      if (seed !== undefined && existsSync(seed) && readdirSync(folder).length === 0) cpSync(seed, folder, { recursive: true });
    } catch {
      // Not seeded: the kernel compiles, and caches, its code itself.
    }
    modules.enableCompileCache(folder);
    return;
  }
  const prefixes = roots.map((r) => (r.endsWith(sep) ? r : r + sep));
  const eligible = (filename: string, content: string): boolean =>
    /\.c?js$/.test(filename) &&
    (filename.includes(`${sep}node_modules${sep}`) || prefixes.some((p) => filename.startsWith(p))) &&
    !/\bimport\s*\(/.test(content);
  // The entries there now: one listing instead of a failed open for each module of a new cache.
  let present: ReadonlySet<string>;
  try {
    present = new Set(readdirSync(folder));
  } catch {
    return;
  }
  /** Modules compiled without an entry of this cache (`replace`: with one V8 rejected). */
  const unsaved: { script: vm.Script; file: string; replace: boolean }[] = [];
  const original = modules.prototype._compile;

  modules.prototype._compile = function (this: LoadedModule, content: string, filename: string): unknown {
    if (!eligible(filename, content)) return original.call(this, content, filename);
    const digest = createHash("sha1").update(filename).update("\0").update(content).digest("hex");
    const name = `${digest}.bin`;
    const file = join(folder, name);
    // This kernel's cache first, then the build's seed (read in place: copying it costs more).
    // The seed's code has only what the build's session ran: this kernel's, saved at exit, has more.
    const own = present.has(name) ? readIfAny(file) : undefined;
    const cachedData = own ?? (seed === undefined ? undefined : readIfAny(join(seed, name)));
    const script = new vm.Script(modules.wrap(content), { filename, cachedData });
    if (own === undefined || script.cachedDataRejected) unsaved.push({ script, file, replace: own !== undefined });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(this, modules), this, filename, dirname(filename));
  };

  process.once("exit", () => {
    for (const { script, file, replace } of unsaved) {
      try {
        // Another kernel of this cache saved it meanwhile: its code is as good as this one's.
        if (!replace && existsSync(file)) continue;
        writeAtomic(file, script.createCachedData());
      } catch {
        return; // A full or read-only disk: the next kernel compiles as usual.
      }
    }
  });
}

/** The `require` a module's code receives, as Node builds it. */
function requireFor(module: LoadedModule, modules: ModuleInternals): NodeJS.Require {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: { paths?: string[] }) => modules._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => modules._resolveLookupPaths(request, module);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = modules._extensions;
  require.cache = modules._cache;
  return require;
}

/** The file's bytes, or undefined when it cannot be read. */
function readIfAny(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * podtalk's library and the packages it loads (vega, vega-lite, yaml, ipaddr.js…), held in the
 * kernel's startup snapshot already loaded, so that a first cell's `import … from "podtalk"` finds
 * them in `require`'s cache instead of resolving, reading and running some 340 files.
 *
 * `npm run build` records which file each of their `require` calls loads, as Node resolved it
 * (`recordModuleGraph`, run in a plain Node); the snapshot's entry loads exactly those files with
 * `loadModuleGraph` (a snapshot's entry may require only Node's built-in modules); the kernel puts
 * them into `require.cache` as its first step (`registerStartupModules`), unless a file changed on
 * disk since the build, in which case it loads every file itself, as without a snapshot.
 */
import type { Stats } from "node:fs";
import { dirname } from "node:path";

/** One module of the graph: its file and, per request made from its folder, the file (or `node:` builtin) it got. */
export interface GraphModule {
  readonly file: string;
  readonly requires: Readonly<Record<string, string>>;
}

/** A module loaded in the snapshot: its file as the build saw it, and its `module` object. */
export interface StartupModule {
  readonly file: string;
  readonly mtimeMs: number;
  readonly size: number;
  readonly module: { exports: unknown; loaded: boolean };
}

/** How a builtin appears in the graph. */
const BUILTIN = "node:";

/** The `require` calls of every module `entry` loads, with what Node resolved them to. Runs in a plain Node. */
export function recordModuleGraph(entry: string): GraphModule[] {
  const Module = require("node:module") as unknown as {
    _resolveFilename(request: string, parent: { filename?: string } | undefined, ...rest: unknown[]): string;
    builtinModules: readonly string[];
  };
  const graph = new Map<string, Record<string, string>>();
  const files = new Set<string>([entry]);
  const original = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, ...rest) {
    const resolved = original.call(this, request, parent, ...rest);
    const from = parent?.filename;
    if (from) {
      // By folder: Node resolves a request once per folder (its relative resolve cache), and the
      // answer depends on the folder only.
      const requires = graph.get(dirname(from)) ?? {};
      requires[request] = Module.builtinModules.includes(resolved.replace(/^node:/, "")) ? `${BUILTIN}${resolved.replace(/^node:/, "")}` : resolved;
      graph.set(dirname(from), requires);
      files.add(from);
      if (!requires[request]!.startsWith(BUILTIN)) files.add(resolved);
    }
    return resolved;
  };
  try {
    require(entry);
  } finally {
    Module._resolveFilename = original;
  }
  return [...files].map((file) => ({ file, requires: graph.get(dirname(file)) ?? {} }));
}

/** What loadModuleGraph needs from the snapshot's entry (which may not require anything else). */
export interface GraphLoaderHost {
  readonly builtin: (name: string) => unknown;
  readonly readFile: (file: string) => string;
  readonly stat: (file: string) => Stats;
  readonly compile: (code: string, file: string) => (...args: unknown[]) => unknown;
  readonly dirname: (file: string) => string;
  /** A `require` for `file` once the kernel runs (for requests the build never saw). */
  readonly lateRequire: (file: string, request: string) => unknown;
  /** True for a module to load only when used, in the kernel (one that needs builtins a snapshot cannot hold). */
  readonly deferred: (file: string) => boolean;
}

/**
 * A stand-in for a module loaded on first use: reading a property, calling or constructing it
 * loads the module with `load` and acts on that. For a module that only gets stored at load time
 * (vega-loader keeps node-fetch's function for later), as is the case here.
 */
function deferredModule(load: () => unknown): unknown {
  let real: object | undefined;
  const module = (): object => (real ??= load() as object);
  return new Proxy(function deferred() {}, {
    get: (_, key) => Reflect.get(module(), key),
    has: (_, key) => Reflect.has(module(), key),
    apply: (_, self, args) => Reflect.apply(module() as (...a: unknown[]) => unknown, self, args),
    construct: (_, args) => Reflect.construct(module() as new (...a: unknown[]) => object, args),
  });
}

/** Loads `graph` from its first module, as Node would have, and returns every module it loaded. */
export function loadModuleGraph(graph: readonly GraphModule[], host: GraphLoaderHost): StartupModule[] {
  const byFile = new Map(graph.map((m) => [m.file, m]));
  const loaded = new Map<string, StartupModule>();
  const load = (file: string): unknown => {
    const done = loaded.get(file);
    // A module still loading (a cycle) gives what it has exported so far, as in Node.
    if (done) return done.module.exports;
    const { mtimeMs, size } = host.stat(file);
    const module = { exports: {} as unknown, filename: file, id: file, loaded: false };
    loaded.set(file, { file, mtimeMs, size, module });
    const text = host.readFile(file);
    if (file.endsWith(".json")) {
      module.exports = JSON.parse(text);
    } else {
      const requires = byFile.get(file)?.requires ?? {};
      const req = (request: string): unknown => {
        const target = requires[request];
        // Node loads a `node:` request without resolving it, so the build saw none.
        if (target === undefined && request.startsWith(BUILTIN)) return host.builtin(request.slice(BUILTIN.length));
        if (target === undefined) return host.lateRequire(file, request);
        if (target.startsWith(BUILTIN)) return host.builtin(target.slice(BUILTIN.length));
        return host.deferred(target) ? deferredModule(() => host.lateRequire(file, request)) : load(target);
      };
      const code = text.startsWith("#!") ? `//${text}` : text;
      host.compile(code, file).call(module.exports, module.exports, req, module, file, host.dirname(file));
    }
    module.loaded = true;
    return module.exports;
  };
  const first = graph[0];
  if (first) load(first.file);
  return [...loaded.values()];
}

/**
 * One TypeScript session of the kernel: tslab's executor driven cell by cell, with its
 * compiler created on first need and compiled cells served from the compile cache.
 */
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import type { ConsoleInterface, Executor } from "tslab/dist/executor";
import type { ConvertResult, Converter, Diagnostic } from "tslab/dist/converter";
import { printQuickInfo } from "tslab/dist/inspect";
import { CELL_GLOBALS_DECLARATION } from "./cell-globals.js";
import { cellLineOf } from "./cell-lines.js";
import { CompileCache, KNOWN_HASHES_FILE, readKnownHashes } from "./compile-cache.js";
import type { Compiled, CompilerBackend } from "./compiler/backend.js";
import { LocalCompiler } from "./compiler/local.js";
import { PodtalkPathMap } from "./podtalk-resolution.js";
import { DeclChain, type DeclScope, FREEZE_AT } from "./tslab/decl-chain.js";
import { cellMetadata, loadExecutorModule } from "./tslab/load.js";
import { mapRuntimeRequire } from "./tslab/runtime-require.js";
import { TSLAB_VERSION, TYPESCRIPT_VERSION } from "./versions.js";
import { cellFirstLine } from "podtalk/protocol";

/** A TypeScript diagnostic of a cell, 1-based. */
export interface CellDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** What running one cell produced. */
export type CellOutcome =
  | { readonly kind: "ok"; readonly hasValue: boolean; readonly value: unknown }
  | { readonly kind: "thrown"; readonly error: unknown; readonly place: CellPlacer }
  | { readonly kind: "diagnostics"; readonly diagnostics: readonly CellDiagnostic[] };

/** Where a stack frame's script and line are in the cells: its cell's label and line, when known. */
export type CellPlacer = (
  script: string,
  jsLine: number,
) => { readonly label: string; readonly line: number | undefined; readonly current: boolean } | undefined;

/** What the kernel calls a cell in error locations (its execution count) and the cell's first line. */
interface RunCell {
  readonly label: string;
  readonly locate: (jsLine: number) => number | undefined;
}

/** How the last cell's compile went: its milliseconds, and whether the compile cache answered it. */
export interface CompileTiming {
  readonly ms: number;
  /** The compile cache answered. */
  readonly cached: boolean;
  /** The cache holds this compile now: the same cell after the same cells will not be compiled again. */
  readonly stored: boolean;
}

/** How many cells' line maps are kept for locating frames of functions defined in earlier cells. */
const KEPT_CELLS = 1000;

/** Options of CellExecutor. */
export interface CellExecutorOptions {
  /** The values of the names CELL_GLOBALS_DECLARATION declares. */
  readonly globals?: Readonly<Record<string, unknown>>;
  /** The compiled-cell cache folder (see compile-cache.ts); none when undefined. */
  readonly cacheDir?: string | undefined;
  /** Where a problem with the cache is reported. @default nothing */
  readonly log?: (message: string) => void;
  /**
   * The size at which earlier cells' declarations are frozen into a chunk (see
   * tslab/decl-chain.ts); tests set 0 (every cell's own chunk) or Infinity (one file, as tslab).
   * @default FREEZE_AT
   */
  readonly declChunkSize?: number;
  /** Check cells under TypeScript's `strict` options (see tslab/converter.ts). @default true */
  readonly strict?: boolean;
  /** Called when a cell must wait for TypeScript's compiler to be created (it takes seconds). */
  readonly onCompilerStart?: () => void;
  /**
   * Where cells are compiled, for the kernel's folder, podtalk package and `strict` setting.
   * @default a LocalCompiler (in this process)
   */
  readonly compiler?: CompilerBackend;
  /**
   * Leave storing a compile in the compile cache to storeCompiled() (the kernel calls it once it
   * has answered the cell: hashing the files a compile read takes tens of milliseconds) or to the
   * next request. @default false: stored once the cell has run
   */
  readonly deferCacheStore?: boolean;
}

/**
 * One TypeScript session: a cell compiler and runner with state carried between cells.
 *
 * tslab's compiler is created on the first compile the cache cannot answer (or by
 * warmCompiler()), so a notebook whose cells are all cached never waits for it.
 *
 * tslab's executor calls its compiler synchronously; the compiler here answers asynchronously
 * (it may be another process, see compiler/). So a cell is compiled first, against the
 * declarations the executor carries, and the executor is then handed that result.
 */
export class CellExecutor {
  readonly #executor: Executor;
  readonly #compiler: CompilerBackend;
  /** The compile of the cell about to run, which the executor's synchronous converter hands on. */
  #prepared: { prevDecl: string; src: string; result: ConvertResult } | { module: string; src: string; result: Diagnostic[] } | undefined;
  /** Ends the wait of the request waiting for the compiler, when an interrupt comes (see interrupt()). */
  #interruptWait: ((e: Error) => void) | undefined;
  /** Set while the executor is asked for the declarations it carries (see #carried). */
  #probe: { prevDecl?: string } | undefined;
  readonly #strict: boolean;
  readonly #onCompilerStart: () => void;
  /** The earlier cells' declarations, frozen chunk by chunk (see tslab/decl-chain.ts). */
  readonly #chain: DeclChain;
  readonly #cache: CompileCache | undefined;
  /** Every file this session's compiler has read: what a compiled cell may depend on. */
  readonly #filesRead = new Set<string>();
  /** Set once a cell defines an in-memory module: later compiles depend on it, so are not cached. */
  #uncacheable = false;
  /** The store into the compile cache of the last compile, done once the cell has been answered (storeCompiled()). */
  #pendingStore: (() => void) | undefined;
  readonly #packageRoot: string;
  readonly #paths: PodtalkPathMap;
  readonly #deferStore: boolean;
  /**
   * Each run cell's script name (its `//# sourceURL`, which V8 puts in stack frames) with its
   * label and line map, so that a frame in a function an earlier cell defined names that cell.
   */
  readonly #ran = new Map<string, RunCell>();
  #runs = 0;
  #running: { script: string; label: string; code: string } | undefined;
  #sink: { value?: { v: unknown }; thrown?: { e: unknown }; diagnostics: CellDiagnostic[] } = { diagnostics: [] };
  #lastCompile: CompileTiming | undefined;

  /**
   * @param cwd the notebook's folder: relative imports and `node_modules` resolve from here
   * @param packageRoot the podtalk package that `import ... from "podtalk"` means
   */
  constructor(cwd: string, packageRoot: string, options: CellExecutorOptions = {}) {
    const paths = new PodtalkPathMap(cwd, packageRoot);
    this.#strict = options.strict ?? true;
    this.#onCompilerStart = options.onCompilerStart ?? (() => undefined);
    this.#compiler = options.compiler ?? new LocalCompiler({ cwd, packageRoot, strict: this.#strict });
    this.#chain = new DeclChain(options.declChunkSize ?? FREEZE_AT);
    mapRuntimeRequire(cwd, packageRoot);
    this.#packageRoot = packageRoot;
    this.#paths = paths;
    this.#deferStore = options.deferCacheStore ?? false;
    const log = options.log ?? (() => undefined);
    this.#cache =
      options.cacheDir === undefined
        ? undefined
        : new CompileCache(
            options.cacheDir,
            [
              TYPESCRIPT_VERSION,
              TSLAB_VERSION,
              process.versions.node.split(".")[0]!,
              cwd,
              packageRoot,
              String(paths.shadowed),
              CELL_GLOBALS_DECLARATION,
              `declaration chunks of ${options.declChunkSize ?? FREEZE_AT}`,
              `strict ${options.strict ?? true}`,
              ...typeRootListings(cwd),
            ],
            log,
            // What `npm run build` hashed, beside this file in dist/kernel/.
            readKnownHashes(join(__dirname, KNOWN_HASHES_FILE)),
          );
    const console: ConsoleInterface = {
      log: (value: unknown) => {
        this.#sink.value = { v: value };
      },
      error: (first: unknown, ...rest: unknown[]) => {
        if (first === "%s%d:%d - %s" && rest.length === 4) {
          const [file, line, column, message] = rest as [string, number, number, string];
          this.#sink.diagnostics.push({ file: String(file).trim(), line, column, message: String(message) });
        } else {
          this.#sink.thrown = { e: first };
        }
      },
    };
    const node: Converter = {
      convert: (prevDecl: string, src: string) => {
        const res = this.#convert(prevDecl, src);
        const running = this.#running;
        if (!res.output || !running) return res;
        const output = res.output;
        this.#ran.set(running.script, { label: running.label, locate: (jsLine) => cellLineOf(output, running.code, jsLine) });
        if (this.#ran.size > KEPT_CELLS) this.#ran.delete(this.#ran.keys().next().value!);
        // Named for V8's stack traces; not part of what the compile cache stores.
        return { ...res, output: `${output}\n//# sourceURL=${running.script}` };
      },
      // Only #carried() asks the executor for these: completion and inspection go to the compiler directly.
      complete: (prevDecl: string) => {
        if (this.#probe) this.#probe.prevDecl = prevDecl;
        return { start: 0, end: 0, candidates: [] };
      },
      inspect: (prevDecl: string) => {
        if (this.#probe) this.#probe.prevDecl = prevDecl;
        return undefined as unknown as ReturnType<Converter["inspect"]>;
      },
      addModule: (name, content) => {
        const prepared = this.#prepared;
        this.#prepared = undefined;
        if (!prepared || !("module" in prepared) || prepared.module !== name || prepared.src !== content) {
          throw new Error(`the module cell ${name} was not compiled before it ran`);
        }
        return prepared.result;
      },
      close: () => this.#compiler.close(),
    };
    this.#executor = loadExecutorModule().createExecutor(
      cwd,
      {
        node,
        browser: node,
        close: () => node.close(),
      },
      console,
    );
    // tslab rewrites every name its declarations file declares into `exports.<name>` (that is how
    // one cell sees another's variables), the ambient globals included: give them values there.
    Object.assign(this.#executor.locals, options.globals ?? {});
  }

  /** The last cell's compile (for `npm run bench`), or undefined before the first. */
  get lastCompile(): CompileTiming | undefined {
    return this.#lastCompile;
  }

  /** True once tslab's compiler exists or is being created (a cell missed the cache, or warmCompiler() ran). */
  get compilerStarted(): boolean {
    return this.#compiler.started;
  }

  /** Starts creating tslab's compiler (it takes seconds), so that a later cache miss does not wait as long. */
  warmCompiler(): void {
    this.#compiler.start();
  }

  /** Asks the compiler, recording the files it read; tells onCompilerStart when the ask must wait for its creation. */
  async #compile<T>(fn: (compiler: CompilerBackend) => Promise<Compiled<T>>): Promise<T> {
    if (!this.#compiler.ready) this.#onCompilerStart();
    const interrupted = new Promise<never>((_, reject) => {
      this.#interruptWait = reject;
    });
    try {
      const { value, filesRead } = await Promise.race([fn(this.#compiler), interrupted]);
      for (const file of filesRead) this.#filesRead.add(file);
      return value;
    } finally {
      this.#interruptWait = undefined;
    }
  }

  /** The declarations tslab's executor carries to the next cell (what it would hand its converter). */
  #carried(): string {
    const probe: { prevDecl?: string } = {};
    this.#probe = probe;
    try {
      this.#executor.inspect("", 0);
    } finally {
      this.#probe = undefined;
    }
    if (probe.prevDecl === undefined) throw new Error("tslab's executor did not hand over its declarations");
    return probe.prevDecl;
  }

  /** The scope the executor's carried declarations name, with the cells' globals in its tail. */
  #scope(prevDecl: string): DeclScope {
    const scope = this.#chain.scope(prevDecl);
    return { chunks: scope.chunks, tail: CELL_GLOBALS_DECLARATION + scope.tail };
  }

  /** The compile prepared for the cell the executor runs now (see #prepare). */
  #convert(prevDecl: string, src: string): ConvertResult {
    const prepared = this.#prepared;
    this.#prepared = undefined;
    if (!prepared || "module" in prepared || prepared.prevDecl !== prevDecl || prepared.src !== src) {
      throw new Error("the cell was not compiled before it ran");
    }
    return prepared.result;
  }

  /** Compiles a cell through the cache, storing a clean compile of a cacheable session. */
  async #prepare(src: string): Promise<void> {
    this.#prepared = undefined;
    const meta = cellMetadata(src);
    if (meta.module) {
      this.#uncacheable = true;
      const result = await this.#compile((c) => c.addModule(meta.module!, src));
      this.#prepared = { module: meta.module, src, result };
      return;
    }
    // tslab's executor runs nothing of a browser-mode cell.
    if (meta.mode === "browser") return;
    const prevDecl = this.#carried();
    // Named before the cache is asked: a hit may name a chunk this carried string freezes.
    const started = performance.now();
    const scope = this.#chain.scope(prevDecl);
    const cache = this.#uncacheable ? undefined : this.#cache;
    const hit = cache?.lookup(prevDecl, src);
    if (hit) {
      this.#lastCompile = { ms: performance.now() - started, cached: true, stored: true };
      this.#prepared = { prevDecl, src, result: { ...hit, diagnostics: [] } };
      return;
    }
    const res = await this.#compile((c) => c.convert({ chunks: scope.chunks, tail: CELL_GLOBALS_DECLARATION + scope.tail }, src));
    if (res.declOutput !== undefined) res.declOutput = this.#chain.carry(scope, res.declOutput);
    let stored = false;
    if (cache && res.diagnostics.length === 0 && !res.sideOutputs) {
      if ([...this.#filesRead].some(isSourceFile)) this.#uncacheable = true;
      else {
        // Hashing the files read takes tens of milliseconds the cell need not wait for.
        const inputs = [...this.#filesRead];
        this.#pendingStore = () => cache.store(prevDecl, src, res, inputs);
        stored = true;
      }
    }
    this.#lastCompile = { ms: performance.now() - started, cached: false, stored };
    this.#prepared = { prevDecl, src, result: res };
  }

  /**
   * Compiles and runs `code`; never throws for a failure of the cell.
   * @param label what error locations call the cell, e.g. `Cell In[4]`
   */
  async execute(code: string, label = "Cell"): Promise<CellOutcome> {
    this.storeCompiled();
    this.#sink = { diagnostics: [] };
    const script = `podtalk-cell-${++this.#runs}`;
    this.#running = { script, label: `${label} \`${cellFirstLine(code)}\``, code };
    let ok: boolean;
    try {
      await this.#prepare(code);
      ok = await this.#executor.execute(code);
    } catch (e) {
      // The compiler failed (its process ended, say): the cell's error, and the cell did not run.
      this.#sink.thrown = { e };
      ok = false;
    } finally {
      this.#running = undefined;
      this.#prepared = undefined;
      if (!this.#deferStore) this.storeCompiled();
    }
    const sink = this.#sink;
    if (sink.diagnostics.length > 0) return { kind: "diagnostics", diagnostics: sink.diagnostics };
    if (!ok || sink.thrown) {
      const ran = this.#ran;
      const place: CellPlacer = (name, jsLine) => {
        const cell = ran.get(name);
        return cell ? { label: name === script ? label : cell.label, line: cell.locate(jsLine), current: name === script } : undefined;
      };
      return { kind: "thrown", error: sink.thrown?.e, place };
    }
    return sink.value ? { kind: "ok", hasValue: true, value: sink.value.v } : { kind: "ok", hasValue: false, value: undefined };
  }

  /** Completion candidates at `cursor` (a UTF-16 offset). */
  async complete(code: string, cursor: number): Promise<{ start: number; end: number; matches: string[] }> {
    this.storeCompiled();
    const scope = this.#scope(this.#carried());
    const info = await this.#compile((c) => c.complete(scope, code, cursor));
    return { start: info.start, end: info.end, matches: info.candidates };
  }

  /** Quick info (type and docs) at `cursor`, as text, or undefined when there is none. */
  async inspect(code: string, cursor: number): Promise<string | undefined> {
    this.storeCompiled();
    const scope = this.#scope(this.#carried());
    const info = await this.#compile((c) => c.inspect(scope, code, cursor));
    return info ? printQuickInfo(info) : undefined;
  }

  /** Interrupts a cell awaiting a promise or its compile (a busy loop is broken by SIGINT itself). */
  interrupt(): void {
    // A cell still waiting for its compile does not run at all.
    this.#interruptWait?.(new Error("Interrupted: the cell was waiting for TypeScript's compiler, and did not run"));
    this.#executor.interrupt();
  }

  /**
   * Stores the last compile in the compile cache, if it is to be stored; the kernel calls this
   * once it has answered the cell, and the next request (or close()) does otherwise.
   */
  storeCompiled(): void {
    const store = this.#pendingStore;
    this.#pendingStore = undefined;
    store?.();
  }

  /**
   * Loads the podtalk package a cell's `import ... from "podtalk"` would load (unless a
   * `node_modules/podtalk` of the notebook's folder takes its place), so that the first cell
   * that imports it does not wait for that. Loading it has no effect a cell could see.
   * @returns false when the notebook's folder has a podtalk of its own (then nothing is loaded)
   */
  preloadLibrary(): boolean {
    if (this.#paths.shadowed) return false;
    createRequire(join(this.#packageRoot, "package.json"))("podtalk");
    return true;
  }

  close(): void {
    this.storeCompiled();
    this.#executor.close();
  }
}

/** `.ts`, `.tsx`, `.js`, ... but not `.d.ts`: files tslab compiles and emits itself. */
function isSourceFile(path: string): boolean {
  return /\.[cm]?[jt]sx?$/.test(path) && !/\.d\.[cm]?ts$/.test(path);
}

/**
 * The folders TypeScript takes `@types` packages from (`node_modules/@types` in the notebook's
 * folder and every folder above it, as ts.getDefaultTypeRoots), each with its listing: a new
 * `@types` package changes what every cell compiles against.
 */
function typeRootListings(cwd: string): string[] {
  const out: string[] = [];
  for (let dir = cwd; ; dir = dirname(dir)) {
    const root = join(dir, "node_modules", "@types");
    try {
      out.push(`${root}:${readdirSync(root).sort().join(",")}`);
    } catch {
      // No @types here.
    }
    if (dirname(dir) === dir) return out;
  }
}

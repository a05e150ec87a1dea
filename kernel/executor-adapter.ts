/**
 * The only file that touches tslab's internals.
 *
 * tslab's executor and converter (`tslab/dist/executor`, `tslab/dist/converter`) and the
 * TypeScript it bundles (`@tslab/typescript-for-tslab`) are not tslab's public API. That is why
 * package.json pins tslab exactly (1.0.22): upgrading it means re-reading executor.js and
 * converter.js and re-checking everything below.
 *
 * What is relied on:
 * - `createExecutor(rootDir, convs, console)` runs a cell; it reports the last expression with
 *   `console.log(value)`, a thrown value or rejected top-level await with `console.error(value)`,
 *   and each TypeScript diagnostic with `console.error("%s%d:%d - %s", file, line, col, text)`.
 * - `createConverter()` compiles through `ts.sys` of `@tslab/typescript-for-tslab`, looked up at
 *   call time, so wrapping that object's file functions redirects module resolution.
 * - The executor's only use of TypeScript is `getCodeMetadata(src)` of `tslab/dist/metadata`,
 *   which looks for JSDoc tags (`/** @module name *\/`, `@jsx`, `@node`, `@browser`) before the
 *   code. Loading TypeScript takes a third of a second, and a cell the compile cache answers does
 *   not need it otherwise, so that module is replaced by one that answers "no tags" for a cell
 *   without a block comment and loads the real one for any other cell.
 */
import { createRequire } from "node:module";
import Module from "node:module";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ConsoleInterface, Executor } from "tslab/dist/executor";
import type { ConvertResult, Converter } from "tslab/dist/converter";
import type { CodeMetadata } from "tslab/dist/metadata";
import { printQuickInfo } from "tslab/dist/inspect";
import { CompileCache } from "./compile-cache.js";
import { PODTALK_PACKAGE, PodtalkPathMap } from "./podtalk-resolution.js";
import { TSLAB_VERSION, TYPESCRIPT_VERSION } from "./versions.js";

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
  | { readonly kind: "thrown"; readonly error: unknown; readonly locate: (jsLine: number) => number | undefined }
  | { readonly kind: "diagnostics"; readonly diagnostics: readonly CellDiagnostic[] };

/** The subset of TypeScript's `sys` that module resolution goes through. */
interface TsSys {
  fileExists(path: string): boolean;
  readFile(path: string, encoding?: string): string | undefined;
  directoryExists(path: string): boolean;
  realpath?(path: string): string;
  getDirectories(path: string): string[];
}

const tslabRequire = createRequire(require.resolve("tslab/dist/converter"));
type ConverterModule = typeof import("tslab/dist/converter");
type ExecutorModule = typeof import("tslab/dist/executor");
type MetadataModule = typeof import("tslab/dist/metadata");
let converterModule: ConverterModule | undefined;
/** tslab's converter, which loads TypeScript: required on first use. */
const tslabConverter = (): ConverterModule => (converterModule ??= tslabRequire("./converter") as ConverterModule);

/** The parts of tslab's bundled TypeScript used here (it ships no types of its own for them). */
interface TypeScriptForTslab {
  readonly version: string;
  readonly sys: TsSys;
  readonly ScriptTarget: { readonly Latest: number };
  readonly ScriptKind: { readonly TS: number };
  createSourceFile(name: string, text: string, target: number, setParentNodes: boolean, kind: number): { readonly parseDiagnostics: readonly unknown[] };
}
let typescriptModule: TypeScriptForTslab | undefined;
const tsForTslab = (): TypeScriptForTslab => (typescriptModule ??= tslabRequire("@tslab/typescript-for-tslab") as TypeScriptForTslab);

/** Loads tslab's executor with the metadata module that loads TypeScript only when needed. */
function loadExecutorModule(): ExecutorModule {
  const path = tslabRequire.resolve("./metadata");
  if (!require.cache[path]) {
    let real: MetadataModule | undefined;
    const lazy = new Module(path);
    lazy.filename = path;
    lazy.loaded = true;
    lazy.exports = {
      getCodeMetadata(src: string): CodeMetadata {
        if (!src.includes("/*")) return {};
        if (!real) {
          delete require.cache[path];
          real = tslabRequire("./metadata") as MetadataModule;
          require.cache[path] = lazy;
        }
        return real.getCodeMetadata(src);
      },
    } satisfies MetadataModule;
    require.cache[path] = lazy;
  }
  return tslabRequire("./executor") as ExecutorModule;
}

/**
 * What every cell may use without an import: the kernel passes their values to CellExecutor
 * (see kernel.ts), and the type checker sees them through this ambient declaration, which is
 * prepended to tslab's `__prev__.d.ts` (the declarations carried from cell to cell) on every
 * compile, completion and inspection. tslab's converter keeps only the cells' own names when it
 * carries that file forward, so the block never accumulates.
 */
export const CELL_GLOBALS_DECLARATION = `declare global {
  /** Options of display(). */
  interface PodtalkDisplayOptions {
    /** Names the output so a later display(value, { displayId, update: true }) replaces it. */
    readonly displayId?: string;
    /** Replace the output shown earlier with the same displayId (update_display_data). */
    readonly update?: boolean;
    /** The value is a MIME bundle already, e.g. { "text/html": "<b>hi</b>" }. */
    readonly raw?: boolean;
    /** Output metadata, e.g. { "image/svg+xml": { isolated: true } }. */
    readonly metadata?: Readonly<Record<string, unknown>>;
  }
  /** Shows value as a display_data output: its [Symbol.for("Jupyter.display")]() bundle, else its text. */
  function display(value: unknown, options?: PodtalkDisplayOptions): Promise<void>;
  /** Clears this cell's outputs; with { wait: true } only when the next output arrives. */
  function clearOutput(options?: { readonly wait?: boolean }): void;
}
`;

/** Options of CellExecutor. */
export interface CellExecutorOptions {
  /** The values of the names CELL_GLOBALS_DECLARATION declares. */
  readonly globals?: Readonly<Record<string, unknown>>;
  /** The compiled-cell cache folder (see compile-cache.ts); none when undefined. */
  readonly cacheDir?: string | undefined;
  /** Where a problem with the cache is reported. @default nothing */
  readonly log?: (message: string) => void;
}

/**
 * One TypeScript session: a cell compiler and runner with state carried between cells.
 *
 * tslab's compiler is created on the first compile the cache cannot answer (or by
 * warmCompiler()), so a notebook whose cells are all cached never waits for it.
 */
export class CellExecutor {
  readonly #executor: Executor;
  readonly #paths: PodtalkPathMap;
  #converter: Converter | undefined;
  readonly #cache: CompileCache | undefined;
  /** Every file this session's compiler has read: what a compiled cell may depend on. */
  readonly #filesRead = new Set<string>();
  /** Set once a cell defines an in-memory module: later compiles depend on it, so are not cached. */
  #uncacheable = false;
  /** The JavaScript the last cell compiled to (what stack-trace line numbers refer to). */
  #lastOutput = "";
  #sink: { value?: { v: unknown }; thrown?: { e: unknown }; diagnostics: CellDiagnostic[] } = { diagnostics: [] };

  /**
   * @param cwd the notebook's folder: relative imports and `node_modules` resolve from here
   * @param packageRoot the podtalk package that `import ... from "podtalk"` means
   */
  constructor(cwd: string, packageRoot: string, options: CellExecutorOptions = {}) {
    const paths = new PodtalkPathMap(cwd, packageRoot);
    this.#paths = paths;
    mapRuntimeRequire(cwd, packageRoot);
    const log = options.log ?? (() => undefined);
    this.#cache =
      options.cacheDir === undefined
        ? undefined
        : new CompileCache(
            options.cacheDir,
            [TYPESCRIPT_VERSION, TSLAB_VERSION, process.versions.node.split(".")[0]!, cwd, packageRoot, String(paths.shadowed), CELL_GLOBALS_DECLARATION, ...typeRootListings(cwd)],
            log,
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
        this.#lastOutput = res.output ?? "";
        return res;
      },
      complete: (prevDecl: string, src: string, position: number) =>
        this.#compile((c) => c.complete(CELL_GLOBALS_DECLARATION + prevDecl, src, position)),
      inspect: (prevDecl: string, src: string, position: number) =>
        this.#compile((c) => c.inspect(CELL_GLOBALS_DECLARATION + prevDecl, src, position)),
      addModule: (name, content, meta) => {
        this.#uncacheable = true;
        return this.#compile((c) => c.addModule(name, content, meta));
      },
      close: () => this.#converter?.close(),
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

  /** True once tslab's compiler exists (a cell missed the cache, or warmCompiler() ran). */
  get compilerStarted(): boolean {
    return this.#converter !== undefined;
  }

  /** Creates tslab's compiler now (it takes seconds), so that a later cache miss does not wait. */
  warmCompiler(): void {
    this.#compile(() => undefined);
  }

  /** Calls tslab's compiler (created on first use), recording the files it reads. */
  #compile<T>(fn: (converter: Converter) => T): T {
    return recordingReads(this.#filesRead, () => {
      if (!this.#converter) {
        mapTypeScriptPaths(this.#paths);
        this.#converter = tslabConverter().createConverter({ isJS: false, isBrowser: false });
      }
      return fn(this.#converter);
    });
  }

  /** Compiles a cell through the cache, storing a clean compile of a cacheable session. */
  #convert(prevDecl: string, src: string): ConvertResult {
    const cache = this.#uncacheable ? undefined : this.#cache;
    const hit = cache?.lookup(prevDecl, src);
    if (hit) return { ...hit, diagnostics: [] };
    const res = this.#compile((c) => c.convert(CELL_GLOBALS_DECLARATION + prevDecl, src));
    if (cache && res.diagnostics.length === 0 && !res.sideOutputs) {
      if ([...this.#filesRead].some(isSourceFile)) this.#uncacheable = true;
      else cache.store(prevDecl, src, res, this.#filesRead);
    }
    return res;
  }

  /** Compiles and runs `code`; never throws for a failure of the cell. */
  async execute(code: string): Promise<CellOutcome> {
    this.#sink = { diagnostics: [] };
    const ok = await this.#executor.execute(code);
    const sink = this.#sink;
    if (sink.diagnostics.length > 0) return { kind: "diagnostics", diagnostics: sink.diagnostics };
    if (!ok || sink.thrown) {
      const output = this.#lastOutput;
      return { kind: "thrown", error: sink.thrown?.e, locate: (jsLine) => cellLineOf(output, code, jsLine) };
    }
    return sink.value ? { kind: "ok", hasValue: true, value: sink.value.v } : { kind: "ok", hasValue: false, value: undefined };
  }

  /** Completion candidates at `cursor` (a UTF-16 offset). */
  complete(code: string, cursor: number): { start: number; end: number; matches: string[] } {
    const info = this.#executor.complete(code, cursor);
    return { start: info.start, end: info.end, matches: info.candidates };
  }

  /** Quick info (type and docs) at `cursor`, as text, or undefined when there is none. */
  inspect(code: string, cursor: number): string | undefined {
    const info = this.#executor.inspect(code, cursor);
    return info ? printQuickInfo(info) : undefined;
  }

  /** Interrupts a cell awaiting a promise (a busy loop is broken by SIGINT itself). */
  interrupt(): void {
    this.#executor.interrupt();
  }

  close(): void {
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

/**
 * The cell line (1-based) that line `jsLine` of the compiled cell came from, when exactly one
 * cell line matches it. tslab emits no source map, so this compares the statement text with the
 * exports rewriting removed; ambiguous lines are not reported rather than guessed.
 */
export function cellLineOf(output: string, code: string, jsLine: number): number | undefined {
  const normalize = (l: string): string =>
    l.replace(/\bexports\.[A-Za-z_$][\w$]* = /g, "").replace(/\bexports\./g, "").replace(/\s+/g, "").replace(/;$/, "");
  const js = normalize(output.split("\n")[jsLine - 1] ?? "");
  if (js.length < 3) return undefined;
  const matches = code
    .split("\n")
    .map((l, i) => [normalize(l), i + 1] as const)
    .filter(([l]) => l.length >= 3 && (l.includes(js) || js.includes(l)));
  return matches.length === 1 ? matches[0]![1] : undefined;
}

/** The answer to an is_complete_request. */
export type Completeness =
  | { readonly status: "complete" | "invalid" }
  | { readonly status: "incomplete"; readonly indent: string };

/**
 * Whether `code` is a complete cell (run it), incomplete (the front end should add a line, with
 * `indent`) or invalid (a syntax error no further line can fix). tslab's own check answers the
 * first two; code it calls complete is invalid when TypeScript's parser still reports an error.
 */
export function checkComplete(code: string): Completeness {
  const res = tslabConverter().isCompleteCode(code);
  if (!res.completed) return { status: "incomplete", indent: res.indent ?? "" };
  // Parsed as a module, as tslab compiles cells, so that top-level await is valid syntax.
  const ts = tsForTslab();
  const file = ts.createSourceFile("cell.ts", "export {};\n" + code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return { status: file.parseDiagnostics.length > 0 ? "invalid" : "complete" };
}

let tsPathsMapped = false;
/** Where the files TypeScript reads are recorded: the set of the executor whose compiler is at work. */
let filesReadBy: Set<string> | undefined;

/** Runs `fn` (a call into tslab's compiler) recording every file TypeScript reads into `files`. */
function recordingReads<T>(files: Set<string>, fn: () => T): T {
  const outer = filesReadBy;
  filesReadBy = files;
  try {
    return fn();
  } finally {
    filesReadBy = outer;
  }
}

/** Makes TypeScript see `<cwd>/node_modules/podtalk` as this package (once per process). */
function mapTypeScriptPaths(paths: PodtalkPathMap): void {
  if (tsPathsMapped) return;
  tsPathsMapped = true;
  const sys = tsForTslab().sys;
  const { fileExists, readFile, directoryExists, realpath, getDirectories } = sys;
  sys.fileExists = (p) => fileExists.call(sys, paths.map(p));
  sys.readFile = (p, enc) => {
    const mapped = paths.map(p);
    filesReadBy?.add(mapped);
    return readFile.call(sys, mapped, enc);
  };
  sys.directoryExists = (p) => directoryExists.call(sys, paths.map(p));
  sys.getDirectories = (p) => getDirectories.call(sys, paths.map(p));
  // realpath makes relative imports inside podtalk's .d.ts files resolve next to the real files.
  sys.realpath = (p) => {
    const mapped = paths.map(p);
    return realpath ? realpath.call(sys, mapped) : mapped;
  };
}

let requireMapped = false;

/** Makes `require("podtalk")` and `require("podtalk/...")` in cells load this package. */
function mapRuntimeRequire(cwd: string, packageRoot: string): void {
  if (requireMapped) return;
  requireMapped = true;
  const shadowed = existsSync(join(cwd, "node_modules", PODTALK_PACKAGE));
  if (shadowed) return;
  const self = createRequire(join(packageRoot, "package.json"));
  const mod = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const original = mod._resolveFilename;
  let resolvingSelf = false;
  mod._resolveFilename = function (request: string, ...rest: unknown[]): string {
    if (!resolvingSelf && (request === PODTALK_PACKAGE || request.startsWith(PODTALK_PACKAGE + "/"))) {
      // Resolving from inside the package uses its own `exports` (package self-reference).
      resolvingSelf = true;
      try {
        return self.resolve(request);
      } finally {
        resolvingSelf = false;
      }
    }
    return original.call(this, request, ...rest);
  };
}

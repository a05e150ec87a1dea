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
 */
import { createRequire } from "node:module";
import Module from "node:module";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createExecutor, type ConsoleInterface, type Executor } from "tslab/dist/executor";
import { createConverter, isCompleteCode, type Converter } from "tslab/dist/converter";
import { printQuickInfo } from "tslab/dist/inspect";
import { PODTALK_PACKAGE, PodtalkPathMap } from "./podtalk-resolution.js";

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
/** The parts of tslab's bundled TypeScript used here (it ships no types of its own for them). */
interface TypeScriptForTslab {
  readonly version: string;
  readonly sys: TsSys;
  readonly ScriptTarget: { readonly Latest: number };
  readonly ScriptKind: { readonly TS: number };
  createSourceFile(name: string, text: string, target: number, setParentNodes: boolean, kind: number): { readonly parseDiagnostics: readonly unknown[] };
}
const tsForTslab = tslabRequire("@tslab/typescript-for-tslab") as TypeScriptForTslab;

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

/** One TypeScript session: a cell compiler and runner with state carried between cells. */
export class CellExecutor {
  readonly #executor: Executor;
  readonly #converter: Converter;
  /** The JavaScript the last cell compiled to (what stack-trace line numbers refer to). */
  #lastOutput = "";
  #sink: { value?: { v: unknown }; thrown?: { e: unknown }; diagnostics: CellDiagnostic[] } = { diagnostics: [] };

  /**
   * @param cwd the notebook's folder: relative imports and `node_modules` resolve from here
   * @param packageRoot the podtalk package that `import ... from "podtalk"` means
   * @param globals the values of the names CELL_GLOBALS_DECLARATION declares
   */
  constructor(cwd: string, packageRoot: string, globals: Readonly<Record<string, unknown>> = {}) {
    const paths = new PodtalkPathMap(cwd, packageRoot);
    mapTypeScriptPaths(paths);
    mapRuntimeRequire(cwd, packageRoot);
    this.#converter = createConverter({ isJS: false, isBrowser: false });
    const converter = this.#converter;
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
    this.#executor = createExecutor(
      cwd,
      {
        node: {
          ...converter,
          convert: (prevDecl: string, src: string) => {
            const res = converter.convert(CELL_GLOBALS_DECLARATION + prevDecl, src);
            this.#lastOutput = res.output ?? "";
            return res;
          },
          complete: (prevDecl: string, src: string, position: number) =>
            converter.complete(CELL_GLOBALS_DECLARATION + prevDecl, src, position),
          inspect: (prevDecl: string, src: string, position: number) =>
            converter.inspect(CELL_GLOBALS_DECLARATION + prevDecl, src, position),
        },
        get browser(): Converter {
          return converter;
        },
        close: () => converter.close(),
      },
      console,
    );
    // tslab rewrites every name its declarations file declares into `exports.<name>` (that is how
    // one cell sees another's variables), the ambient globals included: give them values there.
    Object.assign(this.#executor.locals, globals);
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
  const res = isCompleteCode(code);
  if (!res.completed) return { status: "incomplete", indent: res.indent ?? "" };
  // Parsed as a module, as tslab compiles cells, so that top-level await is valid syntax.
  const file = tsForTslab.createSourceFile("cell.ts", "export {};\n" + code, tsForTslab.ScriptTarget.Latest, false, tsForTslab.ScriptKind.TS);
  return { status: file.parseDiagnostics.length > 0 ? "invalid" : "complete" };
}

let tsPathsMapped = false;

/** Makes TypeScript see `<cwd>/node_modules/podtalk` as this package (once per process). */
function mapTypeScriptPaths(paths: PodtalkPathMap): void {
  if (tsPathsMapped) return;
  tsPathsMapped = true;
  const sys = tsForTslab.sys;
  const { fileExists, readFile, directoryExists, realpath, getDirectories } = sys;
  sys.fileExists = (p) => fileExists.call(sys, paths.map(p));
  sys.readFile = (p, enc) => readFile.call(sys, paths.map(p), enc);
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

/**
 * Loading tslab's internals: with the other files of kernel/tslab/, the only files that touch them.
 *
 * tslab's executor (`tslab/dist/executor`), its converter module (`tslab/dist/converter`, used
 * here for `isCompleteCode` only: cells are compiled by converter.ts of this folder, which
 * follows tslab's converter) and the TypeScript it bundles (`@tslab/typescript-for-tslab`, with
 * tslab's additions `getPreEmitDiagnosticsOfFiles` and `getCompletionsAtPositionForTslab`) are
 * not tslab's public API. That is why package.json pins tslab exactly (1.0.22): upgrading it
 * means re-reading executor.js and converter.js and re-checking the files of this folder.
 *
 * What is relied on:
 * - `createExecutor(rootDir, convs, console)` runs a cell; it reports the last expression with
 *   `console.log(value)`, a thrown value or rejected top-level await with `console.error(value)`,
 *   and each TypeScript diagnostic with `console.error("%s%d:%d - %s", file, line, col, text)`.
 *   It carries the string its converter returned as `declOutput` for the last cell that ran
 *   and hands it back with the next cell (decl-chain.ts gives that string its meaning).
 * - The cell compiler reads files through `ts.sys` of `@tslab/typescript-for-tslab`, looked up
 *   at call time, so wrapping that object's file functions redirects module resolution.
 * - The executor's only use of TypeScript is `getCodeMetadata(src)` of `tslab/dist/metadata`,
 *   which looks for JSDoc tags (`/** @module name *\/`, `@jsx`, `@node`, `@browser`) before the
 *   code. Loading TypeScript takes a third of a second, and a cell the compile cache answers does
 *   not need it otherwise, so that module is replaced by one that answers "no tags" for a cell
 *   without a block comment and loads the real one for any other cell.
 */
import { createRequire } from "node:module";
import Module from "node:module";
import type { CodeMetadata } from "tslab/dist/metadata";
import { startupTypeScript } from "../snapshot/startup.js";

/** The subset of TypeScript's `sys` that module resolution goes through. */
export interface TsSys {
  fileExists(path: string): boolean;
  readFile(path: string, encoding?: string): string | undefined;
  directoryExists(path: string): boolean;
  realpath?(path: string): string;
  getDirectories(path: string): string[];
}

/** `require` as seen from inside tslab, so its own dependencies resolve as tslab would. */
const tslabRequire = createRequire(require.resolve("tslab/dist/converter"));
type ConverterModule = typeof import("tslab/dist/converter");
type ExecutorModule = typeof import("tslab/dist/executor");
type MetadataModule = typeof import("tslab/dist/metadata");
let converterModule: ConverterModule | undefined;
/** tslab's converter, which loads TypeScript: required on first use. */
export const tslabConverter = (): ConverterModule => (converterModule ??= tslabRequire("./converter") as ConverterModule);

/** The parts of tslab's bundled TypeScript used here (it ships no types of its own for them). */
export interface TypeScriptForTslab {
  readonly version: string;
  readonly sys: TsSys;
  readonly ScriptTarget: { readonly Latest: number };
  readonly ScriptKind: { readonly TS: number };
  createSourceFile(name: string, text: string, target: number, setParentNodes: boolean, kind: number): { readonly parseDiagnostics: readonly unknown[] };
}
let typescriptModule: TypeScriptForTslab | undefined;
/** tslab's bundled TypeScript, required on first use (or taken from the startup snapshot, see kernel/snapshot/). */
export const tsForTslab = (): TypeScriptForTslab =>
  (typescriptModule ??= (startupTypeScript(tslabRequire.resolve("@tslab/typescript-for-tslab")) ??
    tslabRequire("@tslab/typescript-for-tslab")) as TypeScriptForTslab);

let metadataModule: MetadataModule | undefined;
/** tslab's reading of a cell's leading JSDoc tags; loads TypeScript only for a cell with a block comment. */
export function cellMetadata(src: string): CodeMetadata {
  if (!src.includes("/*")) return {};
  if (!metadataModule) {
    const path = tslabRequire.resolve("./metadata");
    const lazy = require.cache[path];
    delete require.cache[path];
    try {
      metadataModule = tslabRequire("./metadata") as MetadataModule;
    } finally {
      if (lazy) require.cache[path] = lazy;
    }
  }
  return metadataModule.getCodeMetadata(src);
}

/** Loads tslab's executor with the metadata module that loads TypeScript only when needed. */
export function loadExecutorModule(): ExecutorModule {
  const path = tslabRequire.resolve("./metadata");
  if (!require.cache[path]) {
    const lazy = new Module(path);
    lazy.filename = path;
    lazy.loaded = true;
    lazy.exports = { getCodeMetadata: cellMetadata } satisfies MetadataModule;
    require.cache[path] = lazy;
  }
  return tslabRequire("./executor") as ExecutorModule;
}

/**
 * Where a kernel's cells are compiled: a CellCompiler (tslab/converter.ts) behind an asynchronous
 * interface, so that the compiler may live in this process (LocalCompiler, local.ts, for tests and
 * benchmarks) or in a process of its own (CompilerProcess, process.ts, which the kernel uses).
 * Both hand their requests to a CompilerSession (session.ts).
 *
 * Each answer carries the files TypeScript read to give it (new since the last answer): a
 * compiled cell depends on them, and the compile cache keys on them (compile-cache.ts).
 */
import type { QuickInfo } from "@tslab/typescript-for-tslab";
import type { CompletionInfo, ConvertResult, Diagnostic } from "tslab/dist/converter";
import { CELL_GLOBALS_DECLARATION } from "../cell-globals.js";
import { PodtalkPathMap } from "../podtalk-resolution.js";
import { type CellCompiler, createCellCompiler } from "../tslab/converter.js";
import type { DeclScope } from "../tslab/decl-chain.js";
import { mapTypeScriptPaths, recordingReads } from "../tslab/typescript-paths.js";

/** What a compiler is made for: the notebook's folder, the podtalk package cells import, and `strict`. */
export interface CompilerSettings {
  readonly cwd: string;
  readonly packageRoot: string;
  readonly strict: boolean;
}

/** An answer of the compiler and the files it read to give it. */
export interface Compiled<T> {
  readonly value: T;
  readonly filesRead: readonly string[];
}

/** The cell compiler of one kernel session, wherever it runs. */
export interface CompilerBackend {
  /** True once the compiler is being created or exists (start() was called, or a request came). */
  readonly started: boolean;
  /** True once the compiler exists and answers without first building its first program. */
  readonly ready: boolean;
  /** Starts creating the compiler ahead of need. */
  start(): void;
  convert(scope: DeclScope, src: string): Promise<Compiled<ConvertResult>>;
  inspect(scope: DeclScope, src: string, position: number): Promise<Compiled<QuickInfo | undefined>>;
  complete(scope: DeclScope, src: string, position: number): Promise<Compiled<CompletionInfo>>;
  addModule(name: string, content: string): Promise<Compiled<Diagnostic[]>>;
  close(): void;
}

/** Creates the cell compiler for `settings` in this process, recording what it reads into `files`. */
export function createSessionCompiler(settings: CompilerSettings, files: Set<string>): CellCompiler {
  return recordingReads(files, () => {
    mapTypeScriptPaths(new PodtalkPathMap(settings.cwd, settings.packageRoot));
    return createCellCompiler(settings.cwd, { strict: settings.strict, firstDeclarations: CELL_GLOBALS_DECLARATION });
  });
}

/**
 * Where a kernel's cells are compiled: a CellCompiler (tslab/converter.ts) behind an asynchronous
 * interface, so that the compiler may live in this process (LocalCompiler, for tests and
 * benchmarks) or in a process of its own (CompilerProcess, process.ts, which the kernel uses).
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

/** Calls `fn` on `compiler`, returning its value with the files read meanwhile. */
export function answer<T>(compiler: CellCompiler, fn: (c: CellCompiler) => T, before: Set<string> = new Set()): Compiled<T> {
  const files = before;
  const value = recordingReads(files, () => fn(compiler));
  return { value, filesRead: [...files] };
}

/** The compiler in this process: each request blocks it for the time the compile takes. */
export class LocalCompiler implements CompilerBackend {
  #compiler: CellCompiler | undefined;
  /** Files the compiler's creation read, reported with its first answer. */
  #creationReads = new Set<string>();

  constructor(private readonly settings: CompilerSettings) {}

  get started(): boolean {
    return this.#compiler !== undefined;
  }

  get ready(): boolean {
    return this.#compiler !== undefined;
  }

  start(): void {
    this.#compiler ??= createSessionCompiler(this.settings, this.#creationReads);
  }

  #answer<T>(fn: (c: CellCompiler) => T): Promise<Compiled<T>> {
    try {
      this.start();
      const before = this.#creationReads;
      this.#creationReads = new Set();
      return Promise.resolve(answer(this.#compiler!, fn, before));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  convert(scope: DeclScope, src: string): Promise<Compiled<ConvertResult>> {
    return this.#answer((c) => c.convert(scope, src));
  }

  inspect(scope: DeclScope, src: string, position: number): Promise<Compiled<QuickInfo | undefined>> {
    return this.#answer((c) => c.inspect(scope, src, position));
  }

  complete(scope: DeclScope, src: string, position: number): Promise<Compiled<CompletionInfo>> {
    return this.#answer((c) => c.complete(scope, src, position));
  }

  addModule(name: string, content: string): Promise<Compiled<Diagnostic[]>> {
    return this.#answer((c) => c.addModule(name, content));
  }

  close(): void {
    this.#compiler?.close();
  }
}

/**
 * The cell compiler: turns a cell's TypeScript into the JavaScript tslab's executor runs, with
 * the declarations of earlier cells in scope.
 *
 * It follows tslab 1.0.22's converter (`tslab/dist/converter.js`, Apache-2.0) function for
 * function, so that a cell compiles to the same bytes, with one change of structure: where tslab
 * keeps every earlier declaration in one file that TypeScript parses, binds and reprints for each
 * cell (so a cell's compile time grows with the number of cells before it), this compiler keeps
 * them in a chain of files (see decl-chain.ts). Full files are frozen, and TypeScript reuses a
 * file whose text has not changed, parsed and bound, from one program to the next, so a cell
 * costs the same whether it is the 10th or the 3,000th.
 *
 * Scopes are chained the way tslab chains the cell to its declarations file: a file's `parent`
 * is set to the file before it (cell → tail → newest frozen chunk → … → oldest), so a name
 * resolves to its newest declaration. The tail is pruned of names the cell redeclares, exactly as
 * tslab prunes its single file; a frozen chunk is never rewritten, and a newer declaration of
 * the same name simply shadows it.
 */
import { dirname, join, relative } from "node:path";
import type * as TS from "@tslab/typescript-for-tslab";
import type { CompletionInfo, ConvertResult, Diagnostic, DiagnosticPos, SideOutput } from "tslab/dist/converter";
import { cellCompilerOptions, esModuleToCommonJSModule, transpileTargets } from "./compiler-options.js";
import type { DeclScope } from "./decl-chain.js";
import { tsForTslab } from "./load.js";
import { noteRead } from "./typescript-paths.js";
import { PODTALK_PACKAGE } from "../podtalk-resolution.js";
import { startupResolutions, startupSourceFiles } from "../snapshot/startup.js";

type Ts = typeof TS;

/** What the executor needs of a compiler, with the earlier cells' declarations as a scope. */
export interface CellCompiler {
  /**
   * Builds the first program ahead of a first cell, unless a request built it already (see
   * createCellCompiler): TypeScript's structure is then ready when a cell comes.
   */
  warm(): void;
  convert(scope: DeclScope, src: string): ConvertResult;
  inspect(scope: DeclScope, src: string, position: number): TS.QuickInfo | undefined;
  complete(scope: DeclScope, src: string, position: number): CompletionInfo;
  addModule(name: string, content: string): Diagnostic[];
  close(): void;
}

/** TypeScript's internal fields this compiler reads or writes (as tslab's converter does). */
interface WithLocals {
  locals?: Map<TS.__String, TS.Symbol>;
}
/** TypeScript's binder (internal), which gives a file its locals. */
interface BinderApi {
  bindSourceFile(file: TS.SourceFile, options: TS.CompilerOptions): void;
}
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const mutable = <T>(o: T): Mutable<T> => o as Mutable<T>;

const cancellationToken: TS.CancellationToken = {
  isCancellationRequested: () => false,
  throwIfCancellationRequested: () => undefined,
};

/** Paths as TypeScript normalises them (forward slashes). */
const normalizeJoin = (...paths: string[]): string => join(...paths).replace(/\\/g, "/");

/** The tslab package's folder. */
const tslabRoot = (): string => dirname(require.resolve("tslab/package.json"));

/** The `@types` folder holding the `@types/node` podtalk depends on (else tslab's). */
function kernelNodeTypesRoot(): string {
  try {
    return dirname(dirname(require.resolve("@types/node/package.json")));
  } catch {
    return normalizeJoin(tslabRoot(), "node_modules", "@types");
  }
}

/**
 * `<cwd>/node_modules/tslab/...` read from the tslab package the kernel runs, so that a cell may
 * `import "tslab"` from a folder without it (as tslab's converter does).
 */
function forwardTslabPath(cwd: string, path: string): string {
  const rel = relative(normalizeJoin(cwd, "node_modules", "tslab"), path);
  return rel.startsWith("..") ? path : normalizeJoin(tslabRoot(), rel);
}

/**
 * Hands the programs of `host` the declaration files the startup snapshot parsed and bound (see
 * kernel/snapshot/), instead of reading and parsing them again, and their imports as the snapshot
 * resolved them, instead of walking the folders again; each file that took counts as read, as it
 * would have been, for the compile cache's manifest.
 */
function useStartupFiles<T extends TS.BuilderProgram>(ts: Ts, host: TS.WatchCompilerHostOfFilesAndCompilerOptions<T>): void {
  const files = startupSourceFiles(ts);
  if (!files || files.size === 0) return;
  const createProgram = host.createProgram;
  // The watch program passes the same compiler host to every rebuild: wrap it once.
  const wrapped = new WeakSet<TS.CompilerHost>();
  host.createProgram = (rootNames, options, compilerHost, ...rest) => {
    // A watch program's host (TypeScript 5.0, createWatchProgram) has `toPath` (internal); a new
    // program asks it for files by name, a program that reuses an older one asks by path.
    const watchHost = compilerHost as (TS.CompilerHost & { toPath?(fileName: string): TS.Path }) | undefined;
    if (watchHost && !wrapped.has(watchHost)) {
      wrapped.add(watchHost);
      const { getSourceFile, getSourceFileByPath, toPath, resolveModuleNameLiterals } = watchHost;
      const resolved = startupResolutions(ts);
      if (resolved && resolveModuleNameLiterals) {
        watchHost.resolveModuleNameLiterals = (literals, containingFile, redirected, options, containingSourceFile, ...rest) => {
          const known = redirected ? undefined : resolved.modules.get(containingSourceFile);
          const answers = known ? literals.map((literal) => known.get(literal.text)) : [];
          if (known && answers.every((a) => a !== undefined)) {
            for (const read of resolved.reads) noteRead(read);
            return answers as TS.ResolvedModuleWithFailedLookupLocations[];
          }
          return resolveModuleNameLiterals.call(watchHost, literals, containingFile, redirected, options, containingSourceFile, ...rest);
        };
      }
      const fromStartup = (fileName: string, path: string): TS.SourceFile | undefined => {
        const file = files.get(path);
        if (file) noteRead(fileName);
        return file;
      };
      if (toPath) {
        watchHost.getSourceFile = (fileName, ...args) => fromStartup(fileName, toPath(fileName)) ?? getSourceFile.call(watchHost, fileName, ...args);
      }
      if (getSourceFileByPath) {
        watchHost.getSourceFileByPath = (fileName, path, ...args) =>
          fromStartup(fileName, path) ?? getSourceFileByPath.call(watchHost, fileName, path, ...args);
      }
    }
    return createProgram(rootNames, options, compilerHost, ...rest);
  };
}

/**
 * Starts the watchers of files and folders a program asks for on the event loop's next turn,
 * once the request that built the program is answered. A session's first program watches each
 * of its ~330 files and a few folders: 8 to 20 ms of a cold kernel's first cell, which now come
 * after its answer, while the kernel runs the cell. A file that changes after the program read
 * it and before its watcher starts (those few milliseconds) goes unnoticed until it changes again.
 */
class LaterWatchers {
  readonly #pending = new Set<() => void>();
  #scheduled = false;

  watch(start: () => TS.FileWatcher | undefined): TS.FileWatcher {
    let watcher: TS.FileWatcher | undefined;
    const begin = (): void => {
      watcher = start();
    };
    this.#pending.add(begin);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#startPending());
    }
    return {
      close: () => {
        if (!this.#pending.delete(begin)) watcher?.close();
      },
    };
  }

  #startPending(): void {
    this.#scheduled = false;
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const begin of pending) begin();
  }
}

/** The fields of a package.json that TypeScript 5.0 reads to resolve modules and type libraries (moduleNameResolver.ts, moduleSpecifiers.ts). */
const MANIFEST_FIELDS = ["name", "version", "type", "types", "typings", "main", "tsconfig", "typesVersions", "exports", "imports"] as const;

/**
 * The text TypeScript is given for the package.json of a type library (`@types/node`'s and its
 * neighbours'): only the fields it reads. Each program that builds its file list anew (a
 * session's first, and one after a cell whose imports differ from the cell before) reads the
 * package.json of every package in the type roots, to find those that are not stubs (`"typings":
 * null`), with TypeScript's own JSON parser, which builds a syntax tree of the whole file: about
 * 6 ms for the ten under this repository's node_modules/@types, most of it for lists of
 * contributors. A file that is not plain JSON is given as it is, for TypeScript to parse (and
 * report) as before.
 */
function typesManifestView(text: string): string {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) return text;
  const fields = manifest as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const field of MANIFEST_FIELDS) if (Object.hasOwn(fields, field)) kept[field] = fields[field];
  return JSON.stringify(kept);
}

/** The module names TypeScript 5.0 looks up for packages that replace standard library files. */
const LIB_REPLACEMENT_PREFIX = "@typescript/lib-";

/**
 * Remembers, for the compiler's life, where TypeScript found no package replacing a standard
 * library file. For each `/// <reference lib="…" />` it follows (es2022 pulls in about 55 of
 * them), TypeScript 5.0 looks for a package such as `@typescript/lib-es2015/core` in every
 * node_modules folder above the notebook (program.ts, pathForLibFile), through the watch's module
 * resolution cache; but the watch empties that cache before each new program, so every program
 * that cannot reuse the old one's structure whole (a cell that imports other modules than the
 * cell before) walked those folders again: about a quarter of such a program's cost.
 *
 * The answers are put back in the emptied cache before each program, so TypeScript takes them
 * as it would have computed them. They are forgotten when a watched folder changes (a package
 * installed under node_modules), and then looked up again.
 */
function rememberLibReplacements<T extends TS.BuilderProgram>(host: TS.WatchCompilerHostOfFilesAndCompilerOptions<T>): void {
  const answers = new Map<string, TS.ResolvedModuleWithFailedLookupLocations>();
  const createProgram = host.createProgram;
  host.createProgram = (rootNames, options, compilerHost, ...rest) => {
    const cache = compilerHost?.getModuleResolutionCache?.();
    const folder = cache?.getOrCreateCacheForDirectory(compilerHost!.getCurrentDirectory());
    if (folder) for (const [name, answer] of answers) if (!folder.has(name, undefined)) folder.set(name, undefined, answer);
    const program = createProgram(rootNames, options, compilerHost, ...rest);
    folder?.forEach((answer, name, mode) => {
      if (mode === undefined && name.startsWith(LIB_REPLACEMENT_PREFIX)) answers.set(name, answer);
    });
    return program;
  };
  const watchDirectory = host.watchDirectory;
  if (watchDirectory) {
    host.watchDirectory = (path, callback, recursive, options) =>
      watchDirectory.call(
        host,
        path,
        (fileName) => {
          answers.clear();
          callback(fileName);
        },
        recursive,
        options,
      );
  }
}

/**
 * What the watch program and this compiler use of a builder program: the program, and emitting
 * one file of it. tslab's watch keeps an EmitAndSemanticDiagnosticsBuilderProgram, whose state
 * (every file's references and signature, computed for each new program: tens of milliseconds
 * for the ~300 declaration files a cell sees) serves only emitting and checking whole projects
 * incrementally. This compiler checks and emits one file at a time through the program itself,
 * and with custom transformers a builder's emit is the program's emit, so a cell compiles to the
 * same bytes without it.
 */
interface CellProgram extends Pick<TS.BuilderProgram, "getProgram" | "getSourceFile" | "getCompilerOptions"> {
  getProgramOrUndefined(): TS.Program | undefined;
  emit(
    targetSourceFile: TS.SourceFile | undefined,
    writeFile: TS.WriteFileCallback,
    cancellationToken: TS.CancellationToken | undefined,
    emitOnlyDtsFiles: boolean | undefined,
    customTransformers: TS.CustomTransformers,
  ): TS.EmitResult;
}

/**
 * A watch host's createProgram that makes a CellProgram, reusing the structure of the old one;
 * with `checkerNow()` false (the first program, never compiled against) it leaves creating the
 * checker to the next program.
 */
function createCellProgram(
  ts: Ts,
  checkerNow: () => boolean,
  declarations: () => { readonly fileName: string; readonly text: string },
): TS.CreateProgram<TS.BuilderProgram> {
  return (rootNames, options, host, old, configFileParsingDiagnostics, projectReferences) => {
    const oldProgram = (old as unknown as CellProgram | undefined)?.getProgramOrUndefined();
    if (oldProgram) alignImports(ts, oldProgram, declarations());
    const program = ts.createProgram({
      rootNames: rootNames ?? [],
      options: options ?? {},
      host,
      oldProgram,
      configFileParsingDiagnostics,
      projectReferences,
    });
    // As a builder does: the checker binds every file now, before linkScopes() chains the cell's
    // scope to the declarations (binding a file would take its `parent` link away).
    if (checkerNow()) program.getTypeChecker();
    const cell: CellProgram = {
      getProgram: () => program,
      getProgramOrUndefined: () => program,
      getSourceFile: (fileName) => program.getSourceFile(fileName),
      getCompilerOptions: () => program.getCompilerOptions(),
      emit: (file, writeFile, cancellationToken, dtsOnly, transformers) => program.emit(file, writeFile, cancellationToken, dtsOnly, transformers),
    };
    return cell as unknown as TS.BuilderProgram;
  };
}

/** A source file's module names (internal): what TypeScript resolves for it, in order. */
interface WithImports {
  imports?: readonly TS.StringLiteralLike[];
}

/**
 * The module names TypeScript collects from `file` for its `imports` (5.0, program.ts,
 * collectExternalModuleReferences), in its order: the module specifiers of the top-level import
 * and export statements, then every `import("…")` call and type in the text. Undefined for a file
 * with a `declare module "…"` block, whose names TypeScript collects differently.
 */
function moduleNames(ts: Ts, file: TS.SourceFile): string[] | undefined {
  const names: string[] = [];
  for (const statement of file.statements) {
    if (ts.isModuleDeclaration(statement) && ts.isStringLiteral(statement.name)) return undefined;
    const specifier =
      ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)
        ? statement.moduleSpecifier
        : ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)
          ? statement.moduleReference.expression
          : undefined;
    if (specifier && ts.isStringLiteral(specifier) && specifier.text) names.push(specifier.text);
  }
  const visit = (node: TS.Node): void => {
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      names.push(node.argument.literal.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteralLike(first)) names.push(first.text);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return names;
}

/**
 * Lets TypeScript reuse the old program's structure whole when the declarations of earlier cells
 * change only in how often they name the modules they import. They gain an `import("podtalk")`
 * type with nearly every cell, and TypeScript compares a changed file's module names one by one:
 * any difference makes it walk and resolve every one of the ~300 declaration files again (about
 * 40 ms), though the same modules are imported. When the new text names exactly the modules the
 * old file named, the old file is given the new list (the old program is done with); TypeScript
 * still checks that each name resolves as before, and still compares everything else about the
 * file. A file that names a module more or less rebuilds as before.
 *
 * Only for the declarations file, which is never emitted: a reused program keeps the old one's
 * record of which import, by its index in the file's list, included each file, and declaration
 * emit reads the emitted file's record to choose how to name a module (TypeScript 5.0,
 * moduleSpecifiers.ts, computeModuleSpecifiers). The cell's own imports must keep their indices.
 */
function alignImports(ts: Ts, oldProgram: TS.Program, { fileName, text }: { readonly fileName: string; readonly text: string }): void {
  const oldFile = oldProgram.getSourceFile(fileName) as (TS.SourceFile & WithImports) | undefined;
  if (!oldFile?.imports || oldFile.text === text) return;
  const names = moduleNames(ts, ts.createSourceFile(fileName, text, oldFile.languageVersion, false));
  const oldNames = moduleNames(ts, oldFile);
  if (!names || !oldNames || (names.length === oldNames.length && names.every((name, i) => name === oldNames[i]))) return;
  // The old list must be what moduleNames() gives for the old text (else TypeScript collected
  // something it does not know of), and name the same modules as the new one.
  if (oldNames.length !== oldFile.imports.length || oldNames.some((name, i) => oldFile.imports![i]!.text !== name)) return;
  const unique = new Set(names);
  if (unique.size !== new Set(oldNames).size || oldNames.some((name) => !unique.has(name))) return;
  mutable(oldFile as WithImports).imports = names.map((name) => ts.factory.createStringLiteral(name));
}

/** TypeScript's internal BuilderState (5.0), which builder programs keep their file graph in. */
interface BuilderStateApi {
  create(program: TS.Program, oldState: undefined, disableUseFileVersionAsSignature: boolean): unknown;
  getAllDependencies(state: unknown, program: TS.Program, sourceFile: TS.SourceFile): readonly string[];
}

/** Options of createCellCompiler. */
export interface CellCompilerOptions {
  /** Check cells under TypeScript's `strict` family of options. @default true */
  readonly strict?: boolean;
  /**
   * The declarations the first cell will be compiled after (the cell globals, in the kernel): a
   * first program made with them lets that cell's program reuse its structure. @default ""
   */
  readonly firstDeclarations?: string;
}

/** Creates a compiler for cells run in `cwd` (TypeScript, Node mode, as the kernel uses tslab). */
export function createCellCompiler(cwd: string, options: CellCompilerOptions = {}): CellCompiler {
  const ts = tsForTslab() as unknown as Ts;
  // tslab sets this for the whole process when its converter loads (its issue #82).
  mutable(ts.sys).useCaseSensitiveFileNames = true;
  const srcFilename = normalizeJoin(cwd, "__tslab__.ts");
  const declFilename = normalizeJoin(cwd, "__prev__.d.ts");
  const baseRoots = [declFilename, srcFilename];
  const moduleRoots = new Set<string>();
  const outDir = "outDir";
  const dstFilename = normalizeJoin(outDir, "__tslab__.js");
  const dstDeclFilename = normalizeJoin(outDir, "__tslab__.d.ts");
  const { target: transpileTarget } = transpileTargets(ts);
  /** Makes every cell an external module (its names are its own, not globals). */
  const srcPrefix = `export {};${ts.sys.newLine}`;
  const srcPrefixOffsets = {
    offset: srcPrefix.length,
    line: (srcPrefix.match(/\n/g) ?? []).length,
    char: srcPrefix.length - (srcPrefix.lastIndexOf("\n") + 1),
  };
  // The first program, when warm() makes it, already imports podtalk, as most first cells do,
  // after the declarations the first cell follows: a cell with the same imports lets TypeScript
  // reuse that program's structure whole instead of walking every declaration file again. Never
  // compiled as a cell.
  let srcContent = `import ${JSON.stringify(PODTALK_PACKAGE)};`;
  let declContent = options.firstDeclarations ?? "";
  /** The frozen chunks in scope, oldest first, and their files' texts by path. */
  let chainPaths: readonly string[] = [];
  const chunkTexts = new Map<string, string>();
  const sideInputsConverted = new Set<string>();
  const virtualFiles = new Map<string, string>();
  let builder: CellProgram | undefined;

  const sys: TS.System = Object.create(ts.sys);
  sys.getCurrentDirectory = () => cwd;
  let rebuildTimer: { callback: () => void } | undefined;
  // TypeScript's watch debounces rebuilds with a timer; this compiler fires it at once.
  sys.setTimeout = (callback: (...args: unknown[]) => void) => {
    if (rebuildTimer) throw new Error("Unexpected pending rebuildTimer");
    const timer = {
      callback: () => {
        callback();
        rebuildTimer = undefined;
      },
    };
    rebuildTimer = timer;
    return timer;
  };
  sys.clearTimeout = (timeoutId: unknown) => {
    if (rebuildTimer === timeoutId) {
      rebuildTimer = undefined;
      return;
    }
    throw new Error("clearing unexpected timer");
  };
  sys.readFile = (path, encoding) => {
    if (path === srcFilename) return srcPrefix + srcContent;
    if (path === declFilename) return srcPrefix + declContent;
    const chunk = chunkTexts.get(path);
    if (chunk !== undefined) return srcPrefix + chunk;
    const virtual = virtualFiles.get(path);
    if (virtual !== undefined) return virtual;
    const text = ts.sys.readFile(forwardTslabPath(cwd, path), encoding);
    return text !== undefined && isTypesManifest(path) ? typesManifestView(text) : text;
  };
  /** A `package.json` of a package in one of the type roots (`<root>/node/package.json`). */
  const isTypesManifest = (path: string): boolean => path.endsWith("/package.json") && typeRootFolders.has(dirname(dirname(path)));
  // node_modules is made to exist so that `tslab` resolves from a folder without one.
  sys.directoryExists = (path) => ts.sys.directoryExists(forwardTslabPath(cwd, path)) || normalizeJoin(cwd, "node_modules") === path;
  sys.fileExists = (path) => ts.sys.fileExists(forwardTslabPath(cwd, path)) || virtualFiles.has(path) || chunkTexts.has(path);
  sys.readDirectory = (path, extensions, exclude, include, depth) => ts.sys.readDirectory(forwardTslabPath(cwd, path), extensions, exclude, include, depth);
  sys.writeFile = () => {
    throw new Error("writeFile must not be called");
  };
  let notifyUpdateSrc: TS.FileWatcherCallback | undefined;
  let notifyUpdateDecls: TS.FileWatcherCallback | undefined;
  const fileWatchers = new Map<string, TS.FileWatcherCallback>();
  const laterWatchers = new LaterWatchers();
  const noWatch: TS.FileWatcher = { close: () => undefined };
  sys.watchFile = (path, callback, pollingInterval) => {
    if (path === srcFilename) {
      notifyUpdateSrc = callback;
      return noWatch;
    }
    if (path === declFilename) {
      notifyUpdateDecls = callback;
      return noWatch;
    }
    // A frozen chunk never changes.
    if (chunkTexts.has(path)) return noWatch;
    const cb: TS.FileWatcherCallback = (fileName, eventKind) => {
      sideInputsConverted.delete(fileName);
      callback(fileName, eventKind);
    };
    fileWatchers.set(path, cb);
    const watchFile = ts.sys.watchFile;
    const watcher = watchFile && laterWatchers.watch(() => watchFile.call(ts.sys, path, cb, pollingInterval));
    return {
      close: () => {
        fileWatchers.delete(path);
        watcher?.close();
      },
    };
  };

  const typeRootList = typeRoots();
  const typeRootFolders = new Set(typeRootList.map((root) => root.replace(/\\/g, "/")));
  const compilerOptions = cellCompilerOptions(ts, cwd, typeRootList, outDir, options.strict);
  const host = ts.createWatchCompilerHost(
    rootFiles(),
    compilerOptions,
    sys,
    undefined,
    (d) => console.log(d.messageText),
    () => undefined,
  );
  /** Whether the program being made is compiled against at once (then it creates its checker now). */
  let checkerNow = false;
  host.createProgram = createCellProgram(
    ts,
    () => checkerNow,
    () => ({ fileName: declFilename, text: srcPrefix + declContent }),
  );
  useStartupFiles(ts, host);
  const watchDirectory = host.watchDirectory;
  if (watchDirectory) {
    host.watchDirectory = (path, callback, recursive, watchOptions) =>
      laterWatchers.watch(() => watchDirectory.call(host, path, callback, recursive, watchOptions));
  }
  rememberLibReplacements(host);
  host.afterProgramCreate = (b) => {
    builder = b as unknown as CellProgram;
  };
  let watch: TS.WatchOfFilesAndCompilerOptions<TS.BuilderProgram> | undefined;

  return {
    warm: () => void started(false),
    convert,
    inspect,
    complete,
    addModule,
    close: () => watch?.close(),
  };

  /**
   * The watch, made on first need with the texts and root files in place then: by warm() with a
   * placeholder cell that imports podtalk (`compiled` false), or by the first request with its
   * own cell (`compiled` true). A first request that comes before warm() (the usual start of a
   * cold kernel: its first cell waits for the compiler process) so makes one program and one
   * checker, not a placeholder's and then its own.
   */
  function started(compiled: boolean): TS.WatchOfFilesAndCompilerOptions<TS.BuilderProgram> {
    if (watch) return watch;
    host.rootFiles = rootFiles();
    checkerNow = compiled;
    watch = ts.createWatchProgram(host);
    checkerNow = true;
    if (!builder) throw new Error("builder is not created");
    return watch;
  }

  function rootFiles(): string[] {
    return [...chainPaths, ...baseRoots, ...moduleRoots];
  }

  function program(): CellProgram {
    if (!builder) throw new Error("builder is not created");
    return builder;
  }

  /**
   * The type roots TypeScript would use from the notebook's folder and, when none of them has
   * Node's types (a notebook outside any project), the `@types` folder the kernel's own
   * `@types/node` is installed in: a cell always knows `console` and `process`.
   */
  function typeRoots(): string[] {
    const roots = ts.getDefaultTypeRoots(cwd, { directoryExists: sys.directoryExists }) ?? [];
    if (roots.some((root) => ts.sys.fileExists(normalizeJoin(root, "node", "package.json")))) return roots;
    return [...roots, kernelNodeTypesRoot()];
  }

  /** Puts `scope`'s frozen chunks into the program (a new chunk is one more root file). */
  function useScope(scope: DeclScope): void {
    const paths = scope.chunks.map((chunk) => normalizeJoin(cwd, `__prev_${chunk.id.slice(0, 16)}__.d.ts`));
    if (paths.length === chainPaths.length && paths.every((p, i) => p === chainPaths[i])) return;
    scope.chunks.forEach((chunk, i) => {
      chunkTexts.set(paths[i]!, chunk.text);
    });
    chainPaths = paths;
    watch?.updateRootFileNames(rootFiles());
  }

  /** Links each declarations file to the one before it, and the cell to the newest. */
  function linkScopes(): { srcFile: TS.SourceFile; declsFile: TS.SourceFile; prevFiles: Set<TS.SourceFile> } {
    const b = program();
    let parent: TS.SourceFile | undefined;
    const prevFiles = new Set<TS.SourceFile>();
    for (const path of [...chainPaths, declFilename]) {
      const file = b.getSourceFile(path)!;
      mutable(file as TS.Node).parent = parent as unknown as TS.Node;
      prevFiles.add(file);
      parent = file;
    }
    const declsFile = parent!;
    const srcFile = b.getSourceFile(srcFilename)!;
    mutable(srcFile as TS.Node).parent = declsFile as unknown as TS.Node;
    return { srcFile, declsFile, prevFiles };
  }

  function convert(scope: DeclScope, src: string): ConvertResult {
    useScope(scope);
    const keys = declaredNames(src);
    // Export every name the cell declares.
    updateContent(scope.tail, keys.size > 0 ? `${src}\nexport {${[...keys].join(", ")}}` : src);
    const { srcFile, declsFile, prevFiles } = linkScopes();
    const deps = srcDependencies(srcFile);
    // A cell that depends on no module of the session (the usual case) is checked without its
    // declaration diagnostics first: they come from transforming the cell to its declarations,
    // which its emit does anyway. Only when the check or the emit reports an error are all of
    // them gathered as before, so a cell's errors are the same either way.
    const alone = deps.length === 1 && deps[0] === srcFilename && (compilerOptions.declaration === true || compilerOptions.composite === true);
    let diag = convertDiagnostics(alone ? diagnosticsBeforeDeclarations(srcFile) : preEmitDiagnosticsWithDependencies(srcFile, deps));
    if (diag.diagnostics.length > 0) {
      if (alone) diag = convertDiagnostics(preEmitDiagnosticsWithDependencies(srcFile, deps));
      return { diagnostics: diag.diagnostics };
    }
    let output: string | undefined;
    let declOutput: string | undefined;
    let lastExpressionVar: string | undefined;
    let sideOutputs: SideOutput[] | undefined;
    let emitReported = false;
    const b = program();
    for (const dep of deps) {
      if (sideInputsConverted.has(dep)) continue;
      if (dep !== srcFilename) sideInputsConverted.add(dep);
      const emitted = b.emit(
        b.getSourceFile(dep),
        (fileName, data) => {
          if (fileName === dstFilename) {
            output = data;
            return;
          }
          if (fileName === dstDeclFilename) {
            declOutput = data;
            return;
          }
          if (!fileName.endsWith(".js")) return;
          const rel = relative(outDir, fileName);
          if (rel.startsWith("..")) throw new Error(`unexpected emit path: ${fileName}`);
          sideOutputs ??= [];
          sideOutputs.push({ path: normalizeJoin(cwd, rel), data: esModuleToCommonJSModule(ts, data, transpileTarget) });
        },
        undefined,
        undefined,
        customTransformers(ts, b.getProgram().getTypeChecker(), prevFiles, keys, (name) => {
          lastExpressionVar = name;
        }),
      );
      emitReported ||= emitted.emitSkipped || emitted.diagnostics.length > 0;
    }
    if (alone && emitReported) {
      diag = convertDiagnostics(preEmitDiagnosticsWithDependencies(srcFile, deps));
      if (diag.diagnostics.length > 0) return { diagnostics: diag.diagnostics };
    }
    sideOutputs?.sort((a, b) => a.path.localeCompare(b.path));
    declOutput += remainingDecls(ts, b.getProgram().getTypeChecker(), srcFile, declsFile);
    return {
      output: esModuleToCommonJSModule(ts, output ?? "", transpileTarget),
      declOutput,
      diagnostics: diag.diagnostics,
      hasToplevelAwait: diag.hasToplevelAwait,
      ...(sideOutputs ? { sideOutputs } : {}),
      ...(lastExpressionVar !== undefined ? { lastExpressionVar } : {}),
    } as ConvertResult;
  }

  function inspect(scope: DeclScope, src: string, position: number): TS.QuickInfo | undefined {
    useScope(scope);
    updateContent(scope.tail, src);
    const { srcFile } = linkScopes();
    const info = ts.getQuickInfoAtPosition(srcFile, program().getProgram().getTypeChecker(), cancellationToken, position + srcPrefix.length);
    if (info?.textSpan) info.textSpan.start -= srcPrefix.length;
    return info;
  }

  function complete(scope: DeclScope, src: string, position: number): CompletionInfo {
    useScope(scope);
    updateContent(scope.tail, src);
    const { srcFile } = linkScopes();
    const pos = position + srcPrefix.length;
    const info = ts.Completions.getCompletionsAtPositionForTslab(
      {} as TS.LanguageServiceHost,
      program().getProgram(),
      () => undefined,
      srcFile,
      pos,
      {},
      undefined,
      ts.CompletionTriggerKind.Invoked,
      cancellationToken,
    );
    if (info?.optionalReplacementSpan) info.optionalReplacementSpan.start -= srcPrefix.length;
    const prev = ts.findPrecedingToken(pos, srcFile);
    // findPrecedingToken may return a token that ends after pos; node.pos is not node.getStart().
    if (prev && ts.isIdentifier(prev) && prev.end >= pos) return completionWithId(info, prev, srcFile);
    const next = prev ? ts.findNextToken(prev, srcFile, srcFile) : undefined;
    if (next && ts.isIdentifier(next) && next.getStart(srcFile) <= pos && pos <= next.end) return completionWithId(info, next, srcFile);
    const entries = info?.entries ? info.entries.slice() : [];
    entries.sort((a, b) => a.sortText.localeCompare(b.sortText) || a.name.localeCompare(b.name));
    return {
      start: pos - srcPrefix.length,
      end: pos - srcPrefix.length,
      candidates: entries.map((e) => e.name),
      ...(info ? { original: info as CompletionInfo["original"] } : {}),
    };
  }

  function completionWithId(info: TS.CompletionInfo | undefined, id: TS.Identifier, srcFile: TS.SourceFile): CompletionInfo {
    const name = id.escapedText.toString();
    const lower = name.toLowerCase();
    const candidates = (info?.entries ?? []).flatMap((e, index) => {
      const lname = e.name.toLowerCase();
      const key = e.name.startsWith(name) ? "0" : lname.startsWith(lower) ? "1" : lname.includes(lower) ? "2" : "";
      return key === "" ? [] : [{ name: e.name, sortKey: key + e.sortText, index }];
    });
    candidates.sort((a, b) => a.sortKey.localeCompare(b.sortKey) || a.index - b.index);
    return {
      start: id.getStart(srcFile) - srcPrefix.length,
      end: id.end - srcPrefix.length,
      candidates: candidates.map((e) => e.name),
      ...(info ? { original: info as CompletionInfo["original"] } : {}),
    };
  }

  /** Sets the two texts and rebuilds the program at once (or builds the first one with them). */
  function updateContent(decls: string, src: string): void {
    declContent = decls;
    srcContent = src;
    if (!watch) {
      started(true);
      return;
    }
    notifyUpdateSrc?.(srcFilename, ts.FileWatcherEventKind.Changed);
    notifyUpdateDecls?.(declFilename, ts.FileWatcherEventKind.Changed);
    if (!rebuildTimer) throw new Error("rebuildTimer is not set properly");
    rebuildTimer.callback();
  }

  /**
   * The names a cell declares at its top level, in declaration order: the locals the binder gives
   * its file. The binder works on one file alone, so the cell is parsed and bound by itself, as a
   * program would parse it, instead of building (and checking) a whole program to find them.
   */
  function declaredNames(src: string): Set<string> {
    const file = ts.createSourceFile(srcFilename, srcPrefix + src, { languageVersion: transpileTarget }, false, ts.ScriptKind.TS);
    (ts as unknown as BinderApi).bindSourceFile(file, compilerOptions);
    return new Set([...((file as WithLocals).locals?.keys() ?? [])].map((key) => key as string));
  }

  /** A diagnostic TypeScript gives for a top-level await, which the executor allows. */
  function isTopLevelAwaitDiagnostic(srcFile: TS.SourceFile | undefined, d: TS.Diagnostic): boolean {
    // 1308: 'await' expressions are only allowed within async functions.
    if (d.code !== 1308 || !srcFile || d.start === undefined || d.length === undefined) return false;
    const awaitToken = ts.findPrecedingToken(d.start + d.length, srcFile);
    if (awaitToken?.kind !== ts.SyntaxKind.AwaitKeyword) return false;
    for (let parent: TS.Node | undefined = awaitToken.parent; parent && parent !== srcFile; parent = parent.parent) {
      switch (parent.kind) {
        case ts.SyntaxKind.ArrowFunction:
        case ts.SyntaxKind.FunctionExpression:
        case ts.SyntaxKind.FunctionDeclaration:
        case ts.SyntaxKind.ClassDeclaration:
        case ts.SyntaxKind.ModuleDeclaration:
          return false;
      }
    }
    return true;
  }

  function adjustSrcFileOffset(fileName: string, offset: number): DiagnosticPos {
    const lineChar = ts.getLineAndCharacterOfPosition(program().getSourceFile(fileName)!, offset);
    const pos = { offset, line: lineChar.line, character: lineChar.character };
    if (fileName === srcFilename || virtualFiles.has(fileName)) {
      pos.offset -= srcPrefixOffsets.offset;
      pos.line -= srcPrefixOffsets.line;
      pos.character -= srcPrefixOffsets.char;
    }
    return pos;
  }

  function convertDiagnostics(input: readonly TS.Diagnostic[]): { diagnostics: Diagnostic[]; hasToplevelAwait: boolean } {
    let hasToplevelAwait = false;
    const diagnostics: Diagnostic[] = [];
    const srcFile = program().getSourceFile(srcFilename);
    for (const d of input) {
      if (!d.file || d.start === undefined) continue;
      if (d.file.fileName === srcFilename && isTopLevelAwaitDiagnostic(srcFile, d)) {
        hasToplevelAwait = true;
        continue;
      }
      let fileName: string | undefined;
      if (d.file.fileName !== srcFilename) {
        const rel = relative(cwd, d.file.fileName);
        if (rel.startsWith("..")) continue;
        fileName = rel;
      }
      const start = adjustSrcFileOffset(d.file.fileName, d.start);
      const end = adjustSrcFileOffset(d.file.fileName, d.start + (d.length ?? 0));
      if (typeof d.messageText === "string") {
        diagnostics.push({ start, end, messageText: d.messageText, category: d.category, code: d.code, ...(fileName !== undefined ? { fileName } : {}) });
        continue;
      }
      messageChain(start, end, d.messageText, diagnostics);
    }
    return { diagnostics, hasToplevelAwait };
  }

  /** What TypeScript reports before emitting `sourceFile` and the files of `deps` (its dependencies, itself included). */
  function preEmitDiagnosticsWithDependencies(sourceFile: TS.SourceFile, deps: readonly string[]): readonly TS.Diagnostic[] {
    const files = [sourceFile];
    for (const dep of deps) {
      if (dep !== sourceFile.fileName) files.push(program().getSourceFile(dep)!);
    }
    return ts.getPreEmitDiagnosticsOfFiles(program().getProgram(), files);
  }

  /** What getPreEmitDiagnosticsOfFiles gives for `sourceFile` alone, in the same order, but its declaration diagnostics. */
  function diagnosticsBeforeDeclarations(sourceFile: TS.SourceFile): readonly TS.Diagnostic[] {
    const p = program().getProgram();
    return ts.sortAndDeduplicateDiagnostics([
      ...p.getConfigFileParsingDiagnostics(),
      ...p.getOptionsDiagnostics(),
      ...p.getGlobalDiagnostics(),
      ...p.getSyntacticDiagnostics(sourceFile),
      ...p.getSemanticDiagnostics(sourceFile),
    ]);
  }

  /** The `.ts` and `.js` files (not `.d.ts`) `sourceFile` depends on, itself included. */
  function srcDependencies(sourceFile: TS.SourceFile): string[] {
    const isSource = (file: string): boolean => file.endsWith(".js") || (file.endsWith(".ts") && !file.endsWith(".d.ts"));
    const p = program().getProgram();
    // Most sessions have no source file but the cell: then the cell depends on no other.
    if (!p.getSourceFiles().some((file) => file !== sourceFile && isSource(file.fileName))) return [sourceFile.fileName];
    // Else what a builder program computes (tslab's converter asked its builder): the files the
    // cell's references reach.
    const { BuilderState } = ts as unknown as { BuilderState: BuilderStateApi };
    return BuilderState.getAllDependencies(BuilderState.create(p, undefined, false), p, sourceFile).filter(isSource);
  }

  function addModule(name: string, content: string): Diagnostic[] {
    if (!/^\w+$/.test(name)) throw new Error(`invalid module name: ${JSON.stringify(name)}`);
    const path = normalizeJoin(cwd, `${name}.ts`);
    virtualFiles.set(path, srcPrefix + content);
    fileWatchers.get(path)?.(path, ts.FileWatcherEventKind.Changed);
    moduleRoots.add(path);
    if (watch) {
      watch.updateRootFileNames(rootFiles());
      if (!rebuildTimer) throw new Error("rebuildTimer is not set properly");
      rebuildTimer.callback();
    } else {
      started(false);
    }
    const file = program().getSourceFile(path);
    return convertDiagnostics(ts.getPreEmitDiagnostics(program().getProgram(), file)).diagnostics;
  }
}

/** A chained message as one diagnostic per link, at the same place (as tslab reports it). */
function messageChain(start: DiagnosticPos, end: DiagnosticPos, msg: TS.DiagnosticMessageChain, out: Diagnostic[]): void {
  out.push({ start, end, messageText: msg.messageText, category: msg.category, code: msg.code });
  for (const child of msg.next ?? []) messageChain(start, end, child, out);
}

/**
 * The declarations of the tail that the cell does not redeclare, printed: tslab's
 * `remainingDecls`, applied to the tail only.
 */
function remainingDecls(ts: Ts, checker: TS.TypeChecker, srcSF: TS.SourceFile, declsSF: TS.SourceFile): string {
  const declLocals = (declsSF as WithLocals).locals;
  const locals = (srcSF as WithLocals).locals;
  const keepMap = new Map<TS.Node, Set<TS.__String>>();
  const addName = (node: TS.Node, name: TS.__String) => {
    const set = keepMap.get(node) ?? new Set<TS.__String>();
    keepMap.set(node, set);
    set.add(name);
  };
  const valueNames = new Set<TS.__String>();
  const anyVars = new Set<TS.__String>();
  declLocals?.forEach((sym, key) => {
    const keep = keepDeclType(ts, checker, locals?.get(key));
    if (!keep.type && !keep.value) return;
    for (const decl of sym.declarations ?? []) {
      let node: TS.Node = decl;
      while (node.parent !== (declsSF as TS.Node)) node = node.parent;
      if (node.kind === ts.SyntaxKind.VariableStatement) {
        if (keep.value) {
          addName(node, key);
          anyVars.delete(key);
          valueNames.add(key);
        }
        continue;
      }
      if (ts.isTypeAliasDeclaration(node)) {
        if (keep.type) addName(node, key);
        continue;
      }
      if (ts.isClassDeclaration(node) || ts.isEnumDeclaration(node)) {
        if (keep.type) {
          // Without its value, the class is forgotten.
          if (keep.value) addName(node, key);
          continue;
        }
        const name = node.name!.escapedText;
        if (!valueNames.has(name)) anyVars.add(name);
        continue;
      }
      if (ts.isImportDeclaration(node)) {
        if (keep.type && keep.value) {
          addName(node, key);
          continue;
        }
        const aliased = checker.getAliasedSymbol(sym);
        if (!keep.value) {
          if (aliased.flags & ts.SymbolFlags.Value) continue;
          // tslab tests `flags && Type` here, true for any symbol: so the import is kept.
          addName(node, key);
          continue;
        }
        if (aliased.flags & ts.SymbolFlags.Type) {
          if (aliased.flags & ts.SymbolFlags.Value && !valueNames.has(aliased.escapedName)) anyVars.add(aliased.escapedName);
          continue;
        }
        addName(node, key);
        continue;
      }
      if (ts.isFunctionDeclaration(node)) {
        if (keep.value) addName(node, key);
        continue;
      }
      if (ts.isInterfaceDeclaration(node) && keep.type) addName(node, key);
    }
  });
  const statements: TS.Statement[] = [];
  for (const stmt of declsSF.statements) {
    const names = keepMap.get(stmt);
    if (!names) continue;
    statements.push(stmt);
    if (ts.isVariableStatement(stmt)) {
      const decls = stmt.declarationList.declarations.filter((decl) => ts.isIdentifier(decl.name) && names.has(decl.name.escapedText));
      mutable(stmt.declarationList).declarations = ts.factory.createNodeArray(decls);
    }
    if (ts.isImportDeclaration(stmt)) keepNamesInImport(ts, stmt, names);
  }
  mutable(declsSF).statements = ts.factory.createNodeArray(statements);
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
  return printer.printFile(declsSF) + [...anyVars].map((name) => `let ${name as string}: any;\n`).join("");
}

/** Whether an earlier declaration's type and value stay visible after the cell's `symb`. */
function keepDeclType(ts: Ts, checker: TS.TypeChecker, symbol: TS.Symbol | undefined): { value: boolean; type: boolean } {
  const ret = { value: true, type: true };
  if (!symbol) return ret;
  const symb = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  if (symb.flags & ts.SymbolFlags.Value) ret.value = false;
  if (symb.flags & ts.SymbolFlags.Type) ret.type = false;
  return ret;
}

function keepNamesInImport(ts: Ts, im: TS.ImportDeclaration, names: Set<TS.__String>): void {
  const imc = mutable(im.importClause!);
  if (imc.name && !names.has(imc.name.escapedText)) delete (imc as { name?: unknown }).name;
  if (imc.namedBindings) {
    if (ts.isNamespaceImport(imc.namedBindings)) {
      if (!names.has(imc.namedBindings.name.escapedText)) delete (imc as { namedBindings?: unknown }).namedBindings;
    } else {
      const elms = imc.namedBindings.elements.filter((elm) => names.has(elm.name.escapedText));
      if (elms.length > 0) mutable(imc.namedBindings).elements = ts.factory.createNodeArray(elms);
      else delete (imc as { namedBindings?: unknown }).namedBindings;
    }
  }
  if (!imc.name && !imc.namedBindings) throw new Error("no symbol is included in names");
}

/**
 * tslab's transformers: names declared by earlier cells become `exports.<name>`, and the last
 * expression statement is stored in a variable the executor prints.
 */
function customTransformers(
  ts: Ts,
  checker: TS.TypeChecker,
  prevFiles: ReadonlySet<TS.SourceFile>,
  locals: ReadonlySet<string>,
  setLastExprName: (name: string) => void,
): TS.CustomTransformers {
  const nullTransformationContext = ts.getNullTransformationContext();
  const createLastExprVar = (): string => {
    const prefix = "tsLastExpr";
    if (!locals.has(prefix)) return prefix;
    for (let i = 0; ; i++) if (!locals.has(`${prefix}${i}`)) return `${prefix}${i}`;
  };
  const isPrev = (symbol: TS.Symbol | undefined): boolean => (symbol?.declarations ?? []).some((decl) => prevFiles.has(decl.getSourceFile()));
  const wrapPrevIdentifier = (node: TS.Node): TS.Node => {
    // `{ seed }` names an earlier cell's `seed`: it becomes `{ seed: exports.seed }` (tslab
    // wrapped the name alone, which a shorthand property cannot hold, so it threw at run time).
    // The same holds in a destructuring assignment, `({ seed } = options)`.
    if (ts.isShorthandPropertyAssignment(node) && isPrev(checker.getShorthandAssignmentValueSymbol(node))) {
      const target = ts.factory.createPropertyAccessExpression(ts.factory.createIdentifier("exports"), node.name.text);
      const initializer = node.objectAssignmentInitializer;
      // `({ seed = 1 } = options)`: a default in a destructuring assignment.
      const value = initializer ? ts.factory.createAssignment(target, wrapPrevIdentifier(initializer) as TS.Expression) : target;
      return ts.setTextRange(ts.factory.createPropertyAssignment(node.name.text, value), node);
    }
    if (!ts.isIdentifier(node)) return ts.visitEachChild(node, wrapPrevIdentifier, nullTransformationContext);
    if (node.parent && ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) return node;
    if (!isPrev(checker.getSymbolAtLocation(node))) return node;
    return ts.factory.createPropertyAccessExpression(ts.factory.createIdentifier("exports"), node);
  };
  const after = (): TS.Transformer<TS.SourceFile> => (file) => {
    const node = ts.visitEachChild(file, wrapPrevIdentifier, nullTransformationContext);
    for (let i = node.statements.length - 1; i >= 0; i--) {
      const stmt = node.statements[i]!;
      if (ts.isExportDeclaration(stmt)) continue;
      if (!ts.isExpressionStatement(stmt)) break;
      const lastName = createLastExprVar();
      const statements = node.statements.slice(0, i);
      statements.push(
        ts.factory.createVariableStatement(
          [ts.factory.createModifier(ts.SyntaxKind.ExportKeyword)],
          ts.factory.createVariableDeclarationList([ts.factory.createVariableDeclaration(lastName, undefined, undefined, stmt.expression)], ts.NodeFlags.Const),
        ),
      );
      setLastExprName(lastName);
      statements.push(...node.statements.slice(i + 1));
      mutable(node).statements = ts.factory.createNodeArray(statements);
      break;
    }
    return node;
  };
  const afterDeclarations = (): TS.Transformer<TS.SourceFile | TS.Bundle> => (node) => {
    if (ts.isSourceFile(node)) mutable(node).statements = ts.factory.createNodeArray(node.statements.filter((stmt) => !ts.isExportDeclaration(stmt)));
    return node;
  };
  return { after: [after], afterDeclarations: [afterDeclarations] };
}

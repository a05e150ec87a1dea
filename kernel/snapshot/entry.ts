/**
 * The entry of the startup snapshot of the kernel's compiler process (kernel/compiler/), run by
 * `npm run build` as
 * `node --no-rehash-snapshot --snapshot-blob dist/kernel/ts-startup.blob --build-snapshot …`
 * (see scripts/ts-startup-snapshot.cjs and https://nodejs.org/api/cli.html#--build-snapshot-entry).
 *
 * Most of a cold kernel's first cell is TypeScript parsing and binding the standard library,
 * `@types/node` and podtalk's own declarations. This entry loads tslab's TypeScript, builds a
 * program with the cell compiler's options around a first cell that uses podtalk, checks it
 * (which binds every file), and keeps the declaration files it parsed. A compiler process started
 * with `node --snapshot-blob … dist/kernel/compiler/main.js` finds them (startup.ts) and hands
 * them to its first program instead of reading and parsing them again.
 *
 * The cell is also emitted as the cell compiler emits one (through a transformer, with its
 * declarations, then as CommonJS), and thrown away. Node keeps in the snapshot the bytecode of
 * the functions that ran while it was built, so a kernel's first cell finds TypeScript's checker
 * and emitter compiled: 15-20 ms instead of 35-40 on a 2-core machine, for a blob 0.7 MB larger.
 *
 * A snapshot's entry may require only Node's built-in modules, so TypeScript and the compiler
 * options are read and run with `vm` here.
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { startupSnapshot } from "node:v8";
import { compileFunction } from "node:vm";
import type * as TS from "@tslab/typescript-for-tslab";
import type { STARTUP_KEY as Key, StartupFile, StartupState } from "./state.js";

type Ts = typeof TS;
/** state.ts's key, repeated: the entry may not require it. */
const STARTUP_KEY: typeof Key = "__podtalkTypeScriptStartup";
/** TypeScript's internal hash of a file's text (what watch programs use as a file's version). */
interface VersionHash {
  getSourceFileVersionAsHashFromText(host: { createHash?(data: string): string }, text: string): string;
}
type OptionsModule = typeof import("../tslab/compiler-options.js");

/** Runs the CommonJS file `file` (its text, or `source`) with `req` as its `require`, returning its exports. */
function runCommonJs(file: string, req: NodeJS.Require, source = readFileSync(file, "utf8")): unknown {
  const module = { exports: {} as unknown };
  const fn = compileFunction(source, ["exports", "require", "module", "__filename", "__dirname"], { filename: file });
  fn.call(module.exports, module.exports, req, module, file, dirname(file));
  return module.exports;
}

/** The first of `candidates` that exists, as its real path. */
function firstExisting(candidates: readonly string[], what: string): string {
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`cannot find ${what} (looked in ${candidates.join(", ")})`);
  return realpathSync(found);
}

// This file is compiled to <root>/dist/kernel/snapshot/entry.js.
const packageRoot = realpathSync(join(__dirname, "..", "..", ".."));
const modules = join(packageRoot, "node_modules");
// Where `require` from tslab finds it (kernel/tslab/load.ts): tslab's own copy, else the hoisted one.
const typescriptFile = firstExisting(
  [
    join(modules, "tslab", "node_modules", "@tslab", "typescript-for-tslab", "lib", "typescript.js"),
    join(modules, "@tslab", "typescript-for-tslab", "lib", "typescript.js"),
  ],
  "tslab's TypeScript",
);
const nodeTypesRoot = dirname(dirname(firstExisting([join(modules, "@types", "node", "package.json")], "@types/node")));
/**
 * tslab's TypeScript as the build prepared it (scripts/ts-startup-snapshot.cjs): its characters
 * beyond Latin-1, all in comments, replaced one for one, so that V8 keeps its source with one
 * byte a character. Else the installed file.
 */
function typescriptSource(): string {
  const installed = readFileSync(typescriptFile, "utf8");
  try {
    const [file, copy] = JSON.parse(process.env["PODTALK_SNAPSHOT_TYPESCRIPT_SOURCE"] ?? "[]") as string[];
    if (file !== typescriptFile || copy === undefined) return installed;
    const prepared = readFileSync(copy, "utf8");
    // Only characters were replaced: same length, and one byte a character (a fresh string).
    return prepared.length === installed.length && !/[\u0100-\uffff]/.test(prepared) ? prepared : installed;
  } catch {
    return installed;
  }
}
const ts = runCommonJs(typescriptFile, require, typescriptSource()) as Ts;
const { cellCompilerOptions, esModuleToCommonJSModule, transpileTargets } = runCommonJs(
  join(packageRoot, "dist", "kernel", "tslab", "compiler-options.js"),
  require,
) as OptionsModule;

/** TypeScript's cache of a file's resolved imports (internal; TypeScript 5.0). */
interface ResolvedModules {
  forEach(fn: (resolution: TS.ResolvedModuleWithFailedLookupLocations, name: string, mode: TS.ResolutionMode) => void): void;
}

/** The declarations a first cell needs, parsed and bound, by path, and the other files resolving their imports read. */
function parseDeclarations(): Pick<StartupState, "files" | "resolutionReads"> {
  const cwd = packageRoot;
  const cellFile = join(cwd, "__tslab_snapshot__.ts");
  // As the kernel's cell compiler gives it the course's first cell (kernel/first-session.ts).
  const podtalk = JSON.stringify(join(packageRoot, "dist", "lib", "index"));
  const cell = `export {};\nimport { Cluster } from ${podtalk};\nconst cluster = new Cluster({ nodes: 3, seed: 1 });\ncluster\nexport { cluster }\n`;
  const host = ts.createCompilerHost(cellCompilerOptions(ts, cwd, [nodeTypesRoot], "outDir"));
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (fileName, ...rest) =>
    fileName === cellFile ? ts.createSourceFile(fileName, cell, ts.ScriptTarget.ES2022) : getSourceFile.call(host, fileName, ...rest);
  host.fileExists = (fileName) => fileName === cellFile || ts.sys.fileExists(fileName);
  const reads = new Set<string>();
  const readFile = host.readFile;
  host.readFile = (fileName) => {
    if (!/\.d\.[cm]?ts$/.test(fileName)) reads.add(fileName);
    return readFile.call(host, fileName);
  };
  const program = ts.createProgram([cellFile], cellCompilerOptions(ts, cwd, [nodeTypesRoot], "outDir"), host);
  // Checking creates the checker, which binds every file.
  program.getSemanticDiagnostics();
  emitFirstCell(program, program.getSourceFile(cellFile));
  const files = new Map<string, StartupFile>();
  for (const file of program.getSourceFiles()) {
    if (file.fileName === cellFile || !file.isDeclarationFile) continue;
    const { mtimeMs, size } = statSync(file.fileName);
    // The version a watch program gives a file it reads (what its builder compares).
    (file as { version?: string }).version = (ts as unknown as VersionHash).getSourceFileVersionAsHashFromText(ts.sys, file.text);
    const modules = new Map<string, TS.ResolvedModuleWithFailedLookupLocations>();
    (file as unknown as { resolvedModules?: ResolvedModules }).resolvedModules?.forEach((resolution, name, mode) => {
      if (mode !== undefined) return; // Node10 resolution gives every import the same mode.
      // TypeScript's internal shape of a resolution: the failed lookups (which only a watch
      // program's resolution cache uses) are left out.
      modules.set(name, {
        resolvedModule: resolution.resolvedModule,
        failedLookupLocations: undefined,
        affectingLocations: undefined,
        resolutionDiagnostics: (resolution as { resolutionDiagnostics?: unknown }).resolutionDiagnostics,
      } as unknown as TS.ResolvedModuleWithFailedLookupLocations);
    });
    // `path` (internal): the file name as TypeScript keys it, which the kernel's programs look up.
    files.set((file as unknown as { readonly path: string }).path, { file, mtimeMs, size, modules });
  }
  const resolutionReads = [...reads].sort().flatMap((path) => {
    try {
      const { mtimeMs, size } = statSync(path);
      return [{ path, mtimeMs, size }];
    } catch {
      return [];
    }
  });
  return { files, resolutionReads };
}

/** Emits `cell` as the cell compiler does (kernel/tslab/converter.ts), keeping nothing. */
function emitFirstCell(program: TS.Program, cell: TS.SourceFile | undefined): void {
  if (!cell) throw new Error("the snapshot's first cell is missing from its program");
  const checker = program.getTypeChecker();
  // Like the cell compiler's own transformers: the last expression becomes a variable.
  const lastExpression: TS.TransformerFactory<TS.SourceFile> = (context) => (file) =>
    ts.visitEachChild(
      file,
      (node) =>
        ts.isExpressionStatement(node) && checker.getTypeAtLocation(node.expression)
          ? ts.factory.createVariableStatement(undefined, [ts.factory.createVariableDeclaration("tsLastExpr", undefined, undefined, node.expression)])
          : node,
      context,
    );
  let js = "";
  program.emit(
    cell,
    (fileName, data) => {
      if (fileName.endsWith(".js")) js = data;
    },
    undefined,
    false,
    { before: [lastExpression] },
  );
  const { target } = transpileTargets(ts);
  if (!esModuleToCommonJSModule(ts, js, target).includes("tsLastExpr")) {
    throw new Error("the snapshot's first cell did not compile");
  }
}

const state: StartupState = { nodeVersion: process.version, typescriptFile, ts, ...parseDeclarations() };
(globalThis as Record<string, unknown>)[STARTUP_KEY] = state;

// Node takes Error.stackTraceLimit out of a snapshot; with this entry (Node 20.20) it was not back
// when the main function ran, and errors had no stack: cells' errors would lose their locations.
const stackTraceLimit = Error.stackTraceLimit;

startupSnapshot.setDeserializeMainFunction(() => {
  // 10: V8's default, which Node keeps unless started with --stack-trace-limit.
  if (typeof Error.stackTraceLimit !== "number") Error.stackTraceLimit = typeof stackTraceLimit === "number" ? stackTraceLimit : 10;
  // `node --snapshot-blob <blob> <script> args…`: run the script as `node <script> args…` would.
  const arg = process.argv[1];
  if (!arg) throw new Error("usage: node --snapshot-blob <blob> <script> [args...]");
  const script = resolve(arg);
  process.argv[1] = script;
  createRequire(script)(script);
});

/**
 * The compiler options of the cell compiler (converter.ts), in a module that imports nothing at
 * run time: the startup snapshot's entry (kernel/snapshot/entry.ts) loads it before any package
 * can be required, and must parse declarations exactly as the kernel's compiler would.
 */
import type * as TS from "@tslab/typescript-for-tslab";

type Ts = typeof TS;

/** The target and lib tslab picks for the running Node (18 and later: ES2022). */
export function transpileTargets(ts: Ts): { target: TS.ScriptTarget; lib: string[] } {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= 18) return { target: ts.ScriptTarget.ES2022, lib: ["es2022"] };
  if (major >= 16) return { target: ts.ScriptTarget.ES2021, lib: ["es2021"] };
  return { target: ts.ScriptTarget.ES2020, lib: ["es2020"] };
}

/**
 * The options `strict` turns on, one by one: `alwaysStrict`, the last of the family, would
 * make every cell a strict-mode script, which tslab's executor does not run cells as.
 */
function strictOptions(strict = true): TS.CompilerOptions {
  return {
    strictNullChecks: strict,
    noImplicitAny: strict,
    strictFunctionTypes: strict,
    strictBindCallApply: strict,
    strictPropertyInitialization: strict,
    noImplicitThis: strict,
    useUnknownInCatchVariables: strict,
  };
}

/** The options cells are compiled with (tslab 1.0.22's converter, with podtalk's `strict` switch). */
export function cellCompilerOptions(ts: Ts, cwd: string, typeRoots: string[], outDir: string, strict?: boolean): TS.CompilerOptions {
  const { target, lib } = transpileTargets(ts);
  return {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target,
    lib: lib.map((l) => `lib.${l}.d.ts`),
    declaration: true,
    newLine: ts.NewLineKind.LineFeed,
    noImplicitUseStrict: true,
    experimentalDecorators: true,
    resolveJsonModule: true,
    jsx: ts.JsxEmit.React,
    typeRoots,
    allowJs: true,
    checkJs: true,
    disableTopLevelAwait: true,
    skipLibCheck: true,
    ...strictOptions(strict),
    rootDir: cwd,
    outDir,
  } as TS.CompilerOptions;
}

/** A file TypeScript's checker skips under `skipDefaultLibCheck` starts with this line (5.0, checker.ts, skipTypeChecking). */
const UNCHECKED_MARK = '/// <reference no-default-lib="true"/>\n';

/**
 * ES module output to the CommonJS the executor runs, as `ts.transpileModule` makes it.
 *
 * TypeScript 5.0's transpileModule type-checks the file before emitting it (its emit resolver
 * checks the file first), though it reports nothing: checking this JavaScript, compiled without
 * any library, took half of each transpile. TypeScript 5.5 stopped checking there
 * (https://github.com/microsoft/TypeScript/pull/58364). Here the file is marked as one the checker
 * skips under `skipDefaultLibCheck`; the mark comes out as a comment line of its own, which is
 * taken out again (or not at all, with the first statement's comments, when TypeScript drops that
 * statement). The CommonJS is the same text either way: test/kernel/transpile.test.ts compares
 * the two over podtalk's own sources. A file that holds the mark's text itself is transpiled as
 * it was. The snapshot's entry transpiles its first cell with this function too.
 */
export function esModuleToCommonJSModule(ts: Ts, js: string, target: TS.ScriptTarget): string {
  const compilerOptions = { module: ts.ModuleKind.CommonJS, esModuleInterop: true, target, newLine: ts.NewLineKind.LineFeed, noImplicitUseStrict: true };
  if (js.includes(UNCHECKED_MARK)) return ts.transpileModule(js, { fileName: "custom.js", compilerOptions }).outputText;
  const output = ts.transpileModule(UNCHECKED_MARK + js, {
    fileName: "custom.js",
    compilerOptions: { ...compilerOptions, skipDefaultLibCheck: true },
  }).outputText;
  const at = output.indexOf(UNCHECKED_MARK);
  return at < 0 ? output : output.slice(0, at) + output.slice(at + UNCHECKED_MARK.length);
}

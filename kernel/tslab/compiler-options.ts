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

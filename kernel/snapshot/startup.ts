/**
 * What a kernel started from the startup snapshot (entry.ts) takes from it: tslab's TypeScript,
 * already loaded, and the declaration files its first program would otherwise read, parse and
 * bind. Without the snapshot (a plain `node dist/kernel/main.js`) both answer "nothing" and the
 * kernel loads and parses as before.
 */
import { statSync } from "node:fs";
import Module from "node:module";
import type * as TS from "@tslab/typescript-for-tslab";
import { STARTUP_KEY, type StartupState } from "./state.js";

function startupState(): StartupState | undefined {
  const state = (globalThis as Record<string, unknown>)[STARTUP_KEY] as StartupState | undefined;
  return state?.nodeVersion === process.version ? state : undefined;
}

/**
 * The snapshot's TypeScript when it is the file `resolved` (where `require` would load it from),
 * registered in the module cache so that every `require` of it returns the same instance.
 */
export function startupTypeScript(resolved: string): typeof TS | undefined {
  const state = startupState();
  if (!state || state.typescriptFile !== resolved) return undefined;
  if (!require.cache[resolved]) {
    const module = new Module(resolved);
    module.filename = resolved;
    module.loaded = true;
    module.exports = state.ts;
    require.cache[resolved] = module;
  }
  return state.ts;
}

let files: ReadonlyMap<string, TS.SourceFile> | undefined;

/**
 * The snapshot's parsed and bound declaration files by path, for a program of `ts` (only the
 * snapshot's own TypeScript may use them); a file whose size or mtime changed since is left out.
 */
export function startupSourceFiles(ts: typeof TS): ReadonlyMap<string, TS.SourceFile> | undefined {
  const state = startupState();
  if (!state || state.ts !== ts) return undefined;
  if (!files) {
    const unchanged = new Map<string, TS.SourceFile>();
    for (const [path, { file, mtimeMs, size }] of state.files) {
      try {
        const now = statSync(file.fileName);
        if (now.mtimeMs === mtimeMs && now.size === size) unchanged.set(path, file);
      } catch {
        // Gone since the build: TypeScript will find it missing.
      }
    }
    files = unchanged;
  }
  return files;
}

/** How the snapshot's declaration files' imports resolved, for a program of `ts`. */
export interface StartupResolutions {
  /** Each unchanged startup file's resolutions, by module name. */
  readonly modules: ReadonlyMap<TS.SourceFile, ReadonlyMap<string, TS.ResolvedModuleWithFailedLookupLocations>>;
  /** The files resolving them read (what a compile that uses them depends on). */
  readonly reads: readonly string[];
}

let resolutions: StartupResolutions | null | undefined;

/**
 * The resolutions of the startup files' imports, as the snapshot's program made them, when every
 * file resolving them read (each `package.json` on the way) is unchanged since; else undefined,
 * and the kernel's program resolves them itself. A package installed since the build that would
 * now take the place of one these name is not noticed (as the compile cache does not notice it).
 */
export function startupResolutions(ts: typeof TS): StartupResolutions | undefined {
  if (resolutions !== undefined) return resolutions ?? undefined;
  const state = startupState();
  const files = startupSourceFiles(ts);
  resolutions = null;
  if (!state || !files) return undefined;
  for (const { path, mtimeMs, size } of state.resolutionReads) {
    try {
      const now = statSync(path);
      if (now.mtimeMs !== mtimeMs || now.size !== size) return undefined;
    } catch {
      return undefined;
    }
  }
  const modules = new Map<TS.SourceFile, ReadonlyMap<string, TS.ResolvedModuleWithFailedLookupLocations>>();
  for (const [path, file] of files) {
    const startup = state.files.get(path);
    if (startup) modules.set(file, startup.modules);
  }
  resolutions = { modules, reads: state.resolutionReads.map((r) => r.path) };
  return resolutions;
}

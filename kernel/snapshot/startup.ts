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

/** What the startup snapshot (entry.ts) leaves for the kernel, under a global key. */
import type * as TS from "@tslab/typescript-for-tslab";

/** The global property holding the snapshot's state. */
export const STARTUP_KEY = "__podtalkTypeScriptStartup";

/** A file as it was when the snapshot was built. */
export interface FileStamp {
  readonly path: string;
  readonly mtimeMs: number;
  readonly size: number;
}

/** A declaration file parsed and bound in the snapshot, with the size and mtime it was read at. */
export interface StartupFile {
  readonly file: TS.SourceFile;
  readonly mtimeMs: number;
  readonly size: number;
  /** How each module name the file imports resolved (without the failed lookups, which only a watch uses). */
  readonly modules: ReadonlyMap<string, TS.ResolvedModuleWithFailedLookupLocations>;
}

/** TypeScript as loaded in the snapshot, and the declarations it parsed. */
export interface StartupState {
  readonly nodeVersion: string;
  /** The real path of the `typescript.js` that was loaded. */
  readonly typescriptFile: string;
  readonly ts: typeof TS;
  readonly files: ReadonlyMap<string, StartupFile>;
  /** The files other than declarations (package.json files) that resolving the files' imports read. */
  readonly resolutionReads: readonly FileStamp[];
}

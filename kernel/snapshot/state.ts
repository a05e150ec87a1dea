/** What the startup snapshot (entry.ts) leaves for the kernel, under a global key. */
import type * as TS from "@tslab/typescript-for-tslab";

/** The global property holding the snapshot's state. */
export const STARTUP_KEY = "__podtalkTypeScriptStartup";

/** A declaration file parsed and bound in the snapshot, with the size and mtime it was read at. */
export interface StartupFile {
  readonly file: TS.SourceFile;
  readonly mtimeMs: number;
  readonly size: number;
}

/** TypeScript as loaded in the snapshot, and the declarations it parsed. */
export interface StartupState {
  readonly nodeVersion: string;
  /** The real path of the `typescript.js` that was loaded. */
  readonly typescriptFile: string;
  readonly ts: typeof TS;
  readonly files: ReadonlyMap<string, StartupFile>;
}

/**
 * Whether a kernel `podtalk run` starts for a notebook starts its compiler process with it
 * (kernel/compiler/). The compiler takes a core and a few hundred megabytes for a few tenths of a
 * second while it loads, which a notebook whose every cell the compile cache answers never needs.
 * After each run podtalk notes, by the notebook's code, whether the compile cache now holds every
 * cell (the kernel's execute_reply metadata says so for each), and tells the next kernel for the
 * same code to start its compiler only if a cell turns out to need it
 * (`PODTALK_KERNEL_COMPILER=on-demand`; `early` otherwise). Outputs are the same either way.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir } from "./cache-dir.js";
import type { Notebook } from "./ipynb.js";
import { packageRoot } from "./kernelspec.js";

/** The folder inside cacheDir() that holds a file per notebook whose every cell the compile cache holds. */
export const CACHED_RUNS_FOLDER = "runs-v1";

/** The marker file for `notebook`'s code in `env`'s cache, or undefined when caching is off. */
function markerOf(notebook: Notebook, env: NodeJS.ProcessEnv): string | undefined {
  const dir = cacheDir(env);
  if (dir === undefined) return undefined;
  const code = notebook.cells.filter((c) => c.cell_type === "code").map((c) => c.source);
  const key = createHash("sha256")
    .update(JSON.stringify([packageRoot(), process.version, code]))
    .digest("hex");
  return join(dir, CACHED_RUNS_FOLDER, key);
}

/** True when the compile cache held every cell after the last run of this code (its kernel will not need TypeScript). */
export function ranFromCache(notebook: Notebook, env: NodeJS.ProcessEnv): boolean {
  const marker = markerOf(notebook, env);
  return marker !== undefined && existsSync(marker);
}

/** Notes whether a cell of `notebook` will need compiling when it runs again. A cache that cannot be written is left as it is. */
export function noteRun(notebook: Notebook, env: NodeJS.ProcessEnv, compileNextTime: boolean): void {
  const marker = markerOf(notebook, env);
  if (marker === undefined) return;
  try {
    if (compileNextTime) rmSync(marker, { force: true });
    else {
      mkdirSync(join(marker, ".."), { recursive: true });
      writeFileSync(marker, "");
    }
  } catch {
    // Read-only or full: the next run starts its compiler early, as without a note.
  }
}

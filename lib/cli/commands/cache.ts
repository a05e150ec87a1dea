/**
 * `podtalk cache …`: where the kernel's caches are (compiled cells in `compile-v1/`, V8's code
 * for the modules it loads in `code-<node version>-<arch>/`, the notebooks whose last run
 * compiled nothing in `runs-v1/`), and emptying them.
 */
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { CODE_CACHE_PREFIX, COMPILE_CACHE_FOLDER, RENDER_CACHE_FOLDER, cacheDir } from "../../notebook/cache-dir.js";
import { CACHED_RUNS_FOLDER } from "../../notebook/startup-choice.js";
import type { CommandIO } from "./command-io.js";

/** Adds the `cache` command and its subcommands to `program`. */
export function addCacheCommands(program: Command, io: CommandIO): void {
  const cache = program
    .command("cache")
    .description("the kernel's caches of compiled cells, module code and rendered figures (PODTALK_CACHE_DIR; `off` turns them off)");
  /** The cache folders that exist, or undefined (said so) when caching is off. */
  const folders = (): string[] | undefined => {
    const dir = cacheDir(io.env);
    if (dir === undefined) {
      io.out("The cache is off (PODTALK_CACHE_DIR=off)\n");
      return undefined;
    }
    // Code caches of other Node versions are listed and cleared too.
    const code = existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => name.startsWith(CODE_CACHE_PREFIX))
          .sort()
      : [];
    return [COMPILE_CACHE_FOLDER, ...code, CACHED_RUNS_FOLDER, RENDER_CACHE_FOLDER].map((name) => join(dir, name));
  };
  cache
    .command("dir")
    .description("print each cache folder, its number of files and their size")
    .action(() => {
      for (const folder of folders() ?? []) {
        const names = existsSync(folder) ? readdirSync(folder) : [];
        const bytes = names.reduce((sum, name) => sum + (statSync(join(folder, name), { throwIfNoEntry: false })?.size ?? 0), 0);
        io.out(`${folder}\n${names.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB\n`);
      }
    });
  cache
    .command("clear")
    .description("remove every compiled cell and cached module code (the next run compiles them again)")
    .action(() => {
      for (const folder of folders() ?? []) {
        if (!existsSync(folder)) continue;
        rmSync(folder, { recursive: true, force: true });
        io.out(`Removed ${folder}\n`);
      }
    });
}

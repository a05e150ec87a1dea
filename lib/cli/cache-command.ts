/**
 * `podtalk cache …`: where the kernel's compiled-cell cache is, and emptying it.
 */
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { COMPILE_CACHE_FOLDER, cacheDir } from "../notebook/cache-dir.js";
import type { CommandIO } from "./kernel-command.js";

/** Adds the `cache` command and its subcommands to `program`. */
export function addCacheCommands(program: Command, io: CommandIO): void {
  const cache = program
    .command("cache")
    .description("the kernel's cache of compiled cells (PODTALK_CACHE_DIR; `off` turns it off)");
  cache
    .command("dir")
    .description("print the cache folder, its number of files and their size")
    .action(() => {
      const dir = cacheDir(io.env);
      if (dir === undefined) {
        io.out("The cache is off (PODTALK_CACHE_DIR=off)\n");
        return;
      }
      const folder = join(dir, COMPILE_CACHE_FOLDER);
      const names = existsSync(folder) ? readdirSync(folder) : [];
      const bytes = names.reduce((sum, name) => sum + fileSize(join(folder, name)), 0);
      io.out(`${folder}\n${names.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB\n`);
    });
  cache
    .command("clear")
    .description("remove every compiled cell (the next run compiles them again)")
    .action(() => {
      const dir = cacheDir(io.env);
      if (dir === undefined) {
        io.out("The cache is off (PODTALK_CACHE_DIR=off): nothing to clear\n");
        return;
      }
      const folder = join(dir, COMPILE_CACHE_FOLDER);
      rmSync(folder, { recursive: true, force: true });
      io.out(`Removed ${folder}\n`);
    });
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * `podtalk cache …`: where the kernel's caches are (compiled cells in `compile-v1/`, V8's code
 * for the modules it loads in `code-<node version>-<arch>/`), and emptying them.
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
    .description("the kernel's caches of compiled cells and module code (PODTALK_CACHE_DIR; `off` turns them off)");
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
      for (const code of codeFolders(dir)) {
        const files = readdirSync(code);
        const size = files.reduce((sum, name) => sum + fileSize(join(code, name)), 0);
        io.out(`${code}\n${files.length} files, ${(size / 1024 / 1024).toFixed(1)} MiB\n`);
      }
    });
  cache
    .command("clear")
    .description("remove every compiled cell and cached module code (the next run compiles them again)")
    .action(() => {
      const dir = cacheDir(io.env);
      if (dir === undefined) {
        io.out("The cache is off (PODTALK_CACHE_DIR=off): nothing to clear\n");
        return;
      }
      for (const folder of [join(dir, COMPILE_CACHE_FOLDER), ...codeFolders(dir)]) {
        if (!existsSync(folder)) continue;
        rmSync(folder, { recursive: true, force: true });
        io.out(`Removed ${folder}\n`);
      }
    });
}

/** The V8 code cache folders in `dir`, one per Node version and architecture. */
function codeFolders(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.startsWith("code-"))
      .sort()
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

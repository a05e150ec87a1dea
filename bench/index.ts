/**
 * `npm run bench`: runs every benchmark module in this folder (each exports `bench()`), in name
 * order, and prints numbers and ratios. Speed and memory targets live here, never in unit tests.
 * `npm run bench -- cluster` runs only the modules whose name contains "cluster".
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { printResults, type BenchResult } from "./internal/report.js";

async function main(filters: readonly string[]): Promise<void> {
  const modules = readdirSync(__dirname)
    .filter((f) => f.endsWith(".js") && f !== "index.js")
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  for (const file of modules) {
    const mod = (await import(join(__dirname, file))) as { bench?: () => Promise<BenchResult[]> };
    if (typeof mod.bench !== "function") continue;
    printResults(file.replace(/\.js$/, ""), await mod.bench());
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

/**
 * Cell-count scaling: one notebook of 1,000 one-line cells run on a first run (a fresh, empty
 * compile cache, so every cell is compiled), timing each cell from the runner's per-cell callback,
 * for podtalk's kernel and, as the peer, ipykernel on 1,000 one-line Python cells, driven by the
 * same runner in the same bench run.
 *
 * A run whose time grows linearly with the number of cells spends the same time on its 1,000th
 * cell as on its 100th. Reported: the median time of a cell around the 100th, 250th, 500th and
 * 1,000th (the 50 cells up to each), and the ratio of the last to the first. Target: at most
 * 1.5. `BENCH_CELLS` sets the count (e.g. 3000); the windows scale with it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { findKernelSpec } from "../lib/notebook/kernelspec.js";
import { runNotebook } from "../lib/notebook/runner.js";
import type { BenchResult } from "./internal/report.js";

const TARGET = 1.5;
/** How many cells each window averages. */
const WINDOW = 50;

type Language = "typescript" | "python";

/** A notebook of `count` one-line code cells in `language`, written to `path`. */
function writeCells(path: string, count: number, language: Language): void {
  const source = (i: number) => (language === "typescript" ? `const v${i} = ${i};` : `v${i} = ${i}`);
  const cells = Array.from({ length: count }, (_, i) => ({
    cell_type: "code",
    execution_count: null,
    id: `c${i}`,
    metadata: {},
    outputs: [],
    source: source(i),
  }));
  const kernelspec =
    language === "typescript"
      ? { name: "podtalk", display_name: "TypeScript (podtalk)", language: "typescript" }
      : { name: "python3", display_name: "Python 3", language: "python" };
  writeFileSync(path, JSON.stringify({ cells, metadata: { kernelspec }, nbformat: 4, nbformat_minor: 5 }));
}

/** Runs the notebook and returns each cell's time in ms and the whole run's. */
async function cellTimes(path: string, env: NodeJS.ProcessEnv): Promise<{ cells: number[]; totalMs: number }> {
  const starts: number[] = [];
  const begin = performance.now();
  const result = await runNotebook(path, { env, write: false, onCell: () => starts.push(performance.now()) });
  const end = performance.now();
  if (result.failure) throw new Error(`${path}: ${result.failure.message}`);
  const cells = starts.map((t, i) => (starts[i + 1] ?? end) - t);
  return { cells, totalMs: end - begin };
}

/**
 * The median time of the WINDOW cells up to cell `at` (1-based): a median, so that a garbage
 * collection or another process's burst in one cell does not move the window.
 */
function windowMedian(cells: readonly number[], at: number): number {
  const slice = cells.slice(Math.max(0, at - WINDOW), at).sort((a, b) => a - b);
  const mid = slice.length >> 1;
  return slice.length % 2 === 1 ? slice[mid]! : (slice[mid - 1]! + slice[mid]!) / 2;
}

export async function bench(): Promise<BenchResult[]> {
  const count = Number(process.env["BENCH_CELLS"] ?? 1000);
  const points = [count / 10, count / 4, count / 2, count].map(Math.round);
  const work = mkdtempSync(join(tmpdir(), "podtalk-bench-cells-"));
  const results: BenchResult[] = [];
  try {
    for (const language of ["typescript", "python"] as const) {
      const who = language === "typescript" ? "podtalk" : "ipykernel";
      if (language === "python") {
        try {
          findKernelSpec("python3");
        } catch {
          results.push({ name: "ipykernel", value: Number.NaN, unit: "", note: "no python3 kernelspec: no peer" });
          continue;
        }
      }
      const path = join(work, `${language}.ipynb`);
      writeCells(path, count, language);
      const { cells, totalMs } = await cellTimes(path, { ...process.env, PODTALK_CACHE_DIR: join(work, `cache-${language}`) });
      results.push({ name: `${who}: ${count} one-line cells, first run`, value: totalMs / 1000, unit: "s" });
      for (const at of points) results.push({ name: `${who}: a cell around the ${at}th`, value: windowMedian(cells, at), unit: "ms" });
      const ratio = windowMedian(cells, count) / windowMedian(cells, points[0]!);
      results.push({
        name: `${who}: cell ${count} / cell ${points[0]}`,
        value: ratio,
        unit: "x",
        ...(who === "podtalk" ? { note: `target <= ${TARGET}: ${ratio <= TARGET ? "met" : "NOT met"}` } : {}),
      });
    }
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Live articles (`export --live`): the runtime's size, raw and gzipped, against its 1 MB gzipped
 * budget, and in Debian's chromium the time a reader waits: the first Run of the frontend→backend
 * article's trace cell (every cell above it runs first, in a page just opened) and the first
 * re-run of a cell after that, against 200 ms: the trace cell (a curl through the Service, its
 * hops as a table and a diagram), then the frontend cell (a Deployment applied again and the
 * cluster's topology as SVG).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { exportNotebook } from "../lib/notebook/export/index.js";
import { liveRuntimeFile } from "../lib/notebook/export/live-page.js";
import { readNotebook } from "../lib/notebook/ipynb.js";
import { packageRoot } from "../lib/notebook/kernelspec.js";
import { median, type BenchResult } from "./internal/report.js";

const CHROMIUM = "/usr/bin/chromium";
const BUDGET_GZIP = 1024 * 1024;
const RERUN_TARGET_MS = 200;
const RUNS = Number(process.env["BENCH_LIVE_RUNS"] ?? 5);

/** Runs the live-article benchmarks. */
export async function bench(): Promise<BenchResult[]> {
  const runtime = Buffer.from(liveRuntimeFile(), "utf8");
  const gzipped = gzipSync(runtime, { level: 9 }).length;
  const results: BenchResult[] = [
    { name: "runtime size (raw)", value: runtime.length / 1024, unit: "KiB" },
    {
      name: "runtime size (gzip -9)",
      value: gzipped / 1024,
      unit: "KiB",
      note: `budget ${BUDGET_GZIP / 1024} KiB: ${gzipped <= BUDGET_GZIP ? "within" : "OVER"}`,
    },
  ];
  if (!existsSync(CHROMIUM)) return [...results, { name: "chromium: skipped", value: 0, unit: "", note: `${CHROMIUM} is not installed` }];

  const notebooks = join(packageRoot(), "notebooks");
  const notebook = readNotebook(join(notebooks, "01-frontend-to-backend.ipynb"));
  const numberOf = (match: (source: string) => boolean): number => notebook.cells.findIndex((c) => c.cell_type === "code" && match(c.source)) + 1;
  const topology = numberOf((s) => s.includes("name: frontend") && s.trimEnd().endsWith("cluster"));
  const trace = numberOf((s) => s.includes("curl -s http://my-api:8080/"));
  const dir = mkdtempSync(join(tmpdir(), "podtalk-bench-live-"));
  const file = join(dir, "article.html");
  writeFileSync(file, exportNotebook(notebook, { baseDir: notebooks, live: true }));
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
  const ready: number[] = [];
  const first: number[] = [];
  const reTopology: number[] = [];
  const reTrace: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      await page.waitForFunction(() => (globalThis as { podtalkLive?: unknown }).podtalkLive !== undefined, null, { polling: 5 });
      // performance.now() counts from the navigation's start: the runtime parsed and the editors mounted (within 5 ms).
      ready.push(await page.evaluate(() => performance.now()));
      const time = (cell: number): Promise<number> =>
        page.evaluate(async (n) => {
          const live = (
            globalThis as unknown as { podtalkLive: { run(n: number): Promise<void>; outputs(n: number): { output_type: string; evalue?: string }[] } }
          ).podtalkLive;
          const start = performance.now();
          await live.run(n);
          const ms = performance.now() - start;
          // A cell that failed fast would make a fine number: refuse it.
          const error = live.outputs(n).find((o) => o.output_type === "error");
          if (error) throw new Error(`cell ${n} failed: ${error.evalue}`);
          return ms;
        }, cell);
      first.push(await time(trace));
      reTrace.push(await time(trace));
      reTopology.push(await time(topology));
      await page.close();
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const target = (ms: number): string => `median of ${RUNS}; target < ${RERUN_TARGET_MS} ms: ${ms < RERUN_TARGET_MS ? "met" : "MISSED"}`;
  results.push(
    { name: "page ready: runtime parsed, editors mounted (from navigation)", value: median(ready), unit: "ms", note: `median of ${RUNS}` },
    { name: "first Run of the trace cell (every cell above it runs first)", value: median(first), unit: "ms", note: `median of ${RUNS}` },
    { name: "first re-run of a cell: the trace", value: median(reTrace), unit: "ms", note: target(median(reTrace)) },
    { name: "then a re-run of the frontend cell: apply + topology SVG", value: median(reTopology), unit: "ms", note: target(median(reTopology)) },
  );
  return results;
}

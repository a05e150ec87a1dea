/**
 * Running and exporting the whole course: `podtalk course` (run + export, in this process's
 * Node) against `jupyter nbconvert --execute --to html` over the same notebooks with the same
 * podtalk kernel, measured in the same run. Targets: with empty caches podtalk takes at most half of
 * nbconvert's time (issue 19), with warm caches at most a third.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { installKernelSpec } from "../lib/notebook/kernelspec.js";
import { type BenchResult, median } from "./internal/report.js";

const JUPYTER = "/usr/bin/jupyter";

/** How many times each tool runs the course, cold then warm: the machine's noise is ±0.5 s a run. */
const ROUNDS = 3;

/**
 * Times podtalk and nbconvert over notebooks/, ROUNDS times each, alternating: a first run with
 * empty compile caches (what a fresh CI machine does) and a re-run with the caches that run
 * filled (what an author or an instructor's CI with a kept cache does); the medians are compared.
 * Each tool has cache folders of its own, so neither warms the other's.
 */
export async function bench(): Promise<BenchResult[]> {
  const root = resolve(__dirname, "..", "..");
  const notebooksDir = join(root, "notebooks");
  const notebooks = readdirSync(notebooksDir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort();
  const work = mkdtempSync(join(tmpdir(), "podtalk-bench-course-"));
  try {
    // The same kernel for both: podtalk's kernelspec in a private Jupyter path.
    installKernelSpec({ prefix: join(work, "prefix") });
    const jupyterPath = join(work, "prefix", "share", "jupyter");
    const bin = join(root, "bin", "podtalk.js");
    const hasJupyter = existsSync(JUPYTER);
    const rounds = ["first run, empty caches", "re-run, warm caches"] as const;
    const ours: Record<(typeof rounds)[number], number[]> = { "first run, empty caches": [], "re-run, warm caches": [] };
    const theirs: Record<(typeof rounds)[number], number[]> = { "first run, empty caches": [], "re-run, warm caches": [] };
    const nbconvertArgs = ["nbconvert", "--execute", "--to", "html", "--ExecutePreprocessor.kernel_name=podtalk", "--output-dir", join(work, "nbconvert")];
    for (let i = 0; i < ROUNDS; i++) {
      for (const round of rounds) {
        ours[round].push(timed(process.execPath, [bin, "course", notebooksDir, "--out", join(work, "podtalk")], jupyterPath, join(work, `cache-podtalk-${i}`)));
        if (hasJupyter)
          theirs[round].push(
            timed(JUPYTER, [...nbconvertArgs, ...notebooks.map((n) => join(notebooksDir, n))], jupyterPath, join(work, `cache-nbconvert-${i}`)),
          );
      }
    }
    const results: BenchResult[] = [];
    for (const round of rounds) {
      const mine = median(ours[round]);
      results.push({ name: `podtalk course, ${notebooks.length} notebooks, run + export (${round}, median of ${ROUNDS})`, value: mine / 1000, unit: "s" });
      if (!hasJupyter) {
        results.push({ name: `jupyter nbconvert --execute --to html (${round})`, value: NaN, unit: "s", note: `${JUPYTER} not installed: no comparison` });
        continue;
      }
      const other = median(theirs[round]);
      const ratio = mine / other;
      const target = round === "first run, empty caches" ? 0.5 : 1 / 3;
      results.push(
        { name: `jupyter nbconvert --execute --to html, same kernel (${round}, median of ${ROUNDS})`, value: other / 1000, unit: "s" },
        { name: `podtalk / nbconvert (${round})`, value: ratio, unit: "x", note: `target <= ${target.toFixed(2)}: ${ratio <= target ? "met" : "NOT met"}` },
      );
    }
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs a command to completion with the bench's kernelspec and cache folder; its time in ms. */
function timed(command: string, args: readonly string[], jupyterPath: string, cache: string): number {
  const env = { ...process.env, JUPYTER_PATH: jupyterPath, PODTALK_CACHE_DIR: cache };
  const start = performance.now();
  const child = spawnSync(command, args, { env, encoding: "utf8" });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${child.stderr}`);
  return ms;
}

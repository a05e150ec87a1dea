/**
 * Running and exporting the whole course: `podtalk course` (run + export, in this process's
 * Node) against `jupyter nbconvert --execute --to html` over the same notebooks with the same
 * podtalk kernel, measured in the same run. Target: podtalk takes at most a third of nbconvert's time.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { installKernelSpec } from "../lib/notebook/kernelspec.js";
import type { BenchResult } from "./internal/report.js";

const JUPYTER = "/usr/bin/jupyter";

/** Times podtalk and nbconvert over notebooks/ and reports both and their ratio. */
export async function bench(): Promise<BenchResult[]> {
  const root = resolve(__dirname, "..", "..");
  const notebooksDir = join(root, "notebooks");
  const notebooks = readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).sort();
  const work = mkdtempSync(join(tmpdir(), "podtalk-bench-course-"));
  try {
    // The same kernel for both: podtalk's kernelspec in a private Jupyter path.
    installKernelSpec({ prefix: join(work, "prefix") });
    const env = { ...process.env, JUPYTER_PATH: join(work, "prefix", "share", "jupyter") };
    const bin = join(root, "bin", "podtalk.js");

    const podtalkStart = performance.now();
    const ours = spawnSync(process.execPath, [bin, "course", notebooksDir, "--out", join(work, "podtalk")], { env, encoding: "utf8" });
    const podtalkMs = performance.now() - podtalkStart;
    if (ours.status !== 0) throw new Error(`podtalk course failed:\n${ours.stderr}`);
    const results: BenchResult[] = [{ name: `podtalk course (${notebooks.length} notebooks, run + export)`, value: podtalkMs / 1000, unit: "s" }];

    if (!existsSync(JUPYTER)) {
      results.push({ name: "jupyter nbconvert --execute --to html", value: NaN, unit: "s", note: `${JUPYTER} not installed: no comparison` });
      return results;
    }
    const nbconvertStart = performance.now();
    const theirs = spawnSync(
      JUPYTER,
      ["nbconvert", "--execute", "--to", "html", "--ExecutePreprocessor.kernel_name=podtalk", "--output-dir", join(work, "nbconvert"), ...notebooks.map((n) => join(notebooksDir, n))],
      { env, encoding: "utf8" },
    );
    const nbconvertMs = performance.now() - nbconvertStart;
    if (theirs.status !== 0) throw new Error(`nbconvert failed:\n${theirs.stderr}`);
    const ratio = podtalkMs / nbconvertMs;
    results.push(
      { name: "jupyter nbconvert --execute --to html (same kernel)", value: nbconvertMs / 1000, unit: "s" },
      { name: "podtalk / nbconvert", value: ratio, unit: "x", note: `target <= 0.33: ${ratio <= 1 / 3 ? "met" : "NOT met"}` },
    );
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

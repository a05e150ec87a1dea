/**
 * `podtalk check`: re-run notebooks in memory and compare their fresh outputs with the stored ones.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { compareNotebooks, formatDifferences, parseSanitizers, SKIP_TAG, type Sanitizer } from "../../notebook/compare.js";
import { scanExercises } from "../../notebook/exercises.js";
import { readNotebook } from "../../notebook/ipynb.js";
import { EXIT_CODES } from "../exit-codes.js";
import { parsePositiveInteger, parseSeconds } from "../flags.js";
import { runMany } from "../run-many.js";
import type { NotebookCommandIO } from "./command-io.js";

/** Adds the `check` command to `program`. */
export function addCheckCommand(program: Command, io: NotebookCommandIO): void {
  program
    .command("check")
    .description("re-run notebooks in memory and compare fresh outputs with the stored ones (exit 1 on any difference, or malformed exercise tags)")
    .argument("<notebooks...>", ".ipynb files")
    .option("--timeout <seconds>", "per-cell timeout in seconds (0: none)", parseSeconds, 600)
    .option("--kernel <name>", "kernel to use instead of each notebook's metadata.kernelspec.name")
    .option("-j, --jobs <n>", "notebooks to run at once, each in its own kernel (default: CPU cores)", parsePositiveInteger, availableParallelism())
    .option("--sanitize-with <file>", "nbval-style file of regex/replace pairs applied to text before comparing")
    .action(async (paths: string[], opts: { timeout: number; kernel?: string; jobs: number; sanitizeWith?: string }) => {
      let sanitizers: Sanitizer[] = [];
      if (opts.sanitizeWith) {
        try {
          sanitizers = parseSanitizers(readFileSync(opts.sanitizeWith, "utf8"));
        } catch (e) {
          io.err(`error: ${opts.sanitizeWith}: ${(e as Error).message}\n`);
          io.fail(EXIT_CODES.usage);
          return;
        }
      }
      // Exercise tags that do not fit together fail the check, before anything runs.
      let malformed = false;
      for (const path of paths) {
        let problems: ReturnType<typeof scanExercises>["problems"] = [];
        try {
          problems = scanExercises(readNotebook(path)).problems;
        } catch {
          continue; // Unreadable: its run reports that.
        }
        for (const p of problems) io.err(`FAIL ${path}: cell ${p.cell}: ${p.message}\n`);
        malformed ||= problems.length > 0;
      }
      const results = await runMany(
        io,
        paths,
        { timeoutMs: opts.timeout * 1000, kernelName: opts.kernel, write: false, skipTags: ["skip-execution", SKIP_TAG] },
        opts.jobs,
        (path, fresh) => {
          const stored = readNotebook(path);
          const differences = compareNotebooks(stored, fresh, { sanitizers });
          if (differences.length === 0) return { ok: true, lines: [] };
          return { ok: false, lines: [{ stream: "err", text: `${formatDifferences(path, stored, differences)}\n` }] };
        },
      );
      if (malformed || results.some((r) => !r.ok)) io.fail(EXIT_CODES.failed);
    });
}

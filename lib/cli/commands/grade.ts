/**
 * `podtalk grade`: score the exercises of learners' notebooks by running their verify cells
 * through the kernel, as an instructor's CI or an autograder would. The notebooks are never written.
 */
import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { gradeNotebook, type NotebookGrade } from "../../notebook/grade.js";
import { runPool } from "../internal/reporter.js";
import { EXIT_CODES } from "../exit-codes.js";
import { parsePositiveInteger, parseSeconds } from "../flags.js";
import type { NotebookCommandIO } from "./command-io.js";

/** The version of `podtalk grade --json`'s output (docs/exercises.md); raised on any incompatible change. */
export const GRADE_JSON_VERSION = 1;

/** `podtalk grade --json`: every notebook's grade and the total. */
export interface GradeReport {
  readonly version: typeof GRADE_JSON_VERSION;
  readonly notebooks: readonly NotebookGrade[];
  /** Exercises solved, over every notebook. */
  readonly solved: number;
  /** Exercises, over every notebook. */
  readonly total: number;
}

const EXIT_HELP = `
Exit codes:
  0  every exercise of every notebook is solved
  1  an exercise is not solved, or a notebook could not be graded (unreadable, malformed exercises, no kernel)
  2  usage error (unknown option, no notebook given)

The learner's notebooks are run in memory and never written. Solution cells (tagged \`solution\`)
are left out of the run, and the report says so.`;

/** Adds the `grade` command to `program`. */
export function addGradeCommand(program: Command, io: NotebookCommandIO): void {
  program
    .command("grade")
    .description("run learners' notebooks without their solutions and score each exercise by its verify cells")
    .argument("<notebooks...>", ".ipynb files")
    .option("--json", "print one JSON object (schema in docs/exercises.md) instead of text")
    .option("--timeout <seconds>", "per-cell timeout in seconds (0: none)", parseSeconds, 600)
    .option("--kernel <name>", "kernel to use instead of each notebook's metadata.kernelspec.name")
    .option("-j, --jobs <n>", "notebooks to run at once, each in its own kernel (default: CPU cores)", parsePositiveInteger, availableParallelism())
    .addHelpText("after", EXIT_HELP)
    .action(async (paths: string[], opts: { json?: boolean; timeout: number; kernel?: string; jobs: number }) => {
      const grades = await runPool(paths, opts.jobs, (path) => gradeNotebook(path, { timeoutMs: opts.timeout * 1000, kernelName: opts.kernel, env: io.env }));
      const report: GradeReport = {
        version: GRADE_JSON_VERSION,
        notebooks: grades,
        solved: grades.reduce((n, g) => n + g.solved, 0),
        total: grades.reduce((n, g) => n + g.total, 0),
      };
      if (opts.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
      else io.out(formatGradeReport(report));
      if (grades.some((g) => g.error !== undefined || g.solved < g.total)) io.fail(EXIT_CODES.failed);
    });
}

/** The text report: per notebook, one line per exercise, what is still wrong below it, and the totals. */
export function formatGradeReport(report: GradeReport): string {
  const lines: string[] = [];
  for (const grade of report.notebooks) {
    lines.push(grade.path);
    if (grade.solutionsLeftOut > 0) {
      lines.push(
        `  note: left out ${grade.solutionsLeftOut} solution cell${grade.solutionsLeftOut === 1 ? "" : "s"} (tagged \`solution\`); graded without them`,
      );
    }
    if (grade.error !== undefined && grade.exercises.length === 0) lines.push(indent(`error: ${grade.error}`, "  "));
    else if (grade.exercises.length === 0) lines.push("  no exercises (no cell is tagged `exercise`)");
    for (const exercise of grade.exercises) {
      lines.push(`  ${exercise.solved ? "✔ solved    " : "✘ not solved"}  ${exercise.id}: ${exercise.title}`);
      for (const problem of exercise.problems) lines.push(indent(problem, "      "));
    }
    if (grade.exercises.length > 0) lines.push(`  ${grade.solved}/${grade.total} exercises solved`);
  }
  if (report.notebooks.length > 1) lines.push(`total: ${report.solved}/${report.total} exercises solved`);
  return `${lines.join("\n")}\n`;
}

function indent(text: string, by: string): string {
  return text
    .split("\n")
    .map((l) => `${by}${l}`)
    .join("\n");
}

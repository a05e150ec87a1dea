/**
 * Options several commands share, and commander's parsers for their values.
 */
import { availableParallelism } from "node:os";
import { InvalidArgumentError, type Command } from "commander";
import type { ExportOptions } from "../notebook/export/index.js";
import { parseParameterAssignment, type ParameterValue } from "../notebook/parameters.js";
import type { RunOptions } from "../notebook/runner.js";

/** The options `run` and `course` share. */
export interface RunFlags {
  timeout: number;
  kernel?: string;
  jobs: number;
  allowErrors?: boolean;
  parameter: [string, ParameterValue][];
  outputs?: "full" | "minimal";
}

/** The options `export` and `course` share. */
export interface ExportFlags {
  input: boolean;
  interactive?: boolean;
  trust?: boolean;
  showChecks?: boolean;
  student?: boolean;
  live?: boolean;
}

/** Adds the options of `run` and `course`. */
export const runFlags = (command: Command): Command =>
  command
    .option("--timeout <seconds>", "per-cell timeout in seconds (0: none)", parseSeconds, 600)
    .option("--kernel <name>", "kernel to use instead of each notebook's metadata.kernelspec.name")
    .option("-j, --jobs <n>", "notebooks to run at once, each in its own kernel (default: CPU cores)", parsePositiveInteger, availableParallelism())
    .option("-p, --parameter <name=value>", "set a parameter (repeatable); injected after the cell tagged `parameters`", collectParameter, [])
    .option("--outputs <level>", "store every representation (full) or text and one rich one (minimal; kept in the notebook's metadata)", parseRunOutputs);

/** Commander's parser for `run --outputs`. */
function parseRunOutputs(value: string): "full" | "minimal" {
  if (value === "full" || value === "minimal") return value;
  throw new InvalidArgumentError("must be full or minimal (to remove outputs, use `podtalk strip --outputs none`)");
}

/** Adds the options of `export` and `course`. */
export const exportFlags = (command: Command): Command =>
  command
    .option("--no-input", "leave out every code input (an article without code)")
    .option("--interactive", "charts become interactive Vega-Lite views (vega-embed inlined; still no network)")
    .option("--trust", "inline HTML from outputs and markdown as is, scripts included, instead of sanitising it")
    .option("--show-checks", "show the cells tagged `verify` (their check() lines) instead of leaving them out")
    .option("--student", 'the learner\'s build: cells tagged `solution` are left out of every file written (default: folded under "Solution")')
    .option("--live", "code cells become editors that run in the reader's browser (the notebook's own code: only for notebooks you trust)");

/** Why the export flags cannot go together, if they cannot: a live article needs its code. */
export function exportFlagProblems(opts: ExportFlags): string[] {
  return opts.live === true && !opts.input ? ["--live makes the code cells editable and cannot leave them out: drop --no-input or --live"] : [];
}

/** RunOptions from the parsed run flags. */
export const runOptionsOf = (opts: RunFlags): RunOptions => ({
  timeoutMs: opts.timeout * 1000,
  kernelName: opts.kernel,
  allowErrors: opts.allowErrors,
  parameters: opts.parameter.length ? Object.fromEntries(opts.parameter) : undefined,
  outputs: opts.outputs,
});

/** ExportOptions from the parsed export flags. */
export const exportOptionsOf = (opts: ExportFlags): ExportOptions => ({
  noInput: !opts.input,
  interactive: opts.interactive,
  trust: opts.trust,
  showChecks: opts.showChecks === true,
  student: opts.student === true,
  live: opts.live === true,
});

/** Commander's collector for repeated `-p name=value`. */
export function collectParameter(value: string, previous: [string, ParameterValue][]): [string, ParameterValue][] {
  try {
    return [...previous, parseParameterAssignment(value)];
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

/** Commander's parser for a count of 1 or more. */
export function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number, 1 or more");
  return n;
}

/** Commander's parser for seconds, 0 meaning no limit. */
export function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expected a number of seconds (0 for no limit)");
  return n;
}

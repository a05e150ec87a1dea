/**
 * `podtalk run`: execute notebooks through their kernel and write the outputs back.
 */
import type { Command } from "commander";
import { EXIT_CODES } from "../exit-codes.js";
import { runFlags, runOptionsOf, type RunFlags } from "../flags.js";
import { outputClashes, runMany } from "../run-many.js";
import type { NotebookCommandIO } from "./command-io.js";

/** Adds the `run` command to `program`. */
export function addRunCommand(program: Command, io: NotebookCommandIO): void {
  runFlags(
    program
      .command("run")
      .description("execute notebooks through their kernel and write the outputs back (atomically)")
      .argument("<notebooks...>", ".ipynb files")
      .option("--out <dir>", "write executed notebooks into this folder instead of over the sources")
      .option("--allow-errors", "record errors and keep going instead of stopping at the first"),
  ).action(async (paths: string[], opts: RunFlags & { out?: string }) => {
    const clashes = outputClashes(paths, opts.out);
    if (clashes.length > 0) {
      for (const clash of clashes) io.err(`error: ${clash}\n`);
      io.fail(EXIT_CODES.usage);
      return;
    }
    const results = await runMany(io, paths, { ...runOptionsOf(opts), out: opts.out }, opts.jobs);
    if (results.some((r) => !r.ok)) io.fail(EXIT_CODES.failed);
  });
}

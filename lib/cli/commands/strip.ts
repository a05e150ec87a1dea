/**
 * `podtalk strip`: store less of each output (see docs/notebook-outputs.md). On files it rewrites
 * them; without files it reads a notebook on stdin and writes it to stdout, which is what git
 * asks of a clean filter (as nbstripout is used).
 */
import { readFileSync } from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import { parseNotebook, readNotebook, serializeNotebook, writeNotebook, type Notebook } from "../../notebook/ipynb.js";
import { OUTPUTS_LEVELS, outputBytes, setOutputsLevel, type OutputsLevel } from "../../notebook/outputs.js";
import { EXIT_CODES } from "../exit-codes.js";
import type { CommandIO } from "./command-io.js";

/** Commander's parser for `--outputs`. */
export function parseOutputsLevel(value: string): OutputsLevel {
  if ((OUTPUTS_LEVELS as readonly string[]).includes(value)) return value as OutputsLevel;
  throw new InvalidArgumentError(`must be one of ${OUTPUTS_LEVELS.join(", ")}`);
}

/** Adds the `strip` command to `program`. */
export function addStripCommand(program: Command, io: CommandIO): void {
  program
    .command("strip")
    .description("store less of each output: minimal (text and one rich representation) or none; without files, a git clean filter (stdin to stdout)")
    .argument("[notebooks...]", ".ipynb files to rewrite (none: read stdin, write stdout)")
    .option("--outputs <level>", `what to keep: ${OUTPUTS_LEVELS.join(", ")}`, parseOutputsLevel, "minimal")
    .option("--sizes", "print the bytes each MIME type takes, as stored and at this level; change nothing")
    .action((paths: string[], opts: { outputs: OutputsLevel; sizes?: boolean }) => {
      if (paths.length === 0) {
        let notebook: Notebook;
        try {
          notebook = parseNotebook(readFileSync(0, "utf8"), "<stdin>");
        } catch (e) {
          io.err(`error: ${(e as Error).message}\n`);
          io.fail(EXIT_CODES.failed);
          return;
        }
        if (opts.sizes) io.out(sizesTable([["<stdin>", notebook]], opts.outputs));
        else io.out(serializeNotebook(setOutputsLevel(notebook, opts.outputs)));
        return;
      }
      const notebooks: [string, Notebook][] = [];
      for (const path of paths) {
        try {
          notebooks.push([path, readNotebook(path)]);
        } catch (e) {
          io.err(`FAIL ${(e as Error).message}\n`);
          io.fail(EXIT_CODES.failed);
        }
      }
      if (opts.sizes) {
        io.out(sizesTable(notebooks, opts.outputs));
        return;
      }
      for (const [path, notebook] of notebooks) {
        const changed = writeNotebook(path, setOutputsLevel(notebook, opts.outputs));
        io.out(`${changed ? "stripped" : "unchanged"} ${path}\n`);
      }
    });
}

/** A Markdown table: bytes per MIME type for each notebook, as stored and at `level`. */
function sizesTable(notebooks: readonly [string, Notebook][], level: OutputsLevel): string {
  const rows = notebooks.map(([path, notebook]) => {
    const before = outputBytes(notebook);
    const file = Buffer.byteLength(serializeNotebook(notebook));
    const stripped = setOutputsLevel(JSON.parse(JSON.stringify(notebook)) as Notebook, level);
    return { path, before, file, after: Buffer.byteLength(serializeNotebook(stripped)) };
  });
  const mimes = [...new Set(rows.flatMap((r) => [...r.before.keys()]))].sort();
  const lines = [
    `| notebook | ${mimes.join(" | ")} | file | ${level} |`,
    `|---|${mimes.map(() => "--:|").join("")}--:|--:|`,
    ...rows.map((r) => `| ${r.path} | ${mimes.map((m) => r.before.get(m) ?? 0).join(" | ")} | ${r.file} | ${r.after} |`),
  ];
  if (rows.length > 1) {
    const sum = (f: (r: (typeof rows)[number]) => number): number => rows.reduce((n, r) => n + f(r), 0);
    lines.push(`| total | ${mimes.map((m) => sum((r) => r.before.get(m) ?? 0)).join(" | ")} | ${sum((r) => r.file)} | ${sum((r) => r.after)} |`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * `podtalk export`: notebooks to self-contained HTML articles, and an index page for several.
 */
import { join } from "node:path";
import type { Command } from "commander";
import { readNotebook, type Notebook } from "../../notebook/ipynb.js";
import { articleLinks, htmlName, reportArticle, writeArticle, writeIndex } from "../articles.js";
import { EXIT_CODES } from "../exit-codes.js";
import { exportFlagProblems, exportFlags, exportOptionsOf, type ExportFlags } from "../flags.js";
import { outputClashes, reservedArticleNames } from "../run-many.js";
import { madeOutDir, refusedForUsage, type CommandIO } from "./command-io.js";

/** Adds the `export` command to `program`. */
export function addExportCommand(program: Command, io: CommandIO): void {
  exportFlags(
    program
      .command("export")
      .description("turn notebooks into self-contained HTML articles (and an index page for several)")
      .argument("<notebooks...>", ".ipynb files, in reading order")
      .requiredOption("--out <dir>", "folder for the .html files"),
  ).action((paths: string[], opts: ExportFlags & { out: string }) => {
    // Two notebooks whose articles share a file name, or a notebook whose article would be the
    // index page, would silently lose an article: refuse before writing anything.
    const problems = [...exportFlagProblems(opts), ...outputClashes(paths, opts.out, htmlName), ...(paths.length > 1 ? reservedArticleNames(paths) : [])];
    if (refusedForUsage(io, problems) || !madeOutDir(io, opts.out)) return;
    const notebooks: { notebook: Notebook; source: string }[] = [];
    for (const path of paths) {
      try {
        notebooks.push({ notebook: readNotebook(path), source: path });
      } catch (e) {
        io.err(`FAIL ${(e as Error).message}\n`);
        io.fail(EXIT_CODES.failed);
      }
    }
    const linked = paths.length > 1;
    const links = articleLinks(notebooks, undefined, opts.student === true);
    notebooks.forEach((entry, i) => {
      // One notebook that cannot be exported does not stop the others, nor the index.
      if (!reportArticle(io, entry.source, writeArticle(entry, links, i, opts.out, exportOptionsOf(opts), linked))) io.fail(EXIT_CODES.failed);
    });
    if (linked) writeIndex(links, opts.out);
    if (linked) io.out(`${join(opts.out, "index.html")}\n`);
  });
}

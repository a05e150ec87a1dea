/**
 * `podtalk course`: run every notebook of a folder, export each as it finishes, and write the
 * index page.
 */
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { Command } from "commander";
import type { ArticleLink } from "../../notebook/export/index.js";
import { withoutSolutions } from "../../notebook/exercises.js";
import { readNotebook, writeNotebook, type Notebook } from "../../notebook/ipynb.js";
import {
  articleLinks,
  courseTitle,
  exporter,
  readCourseText,
  reportArticle,
  writeArticle,
  writeIndex,
  writeLiveRuntime,
  type WrittenArticle,
} from "../articles.js";
import { EXIT_CODES } from "../exit-codes.js";
import { exportFlagProblems, exportFlags, exportOptionsOf, runFlags, runOptionsOf, type ExportFlags, type RunFlags } from "../flags.js";
import { reservedArticleNames, runMany } from "../run-many.js";
import { madeOutDir, refusedForUsage, type NotebookCommandIO } from "./command-io.js";

/** Adds the `course` command to `program`. */
export function addCourseCommand(program: Command, io: NotebookCommandIO): void {
  exportFlags(
    runFlags(
      program
        .command("course")
        .description("run every notebook in a folder (sorted by name), export each, and write an index page")
        .argument("<dir>", "folder of .ipynb files")
        .requiredOption("--out <dir>", "output folder: notebooks/, one .html per notebook, index.html")
        .option("--title <title>", "the course's title on the index page (default: the first heading of <dir>/index.md)"),
    ),
  ).action(async (dir: string, opts: RunFlags & ExportFlags & { out: string; title?: string }) => {
    let names: string[];
    try {
      if (!statSync(dir).isDirectory()) throw new Error("not a folder");
      names = readdirSync(dir)
        .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
        .sort();
    } catch (e) {
      io.err(`error: ${dir}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such folder" : (e as Error).message}\n`);
      io.fail(EXIT_CODES.usage);
      return;
    }
    if (names.length === 0) {
      io.err(`error: ${dir}: no .ipynb files\n`);
      io.fail(EXIT_CODES.usage);
      return;
    }
    const paths = names.map((n) => join(dir, n));
    if (refusedForUsage(io, [...exportFlagProblems(opts), ...reservedArticleNames(paths)]) || !madeOutDir(io, opts.out)) return;
    // A live course's articles share one runtime file beside them (chromium runs it from file:// too).
    let exportOptions = exportOptionsOf(opts);
    if (opts.live === true) {
      try {
        exportOptions = { ...exportOptions, liveRuntimeHref: writeLiveRuntime(opts.out) };
      } catch (e) {
        io.err(`error: ${(e as Error).message}\n`);
        io.fail(EXIT_CODES.failed);
        return;
      }
    }
    // Each article is written as soon as its notebook has run, while the others still run. A run
    // changes outputs, never titles, so the previous/next links come from the sources. A notebook
    // that failed is still exported: its page shows where and why it stopped; one that could not
    // be read at all has no article and no link.
    let links: ArticleLink[] | undefined;
    const readable = paths.flatMap((source) => {
      try {
        return [{ notebook: readNotebook(source), source }];
      } catch {
        return [];
      }
    });
    // What exporting said is printed once the runs are over, below their report lines.
    const written: { source: string; article: WrittenArticle }[] = [];
    const write = (entry: { notebook: Notebook; source: string }, at: number): void => {
      links ??= articleLinks(readable, "notebooks", opts.student === true);
      written.push({ source: entry.source, article: writeArticle(entry, links, at, opts.out, exportOptions, true) });
    };
    const running = runMany(io, paths, { ...runOptionsOf(opts), out: join(opts.out, "notebooks") }, opts.jobs, undefined, (index, notebook) => {
      // The learner's download has no solution: the run's notebook (with them) is replaced at once
      // by the copy without them, or removed when that cannot be written.
      if (opts.student === true) studentCopy(join(opts.out, "notebooks", basename(paths[index]!)), notebook);
      write(
        { notebook, source: paths[index]! },
        readable.findIndex((r) => r.source === paths[index]),
      );
    });
    // Load the exporter while the first kernels start, rather than after the first notebook ran.
    setImmediate(exporter);
    const results = await running;
    if (results.some((r) => !r.ok)) io.fail(EXIT_CODES.failed);
    links ??= articleLinks(readable, "notebooks", opts.student === true);
    readable.forEach((entry, at) => {
      // A notebook whose kernel never started is shown as stored, so that no link is broken.
      if (!results[paths.indexOf(entry.source)]?.notebook) write(entry, at);
    });
    written.sort((a, b) => paths.indexOf(a.source) - paths.indexOf(b.source));
    for (const { source, article } of written) if (!reportArticle(io, source, article, false)) io.fail(EXIT_CODES.failed);
    const course = readCourseText(dir);
    // A notebook whose kernel never started was not written into notebooks/: no download link for it.
    const downloadable = links.map((link, at) => {
      if (link.notebookHref === undefined || existsSync(join(opts.out, "notebooks", basename(readable[at]!.source)))) return link;
      const { notebookHref: _, ...rest } = link;
      return rest;
    });
    writeIndex(downloadable, opts.out, opts.title?.trim() || course.title || courseTitle(dir), course.introduction);
    io.out(`${join(opts.out, "index.html")}\n`);
  });
}

/** Replaces the downloadable notebook at `path` by its copy without solution cells; removes it if that fails. */
function studentCopy(path: string, notebook: Notebook): void {
  try {
    writeNotebook(path, withoutSolutions(notebook).notebook);
  } catch (e) {
    rmSync(path, { force: true });
    throw e;
  }
}

/**
 * Writing HTML articles and the index page for `export` and `course`, with the exporter loaded on
 * first use.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import type { ArticleLink, ExportOptions } from "../notebook/export/index.js";
import { withoutSolutions } from "../notebook/exercises.js";
import type { Notebook } from "../notebook/ipynb.js";
import { writeFileAtomic } from "../notebook/write-file-atomic.js";
import { makeDirs } from "../notebook/internal/make-dirs.js";

type Exporter = typeof import("../notebook/export/index.js");
let exporterModule: Exporter | undefined;
/** The exporter, loaded on first use: markdown, highlighting, math and the sanitiser take a while to load. */
export function exporter(): Exporter {
  exporterModule ??= require("../notebook/export/index.js") as Exporter;
  return exporterModule;
}

/**
 * The title and URL of each notebook's article, in order, with the number its file name starts
 * with and the minutes it takes; with `notebooksHref` (the folder the notebooks are copied to,
 * relative to the index), a link to download each. `student`: the minutes of a learner's build.
 */
export function articleLinks(notebooks: readonly { notebook: Notebook; source: string }[], notebooksHref?: string, student = false): ArticleLink[] {
  return notebooks.map(({ notebook, source }) => {
    let title = stem(source);
    let minutes: number | undefined;
    try {
      title = exporter().notebookTitle(notebook, undefined, title);
      // A learner's build has no solutions to read.
      minutes = exporter().articleMinutes(student ? withoutSolutions(notebook).notebook : notebook);
    } catch {
      // A notebook too broken to find its title in fails when its article is written, and says why there.
    }
    const number = /^(\d+)(?=[-_ .])/.exec(basename(source))?.[1];
    return {
      title,
      href: htmlHref(source),
      ...(number !== undefined ? { number } : {}),
      ...(minutes !== undefined ? { minutes } : {}),
      ...(notebooksHref !== undefined ? { notebookHref: `${notebooksHref}/${encodeURIComponent(basename(source))}` } : {}),
    };
  });
}

/** One article written: its file, what was left out of it, and why it could not be exported, if so. */
export interface WrittenArticle {
  readonly target: string;
  /** One line each, naming the notebook. */
  readonly warnings: readonly string[];
  /** Why the notebook could not be exported; its file then says so and keeps the navigation. */
  readonly failure?: string;
}

/**
 * Writes the article of `notebook` into `outDir`; with `linked`, `links[at]` is its own entry and
 * its neighbours are its previous and next articles. A notebook that cannot be exported still gets
 * a page, saying why, so that the other articles' links and the index work.
 */
export function writeArticle(
  { notebook, source }: { notebook: Notebook; source: string },
  links: readonly ArticleLink[],
  at: number,
  outDir: string,
  options: ExportOptions,
  linked: boolean,
): WrittenArticle {
  makeDirs(outDir);
  const target = join(outDir, htmlName(source));
  const warnings: string[] = [];
  const articleOptions: ExportOptions = {
    ...options,
    baseDir: dirname(source),
    fallbackTitle: stem(source),
    onWarning: (message) => warnings.push(`warning: ${source}: ${message}`),
    ...(linked ? { indexHref: "index.html", previous: links[at - 1], next: links[at + 1] } : {}),
  };
  let html: string;
  let failure: string | undefined;
  try {
    html = exporter().exportNotebook(notebook, articleOptions);
  } catch (e) {
    failure = e instanceof exporter().ExportError ? e.message : `${(e as Error).name}: ${(e as Error).message}; please report this as a podtalk bug`;
    html = exporter().exportFailedNotebook(links[at]?.title ?? stem(source), failure, articleOptions);
  }
  writeFileAtomic(target, html);
  return failure === undefined ? { target, warnings } : { target, warnings, failure };
}

/** Prints what writing an article gave: its warnings, then `ok` or `FAIL` with the reason. Returns whether it was exported. */
export function reportArticle(io: { out: (text: string) => void; err: (text: string) => void }, source: string, written: WrittenArticle, ok = true): boolean {
  for (const w of written.warnings) io.err(`${w}\n`);
  if (written.failure !== undefined) {
    io.err(`FAIL ${source}: cannot export: ${written.failure}\n`);
    return false;
  }
  if (ok) io.out(`ok   ${source} -> ${written.target}\n`);
  return true;
}

/** The file name of the runtime a live course's articles share. */
export const LIVE_RUNTIME_FILE = "podtalk-live.js";

/** Writes the live runtime into `outDir` once for a course's articles; returns its URL relative to them. */
export function writeLiveRuntime(outDir: string): string {
  makeDirs(outDir);
  const { liveRuntimeFile } = require("../notebook/export/live-page.js") as typeof import("../notebook/export/live-page.js");
  writeFileAtomic(join(outDir, LIVE_RUNTIME_FILE), liveRuntimeFile());
  return LIVE_RUNTIME_FILE;
}

/** Writes `index.html`, linking the articles in order. */
export function writeIndex(links: readonly ArticleLink[], outDir: string, title = "Notebooks", introduction?: string): void {
  makeDirs(outDir);
  writeFileAtomic(join(outDir, "index.html"), exporter().exportIndex(links, introduction !== undefined ? { title, introduction } : { title }));
}

/** A course's own words for its index page, from `index.md` in its folder. */
export interface CourseText {
  /** The file's first `# ` heading, if it starts with one. */
  readonly title?: string;
  /** The rest of the file (markdown). */
  readonly introduction?: string;
}

/**
 * Reads `index.md` from a course folder: its first line, when a `# ` heading, is the course's
 * title; the rest is the introduction the index page shows above the articles. No file, no text.
 */
export function readCourseText(dir: string): CourseText {
  let text: string;
  try {
    text = readFileSync(join(dir, "index.md"), "utf8").replace(/^\uFEFF/, "");
  } catch {
    return {};
  }
  const heading = /^#[ \t]+(.+?)[ \t#]*(?:\r?\n|$)/.exec(text);
  const introduction = (heading ? text.slice(heading[0].length) : text).trim();
  return { ...(heading ? { title: heading[1]!.trim() } : {}), ...(introduction ? { introduction } : {}) };
}

/** A notebook's file name without `.ipynb`. */
function stem(path: string): string {
  return basename(path).replace(/\.ipynb$/, "");
}

/** The article's file name for a notebook. */
export function htmlName(path: string): string {
  return `${stem(path)}.html`;
}

/**
 * The article's URL, relative to its neighbours and the index: the file name percent-encoded, so
 * that `#` and `?` stay part of it and a `:` can never make it a scheme (`javascript:…`).
 */
function htmlHref(path: string): string {
  return encodeURIComponent(htmlName(path));
}

/** The index page's title for a course folder. */
export function courseTitle(dir: string): string {
  const name = basename(relative(".", dir) || dir);
  return name && name !== "." && name !== "notebooks" ? name : "podtalk: how Pods talk to each other";
}

/**
 * Writing HTML articles and the index page for `export` and `course`, with the exporter loaded on
 * first use.
 */
import { mkdirSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import type { ArticleLink, ExportOptions } from "../notebook/export/index.js";
import type { Notebook } from "../notebook/ipynb.js";
import { writeFileAtomic } from "../notebook/write-file-atomic.js";

type Exporter = typeof import("../notebook/export/index.js");
let exporterModule: Exporter | undefined;
/** The exporter, loaded on first use: markdown, highlighting, math and the sanitiser take a while to load. */
export function exporter(): Exporter {
  exporterModule ??= require("../notebook/export/index.js") as Exporter;
  return exporterModule;
}

/** The title and file name of each notebook's article, in order. */
export function articleLinks(notebooks: readonly { notebook: Notebook; source: string }[]): ArticleLink[] {
  return notebooks.map(({ notebook, source }) => ({ title: exporter().notebookTitle(notebook, undefined, stem(source)), href: htmlName(source) }));
}

/**
 * Writes the article of `notebook` into `outDir`; with `linked`, `links[at]` is its own entry and
 * its neighbours are its previous and next articles. Returns the file written.
 */
export function writeArticle(
  { notebook, source }: { notebook: Notebook; source: string },
  links: readonly ArticleLink[],
  at: number,
  outDir: string,
  options: ExportOptions,
  linked: boolean,
): string {
  mkdirSync(outDir, { recursive: true });
  const target = join(outDir, htmlName(source));
  const html = exporter().exportNotebook(notebook, {
    ...options,
    baseDir: dirname(source),
    fallbackTitle: stem(source),
    ...(linked ? { indexHref: "index.html", previous: links[at - 1], next: links[at + 1] } : {}),
  });
  writeFileAtomic(target, html);
  return target;
}

/** Writes `index.html`, linking the articles in order. */
export function writeIndex(links: readonly ArticleLink[], outDir: string, title = "Notebooks"): void {
  mkdirSync(outDir, { recursive: true });
  writeFileAtomic(join(outDir, "index.html"), exporter().exportIndex(links, { title }));
}

/** A notebook's file name without `.ipynb`. */
function stem(path: string): string {
  return basename(path).replace(/\.ipynb$/, "");
}

/** The article's file name for a notebook. */
function htmlName(path: string): string {
  return `${stem(path)}.html`;
}

/** The index page's title for a course folder. */
export function courseTitle(dir: string): string {
  const name = basename(relative(".", dir) || dir);
  return name && name !== "." && name !== "notebooks" ? name : "podtalk: how Pods talk to each other";
}

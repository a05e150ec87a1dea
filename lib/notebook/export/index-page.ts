/**
 * The index page of an exported course: its articles in order, each a link.
 */
import { escapeHTML } from "../../render/html.js";
import type { ArticleLink, IndexOptions } from "./options.js";
import { page } from "./page.js";

/** Renders the index page: the articles in the given order, with their titles and links. */
export function exportIndex(articles: readonly ArticleLink[], options: IndexOptions = {}): string {
  const title = options.title ?? "Notebooks";
  const items = articles.map((a) => `<li><a href="${escapeHTML(a.href)}">${escapeHTML(a.title)}</a></li>`).join("\n");
  const description = options.description ? `<p>${escapeHTML(options.description)}</p>` : "";
  return page(title, `<article class="index"><h1>${escapeHTML(title)}</h1>${description}<ol class="articles">\n${items}\n</ol></article>`, {
    head: "",
    scripts: false,
    trust: false,
  });
}

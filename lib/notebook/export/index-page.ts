/**
 * The index page of an exported course, its front door: the title and introduction (from the
 * course's own words), each article numbered as the notebooks are, with the time it takes and a
 * link to download its notebook, the total time, and how to run the notebooks yourself.
 */
import { escapeHTML } from "../../render/html.js";
import type { Notebook } from "../ipynb.js";
import { createMarkdown } from "../internal/markdown.js";
import { sanitize } from "../internal/sanitize.js";
import type { ArticleLink, IndexOptions } from "./options.js";
import { page } from "./page.js";

/** Words a learner reads in a minute (a common estimate for technical prose). */
const WORDS_PER_MINUTE = 200;
/** Minutes a learner spends on each code cell the article shows: reading it and what it printed. */
const MINUTES_PER_CELL = 0.5;

/**
 * How long an article takes, in whole minutes: `metadata.podtalk.minutes` when the notebook says,
 * else its markdown's words at 200 a minute plus half a minute for each code cell it shows (cells
 * tagged `remove-cell` or `verify` are not shown).
 *
 * @example
 * articleMinutes(notebook) // 12
 */
export function articleMinutes(notebook: Notebook): number {
  const podtalk = notebook.metadata["podtalk"];
  const stated = typeof podtalk === "object" && podtalk !== null ? (podtalk as Record<string, unknown>)["minutes"] : undefined;
  if (typeof stated === "number" && Number.isFinite(stated) && stated > 0) return Math.ceil(stated);
  let words = 0;
  let cells = 0;
  for (const cell of notebook.cells) {
    const tags = Array.isArray(cell.metadata["tags"]) ? (cell.metadata["tags"] as unknown[]) : [];
    if (tags.includes("remove-cell") || tags.includes("verify")) continue;
    if (cell.cell_type === "markdown") words += cell.source.split(/\s+/).filter((w) => /\w/.test(w)).length;
    else if (cell.cell_type === "code") cells += 1;
  }
  return Math.max(1, Math.ceil(words / WORDS_PER_MINUTE + cells * MINUTES_PER_CELL));
}

/** "about 12 min", or "about 1 h 5 min" from an hour on. */
function duration(minutes: number): string {
  return minutes < 60 ? `about ${minutes} min` : `about ${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
}

/** One article's entry: its number, its link, its time and its notebook. */
function entry(a: ArticleLink): string {
  const number = a.number !== undefined ? `<span class="article-number">${escapeHTML(a.number)}</span> ` : "";
  const details = [
    a.minutes !== undefined ? `<span class="minutes">${duration(a.minutes)}</span>` : "",
    a.notebookHref !== undefined
      ? `<a class="download" href="${escapeHTML(a.notebookHref)}" download>notebook<span class="visually-hidden"> ${escapeHTML(a.number ?? "")} ${escapeHTML(a.title)}</span> (.ipynb)</a>`
      : "",
  ].filter(Boolean);
  return `<li>${number}<a href="${escapeHTML(a.href)}">${escapeHTML(a.title)}</a>${details.length ? ` <span class="article-meta">· ${details.join(" · ")}</span>` : ""}</li>`;
}

/** "Run the notebooks yourself": the commands, naming the first notebook as the example. */
function runSection(articles: readonly ArticleLink[]): string {
  const first = articles.find((a) => a.notebookHref !== undefined)?.notebookHref;
  if (first === undefined) return "";
  const example = escapeHTML(decodeURIComponent(first));
  return `<section class="run-yourself" aria-labelledby="run-yourself">
<h2 id="run-yourself">Run the notebooks yourself</h2>
<p>Every article is a notebook, shown with the outputs it had when it was run. To change a command and see what happens, run the notebooks on your own machine: you need Node 20.19 or later, and no real cluster. In the course's repository, one command runs every notebook and writes this site again:</p>
<pre tabindex="0"><code>npm install &amp;&amp; npm start</code></pre>
<p>One notebook at a time: <code>npx podtalk run ${example}</code> runs it and writes its outputs back into it. To open the notebooks in Jupyter instead, add podtalk's kernel with <code>npx podtalk kernel install --user</code>.</p>
</section>`;
}

/** Renders the index page: the articles in the given order, with their titles and links. */
export function exportIndex(articles: readonly ArticleLink[], options: IndexOptions = {}): string {
  const title = options.title ?? "Notebooks";
  const items = articles.map(entry).join("\n");
  const description = options.description ? `<p>${escapeHTML(options.description)}</p>` : "";
  // The introduction is the course's own markdown: no raw HTML, and sanitised as an article's is.
  const introduction = options.introduction ? `<div class="introduction">${sanitize(createMarkdown({ html: false }).render(options.introduction))}</div>` : "";
  const timed = articles.filter((a) => a.minutes !== undefined);
  const total =
    timed.length > 0 && timed.length === articles.length
      ? `<p class="total-time">${articles.length} articles, ${duration(timed.reduce((sum, a) => sum + a.minutes!, 0))} in all.</p>`
      : "";
  const list = `<h2 id="articles">Articles</h2>\n${total}<ol class="articles">\n${items}\n</ol>`;
  return page(title, `<main><article class="index"><h1>${escapeHTML(title)}</h1>${description}${introduction}${list}${runSection(articles)}</article></main>`, {
    head: "",
    scripts: false,
    trust: false,
  });
}

/**
 * Notebooks to self-contained HTML articles: markdown rendered (tables, admonitions, math), code
 * highlighted, outputs inline, figures captioned, a table of contents and navigation.
 *
 * An article loads nothing from anywhere, and says so to the browser: a Content-Security-Policy
 * of `default-src 'none'` forbids every fetch. Styles are inline, diagrams inline SVG, images and
 * fonts data: URIs. The only scripts are the exporter's own, each allowed by its hash: the packet
 * stepper when the article shows a trace (stepper-script.ts), and with `interactive` the
 * vega-embed bundle (each chart's static SVG stays as the fallback).
 */
import { VERIFY_TAG } from "../../render/check.js";
import { escapeHTML } from "../../render/html.js";
import { EXERCISE_TAG, HINT_TAG, SOLUTION_TAG, scanExercises, type Exercise } from "../exercises.js";
import { cellTags, type Notebook } from "../ipynb.js";
import { katexStylesheet } from "../internal/assets.js";
import { hasLanguage } from "../internal/highlight.js";
import { createMarkdown, MathError, markdownEnv, renderMath, type Heading, type MarkdownEnv } from "../internal/markdown.js";
import { sanitize } from "../internal/sanitize.js";
import { interactiveScripts, renderCodeCell, type ArticleState } from "./cells.js";
import { ExportError } from "./export-error.js";
import type { ExportOptions } from "./options.js";
import { LIVE_CSS, liveParts } from "./live-page.js";
import { page } from "./page.js";
import { STEPPER_SCRIPT } from "./stepper-script.js";

/**
 * Renders a notebook as one self-contained HTML page.
 *
 * Tags honoured, as Jupyter Book does: `remove-cell`, `remove-input`, `remove-output`,
 * `hide-input` and `hide-output` (collapsed in a `<details>`, no JavaScript needed). A cell tagged
 * `verify` (it runs `check()`s) is left out whole, input and output, unless `showChecks` is set.
 * Exercises (docs/exercises.md): the cell tagged `exercise` is framed and labelled with its
 * title, `hint` cells are folded under "Hint", `solution` cells under "Solution", or absent with
 * `student`. A code cell whose metadata has a `caption`
 * (or `fig-cap`, or `figure: {caption, name}`) becomes a numbered figure; `label` (or `name`)
 * gives it an id to link to.
 *
 * Local images named by markdown are embedded only when they are regular files inside `baseDir`
 * (see {@link ExportOptions.baseDir}); each one left out is reported to `onWarning`.
 *
 * @throws {ExportError} when a cell cannot be rendered (math nested too deeply for KaTeX, …),
 *   naming the cell.
 * @example writeFileSync("dist/01-pods.html", exportNotebook(readNotebook("notebooks/01-pods.ipynb")));
 */
export function exportNotebook(notebook: Notebook, options: ExportOptions = {}): string {
  const md = createMarkdown({ html: true });
  const env: MarkdownEnv = markdownEnv(options.baseDir);
  const state: ArticleState = {
    options,
    language: notebookLanguage(notebook),
    figures: 0,
    tables: 0,
    charts: [],
    markdown: (source) => md.render(source, env),
  };
  const parts: string[] = [];
  env.warn = options.onWarning;
  const { exercises, problems } = scanExercises(notebook);
  if (problems.length > 0) throw new ExportError(`its exercises are malformed: ${problems[0]!.message}`, problems[0]!.cell);
  const exerciseAt = new Map<number, Exercise>(exercises.map((e) => [e.cell, e]));
  notebook.cells.forEach((cell, index) => {
    const tags = cellTags(cell);
    if (tags.includes("remove-cell") || (tags.includes(VERIFY_TAG) && options.showChecks !== true)) return;
    // The learner's build has no solution at all: not its source, not its outputs.
    if (tags.includes(SOLUTION_TAG) && options.student === true) return;
    env.cell = index + 1;
    state.cell = index + 1;
    try {
      let html = "";
      if (cell.cell_type === "markdown") {
        env.attachments = cell.attachments ?? {};
        const rendered = md.render(cell.source, env);
        html = `<section class="cell markdown">${options.trust ? rendered : sanitize(rendered)}</section>`;
      } else if (cell.cell_type === "code") {
        env.attachments = {};
        html = renderCodeCell(cell, tags, state);
      }
      const exercise = exerciseAt.get(index);
      if (exercise && tags.includes(EXERCISE_TAG)) html = exerciseSection(exercise, html);
      else if (html && tags.includes(HINT_TAG)) html = folded("hint", "Hint", html);
      else if (html && tags.includes(SOLUTION_TAG)) html = folded("solution", "Solution", html);
      if (html) parts.push(html);
    } catch (e) {
      throw new ExportError(cannotRender(e), index + 1);
    }
  });
  const headings = env.headings;
  const title = notebookTitle(notebook, headings, options.fallbackTitle);
  const nav = tableOfContents(headings);
  const byline = bylineOf(notebook);
  const hasH1 = headings.some((h) => h.level === 1);
  const { header, footer } = navigation(options);
  // The byline and contents go right after the title: after the section holding the H1, if any.
  const titleAt = hasH1 ? parts.findIndex((p) => p.includes("<h1")) : -1;
  const front = [byline.html, nav];
  const withNav =
    titleAt >= 0 ? [...parts.slice(0, titleAt + 1), ...front, ...parts.slice(titleAt + 1)] : [`<h1>${escapeHTML(title)}</h1>`, ...front, ...parts];
  let body: string;
  try {
    body = renderMath(`${header}<article>${withNav.filter(Boolean).join("\n")}</article>${footer}`, env);
  } catch (e) {
    throw e instanceof MathError ? new ExportError(e.message, e.cell) : new ExportError(cannotRender(e));
  }
  let head = byline.authors.map((a) => `<meta name="author" content="${escapeHTML(a)}">`).join("\n");
  if (byline.date) head += `\n<meta name="date" content="${escapeHTML(byline.date)}">`;
  if (env.math.length > 0) head += `\n<style>\n${katexStylesheet()}\n</style>`;
  const scripted = options.interactive === true && state.charts.length > 0;
  const inline: string[] = [];
  if (scripted) {
    const interactive = interactiveScripts(state.charts);
    body += interactive.data;
    inline.push(...interactive.scripts);
  }
  // A trace's hops as data: the packet stepper walks them (the static figure and table stay as they are without it).
  if (body.includes("data-podtalk-steps=")) inline.push(STEPPER_SCRIPT);
  if (options.live === true) {
    const live = liveParts(notebook, options);
    head += `\n<style>${LIVE_CSS}</style>`;
    body += live.body;
    inline.push(...live.inline);
    return page(title, body, { head, scripts: scripted, trust: options.trust === true, inline, live: live.external ?? true });
  }
  return page(title, body, { head, scripts: scripted, trust: options.trust === true, inline });
}

/** An exercise cell, framed and labelled with its title; its id links to it. */
function exerciseSection(exercise: Exercise, html: string): string {
  const label = `<p class="exercise-label" id="exercise-${escapeHTML(exercise.id)}"><span class="exercise-badge">Exercise</span> ${escapeHTML(exercise.title)}</p>`;
  // A live article's cell carries its number and numbering state as attributes: they stay on the section.
  const attributes = /^<section class="cell code"([^>]*)>/.exec(html)?.[1] ?? "";
  const inner = html.replace(/^<section class="cell code"[^>]*>/, "").replace(/<\/section>$/, "");
  return `<section class="cell code exercise"${attributes} aria-labelledby="exercise-${escapeHTML(exercise.id)}">${label}${inner}</section>`;
}

/** A hint or solution, folded under its summary (open on request, no script needed). */
function folded(kind: "hint" | "solution", summary: string, html: string): string {
  return `<details class="${kind}"><summary>${summary}</summary>${html}</details>`;
}

/**
 * The page that stands in for a notebook that could not be exported: its title, why, and the same
 * navigation as an article, so that no link of the other articles or the index is broken.
 */
export function exportFailedNotebook(title: string, reason: string, options: ExportOptions = {}): string {
  const { header, footer } = navigation(options);
  const body = `${header}<article><h1>${escapeHTML(title)}</h1>\n<pre class="output error">This notebook could not be exported: ${escapeHTML(reason)}</pre></article>${footer}`;
  return page(title, body, { head: "", scripts: false, trust: false });
}

/** The link to the index page above an article and the previous/next links below it. */
function navigation(options: ExportOptions): { header: string; footer: string } {
  const header = options.indexHref ? `<header class="site"><a href="${escapeHTML(options.indexHref)}">← All notebooks</a></header>` : "";
  const footerLinks = [
    options.previous ? `<a rel="prev" href="${escapeHTML(options.previous.href)}">← ${escapeHTML(options.previous.title)}</a>` : "<span></span>",
    options.next ? `<a rel="next" href="${escapeHTML(options.next.href)}">${escapeHTML(options.next.title)} →</a>` : "",
  ];
  const footer = options.previous || options.next ? `<footer class="pager">${footerLinks.join("")}</footer>` : "";
  return { header, footer };
}

/** Why a cell could not be rendered, from what its renderer threw. */
function cannotRender(e: unknown): string {
  if (e instanceof ExportError) return e.message;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return "it is nested too deeply to render (markdown, HTML or math); flatten it";
  return `it cannot be rendered (${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}); please report this as a podtalk bug`;
}

/** The title of a notebook: `metadata.title`, else its first H1, else the fallback. */
export function notebookTitle(notebook: Notebook, headings?: readonly { level: number; text: string }[], fallback = "Untitled"): string {
  const meta = notebook.metadata["title"];
  if (typeof meta === "string" && meta.trim() !== "") return meta.trim();
  if (!headings) {
    const md = createMarkdown({ html: false });
    const env = markdownEnv();
    for (const cell of notebook.cells) if (cell.cell_type === "markdown") md.render(cell.source, env);
    headings = env.headings;
  }
  return headings.find((h) => h.level === 1)?.text ?? fallback;
}

/** Authors and date from the notebook metadata, and the byline paragraph showing them. */
function bylineOf(notebook: Notebook): { authors: string[]; date: string | undefined; html: string } {
  const meta = notebook.metadata;
  const raw = meta["authors"] ?? meta["author"];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const authors = list
    .map((a) =>
      typeof a === "string" ? a : typeof a === "object" && a !== null && typeof (a as { name?: unknown }).name === "string" ? (a as { name: string }).name : "",
    )
    .filter((a) => a.trim() !== "");
  const date = typeof meta["date"] === "string" && meta["date"].trim() !== "" ? meta["date"].trim() : undefined;
  const parts = [
    authors.length ? `<span class="author">${authors.map(escapeHTML).join(", ")}</span>` : "",
    date ? `<time datetime="${escapeHTML(date)}">${escapeHTML(date)}</time>` : "",
  ].filter(Boolean);
  return { authors, date, html: parts.length ? `<p class="byline">${parts.join(" · ")}</p>` : "" };
}

/** Nested contents from the H2 and H3 headings, when there are at least two. */
function tableOfContents(headings: readonly Heading[]): string {
  const entries = headings.filter((h) => h.level === 2 || h.level === 3);
  if (entries.filter((h) => h.level === 2).length < 2 && entries.length < 3) return "";
  let html = "";
  let open = false; // an H3 list is open inside the last H2 item
  for (const h of entries) {
    const link = `<a href="#${h.id}">${escapeHTML(h.text)}</a>`;
    if (h.level === 3) {
      html += open ? `<li>${link}</li>` : `<ol><li>${link}</li>`;
      open = true;
    } else {
      if (open) html += "</ol>";
      open = false;
      html += html === "" ? `<li>${link}` : `</li><li>${link}`;
    }
  }
  if (open) html += "</ol>";
  return `<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${html}</li></ol></nav>`;
}

function notebookLanguage(notebook: Notebook): string {
  const info = notebook.metadata["language_info"] as { name?: unknown } | undefined;
  const spec = notebook.metadata["kernelspec"] as { language?: unknown } | undefined;
  const name = typeof info?.name === "string" ? info.name : typeof spec?.language === "string" ? spec.language : "typescript";
  return hasLanguage(name) ? name : "typescript";
}

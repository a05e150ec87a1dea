/**
 * Notebooks to self-contained HTML articles: markdown rendered (tables, admonitions, math), code
 * highlighted, outputs inline, figures captioned, a table of contents and navigation.
 *
 * An article loads nothing from anywhere, and says so to the browser: a Content-Security-Policy
 * of `default-src 'none'` forbids every fetch. Styles are inline, diagrams inline SVG, images and
 * fonts data: URIs. Without `interactive` there is no script at all; with it, the vega-embed
 * bundle is inlined and each chart's static SVG stays as the fallback.
 */
import { readFileSync } from "node:fs";
import { escapeHTML } from "../render/html.js";
import { stripANSI } from "./strip-ansi.js";
import { cellTags, type CodeCell, type Notebook, type Output } from "./ipynb.js";
import { katexStylesheet, vegaEmbedBundle } from "./internal/assets.js";
import { hasLanguage, highlight } from "./internal/highlight.js";
import { createMarkdown, markdownEnv, renderMath, type Heading, type MarkdownEnv } from "./internal/markdown.js";
import { sanitize } from "./internal/sanitize.js";

/** Options for exportNotebook(). */
export interface ExportOptions {
  /** The title when the notebook has neither `metadata.title` nor an H1. @default "Untitled" */
  readonly fallbackTitle?: string;
  /** Folder that relative image paths in markdown are resolved against (the notebook's folder). */
  readonly baseDir?: string;
  /** A link back to the index page, e.g. "index.html". */
  readonly indexHref?: string;
  /** Previous and next articles, for navigation at the end of the page. */
  readonly previous?: ArticleLink;
  readonly next?: ArticleLink;
  /** Leave out every code input (an article without code). @default false */
  readonly noInput?: boolean;
  /** Charts become interactive Vega-Lite views (vega-embed inlined), the static SVG as fallback. @default false */
  readonly interactive?: boolean;
  /**
   * Trust the notebook: its HTML (in outputs and markdown) is inlined as is, scripts included,
   * instead of sanitised. Only for notebooks whose every output you would run yourself. @default false
   */
  readonly trust?: boolean;
}

/** A link to an article, as listed on the index page. */
export interface ArticleLink {
  readonly title: string;
  readonly href: string;
}

/** Options for exportIndex(). */
export interface IndexOptions {
  /** @default "Notebooks" */
  readonly title?: string;
  /** A paragraph of plain text under the title. */
  readonly description?: string;
}

const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";

/** Per-article state while rendering cells. */
interface ArticleState {
  readonly options: ExportOptions;
  readonly language: string;
  figures: number;
  charts: { id: string; spec: unknown }[];
}

/**
 * Renders a notebook as one self-contained HTML page.
 *
 * Tags honoured: `remove-cell`, `remove-input`, `remove-output`, `hide-input` and `hide-output`
 * (collapsed in a `<details>`, no JavaScript needed). A code cell whose metadata has a `caption`
 * (or `fig-cap`, or `figure: {caption, name}`) becomes a numbered figure; `label` (or `name`)
 * gives it an id to link to.
 *
 * @example writeFileSync("dist/01-pods.html", exportNotebook(readNotebook("notebooks/01-pods.ipynb")));
 */
export function exportNotebook(notebook: Notebook, options: ExportOptions = {}): string {
  const md = createMarkdown({ html: true });
  const env: MarkdownEnv = markdownEnv(options.baseDir);
  const state: ArticleState = { options, language: notebookLanguage(notebook), figures: 0, charts: [] };
  const parts: string[] = [];
  for (const cell of notebook.cells) {
    const tags = cellTags(cell);
    if (tags.includes("remove-cell")) continue;
    if (cell.cell_type === "markdown") {
      env.attachments = cell.attachments ?? {};
      const html = md.render(cell.source, env);
      parts.push(`<section class="cell markdown">${options.trust ? html : sanitize(html)}</section>`);
    } else if (cell.cell_type === "code") {
      parts.push(renderCodeCell(cell, tags, state));
    }
  }
  const headings = env.headings;
  const title = notebookTitle(notebook, headings, options.fallbackTitle);
  const nav = tableOfContents(headings);
  const byline = bylineOf(notebook);
  const hasH1 = headings.some((h) => h.level === 1);
  const header = options.indexHref ? `<header class="site"><a href="${escapeHTML(options.indexHref)}">← All notebooks</a></header>` : "";
  const footerLinks = [
    options.previous ? `<a rel="prev" href="${escapeHTML(options.previous.href)}">← ${escapeHTML(options.previous.title)}</a>` : "<span></span>",
    options.next ? `<a rel="next" href="${escapeHTML(options.next.href)}">${escapeHTML(options.next.title)} →</a>` : "",
  ];
  const footer = options.previous || options.next ? `<footer class="pager">${footerLinks.join("")}</footer>` : "";
  // The byline and contents go right after the title: after the section holding the H1, if any.
  const titleAt = hasH1 ? parts.findIndex((p) => p.includes("<h1")) : -1;
  const front = [byline.html, nav];
  const withNav = titleAt >= 0 ? [...parts.slice(0, titleAt + 1), ...front, ...parts.slice(titleAt + 1)] : [`<h1>${escapeHTML(title)}</h1>`, ...front, ...parts];
  let body = renderMath(`${header}<article>${withNav.filter(Boolean).join("\n")}</article>${footer}`, env);
  let head = byline.authors.map((a) => `<meta name="author" content="${escapeHTML(a)}">`).join("\n");
  if (byline.date) head += `\n<meta name="date" content="${escapeHTML(byline.date)}">`;
  if (env.math.length > 0) head += `\n<style>\n${katexStylesheet()}\n</style>`;
  const scripted = options.interactive === true && state.charts.length > 0;
  if (scripted) body += interactiveScripts(state.charts);
  return page(title, body, { head, scripts: scripted, trust: options.trust === true });
}

/** Renders the index page: the articles in the given order, with their titles and links. */
export function exportIndex(articles: readonly ArticleLink[], options: IndexOptions = {}): string {
  const title = options.title ?? "Notebooks";
  const items = articles.map((a) => `<li><a href="${escapeHTML(a.href)}">${escapeHTML(a.title)}</a></li>`).join("\n");
  const description = options.description ? `<p>${escapeHTML(options.description)}</p>` : "";
  return page(title, `<article class="index"><h1>${escapeHTML(title)}</h1>${description}<ol class="articles">\n${items}\n</ol></article>`, { head: "", scripts: false, trust: false });
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

/**
 * Makes output markup safe to inline with sanitize-html: drops scripts, style sheets, frames,
 * embedded objects, event-handler attributes, `javascript:` URLs and anything that would fetch a
 * remote resource. What vega's SVG renderer and podtalk's tables emit passes through.
 */
export function sanitizeMarkup(markup: string): string {
  return sanitize(markup);
}

/** Authors and date from the notebook metadata, and the byline paragraph showing them. */
function bylineOf(notebook: Notebook): { authors: string[]; date: string | undefined; html: string } {
  const meta = notebook.metadata;
  const raw = meta["authors"] ?? meta["author"];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const authors = list
    .map((a) => (typeof a === "string" ? a : typeof a === "object" && a !== null && typeof (a as { name?: unknown }).name === "string" ? (a as { name: string }).name : ""))
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

/** A figure caption and label from cell metadata (Quarto's fig-cap, MyST's figure, or plain caption/label). */
function figureOf(cell: CodeCell): { caption: string; label: string | undefined } | undefined {
  const meta = cell.metadata;
  const figure = (typeof meta["figure"] === "object" && meta["figure"] !== null ? meta["figure"] : {}) as Record<string, unknown>;
  const caption = [meta["caption"], meta["fig-cap"], figure["caption"]].find((c): c is string => typeof c === "string" && c.trim() !== "");
  if (!caption) return undefined;
  const label = [meta["label"], meta["name"], figure["name"]].find((l): l is string => typeof l === "string" && /^[A-Za-z][\w:.-]*$/.test(l));
  return { caption, label };
}

function renderCodeCell(cell: CodeCell, tags: readonly string[], state: ArticleState): string {
  const { options, language } = state;
  const jupyter = (cell.metadata["jupyter"] ?? {}) as { source_hidden?: unknown; outputs_hidden?: unknown };
  let input = "";
  if (!options.noInput && !tags.includes("remove-input") && cell.source.trim() !== "") {
    const code = `<pre class="input"><code class="hljs language-${escapeHTML(language)}">${highlight(cell.source, language)}</code></pre>`;
    input = tags.includes("hide-input") || jupyter.source_hidden === true ? `<details class="input"><summary>Show code</summary>${code}</details>` : code;
  }
  let outputs = "";
  if (!tags.includes("remove-output") && cell.outputs.length > 0) {
    const rendered = cell.outputs.map((o) => renderOutput(o, state)).join("\n");
    outputs = tags.includes("hide-output") || jupyter.outputs_hidden === true ? `<details class="outputs"><summary>Show output</summary>${rendered}</details>` : `<div class="outputs">${rendered}</div>`;
    const figure = figureOf(cell);
    if (figure) {
      const n = ++state.figures;
      const caption = createMarkdown({ html: false }).renderInline(figure.caption);
      const id = figure.label ? ` id="${escapeHTML(figure.label)}"` : "";
      outputs = `<figure class="cell-figure"${id}>${outputs}<figcaption><span class="figure-number">Figure ${n}.</span> ${caption}</figcaption></figure>`;
    }
  }
  if (!input && !outputs) return "";
  return `<section class="cell code">${input}${outputs}</section>`;
}

function renderOutput(output: Output, state: ArticleState): string {
  switch (output.output_type) {
    case "stream":
      return `<pre class="output stream ${output.name === "stderr" ? "stderr" : "stdout"}">${escapeHTML(stripANSI(output.text))}</pre>`;
    case "error": {
      const text = output.traceback.length > 0 ? output.traceback.join("\n") : `${output.ename}: ${output.evalue}`;
      return `<pre class="output error">${escapeHTML(stripANSI(text))}</pre>`;
    }
    default:
      return renderBundle(output.data, state);
  }
}

/** Picks one representation, as nbconvert would: SVG, then HTML, then raster images, then markdown, then text. */
function renderBundle(data: Record<string, unknown>, state: ArticleState): string {
  const clean = (markup: string): string => (state.options.trust ? markup : sanitize(markup));
  const text = (mime: string): string | undefined => {
    const v = data[mime];
    return typeof v === "string" ? v : Array.isArray(v) ? v.join("") : undefined;
  };
  const svg = text("image/svg+xml");
  const spec = data[VEGA_LITE_MIME];
  if (state.options.interactive && typeof spec === "object" && spec !== null) {
    const id = `vega-chart-${state.charts.length + 1}`;
    state.charts.push({ id, spec });
    const fallback = svg !== undefined ? clean(svg) : `<pre class="output text">${escapeHTML(text("text/plain") ?? "")}</pre>`;
    return `<figure class="output svg vega-chart" data-vega-spec="${id}">${fallback}</figure>`;
  }
  if (svg !== undefined) return `<figure class="output svg">${clean(svg)}</figure>`;
  const html = text("text/html");
  if (html !== undefined) return `<div class="output html">${clean(html)}</div>`;
  for (const mime of ["image/png", "image/jpeg", "image/gif"]) {
    const image = text(mime);
    if (image !== undefined) return `<figure class="output image"><img src="data:${mime};base64,${escapeHTML(image.replace(/\s+/g, ""))}" alt=""></figure>`;
  }
  const markdown = text("text/markdown");
  if (markdown !== undefined) return `<div class="output markdown">${clean(createMarkdown({ html: true }).render(markdown, markdownEnv()))}</div>`;
  const plain = text("text/plain");
  if (plain !== undefined) return `<pre class="output text">${escapeHTML(stripANSI(plain))}</pre>`;
  return "";
}

/** The inlined vega-embed bundle, each chart's spec as JSON data, and the code that swaps them in. */
function interactiveScripts(charts: readonly { id: string; spec: unknown }[]): string {
  const json = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c");
  const specs = charts.map((c) => `<script type="application/json" id="${c.id}">${json(c.spec)}</script>`).join("\n");
  const boot = `(function () {
  if (typeof vegaEmbed !== "function") return;
  document.querySelectorAll("[data-vega-spec]").forEach(function (figure) {
    var spec = JSON.parse(document.getElementById(figure.getAttribute("data-vega-spec")).textContent);
    var view = document.createElement("div");
    view.className = "vega-view";
    // Render off to the side; the static SVG is replaced only once the view has drawn.
    vegaEmbed(view, spec, { actions: false, renderer: "svg" }).then(function () {
      figure.replaceChildren(view);
      figure.classList.add("interactive");
    }, function (error) {
      console.warn("podtalk: keeping the static chart:", error);
    });
  });
})();`;
  return `\n${specs}\n<script>\n${vegaEmbedBundle()}\n</script>\n<script>\n${boot}\n</script>`;
}

let cachedCSS: string | undefined;

function stylesheet(): string {
  if (cachedCSS !== undefined) return cachedCSS;
  const theme = (name: string): string => {
    try {
      return readFileSync(require.resolve(`highlight.js/styles/${name}`), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
    } catch {
      return "";
    }
  };
  cachedCSS = `${BASE_CSS}\n${theme("github.min.css")}\n@media (prefers-color-scheme: dark) {\n${theme("github-dark.min.css")}\n}`;
  return cachedCSS;
}

/**
 * The page around a body. The Content-Security-Policy forbids every fetch (the article must
 * never need the network); scripts run only when the article inlines vega-embed or is trusted.
 */
function page(title: string, body: string, options: { head: string; scripts: boolean; trust: boolean }): string {
  const script = options.trust ? "'unsafe-inline' 'unsafe-eval'" : options.scripts ? "'unsafe-inline' 'unsafe-eval'" : "'none'";
  const csp = `default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; script-src ${script}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="podtalk">
<title>${escapeHTML(title)}</title>${options.head ? `\n${options.head}` : ""}
<style>
${stylesheet()}
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

const BASE_CSS = `:root {
  color-scheme: light dark;
  --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --border: #d1d9e0;
  --accent: #0969da; --error-bg: #ffebe9; --error-fg: #82071e;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #161b22; --border: #3d444d;
    --accent: #4493f8; --error-bg: #3c1618; --error-fg: #ffa198;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; padding: 2rem 1rem 4rem; background: var(--bg); color: var(--fg);
  font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
article, header.site, footer.pager { max-width: 52rem; margin: 0 auto; }
header.site { margin-bottom: 1.5rem; font-size: 0.9rem; }
footer.pager { display: flex; justify-content: space-between; gap: 1rem; margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--border); }
h1, h2, h3, h4 { line-height: 1.25; margin: 2rem 0 0.75rem; }
h1 { font-size: 2rem; margin-top: 0; }
h2 { font-size: 1.5rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--border); }
a { color: var(--accent); }
p, ul, ol, blockquote, table { margin: 0 0 1rem; }
blockquote { margin-left: 0; padding: 0 1rem; color: var(--muted); border-left: 0.25rem solid var(--border); }
code, pre { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.85em; }
:not(pre) > code { padding: 0.15em 0.35em; background: var(--panel); border-radius: 4px; }
pre { margin: 0 0 1rem; padding: 0.8rem 1rem; overflow-x: auto; background: var(--panel); border: 1px solid var(--border); border-radius: 6px; line-height: 1.45; }
pre code.hljs { padding: 0; background: transparent; }
.cell.code { margin: 1.25rem 0; }
pre.input { border-left: 3px solid var(--accent); }
.outputs { margin-top: -0.25rem; }
pre.output { background: transparent; }
pre.output.stderr { border-color: #d4a72c; }
pre.output.error { background: var(--error-bg); color: var(--error-fg); border-color: var(--error-fg); }
figure.output { margin: 0 0 1rem; overflow-x: auto; }
figure.output svg, figure.output img, .output.html svg { max-width: 100%; height: auto; background: #ffffff; border-radius: 6px; }
.output.html { overflow-x: auto; margin-bottom: 1rem; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { padding: 0.3rem 0.7rem; border: 1px solid var(--border); text-align: left; vertical-align: top; }
table.podtalk-table td:first-child, table.podtalk-table th { white-space: nowrap; }
table.podtalk-table caption { caption-side: top; text-align: left; font: 0.8rem ui-monospace, monospace; color: var(--muted); padding-bottom: 0.25rem; }
.podtalk-trace pre.rule { margin: 0.35rem 0 0; padding: 0.4rem 0.6rem; font-size: 0.75em; white-space: pre-wrap; }
.podtalk-trace tr.failing td { background: var(--error-bg); }
.podtalk-trace .reason, .podtalk-trace .fix, .podtalk-trace .change { margin-top: 0.25rem; font-size: 0.9em; }
th { background: var(--panel); }
img { max-width: 100%; }
details > summary { cursor: pointer; color: var(--muted); font-size: 0.9rem; margin-bottom: 0.5rem; }
nav.toc { margin: 0 0 2rem; padding: 0.75rem 1.25rem; background: var(--panel); border: 1px solid var(--border); border-radius: 6px; }
nav.toc h2 { font-size: 1rem; margin: 0 0 0.5rem; border: 0; padding: 0; }
nav.toc ol { margin: 0; }
.missing-image { color: var(--muted); font-style: italic; }
ol.articles li { margin: 0.4rem 0; font-size: 1.1rem; }
p.byline { color: var(--muted); margin: -0.25rem 0 1.5rem; }
blockquote.admonition { color: var(--fg); border-left-color: var(--accent); background: var(--panel); padding: 0.6rem 1rem; border-radius: 0 6px 6px 0; }
blockquote.admonition > :last-child { margin-bottom: 0; }
blockquote.admonition.warning, blockquote.admonition.caution, blockquote.admonition.danger { border-left-color: #d4a72c; }
blockquote.admonition.important { border-left-color: #8250df; }
p.admonition-title { font-weight: 600; margin-bottom: 0.25rem; }
figure.cell-figure { margin: 0 0 1.5rem; }
figure.cell-figure figcaption { font-size: 0.9rem; color: var(--muted); }
.figure-number { font-weight: 600; }
nav.toc ol ol { margin: 0.2rem 0; }
.math.display { overflow-x: auto; margin: 0 0 1rem; }
.vega-chart.interactive .vega-view { max-width: 100%; }`;

/**
 * Notebooks to self-contained HTML articles: markdown rendered, code highlighted, outputs inline.
 *
 * An article loads nothing from anywhere: no scripts at all, styles inline, diagrams as inline
 * SVG, images as data: URIs. It reads the same offline, in light and dark mode.
 */
import { existsSync, readFileSync } from "node:fs";
import { extname, isAbsolute, resolve } from "node:path";
import hljs from "highlight.js";
import MarkdownIt from "markdown-it";
import { cellTags, type Cell, type Notebook, type Output } from "./ipynb.js";

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

/**
 * Renders a notebook as one self-contained HTML page.
 *
 * Tags honoured: `remove-cell`, `remove-input`, `remove-output`, `hide-input` and `hide-output`
 * (collapsed in a `<details>`, no JavaScript needed).
 *
 * @example writeFileSync("dist/01-pods.html", exportNotebook(readNotebook("notebooks/01-pods.ipynb")));
 */
export function exportNotebook(notebook: Notebook, options: ExportOptions = {}): string {
  const md = createMarkdown();
  const headings: { level: number; id: string; text: string }[] = [];
  const slugs = new Set<string>();
  const language = notebookLanguage(notebook);
  const parts: string[] = [];
  for (const cell of notebook.cells) {
    const tags = cellTags(cell);
    if (tags.includes("remove-cell")) continue;
    if (cell.cell_type === "markdown") {
      const env: MarkdownEnv = { headings, slugs, attachments: cell.attachments ?? {}, baseDir: options.baseDir };
      parts.push(`<section class="cell markdown">${md.render(cell.source, env as never)}</section>`);
    } else if (cell.cell_type === "code") {
      parts.push(renderCodeCell(cell, tags, language));
    }
  }
  const title = notebookTitle(notebook, headings, options.fallbackTitle);
  const toc = headings.filter((h) => h.level === 2);
  const nav =
    toc.length >= 2
      ? `<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${toc.map((h) => `<li><a href="#${h.id}">${escapeHTML(h.text)}</a></li>`).join("")}</ol></nav>`
      : "";
  const hasH1 = headings.some((h) => h.level === 1);
  const header = options.indexHref ? `<header class="site"><a href="${escapeHTML(options.indexHref)}">← All notebooks</a></header>` : "";
  const footerLinks = [
    options.previous ? `<a rel="prev" href="${escapeHTML(options.previous.href)}">← ${escapeHTML(options.previous.title)}</a>` : "",
    options.next ? `<a rel="next" href="${escapeHTML(options.next.href)}">${escapeHTML(options.next.title)} →</a>` : "",
  ].filter(Boolean);
  const footer = footerLinks.length ? `<footer class="pager">${footerLinks.join("")}</footer>` : "";
  // The contents go right after the title: after the first section holding the H1, if any.
  const titleAt = hasH1 ? parts.findIndex((p) => p.includes("<h1")) : -1;
  const withNav = titleAt >= 0 ? [...parts.slice(0, titleAt + 1), nav, ...parts.slice(titleAt + 1)] : [`<h1>${escapeHTML(title)}</h1>`, nav, ...parts];
  const body = `${header}<article>${withNav.filter(Boolean).join("\n")}</article>${footer}`;
  return page(title, body);
}

/** Renders the index page: the articles in the given order, with their titles and links. */
export function exportIndex(articles: readonly ArticleLink[], options: IndexOptions = {}): string {
  const title = options.title ?? "Notebooks";
  const items = articles.map((a) => `<li><a href="${escapeHTML(a.href)}">${escapeHTML(a.title)}</a></li>`).join("\n");
  const description = options.description ? `<p>${escapeHTML(options.description)}</p>` : "";
  return page(title, `<article class="index"><h1>${escapeHTML(title)}</h1>${description}<ol class="articles">\n${items}\n</ol></article>`);
}

/** The title of a notebook: `metadata.title`, else its first H1, else the fallback. */
export function notebookTitle(
  notebook: Notebook,
  headings?: readonly { level: number; text: string }[],
  fallback = "Untitled",
): string {
  const meta = notebook.metadata["title"];
  if (typeof meta === "string" && meta.trim() !== "") return meta.trim();
  if (!headings) {
    const collected: { level: number; id: string; text: string }[] = [];
    const md = createMarkdown();
    for (const cell of notebook.cells) {
      if (cell.cell_type === "markdown") md.render(cell.source, { headings: collected, slugs: new Set(), attachments: {} } as never);
    }
    headings = collected;
  }
  return headings.find((h) => h.level === 1)?.text ?? fallback;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHTML(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

interface MarkdownEnv {
  headings: { level: number; id: string; text: string }[];
  slugs: Set<string>;
  attachments: Record<string, Record<string, unknown>>;
  baseDir?: string | undefined;
}

function createMarkdown(): InstanceType<typeof MarkdownIt> {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.renderer.rules["heading_open"] = (tokens, idx, opts, rawEnv, self) => {
    const env = rawEnv as unknown as MarkdownEnv;
    const token = tokens[idx]!;
    const text = tokens[idx + 1]?.children?.map((t) => (t.type === "text" || t.type === "code_inline" ? t.content : "")).join("") ?? "";
    let slug = text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "section";
    for (let n = 2; env.slugs.has(slug); n++) slug = `${slug.replace(/-\d+$/, "")}-${n}`;
    env.slugs.add(slug);
    env.headings.push({ level: Number(token.tag.slice(1)), id: slug, text });
    token.attrSet("id", slug);
    return self.renderToken(tokens, idx, opts);
  };
  md.renderer.rules["image"] = (tokens, idx, _opts, rawEnv) => {
    const env = rawEnv as unknown as MarkdownEnv;
    const token = tokens[idx]!;
    const alt = token.children?.map((t) => t.content).join("") ?? token.content;
    const src = embeddableImage(String(token.attrGet("src") ?? ""), env);
    if (!src) return `<span class="missing-image" title="image not embedded">[${escapeHTML(alt)}]</span>`;
    return `<img src="${escapeHTML(src)}" alt="${escapeHTML(alt)}">`;
  };
  return md;
}

const IMAGE_TYPES: Record<string, string> = { ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp" };

/** A data: URI for a markdown image, or undefined when it would have to be fetched. */
function embeddableImage(src: string, env: MarkdownEnv): string | undefined {
  if (src.startsWith("data:image/")) return src;
  if (src.startsWith("attachment:")) {
    const bundle = env.attachments[decodeURIComponent(src.slice("attachment:".length))];
    for (const [mime, data] of Object.entries(bundle ?? {})) {
      if (!mime.startsWith("image/")) continue;
      const text = Array.isArray(data) ? data.join("") : String(data);
      return mime === "image/svg+xml" ? `data:${mime};base64,${Buffer.from(text).toString("base64")}` : `data:${mime};base64,${text.replace(/\s+/g, "")}`;
    }
    return undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(src) || !env.baseDir) return undefined; // remote: never fetched
  const file = isAbsolute(src) ? src : resolve(env.baseDir, decodeURIComponent(src.split(/[?#]/)[0]!));
  const mime = IMAGE_TYPES[extname(file).toLowerCase()];
  if (!mime || !existsSync(file)) return undefined;
  return `data:${mime};base64,${readFileSync(file).toString("base64")}`;
}

function notebookLanguage(notebook: Notebook): string {
  const info = notebook.metadata["language_info"] as { name?: unknown } | undefined;
  const spec = notebook.metadata["kernelspec"] as { language?: unknown } | undefined;
  const name = typeof info?.name === "string" ? info.name : typeof spec?.language === "string" ? spec.language : "typescript";
  return hljs.getLanguage(name) ? name : "typescript";
}

function renderCodeCell(cell: Cell & { cell_type: "code" }, tags: readonly string[], language: string): string {
  const jupyter = (cell.metadata["jupyter"] ?? {}) as { source_hidden?: unknown; outputs_hidden?: unknown };
  let input = "";
  if (!tags.includes("remove-input") && cell.source.trim() !== "") {
    const code = `<pre class="input"><code class="hljs language-${escapeHTML(language)}">${hljs.highlight(cell.source, { language, ignoreIllegals: true }).value}</code></pre>`;
    input = tags.includes("hide-input") || jupyter.source_hidden === true ? `<details class="input"><summary>Show code</summary>${code}</details>` : code;
  }
  let outputs = "";
  if (!tags.includes("remove-output") && cell.outputs.length > 0) {
    const rendered = cell.outputs.map(renderOutput).join("\n");
    outputs = tags.includes("hide-output") || jupyter.outputs_hidden === true ? `<details class="outputs"><summary>Show output</summary>${rendered}</details>` : `<div class="outputs">${rendered}</div>`;
  }
  if (!input && !outputs) return "";
  return `<section class="cell code">${input}${outputs}</section>`;
}

function renderOutput(output: Output): string {
  switch (output.output_type) {
    case "stream":
      return `<pre class="output stream ${output.name === "stderr" ? "stderr" : "stdout"}">${escapeHTML(stripANSI(output.text))}</pre>`;
    case "error": {
      const text = output.traceback.length > 0 ? output.traceback.join("\n") : `${output.ename}: ${output.evalue}`;
      return `<pre class="output error">${escapeHTML(stripANSI(text))}</pre>`;
    }
    default:
      return renderBundle(output.data);
  }
}

/** Picks the one representation nbconvert would: SVG, then HTML, then raster images, then text. */
function renderBundle(data: Record<string, unknown>): string {
  const text = (mime: string): string | undefined => {
    const v = data[mime];
    return typeof v === "string" ? v : Array.isArray(v) ? v.join("") : undefined;
  };
  const svg = text("image/svg+xml");
  if (svg !== undefined) return `<figure class="output svg">${sanitizeMarkup(svg)}</figure>`;
  const html = text("text/html");
  if (html !== undefined) return `<div class="output html">${sanitizeMarkup(html)}</div>`;
  for (const mime of ["image/png", "image/jpeg", "image/gif"]) {
    const image = text(mime);
    if (image !== undefined) return `<figure class="output image"><img src="data:${mime};base64,${escapeHTML(image.replace(/\s+/g, ""))}" alt=""></figure>`;
  }
  const plain = text("text/plain");
  if (plain !== undefined) return `<pre class="output text">${escapeHTML(stripANSI(plain))}</pre>`;
  return "";
}

/**
 * Makes output markup safe to inline and keeps the page self-contained: drops scripts, frames,
 * embedded objects, `<link>`/`<meta>`/`<base>`, event-handler attributes, `javascript:` URLs and
 * references to remote resources. What vega's SVG renderer emits (shapes, text, styles,
 * `xmlns` declarations) passes through unchanged.
 *
 * This is a filter for trusted-but-careless output (the course's own notebooks), not a defence
 * against hostile HTML.
 */
export function sanitizeMarkup(markup: string): string {
  return markup
    .replace(/<\?xml[\s\S]*?\?>/g, "")
    .replace(/<!DOCTYPE[^>]*>/gi, "")
    .replace(/<(script|iframe|object|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<\/?(script|iframe|object|embed|link|meta|base|noscript|template)\b[^>]*>/gi, "")
    .replace(/\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, "")
    .replace(/\s+(?:src|href|xlink:href|action|formaction|poster|background|srcset)\s*=\s*("\s*(?:(?:https?:)?\/\/|javascript:)[^"]*"|'\s*(?:(?:https?:)?\/\/|javascript:)[^']*'|(?:(?:https?:)?\/\/|javascript:)[^\s>]*)/gi, "")
    .replace(/@import[^;]*;?/gi, "")
    .replace(/url\(\s*(['"]?)\s*(?:(?:https?:)?\/\/|javascript:)[^)]*\)/gi, "none");
}

function stripANSI(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
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

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="podtalk">
<title>${escapeHTML(title)}</title>
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
ol.articles li { margin: 0.4rem 0; font-size: 1.1rem; }`;

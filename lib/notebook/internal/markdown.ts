/**
 * markdown-it configured for articles: heading ids collected for the table of contents, images
 * embedded (never fetched), `$…$` / `$$…$$` math as placeholders (rendered by KaTeX after the
 * HTML is sanitised, so the sanitiser never sees KaTeX's markup), and admonitions from
 * `> **Note**` and GitHub's `> [!NOTE]` blockquotes.
 */
import { extname } from "node:path";
import katex from "katex";
import MarkdownIt from "markdown-it";
import { readLocalImage } from "./local-image.js";

type StateBlock = MarkdownIt.StateBlock;
type StateInline = MarkdownIt.StateInline;

/** A heading found while rendering. */
export interface Heading {
  readonly level: number;
  readonly id: string;
  readonly text: string;
}

/** Per-document state the rules share. */
export interface MarkdownEnv {
  headings: Heading[];
  slugs: Set<string>;
  /** Per slug stem, where the search for a free "-n" suffix resumes. */
  slugNext: Map<string, number>;
  attachments: Record<string, Record<string, unknown>>;
  baseDir?: string | undefined;
  math: { tex: string; display: boolean; cell: number | undefined }[];
  /** The 1-based number of the cell being rendered, for messages. */
  cell?: number | undefined;
  /** Told about each image that is left out although the notebook asked for it. */
  warn?: ((message: string) => void) | undefined;
  [key: string | symbol]: unknown;
}

/** A fresh environment for one notebook. */
export function markdownEnv(baseDir?: string): MarkdownEnv {
  return { headings: [], slugs: new Set(), slugNext: new Map(), attachments: {}, baseDir, math: [] };
}

const MATH_OPEN = "\uE000";
const MATH_CLOSE = "\uE001";

/** Replaces math placeholders with KaTeX's HTML (and MathML for screen readers). */
export function renderMath(html: string, env: MarkdownEnv): string {
  return html.replace(new RegExp(`${MATH_OPEN}(\\d+)${MATH_CLOSE}`, "g"), (_, n: string) => {
    const math = env.math[Number(n)];
    if (!math) return "";
    let rendered: string;
    try {
      rendered = katex.renderToString(math.tex, { displayMode: math.display, throwOnError: false, output: "htmlAndMathml", trust: false });
    } catch (e) {
      // throwOnError covers KaTeX's ParseError only; deep nesting overflows its recursive parser.
      const why = e instanceof RangeError ? "is nested too deeply for KaTeX" : `cannot be rendered by KaTeX (${(e as Error).message})`;
      throw new MathError(`the math ${excerpt(math.tex)} ${why}; simplify it`, math.cell);
    }
    return math.display ? `<div class="math display">${rendered}</div>` : rendered;
  });
}

/** Math that KaTeX could not render, with the cell it is in. */
export class MathError extends Error {
  constructor(
    message: string,
    readonly cell: number | undefined,
  ) {
    super(message);
  }
}

/** The start of a formula, for a message. */
function excerpt(tex: string): string {
  const flat = tex.replace(/\s+/g, " ").trim();
  return `"${flat.length > 40 ? `${flat.slice(0, 40)}…` : flat}"`;
}

const ADMONITIONS = ["note", "tip", "important", "warning", "caution", "danger", "info", "hint"];

/** Creates the renderer; `html` lets raw HTML through (the caller sanitises the result). */
export function createMarkdown(options: { html: boolean }): InstanceType<typeof MarkdownIt> {
  const md = new MarkdownIt({ html: options.html, linkify: false, typographer: false });
  md.inline.ruler.before("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, { alt: ["paragraph", "reference", "blockquote", "list"] });
  md.renderer.rules["math_inline"] = (tokens, idx, _o, rawEnv) =>
    placeholder(rawEnv as unknown as MarkdownEnv, tokens[idx]!.content, tokens[idx]!.meta?.display === true);
  md.renderer.rules["math_block"] = (tokens, idx, _o, rawEnv) => `${placeholder(rawEnv as unknown as MarkdownEnv, tokens[idx]!.content, true)}\n`;
  md.core.ruler.after("inline", "admonitions", (state) => {
    const tokens = state.tokens;
    for (let i = 0; i + 2 < tokens.length; i++) {
      if (tokens[i]!.type !== "blockquote_open" || tokens[i + 1]!.type !== "paragraph_open" || tokens[i + 2]!.type !== "inline") continue;
      const inline = tokens[i + 2]!;
      const github = /^\[!([A-Za-z]+)\]/.exec(inline.content);
      const bold = /^\*\*([A-Za-z]+)\*\*/.exec(inline.content);
      const kind = (github?.[1] ?? bold?.[1] ?? "").toLowerCase();
      if (!ADMONITIONS.includes(kind)) continue;
      tokens[i]!.attrJoin("class", `admonition ${kind}`);
      if (github && inline.children) {
        // Drop the [!NOTE] marker and the line break after it; the title comes from the renderer.
        const first = inline.children[0];
        if (first?.type === "text") first.content = first.content.replace(/^\[![A-Za-z]+\]\s*/, "");
        if (first?.content === "" && inline.children[1]?.type === "softbreak") inline.children.splice(0, 2);
        tokens[i]!.meta = { title: kind[0]!.toUpperCase() + kind.slice(1) };
      }
    }
  });
  md.renderer.rules["blockquote_open"] = (tokens, idx, opts, _env, self) => {
    const title = (tokens[idx]!.meta as { title?: string } | null)?.title;
    return self.renderToken(tokens, idx, opts) + (title ? `<p class="admonition-title">${md.utils.escapeHtml(title)}</p>\n` : "");
  };
  md.renderer.rules["heading_open"] = (tokens, idx, opts, rawEnv, self) => {
    const env = rawEnv as unknown as MarkdownEnv;
    const token = tokens[idx]!;
    const text = tokens[idx + 1]?.children?.map((t) => (t.type === "text" || t.type === "code_inline" ? t.content : "")).join("") ?? "";
    let slug =
      text
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, "-")
        .replace(/^-|-$/g, "") || "section";
    if (env.slugs.has(slug)) {
      // The lowest free "-n" from 2; slugs are never freed, so the search resumes where the last one for this stem stopped.
      const stem = slug.replace(/-\d+$/, "");
      let n = env.slugNext.get(stem) ?? 2;
      while (env.slugs.has(`${stem}-${n}`)) n++;
      env.slugNext.set(stem, n);
      slug = `${stem}-${n}`;
    }
    env.slugs.add(slug);
    env.headings.push({ level: Number(token.tag.slice(1)), id: slug, text });
    token.attrSet("id", slug);
    return self.renderToken(tokens, idx, opts);
  };
  md.renderer.rules["image"] = (tokens, idx, _opts, rawEnv) => {
    const env = rawEnv as unknown as MarkdownEnv;
    const token = tokens[idx]!;
    const alt = token.children?.map((t) => t.content).join("") ?? token.content;
    const raw = String(token.attrGet("src") ?? "");
    const { src, refused } = embeddableImage(raw, env);
    if (refused) env.warn?.(`${env.cell !== undefined ? `cell ${env.cell}: ` : ""}image "${raw}" left out of the article: ${refused}`);
    if (!src) return `<span class="missing-image" title="image not embedded">[${md.utils.escapeHtml(alt)}]</span>`;
    return `<img src="${md.utils.escapeHtml(src)}" alt="${md.utils.escapeHtml(alt)}">`;
  };
  return md;
}

function placeholder(env: MarkdownEnv, tex: string, display: boolean): string {
  env.math.push({ tex, display, cell: env.cell });
  return `${MATH_OPEN}${env.math.length - 1}${MATH_CLOSE}`;
}

/** `$x$` (not `$ x$`, not `$5 and $6`) and `$$x$$` inside a paragraph. */
function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src[start] !== "$") return false;
  const display = src[start + 1] === "$";
  const open = display ? 2 : 1;
  let end = start + open;
  for (;;) {
    end = src.indexOf(display ? "$$" : "$", end);
    if (end < 0) return false;
    if (src[end - 1] === "\\") {
      end++;
      continue;
    }
    break;
  }
  const content = src.slice(start + open, end);
  if (content.trim() === "") return false;
  if (!display && (/^\s|\s$/.test(content) || /\d/.test(src[end + 1] ?? ""))) return false;
  if (!silent) {
    const token = state.push("math_inline", "math", 0);
    token.content = content;
    token.meta = { display };
  }
  state.pos = end + open;
  return true;
}

/** A block starting with a line `$$` (or `$$ tex`) and ending with a line ending in `$$`. */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (line: number): string => state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]);
  const first = lineText(startLine);
  if (!first.startsWith("$$") || state.sCount[startLine]! - state.blkIndent >= 4) return false;
  let content = first.slice(2);
  let line = startLine;
  if (content.trimEnd().endsWith("$$") && content.trim() !== "") {
    content = content.trimEnd().slice(0, -2);
  } else {
    const close = closingLine(state, startLine, endLine, lineText);
    if (close === undefined) return false;
    const parts = [content];
    while (++line < close) parts.push(lineText(line));
    parts.push(lineText(close).trimEnd().slice(0, -2));
    content = parts.join("\n");
  }
  if (silent) return true;
  state.line = line + 1;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = content.trim();
  token.map = [startLine, state.line];
  return true;
}

/** Per document, the lines whose raw text ends in `$$`: the only lines that can close a math block. */
const closingCandidates = new WeakMap<StateBlock, number[]>();

/**
 * The first line after `startLine` (and before `endLine`) that closes a math block. Looking only
 * at lines that end in `$$` keeps a document of many unclosed `$$` lines linear; the line as this
 * block sees it (inside a quote or list) is still checked, as a line-by-line scan would.
 */
function closingLine(state: StateBlock, startLine: number, endLine: number, lineText: (line: number) => string): number | undefined {
  let candidates = closingCandidates.get(state);
  if (!candidates) {
    candidates = [];
    // All lines, not state.lineMax: a blockquote lowers that while it parses its content.
    for (let line = 0; line < state.eMarks.length; line++) {
      const start = line === 0 ? 0 : state.eMarks[line - 1]! + 1;
      if (state.src.slice(start, state.eMarks[line]).trimEnd().endsWith("$$")) candidates.push(line);
    }
    closingCandidates.set(state, candidates);
  }
  let lo = 0;
  let hi = candidates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (candidates[mid]! <= startLine) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < candidates.length && candidates[i]! < endLine; i++) {
    if (lineText(candidates[i]!).trimEnd().endsWith("$$")) return candidates[i];
  }
  return undefined;
}

const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
  ".webp": "image/webp",
};

/**
 * A data: URI for a markdown image; without one, why not when the notebook meant a local image
 * (a remote image is never fetched, and says nothing).
 */
function embeddableImage(src: string, env: MarkdownEnv): { src?: string; refused?: string } {
  if (src.startsWith("data:image/")) return { src };
  if (src.startsWith("attachment:")) {
    const name = decodePath(src.slice("attachment:".length));
    if (name === undefined) return { refused: "its name has a malformed %-escape" };
    const bundle = Object.hasOwn(env.attachments, name) ? env.attachments[name] : undefined;
    for (const [mime, data] of Object.entries(bundle ?? {})) {
      if (!mime.startsWith("image/")) continue;
      const text = Array.isArray(data) ? data.join("") : String(data);
      return {
        src: mime === "image/svg+xml" ? `data:${mime};base64,${Buffer.from(text).toString("base64")}` : `data:${mime};base64,${text.replace(/\s+/g, "")}`,
      };
    }
    return { refused: "the cell has no image attachment of that name" };
  }
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(src) || !env.baseDir) return {}; // remote: never fetched
  const path = decodePath(src.split(/[?#]/)[0]!);
  if (path === undefined) return { refused: "its path has a malformed %-escape" };
  const mime = IMAGE_TYPES[extname(path).toLowerCase()];
  if (!mime) return { refused: `its name does not end in ${Object.keys(IMAGE_TYPES).join(", ")}` };
  const image = readLocalImage(env.baseDir, path);
  if ("refused" in image) return { refused: image.refused };
  return { src: `data:${mime};base64,${image.bytes.toString("base64")}` };
}

/** A percent-decoded path, or undefined when an escape is malformed (`%E0`, `%A`). */
function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

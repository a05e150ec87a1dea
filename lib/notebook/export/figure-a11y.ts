/**
 * Figures a screen reader can name and describe: each `<svg>` of an output gets `role="img"`, a
 * `<title>` (the figure's caption) and a `<desc>` (its text rendering, the `text/plain` the kernel
 * stored with it), tied to it by `aria-labelledby` and `aria-describedby`. With `role="img"` the
 * shapes inside are one image to assistive technology, not hundreds of unnamed marks
 * (https://www.w3.org/TR/wai-aria-1.2/#img: its children are presentational).
 */
import { escapeHTML } from "../../render/html.js";
import { stripMarkAria } from "../../render/svg-aria.js";

/** What names and describes a figure. */
export interface FigureText {
  /** Plain text: the figure's caption. */
  readonly title: string;
  /** Plain text: what the figure shows, in words (its text rendering). */
  readonly description?: string;
}

/** The root `<svg …>` start tags of a fragment (the ones not inside another `<svg>`). */
const SVG_START = /<svg\b[^>]*>|<\/svg\s*>/gi;

/**
 * `markup` with every top-level `<svg>` named and described. `nextId` gives each a page-unique id
 * prefix. Attributes the SVG had for the same purpose (`role`, `aria-label`, …) are replaced.
 */
export function describeFigures(markup: string, text: FigureText, nextId: () => string): string {
  if (!/<svg\b/i.test(markup)) return markup;
  let depth = 0;
  // Notebooks run before podtalk left the marks' ARIA out still carry it.
  return markup.replace(/<svg\b[\s\S]*?<\/svg\s*>/gi, stripMarkAria).replace(SVG_START, (tag) => {
    if (tag.startsWith("</")) {
      depth = Math.max(0, depth - 1);
      return tag;
    }
    depth += 1;
    if (depth > 1) return tag;
    const id = nextId();
    const selfClosing = tag.endsWith("/>");
    const attributes = tag
      .slice(4, selfClosing ? -2 : -1)
      .replace(/\s(?:role|aria-label|aria-labelledby|aria-describedby|aria-roledescription|aria-hidden)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi, "");
    const described = text.description?.trim() ? `${id}-desc` : undefined;
    const aria = ` role="img" aria-labelledby="${id}-title"${described ? ` aria-describedby="${described}"` : ""}`;
    const children = `<title id="${id}-title">${escapeHTML(text.title)}</title>${described ? `<desc id="${described}">${escapeHTML(text.description!.trim())}</desc>` : ""}`;
    if (selfClosing) {
      depth -= 1;
      return `<svg${attributes}${aria}>${children}</svg>`;
    }
    return `<svg${attributes}${aria}>${children}`;
  });
}

/**
 * The figure's text rendering, collapsed under the figure: the same words its `<desc>` gives a
 * screen reader, laid out as the notebook prints them, for anyone who would rather read than look.
 * `escapedText` is HTML already (escaped, maybe cut with a note).
 */
export function textVersion(escapedText: string): string {
  return `<details class="text-version"><summary>Text version</summary><pre class="output text">${escapedText}</pre></details>`;
}

/**
 * A small, forgiving parser for the markup notebooks store (vega's SVG, podtalk's HTML tables and
 * traces): elements with their attributes, children and text. It is not a validating parser; it
 * only has to be good enough to say what changed between two outputs.
 */

/** One element of the parsed tree. */
export interface MarkupElement {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: (MarkupElement | string)[];
  readonly parent: MarkupElement | undefined;
}

/** HTML elements that never have content. */
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<![^>]*>|<\?[\s\S]*?\?>|<\/([A-Za-z][\w:.-]*)\s*>|<([A-Za-z][\w:.-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>|[^<]+|</g;
const ATTRIBUTE = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

/** The tree of `markup` under a synthetic `#root` element. */
export function parseMarkup(markup: string): MarkupElement {
  const root: MarkupElement = { tag: "#root", attrs: {}, children: [], parent: undefined };
  let open = root;
  for (const m of markup.matchAll(TOKEN)) {
    const [token, cdata, closing, opening, attrText, selfClosing] = m;
    if (cdata !== undefined) open.children.push(cdata);
    else if (closing !== undefined) {
      // Close up to the matching element; a stray end tag is ignored.
      let e: MarkupElement | undefined = open;
      while (e && e !== root && e.tag !== closing.toLowerCase()) e = e.parent;
      if (e && e !== root) open = e.parent ?? root;
    } else if (opening !== undefined) {
      const attrs: Record<string, string> = {};
      for (const a of (attrText ?? "").matchAll(ATTRIBUTE)) attrs[a[1]!.toLowerCase()] = decodeEntities(a[2] ?? a[3] ?? a[4] ?? "");
      const element: MarkupElement = { tag: opening.toLowerCase(), attrs, children: [], parent: open };
      open.children.push(element);
      if (selfClosing !== "/" && !VOID.has(element.tag)) open = element;
    } else if (!token.startsWith("<!") && !token.startsWith("<?")) open.children.push(decodeEntities(token));
  }
  return root;
}

/** Every element under `root`, in document order. */
export function elements(root: MarkupElement): MarkupElement[] {
  const out: MarkupElement[] = [];
  const walk = (e: MarkupElement): void => {
    for (const c of e.children) {
      if (typeof c === "string") continue;
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** The text inside `e`, whitespace collapsed. */
export function textOf(e: MarkupElement): string {
  const parts: string[] = [];
  const walk = (x: MarkupElement): void => {
    for (const c of x.children) typeof c === "string" ? parts.push(c) : walk(c);
  };
  walk(e);
  return parts.join("").replace(/\s+/g, " ").trim();
}

/** The named and numeric character references HTML and SVG outputs use. */
export function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[ref.toLowerCase()] ?? whole;
  });
}

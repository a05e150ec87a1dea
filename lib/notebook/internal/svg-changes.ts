/**
 * What changed between two SVG pictures, in words: marks (vega's `role="graphics-symbol"`
 * elements, or plain shapes in other SVG) matched by type, text, style and position, then told as
 * moved, relabelled, restyled, added or removed.
 */
import { elements, parseMarkup, textOf, type MarkupElement } from "./markup.js";

/** One drawn mark: its type, the text it shows, where it is and how it looks. */
interface Mark {
  readonly type: string;
  readonly text: string;
  readonly at: string;
  /** Its size: `w×h`, or where a line or box ends. */
  readonly extent: string;
  readonly style: string;
}

/** What changed, as a summary line and detail lines. */
export interface Changes {
  /** "3 boxes moved, 1 label changed ("api-1" → "api-2")", or "" when no mark changed. */
  readonly summary: string;
  readonly details: readonly string[];
}

const SHAPES = new Set(["rect", "circle", "ellipse", "line", "polyline", "polygon", "path", "text", "image", "use"]);
const POSITION_FIELDS = new Set(["x", "y", "x2", "y2", "width", "height"]);
const STYLE_ATTRIBUTES = ["fill", "stroke", "stroke-width", "stroke-dasharray", "opacity", "fill-opacity", "font-weight", "font-size"];
const NOUNS: Readonly<Record<string, [string, string]>> = {
  rect: ["box", "boxes"],
  text: ["label", "labels"],
  rule: ["line", "lines"],
  line: ["line", "lines"],
  symbol: ["point", "points"],
  circle: ["point", "points"],
  area: ["area", "areas"],
  arc: ["arc", "arcs"],
};

/** Changes between the SVG texts `before` and `after`. */
export function svgChanges(before: string, after: string): Changes {
  return svgElementChanges(svgRoot(parseMarkup(before)), svgRoot(parseMarkup(after)));
}

/** Changes between two parsed `<svg>` elements (or trees holding one). */
export function svgElementChanges(before: MarkupElement, after: MarkupElement): Changes {
  const a = marksOf(before);
  const b = marksOf(after);
  // Marks that did not change at all drop out first.
  const same = new Map<string, number>();
  for (const m of a) same.set(keyOf(m), (same.get(keyOf(m)) ?? 0) + 1);
  const fresh: Mark[] = [];
  for (const m of b) {
    const n = same.get(keyOf(m)) ?? 0;
    if (n > 0) same.set(keyOf(m), n - 1);
    else fresh.push(m);
  }
  const stored: Mark[] = [];
  const left = new Map<string, number>();
  for (const m of b) left.set(keyOf(m), (left.get(keyOf(m)) ?? 0) + 1);
  for (const m of a) {
    const n = left.get(keyOf(m)) ?? 0;
    if (n > 0) left.set(keyOf(m), n - 1);
    else stored.push(m);
  }
  const counts = new Map<string, number>();
  const examples = new Map<string, string[]>();
  const byWhat = new Map<string, string[]>();
  let what = "";
  const details = { push: (line: string): void => void byWhat.set(what, [...(byWhat.get(what) ?? []), line]) };
  const note = (kind: string, example?: string): void => {
    what = kind;
    counts.set(what, (counts.get(what) ?? 0) + 1);
    if (example !== undefined) examples.set(what, [...(examples.get(what) ?? []), example]);
  };
  const pair = (same: (x: Mark, y: Mark) => boolean, tell: (x: Mark, y: Mark) => void): void => {
    for (let i = 0; i < stored.length; i++) {
      const j = fresh.findIndex((y) => same(stored[i]!, y));
      if (j < 0) continue;
      tell(stored[i]!, fresh[j]!);
      stored.splice(i--, 1);
      fresh.splice(j, 1);
    }
  };
  // Same mark somewhere else: moved.
  pair(
    (x, y) => x.type === y.type && x.text === y.text && x.style === y.style,
    (x, y) => {
      note(`${nounOf(x.type, 2)} moved`);
      details.push(`${nounOf(x.type, 1)}${x.text ? ` ${quote(x.text)}` : ""} moved from ${x.at} to ${y.at}`);
    },
  );
  // A text in the same place that reads differently: a changed label.
  pair(
    (x, y) => x.type === y.type && x.at === y.at && x.type === "text",
    (x, y) => {
      note(`${nounOf(x.type, 2)} changed`, `${quote(x.text)} → ${quote(y.text)}`);
      details.push(`${nounOf(x.type, 1)}${where(x.at)}: ${quote(x.text)} → ${quote(y.text)}`);
    },
  );
  // Same place, same look, another size.
  pair(
    (x, y) => x.type === y.type && x.at === y.at && x.text === y.text && x.style === y.style,
    (x, y) => {
      note(`${nounOf(x.type, 2)} resized`);
      details.push(`${nounOf(x.type, 1)}${x.text ? ` ${quote(x.text)}` : ""}${where(x.at)} resized: ${x.extent || "?"} → ${y.extent || "?"}`);
    },
  );
  // Same place or same text, another look: restyled.
  pair(
    (x, y) => x.type === y.type && (x.at === y.at || (x.text !== "" && x.text === y.text)),
    (x, y) => {
      note(`${nounOf(x.type, 2)} restyled`);
      const moved = x.at === y.at ? where(x.at) : ` moved from ${x.at} to ${y.at}`;
      details.push(`${nounOf(x.type, 1)}${x.text ? ` ${quote(x.text)}` : ""}${moved}: ${styleChange(x.style, y.style)}`);
    },
  );
  for (const x of stored) {
    note(`${nounOf(x.type, 2)} removed`, x.text ? quote(x.text) : undefined);
    details.push(`${nounOf(x.type, 1)} removed${x.text ? `: ${quote(x.text)}` : ""}${where(x.at)}`);
  }
  for (const y of fresh) {
    note(`${nounOf(y.type, 2)} added`, y.text ? quote(y.text) : undefined);
    details.push(`${nounOf(y.type, 1)} added${y.text ? `: ${quote(y.text)}` : ""}${where(y.at)}`);
  }
  const size = (e: MarkupElement): string => `${e.attrs["width"] ?? "?"}×${e.attrs["height"] ?? "?"}`;
  const parts = [...counts].map(([what, n]) => {
    const [noun, verb] = splitLast(what);
    const shown = examples.get(what)?.slice(0, 2) ?? [];
    const more = (examples.get(what)?.length ?? 0) > 2 ? ", …" : "";
    return `${n} ${n === 1 ? singular(noun) : noun} ${verb}${shown.length ? ` (${shown.join(", ")}${more})` : ""}`;
  });
  if (size(before) !== size(after)) parts.push(`size ${size(before)} → ${size(after)}`);
  // At most three lines of each kind of change: a new chart's 36 grid lines are one fact.
  const lines = [...byWhat].flatMap(([kind, list]) => (list.length > 3 ? [...list.slice(0, 3), `… ${list.length - 3} more ${kind}`] : list));
  return { summary: parts.join(", "), details: lines };
}

/** The outermost `<svg>` of a parsed tree (or the tree itself). */
function svgRoot(root: MarkupElement): MarkupElement {
  return elements(root).find((e) => e.tag === "svg") ?? root;
}

/** The marks of a picture, in document order. */
function marksOf(svg: MarkupElement): Mark[] {
  const all = elements(svg);
  const vega = all.filter((e) => e.attrs["role"] === "graphics-symbol" && /^\S+ mark$/.test(e.attrs["aria-roledescription"] ?? ""));
  const chosen =
    vega.length > 0 ? vega : all.filter((e) => SHAPES.has(e.tag) && e.attrs["aria-hidden"] !== "true" && !inside(e, ["defs", "clippath", "marker"]));
  return chosen.map(markOf);
}

/** The Vega mark type of a shape from its group's class (`mark-rect role-mark …`), for SVGs rendered without ARIA. */
function groupMarkType(e: MarkupElement): string | undefined {
  return /(?:^|\s)mark-(\w+)(?:\s|$)/.exec(e.parent?.attrs["class"] ?? "")?.[1];
}

function markOf(e: MarkupElement): Mark {
  const role = /^(\S+) mark$/.exec(e.attrs["aria-roledescription"] ?? "");
  const type = role ? role[1]! : (groupMarkType(e) ?? e.tag);
  const fields = ariaFields(e.attrs["aria-label"]);
  const text = e.tag === "text" ? textOf(e) : (fields.get("text") ?? "");
  const style = [
    ...[...fields].filter(([k]) => !POSITION_FIELDS.has(k) && k !== "text").map(([k, v]) => `${k}: ${v}`),
    ...STYLE_ATTRIBUTES.filter((a) => e.attrs[a] !== undefined && !fields.has(camel(a))).map((a) => `${a}: ${e.attrs[a]}`),
  ].join("; ");
  return { type, text, ...positionOf(e, fields), style };
}

/** Vega's aria-label `x: 12; y: 36; text: node-1` as a map. */
function ariaFields(label: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (label ?? "").split("; ")) {
    const colon = part.indexOf(": ");
    if (colon > 0) out.set(part.slice(0, colon), part.slice(colon + 2));
  }
  return out;
}

function positionOf(e: MarkupElement, fields: Map<string, string>): { at: string; extent: string } {
  const pick = (...names: string[]): string | undefined => names.map((n) => fields.get(n) ?? e.attrs[n]).find((v) => v !== undefined);
  let x = pick("x", "cx", "x1");
  let y = pick("y", "cy", "y1");
  if (x === undefined || y === undefined) {
    const t = /translate\(\s*([-\d.e]+)[\s,]+([-\d.e]+)/.exec(e.attrs["transform"] ?? "") ?? /^\s*M\s*([-\d.e]+)[\s,]+([-\d.e]+)/i.exec(e.attrs["d"] ?? "");
    x = t?.[1];
    y = t?.[2];
  }
  const w = pick("width");
  const x2 = pick("x2");
  const extent = w !== undefined ? `${w}×${pick("height") ?? "?"}` : x2 !== undefined ? `(${x2}, ${pick("y2") ?? "?"})` : "";
  return { at: x === undefined ? "" : `(${x}, ${y})`, extent };
}

function styleChange(a: string, b: string): string {
  const before = new Map(a.split("; ").map((kv) => [kv.slice(0, kv.indexOf(": ")), kv.slice(kv.indexOf(": ") + 2)] as const));
  const after = new Map(b.split("; ").map((kv) => [kv.slice(0, kv.indexOf(": ")), kv.slice(kv.indexOf(": ") + 2)] as const));
  const keys = [...new Set([...before.keys(), ...after.keys()])].filter((k) => k !== "" && before.get(k) !== after.get(k));
  return keys.map((k) => `${k} ${before.get(k) ?? "(none)"} → ${after.get(k) ?? "(none)"}`).join(", ") || "restyled";
}

/** " at (x, y)", or "" where the position is unknown. */
function where(at: string): string {
  return at ? ` at ${at}` : "";
}

function keyOf(m: Mark): string {
  return `${m.type}\u0000${m.text}\u0000${m.at}\u0000${m.extent}\u0000${m.style}`;
}

function inside(e: MarkupElement, tags: readonly string[]): boolean {
  for (let p = e.parent; p; p = p.parent) if (tags.includes(p.tag)) return true;
  return false;
}

function nounOf(type: string, n: number): string {
  const noun = NOUNS[type];
  if (noun) return n === 1 ? noun[0] : noun[1];
  return n === 1 ? `${type} mark` : `${type} marks`;
}

function singular(plural: string): string {
  for (const [one, many] of Object.values(NOUNS)) if (many === plural) return one;
  return plural.replace(/marks$/, "mark");
}

function splitLast(what: string): [string, string] {
  const space = what.lastIndexOf(" ");
  return [what.slice(0, space), what.slice(space + 1)];
}

function camel(attr: string): string {
  return attr.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 59)}…` : text);
}

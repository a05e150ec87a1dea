/**
 * What changed between two HTML outputs, in words: table cells by row and column (rows matched by
 * their first cell, as kubectl's NAME), rows added or removed, the visible text outside tables,
 * and any SVG picture inside (through svg-changes.ts).
 */
import { elements, parseMarkup, textOf, type MarkupElement } from "./markup.js";
import { svgElementChanges, type Changes } from "./svg-changes.js";

/** The changes between the HTML texts `before` and `after`. */
export function htmlChanges(before: string, after: string): Changes {
  const a = parseMarkup(before);
  const b = parseMarkup(after);
  const parts: string[] = [];
  const details: string[] = [];
  const tablesA = outermost(a, "table");
  const tablesB = outermost(b, "table");
  if (tablesA.length !== tablesB.length) parts.push(`${tablesA.length} table${tablesA.length === 1 ? "" : "s"} stored, ${tablesB.length} fresh`);
  let cells = 0;
  let added = 0;
  let removed = 0;
  for (let t = 0; t < Math.min(tablesA.length, tablesB.length); t++) {
    const label = tablesA.length > 1 ? `table ${t + 1} ` : "table ";
    const x = tableOf(tablesA[t]!);
    const y = tableOf(tablesB[t]!);
    if (x.columns.join("\t") !== y.columns.join("\t")) details.push(`${label}columns: ${x.columns.join(" ")} → ${y.columns.join(" ")}`);
    const keys = (rows: string[][]): string[] => rows.map((r) => r[0] ?? "");
    const unique = (rows: string[][]): boolean => new Set(keys(rows)).size === rows.length;
    const byKey = unique(x.rows) && unique(y.rows);
    const matched = new Set<number>();
    y.rows.forEach((row, j) => {
      const i = byKey ? keys(x.rows).indexOf(row[0] ?? "") : j < x.rows.length ? j : -1;
      if (i < 0) {
        added++;
        details.push(`${label}row ${j + 1} added: ${cut(row.join(" | "))}`);
        return;
      }
      matched.add(i);
      const old = x.rows[i]!;
      y.columns.forEach((column, c) => {
        const k = x.columns.indexOf(column);
        const was = k >= 0 ? (old[k] ?? "") : "";
        const now = row[c] ?? "";
        if (was === now) return;
        cells++;
        const name = c === 0 || !row[0] ? "" : ` (${cut(row[0])})`;
        details.push(`${label}row ${j + 1}${name} cell ${column} ${cut(was) || "(empty)"} → ${cut(now) || "(empty)"}`);
      });
    });
    x.rows.forEach((row, i) => {
      if (matched.has(i)) return;
      removed++;
      details.push(`${label}row ${i + 1} removed: ${cut(row.join(" | "))}`);
    });
  }
  if (cells === 1 && added === 0 && removed === 0) parts.push(details.find((d) => d.includes(" cell "))!);
  else if (cells > 0) parts.push(`${cells} table cells changed`);
  if (added > 0) parts.push(`${added} table row${added === 1 ? "" : "s"} added`);
  if (removed > 0) parts.push(`${removed} table row${removed === 1 ? "" : "s"} removed`);
  const textA = visibleLines(a);
  const textB = visibleLines(b);
  const changedText = lineChanges(textA, textB);
  if (changedText.length > 0) {
    parts.push(`${changedText.length} line${changedText.length === 1 ? "" : "s"} of text changed`);
    details.push(...changedText);
  }
  const svgsA = outermost(a, "svg");
  const svgsB = outermost(b, "svg");
  for (let s = 0; s < Math.min(svgsA.length, svgsB.length); s++) {
    const svg = svgElementChanges(svgsA[s]!, svgsB[s]!);
    if (svg.summary === "") continue;
    parts.push(`${svgsA.length > 1 ? `picture ${s + 1}` : "picture"}: ${svg.summary}`);
    details.push(...svg.details);
  }
  if (svgsA.length !== svgsB.length) parts.push(`${svgsA.length} picture${svgsA.length === 1 ? "" : "s"} stored, ${svgsB.length} fresh`);
  return { summary: parts.join(", "), details: cells === 1 && details.length === 1 ? [] : details };
}

/** The `tag` elements not nested in another one. */
function outermost(root: MarkupElement, tag: string): MarkupElement[] {
  return elements(root).filter((e) => {
    if (e.tag !== tag) return false;
    for (let p = e.parent; p; p = p.parent) if (p.tag === tag) return false;
    return true;
  });
}

/** A table's header cells and body rows, as text. */
function tableOf(table: MarkupElement): { columns: string[]; rows: string[][] } {
  const nearestTable = (e: MarkupElement): MarkupElement | undefined => {
    let p = e.parent;
    while (p && p.tag !== "table") p = p.parent;
    return p;
  };
  const rows = elements(table).filter((e) => e.tag === "tr" && nearestTable(e) === table);
  const cellsOf = (tr: MarkupElement): MarkupElement[] =>
    tr.children.filter((c): c is MarkupElement => typeof c !== "string" && (c.tag === "td" || c.tag === "th"));
  const header = rows.find((r) => cellsOf(r).every((c) => c.tag === "th"));
  return {
    columns: header ? cellsOf(header).map(textOf) : [],
    rows: rows.filter((r) => r !== header).map((r) => cellsOf(r).map(textOf)),
  };
}

/** Block elements: text on either side of one is on another line. */
const BLOCKS = new Set([
  "p",
  "div",
  "pre",
  "li",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "br",
  "caption",
  "figcaption",
  "section",
  "details",
  "summary",
  "ul",
  "ol",
]);

/** The visible text outside tables and pictures, one line per block and per line break in a `<pre>`. */
function visibleLines(root: MarkupElement): string[] {
  let text = "";
  const walk = (e: MarkupElement, pre: boolean): void => {
    for (const c of e.children) {
      if (typeof c === "string") text += pre ? c : c.replace(/\s+/g, " ");
      else if (c.tag === "table" || c.tag === "svg" || c.tag === "style" || c.tag === "script") text += "\n";
      else {
        if (BLOCKS.has(c.tag)) text += "\n";
        walk(c, pre || c.tag === "pre");
        if (BLOCKS.has(c.tag)) text += "\n";
      }
    }
  };
  walk(root, false);
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

/** `- old` / `+ new` for the lines that differ (common head and tail left out). */
function lineChanges(a: readonly string[], b: readonly string[]): string[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const gone = a.slice(head, a.length - tail);
  const come = b.slice(head, b.length - tail);
  const inBoth = new Set(gone.filter((l) => come.includes(l)));
  return [...gone.filter((l) => !inBoth.has(l)).map((l) => `- ${cut(l)}`), ...come.filter((l) => !inBoth.has(l)).map((l) => `+ ${cut(l)}`)];
}

function cut(text: string): string {
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

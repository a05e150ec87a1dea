/**
 * Compares a notebook's stored outputs with a fresh run's, as nbval does: cell by cell, output by
 * output, MIME type by MIME type, with a readable account of what changed.
 *
 * @see https://nbval.readthedocs.io/en/latest/
 */
import { cellTags, isJSONMime, type Cell, type Notebook, type Output } from "./ipynb.js";
import { htmlChanges } from "./internal/html-changes.js";
import { dumpPythonJSON } from "./internal/python-json.js";
import { svgChanges, type Changes } from "./internal/svg-changes.js";
import { minimalBundle, outputsLevelOf } from "./outputs.js";
import { stripANSI } from "./strip-ansi.js";

/** A regex replacement applied to text on both sides before comparing (nbval's sanitizers). */
export interface Sanitizer {
  readonly regex: RegExp;
  readonly replace: string;
}

/** Options for compareNotebooks(). */
export interface CompareOptions {
  /** Applied, in order, to every text value on both sides. */
  readonly sanitizers?: readonly Sanitizer[];
}

/** One difference between the stored and the fresh outputs of a cell. */
export interface OutputDifference {
  /** 1-based cell number (markdown cells count). */
  readonly cell: number;
  /** The cell's id. */
  readonly cellId: string;
  /** The MIME type, or the output field ("stream stdout", "error") that differs; "outputs" for the list itself. */
  readonly what: string;
  /** A readable account: a line diff for text, a summary for images and JSON. */
  readonly detail: string;
}

/** Tags that exclude a cell from the comparison (it still runs, except with nbval-skip). */
export const IGNORE_OUTPUT_TAG = "nbval-ignore-output";
/** nbval's tag for cells that are neither run nor compared. */
export const SKIP_TAG = "nbval-skip";

/**
 * Lists the differences between the outputs of `stored` and `fresh` (the same notebook run
 * again). Cells tagged `nbval-ignore-output`, `nbval-skip` or `skip-execution` are not compared;
 * execution counts are ignored.
 *
 * @example const diffs = compareNotebooks(readNotebook(path), freshRun.notebook);
 */
export function compareNotebooks(stored: Notebook, fresh: Notebook, options: CompareOptions = {}): OutputDifference[] {
  const differences: OutputDifference[] = [];
  const freshById = new Map(fresh.cells.map((c) => [c.id, c]));
  // A notebook stored minimal is compared on what it keeps (lib/notebook/outputs.ts).
  const minimal = outputsLevelOf(stored) === "minimal";
  stored.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const tags = cellTags(cell);
    if (tags.includes(IGNORE_OUTPUT_TAG) || tags.includes(SKIP_TAG) || tags.includes("skip-execution")) return;
    const other = freshById.get(cell.id) ?? fresh.cells[index];
    const add = (what: string, detail: string): void => void differences.push({ cell: index + 1, cellId: cell.id, what, detail });
    if (other?.cell_type !== "code") {
      add("outputs", "the cell is missing from the fresh run");
      return;
    }
    const freshOutputs = minimal ? other.outputs.map((o) => ("data" in o ? { ...o, data: minimalBundle(o.data) } : o)) : other.outputs;
    compareOutputLists(mergeStreams(cell.outputs), mergeStreams(freshOutputs), options, add);
  });
  return differences;
}

/** Formats differences as nbval does, grouped by cell; `path` labels them. */
export function formatDifferences(path: string, notebook: Notebook, differences: readonly OutputDifference[]): string {
  const lines: string[] = [];
  let lastCell = -1;
  for (const d of differences) {
    if (d.cell !== lastCell) {
      const first = notebook.cells[d.cell - 1]?.source.split("\n").find((l) => l.trim() !== "") ?? "";
      lines.push(`${path}: cell ${d.cell} (${d.cellId}) outputs changed:`, `    ${first.trim()}`);
      lastCell = d.cell;
    }
    lines.push(`  ${d.what}:`, ...d.detail.split("\n").map((l) => `    ${l}`));
  }
  return lines.join("\n");
}

function compareOutputLists(stored: Output[], fresh: Output[], options: CompareOptions, add: (what: string, detail: string) => void): void {
  const kinds = (outputs: Output[]): string => outputs.map(outputKind).join(", ") || "(none)";
  if (stored.length !== fresh.length || stored.some((o, i) => outputKind(o) !== outputKind(fresh[i]!))) {
    add("outputs", `stored: ${kinds(stored)}\nfresh:  ${kinds(fresh)}`);
    // Compare what still lines up by kind, so the report says how the common parts changed.
  }
  const count = Math.min(stored.length, fresh.length);
  for (let i = 0; i < count; i++) {
    const a = stored[i]!;
    const b = fresh[i]!;
    if (outputKind(a) !== outputKind(b)) continue;
    if (a.output_type === "stream" && b.output_type === "stream") {
      const diff = textDifference(sanitize(a.text, options), sanitize(b.text, options));
      if (diff) add(`stream ${a.name}`, diff);
    } else if (a.output_type === "error" && b.output_type === "error") {
      const before = `${a.ename}: ${sanitize(stripANSI(a.evalue), options)}`;
      const after = `${b.ename}: ${sanitize(stripANSI(b.evalue), options)}`;
      if (before !== after) add("error", `- ${before}\n+ ${after}`);
    } else if ("data" in a && "data" in b) {
      compareBundles(a.data, b.data, options, add);
    }
  }
}

function compareBundles(
  stored: Record<string, unknown>,
  fresh: Record<string, unknown>,
  options: CompareOptions,
  add: (what: string, detail: string) => void,
): void {
  // text/plain first: its line diff is what a reader compares first; markup is summarised after it.
  const mimes = [...new Set([...Object.keys(stored), ...Object.keys(fresh)])].sort((x, y) =>
    x === "text/plain" ? -1 : y === "text/plain" ? 1 : x < y ? -1 : x > y ? 1 : 0,
  );
  for (const mime of mimes) {
    const a = stored[mime];
    const b = fresh[mime];
    if (a === undefined) {
      add(mime, "new in the fresh run");
      continue;
    }
    if (b === undefined) {
      add(mime, "missing from the fresh run");
      continue;
    }
    if (isJSONMime(mime)) {
      const paths = jsonDifferences(a, b, "");
      if (paths.length > 0) add(mime, `JSON changed at ${paths.slice(0, 5).join(", ")}${paths.length > 5 ? ` and ${paths.length - 5} more` : ""}`);
      continue;
    }
    const before = sanitize(asText(a), options);
    const after = sanitize(asText(b), options);
    if (before === after) continue;
    if (mime === "image/svg+xml") {
      add(mime, summarise("SVG", svgChanges(before, after), `${elementCount(before)} elements stored, ${elementCount(after)} fresh`));
    } else if (mime === "text/html") {
      add(mime, summarise("HTML", htmlChanges(before, after), "in markup only (no visible text, table cell or picture differs)"));
    } else if (mime.startsWith("image/")) {
      add(mime, `image changed: ${base64Bytes(before)} bytes stored, ${base64Bytes(after)} fresh`);
    } else {
      add(mime, textDifference(mime === "text/plain" ? stripANSI(before) : before, mime === "text/plain" ? stripANSI(after) : after) || "whitespace changed");
    }
  }
}

function outputKind(output: Output): string {
  return output.output_type === "stream" ? `stream ${output.name}` : output.output_type;
}

/** nbval compares the concatenated text of each stream, not how the kernel chunked it. */
function mergeStreams(outputs: readonly Output[]): Output[] {
  const merged: Output[] = [];
  for (const output of outputs) {
    const last = merged[merged.length - 1];
    if (output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name) {
      merged[merged.length - 1] = { ...last, text: last.text + output.text };
    } else merged.push(output);
  }
  return merged;
}

function sanitize(text: string, options: CompareOptions): string {
  let out = text;
  for (const { regex, replace } of options.sanitizers ?? []) {
    out = out.replace(regex.global ? regex : new RegExp(regex.source, `${regex.flags}g`), replace);
  }
  return out;
}

function asText(value: unknown): string {
  return typeof value === "string" ? value : Array.isArray(value) ? value.join("") : JSON.stringify(value);
}

function elementCount(svg: string): number {
  return (svg.match(/<[A-Za-z][^\s/>]*/g) ?? []).length;
}

/** The most lines a summary of a changed SVG or HTML output takes. */
export const MAX_SUMMARY_LINES = 20;

/** `<what> changed: <summary>` and its details, at most MAX_SUMMARY_LINES lines. */
function summarise(what: string, changes: Changes, otherwise: string): string {
  const lines = [`${what} changed: ${changes.summary || otherwise}`, ...changes.details.map((d) => `  ${d}`)];
  return lines.length > MAX_SUMMARY_LINES
    ? [...lines.slice(0, MAX_SUMMARY_LINES - 1), `  … ${lines.length - MAX_SUMMARY_LINES + 1} more changes`].join("\n")
    : lines.join("\n");
}

function base64Bytes(data: string): number {
  return Math.floor((data.replace(/\s+/g, "").length * 3) / 4);
}

function jsonDifferences(a: unknown, b: unknown, path: string): string[] {
  if (a === b) return [];
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return dumpPythonJSON(a) === dumpPythonJSON(b) ? [] : [path || "/"];
  }
  const out: string[] = [];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) out.push(...jsonDifferences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}/${key}`));
  return out;
}

/**
 * A unified-style line diff (`-` stored, `+` fresh) with one line of context, at most 40 lines;
 * "" when the texts are equal.
 */
export function textDifference(before: string, after: string): string {
  if (before === after) return "";
  // A final newline on both sides is not a line of its own.
  const a = (before.endsWith("\n") && after.endsWith("\n") ? before.slice(0, -1) : before).split("\n");
  const b = (before.endsWith("\n") && after.endsWith("\n") ? after.slice(0, -1) : after).split("\n");
  // Trim the common head and tail, then an LCS table over what is left (outputs are small).
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const lines: string[] = [];
  if (head > 0) lines.push(`  ${a[head - 1]}`);
  if (x.length * y.length > 4_000_000) {
    lines.push(...x.map((l) => `- ${l}`), ...y.map((l) => `+ ${l}`));
  } else {
    const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        lines.push(`  ${x[i]}`);
        i++;
        j++;
      } else if (i < x.length && (j >= y.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) lines.push(`- ${x[i++]}`);
      else lines.push(`+ ${y[j++]}`);
    }
  }
  if (tail > 0) lines.push(`  ${a[a.length - tail]}`);
  return lines.length > 40 ? [...lines.slice(0, 40), `  … ${lines.length - 40} more lines`].join("\n") : lines.join("\n");
}

/**
 * Reads nbval's sanitizer file format: sections with `regex:` and `replace:` lines.
 *
 * @example parseSanitizers("[ids]\nregex: [0-9a-f]{8}\nreplace: ID\n")
 */
export function parseSanitizers(text: string): Sanitizer[] {
  const sanitizers: Sanitizer[] = [];
  let regex: string | undefined;
  let replace: string | undefined;
  const flush = (): void => {
    if (regex !== undefined) sanitizers.push({ regex: new RegExp(regex, "g"), replace: replace ?? "" });
    regex = undefined;
    replace = undefined;
  };
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.startsWith("[")) flush();
    else if (trimmed.startsWith("regex:")) regex = trimmed.slice("regex:".length).trim();
    else if (trimmed.startsWith("replace:")) replace = trimmed.slice("replace:".length).trim();
  }
  flush();
  return sanitizers;
}

/** True when the cell is compared at all. */
export function isCompared(cell: Cell): boolean {
  const tags = cellTags(cell);
  return cell.cell_type === "code" && !tags.includes(IGNORE_OUTPUT_TAG) && !tags.includes(SKIP_TAG) && !tags.includes("skip-execution");
}

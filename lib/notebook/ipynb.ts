/**
 * Reading, validating and writing nbformat 4.5 notebooks, byte for byte as Jupyter writes them.
 *
 * In memory, multi-line fields (cell sources, stream text, `text/*` and SVG data) are single
 * strings; on disk they are lists of lines, as nbformat's `split_lines` stores them, so a
 * notebook saved by Jupyter and written back here is unchanged.
 *
 * @see https://nbformat.readthedocs.io/en/latest/format_description.html
 * @see https://github.com/jupyter/nbformat/blob/main/nbformat/v4/rwbase.py
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { deepProblem, isRecord, MAX_JSON_DEPTH, nestedDeeperThan, validateNotebookShape, type RawNotebook } from "./internal/notebook-shape.js";
import { dumpPythonJSON, parseJSONWithPosition, splitLinesKeepEnds } from "./internal/python-json.js";
import { sha256Hex, writeFileAtomic, type WriteFileAtomicOptions } from "./write-file-atomic.js";

/** A MIME bundle as stored in an output: MIME type to string (or JSON for `application/*+json`). */
export type OutputData = Record<string, unknown>;

/** A `stream` output (stdout or stderr text). */
export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr" | string;
  text: string;
}

/** A `display_data` output. */
export interface DisplayDataOutput {
  output_type: "display_data";
  data: OutputData;
  metadata: Record<string, unknown>;
}

/** An `execute_result` output: the value of a cell's last expression. */
export interface ExecuteResultOutput {
  output_type: "execute_result";
  execution_count: number | null;
  data: OutputData;
  metadata: Record<string, unknown>;
}

/** An `error` output. */
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Any output of a code cell. */
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

/** Fields every cell has. */
interface CellBase {
  id: string;
  source: string;
  metadata: Record<string, unknown>;
  [extra: string]: unknown;
}

/** A code cell. */
export interface CodeCell extends CellBase {
  cell_type: "code";
  execution_count: number | null;
  outputs: Output[];
}

/** A markdown cell; `attachments` maps a name to a MIME bundle. */
export interface MarkdownCell extends CellBase {
  cell_type: "markdown";
  attachments?: Record<string, OutputData>;
}

/** A raw cell. */
export interface RawCell extends CellBase {
  cell_type: "raw";
  attachments?: Record<string, OutputData>;
}

/** Any cell. */
export type Cell = CodeCell | MarkdownCell | RawCell;

/** A notebook in memory. */
export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

/** Thrown when a file is not a readable nbformat 4 notebook; the message starts with the path. */
export class NotebookFormatError extends Error {
  override readonly name = "NotebookFormatError";
  /** The file that could not be read. */
  readonly path: string;
  /** Every problem found (at least one). */
  readonly problems: readonly string[];

  constructor(path: string, problems: readonly string[]) {
    super(`${path}: ${problems.join("; ")}`);
    this.path = path;
    this.problems = problems;
  }
}

/**
 * Reads and validates a notebook. The file is only read, never modified.
 *
 * @throws NotebookFormatError naming the path and every problem (not UTF-8, with the byte offset;
 *   JSON syntax with line and column; or a missing or mistyped field, e.g.
 *   `x.ipynb: cell 3 has no "cell_type"`)
 * @example const nb = readNotebook("notebooks/01-pods.ipynb");
 */
export function readNotebook(path: string): Notebook {
  return readNotebookFile(path).notebook;
}

/**
 * readNotebook(), plus the SHA-256 of the bytes read: writing the notebook back with
 * `{ expectedSHA256 }` then refuses to overwrite an edit saved in between.
 *
 * @throws NotebookFormatError as readNotebook does
 */
export function readNotebookFile(path: string): { readonly notebook: Notebook; readonly sha256: string } {
  let bytes: Buffer;
  try {
    // A FIFO or a device would block the read (or never end): only regular files are notebooks.
    const stats = statSync(path);
    if (!stats.isFile() && !stats.isDirectory()) throw new NotebookFormatError(path, ["not a regular file"]);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof NotebookFormatError) throw e;
    throw new NotebookFormatError(path, [`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
  return { notebook: parseNotebook(decodeUTF8(bytes, path), path), sha256: sha256Hex(bytes) };
}

/**
 * Decodes a notebook's bytes; nbformat reads notebooks as UTF-8 only, and a file in another
 * encoding must be reported, not rewritten with U+FFFD in place of its characters.
 */
function decodeUTF8(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = Math.min(firstInvalidUTF8(bytes), bytes.length - 1);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    const byte = `0x${bytes[at]!.toString(16).toUpperCase().padStart(2, "0")}`;
    throw new NotebookFormatError(path, [
      `not UTF-8: byte ${byte} at offset ${at} (line ${line}, byte ${at - lineStart + 1}) starts no valid UTF-8 sequence; ` +
        "save the notebook as UTF-8 (nbformat reads only UTF-8), e.g. iconv -f latin1 -t utf-8",
    ]);
  }
}

/** The offset of the first byte that does not begin a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidUTF8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let length: number;
    let min = 0x80;
    let max = 0xbf;
    if (b < 0x80) length = 1;
    else if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) min = 0xa0; // overlong
      if (b === 0xed) max = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) min = 0x90; // overlong
      if (b === 0xf4) max = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += length;
  }
  return bytes.length;
}

/**
 * Parses and validates notebook JSON text; `path` only labels errors.
 *
 * @throws NotebookFormatError as readNotebook does
 */
export function parseNotebook(text: string, path = "<notebook>"): Notebook {
  let raw: unknown;
  try {
    raw = parseJSONWithPosition(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new NotebookFormatError(path, [(e as Error).message]);
  }
  const problems = validateNotebookShape(raw);
  if (problems.length > 0) throw new NotebookFormatError(path, problems);
  // The shape check names deep metadata and outputs; this catches a deep value anywhere else.
  if (nestedDeeperThan(raw, MAX_JSON_DEPTH)) throw new NotebookFormatError(path, [deepProblem("a value")]);
  return normaliseNotebook(raw as RawNotebook);
}

/** Joins split lines, fills optional fields and gives every cell an id (rejoin_lines in nbformat). */
function normaliseNotebook(raw: RawNotebook): Notebook {
  const cells = raw.cells.map((rawCell, index) => {
    const cell: Record<string, unknown> = { ...rawCell };
    cell["source"] = joinLines(cell["source"]);
    cell["metadata"] = isRecord(cell["metadata"]) ? cell["metadata"] : {};
    if (isRecord(cell["attachments"])) {
      const attachments: Record<string, OutputData> = {};
      for (const [name, bundle] of Object.entries(cell["attachments"])) {
        attachments[name] = isRecord(bundle) ? joinBundle(bundle) : (bundle as OutputData);
      }
      cell["attachments"] = attachments;
    }
    if (cell["cell_type"] === "code") {
      cell["execution_count"] = cell["execution_count"] ?? null;
      cell["outputs"] = (cell["outputs"] as Record<string, unknown>[]).map(normaliseOutput);
    }
    return { cell, index };
  });
  const taken = new Set(cells.map(({ cell }) => cell["id"]).filter((id): id is string => typeof id === "string"));
  for (const { cell, index } of cells) {
    if (typeof cell["id"] === "string") continue;
    cell["id"] = deterministicCellId(index, cell["source"] as string, taken);
    taken.add(cell["id"] as string);
  }
  return {
    nbformat: 4,
    nbformat_minor: raw.nbformat_minor,
    metadata: raw.metadata,
    cells: cells.map(({ cell }) => cell as unknown as Cell),
  };
}

function normaliseOutput(raw: Record<string, unknown>): Output {
  const output: Record<string, unknown> = { ...raw };
  delete output["transient"];
  switch (output["output_type"]) {
    case "stream":
      output["text"] = joinLines(output["text"]);
      break;
    case "execute_result":
    case "display_data":
      if (output["output_type"] === "execute_result") output["execution_count"] = output["execution_count"] ?? null;
      output["data"] = joinBundle(output["data"] as Record<string, unknown>);
      output["metadata"] = isRecord(output["metadata"]) ? output["metadata"] : {};
      break;
  }
  return output as unknown as Output;
}

/**
 * A cell id derived from the cell's position and source: stable across runs and machines, unlike
 * the random ids Jupyter assigns, so writing the same notebook twice gives the same bytes.
 */
export function deterministicCellId(index: number, source: string, taken: ReadonlySet<string> = new Set()): string {
  for (let attempt = 0; ; attempt++) {
    const hash = createHash("sha256").update(`${index}\0${attempt}\0${source}`).digest("hex").slice(0, 8);
    if (!taken.has(hash)) return hash;
  }
}

/**
 * Serialises a notebook as nbformat's writer does: sorted keys, indent 1, non-ASCII kept,
 * multi-line strings as lists of lines, a trailing newline. The notebook becomes nbformat 4.5
 * (cell ids are required from 4.5 on); `transient` output fields are never written.
 */
export function serializeNotebook(notebook: Notebook): string {
  const taken = new Set(notebook.cells.map((c) => c.id).filter((id) => typeof id === "string"));
  const metadata: Record<string, unknown> = { ...notebook.metadata };
  // nbformat's strip_transient.
  delete metadata["orig_nbformat"];
  delete metadata["orig_nbformat_minor"];
  delete metadata["signature"];
  const cells = notebook.cells.map((cell, index) => {
    const out: Record<string, unknown> = { ...cell };
    if (typeof out["id"] !== "string" || out["id"] === "") {
      out["id"] = deterministicCellId(index, cell.source, taken);
      taken.add(out["id"] as string);
    }
    out["source"] = splitLinesKeepEnds(cell.source);
    const cellMetadata: Record<string, unknown> = { ...cell.metadata };
    delete cellMetadata["trusted"];
    out["metadata"] = cellMetadata;
    if (isRecord(out["attachments"])) {
      out["attachments"] = Object.fromEntries(Object.entries(out["attachments"]).map(([k, v]) => [k, isRecord(v) ? splitBundle(v) : v]));
    }
    if (cell.cell_type === "code") {
      out["outputs"] = cell.outputs.map((output) => {
        const o: Record<string, unknown> = { ...output };
        delete o["transient"];
        if (o["output_type"] === "stream" && typeof o["text"] === "string") o["text"] = splitLinesKeepEnds(o["text"]);
        if (isRecord(o["data"])) o["data"] = splitBundle(o["data"]);
        return o;
      });
    }
    return out;
  });
  const minor = Math.max(notebook.nbformat_minor, 5);
  return `${dumpPythonJSON({ cells, metadata, nbformat: 4, nbformat_minor: minor })}\n`;
}

/**
 * Writes a notebook atomically (a temporary file in the same folder, then a rename), keeping the
 * file's permissions; a symlink is written through to its target. An unchanged file is not
 * rewritten, so its mtime stays put.
 *
 * @throws WriteRefusedError when the file must not be replaced (see writeFileAtomic())
 * @returns true when the file changed
 */
export function writeNotebook(path: string, notebook: Notebook, options: WriteFileAtomicOptions = {}): boolean {
  return writeFileAtomic(path, serializeNotebook(notebook), options);
}

/** The tags of a cell (`metadata.tags`), or none. */
export function cellTags(cell: Cell): readonly string[] {
  const tags = cell.metadata["tags"];
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

/** nbformat's `_is_json_mime`: values of these MIME types are JSON, never split into lines. */
export function isJSONMime(mime: string): boolean {
  return mime === "application/json" || (mime.startsWith("application/") && mime.endsWith("+json"));
}

function joinBundle(bundle: Record<string, unknown>): OutputData {
  const out: OutputData = {};
  for (const [mime, value] of Object.entries(bundle)) {
    out[mime] = !isJSONMime(mime) && Array.isArray(value) && value.every((v) => typeof v === "string") ? value.join("") : value;
  }
  return out;
}

function splitBundle(bundle: Record<string, unknown>): OutputData {
  const out: OutputData = {};
  for (const [mime, value] of Object.entries(bundle)) {
    out[mime] =
      typeof value === "string" && (mime.startsWith("text/") || mime === "image/svg+xml" || mime === "application/javascript")
        ? splitLinesKeepEnds(value)
        : value;
  }
  return out;
}

function joinLines(value: unknown): string {
  return Array.isArray(value) ? value.join("") : (value as string);
}

/**
 * How much of each output a notebook stores (see docs/notebook-outputs.md): every representation
 * the kernel sent ("full"), one rich representation and the text ("minimal"), or nothing at all
 * ("none", what nbstripout does). A notebook stored minimal says so in its metadata
 * (`metadata.podtalk.outputs`), so that `podtalk run` keeps it minimal and `podtalk check`
 * compares only what it keeps.
 */
import { dumpPythonJSON } from "./internal/python-json.js";
import { isJSONMime, serializeNotebook, type Notebook, type OutputData } from "./ipynb.js";

/** What a notebook keeps of its outputs. */
export type OutputsLevel = "full" | "minimal" | "none";

/** Every level, for option parsers. */
export const OUTPUTS_LEVELS: readonly OutputsLevel[] = ["full", "minimal", "none"];

/**
 * The rich representations in the order nbconvert's HTML exporter (and podtalk's) prefers them:
 * the one a minimal output keeps is the one an article would show.
 */
const RICH_ORDER = ["image/svg+xml", "text/html", "image/png", "image/jpeg", "image/gif", "text/markdown"];

/** The level a notebook's metadata asks for: "minimal" under `metadata.podtalk.outputs`, else "full". */
export function outputsLevelOf(notebook: Notebook): OutputsLevel {
  const podtalk = notebook.metadata["podtalk"];
  const level = typeof podtalk === "object" && podtalk !== null ? (podtalk as Record<string, unknown>)["outputs"] : undefined;
  return level === "minimal" ? "minimal" : "full";
}

/**
 * A bundle reduced to text/plain and the one rich representation an article shows; a JSON
 * representation (a Vega-Lite spec) is kept only when nothing else could show the output.
 *
 * @example minimalBundle({ "text/plain": "…", "text/html": "…" }) // both kept
 */
export function minimalBundle(data: OutputData): OutputData {
  const rich = RICH_ORDER.find((mime) => mime in data);
  const keep = Object.keys(data).filter((mime) => mime === "text/plain" || mime === rich || (rich === undefined && isJSONMime(mime)));
  return Object.fromEntries(keep.map((mime) => [mime, data[mime]]));
}

/**
 * Sets a notebook's outputs to `level` (in place) and records it in its metadata: "minimal" keeps
 * {@link minimalBundle} of each display and result, streams and errors whole; "none" removes every
 * output and execution count, as nbstripout does; "full" only forgets the metadata (the next run
 * stores every representation again).
 */
export function setOutputsLevel(notebook: Notebook, level: OutputsLevel): Notebook {
  const podtalk = { ...((notebook.metadata["podtalk"] as Record<string, unknown> | undefined) ?? {}) };
  if (level === "minimal") podtalk["outputs"] = "minimal";
  else delete podtalk["outputs"];
  if (Object.keys(podtalk).length > 0) notebook.metadata["podtalk"] = podtalk;
  else delete notebook.metadata["podtalk"];
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "code") continue;
    if (level === "none") {
      cell.outputs = [];
      cell.execution_count = null;
    } else if (level === "minimal") {
      cell.outputs = cell.outputs.map((o) => {
        if (o.output_type !== "display_data" && o.output_type !== "execute_result") return o;
        const data = minimalBundle(o.data);
        const metadata = Object.fromEntries(Object.entries(o.metadata).filter(([key]) => !key.includes("/") || key in data));
        return { ...o, data, metadata };
      });
    }
  }
  return notebook;
}

/** Bytes each MIME type (and `stream`, `error`) takes in the written notebook. */
export function outputBytes(notebook: Notebook): Map<string, number> {
  const sizes = new Map<string, number>();
  const add = (key: string, value: unknown): void => void sizes.set(key, (sizes.get(key) ?? 0) + Buffer.byteLength(dumpPythonJSON(value), "utf8"));
  // Measured as written: multi-line text is a list of lines (serializeNotebook's layout).
  const written = JSON.parse(serializeNotebook(notebook)) as { cells: { outputs?: Record<string, unknown>[] }[] };
  for (const cell of written.cells) {
    for (const o of cell.outputs ?? []) {
      if (o["output_type"] === "stream") add("stream", o["text"]);
      else if (o["output_type"] === "error") add("error", o["traceback"]);
      else for (const [mime, value] of Object.entries((o["data"] ?? {}) as Record<string, unknown>)) add(mime, value);
    }
  }
  return sizes;
}

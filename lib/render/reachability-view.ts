/**
 * The reachability view: a Pod × Pod matrix of one port, `.` allowed and `X` denied, from row to
 * column, as the upstream NetworkPolicy e2e tests print their truth tables
 * (kubernetes test/e2e/network/netpol/truthtable.go, PrettyPrint; aligned with spaces here rather
 * than tabs). Displayed as a Vega-Lite heatmap with its static SVG and the text; `table` is the
 * same matrix as a Table, and `diff(other)` compares two matrices (before and after a policy).
 */
import { JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";
import { READABLE_CONFIG, renderSVG, VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./svg.js";
import { Table } from "./table.js";
import type { ReachabilityCell, ReachabilityRecord } from "../sim/index.js";
import type { Protocol } from "../model/objects.js";
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { badArgument, describeValue } from "../model/messages.js";

const ALLOWED = ".";
const DENIED = "X";

/** The matrix as aligned text: a header of destinations, one row per source. */
function matrixText(pods: readonly string[], mark: (i: number, j: number) => string): string {
  const width = Math.max(1, ...pods.map((p) => p.length));
  const pad = (s: string) => s.padEnd(width);
  const lines = [[pad("-"), ...pods.map(pad)].join("  ").trimEnd()];
  for (const [i, from] of pods.entries()) lines.push([pad(from), ...pods.map((_, j) => pad(mark(i, j)))].join("  ").trimEnd());
  return lines.join("\n");
}

/** A matrix and what its options asked for and did not find (a namespace without running Pods). */
type ReachabilityInput = ReachabilityRecord & { readonly notes?: readonly string[] };

function heading(r: ReachabilityInput): string {
  const head = `Reachability on port ${r.port}/${r.protocol} (networkPolicy: ${r.implementation}), from row to column: ${ALLOWED} allowed, ${DENIED} denied`;
  const notes = (r.notes ?? []).map((n) => `\n(${n})`).join("");
  return (
    (r.enforces ? head : `${head}\nThe cluster's network plugin does not enforce NetworkPolicy: every connection is allowed, whatever the policies say.`) +
    notes
  );
}

/** The text equivalent. */
export function reachabilityText(r: ReachabilityInput): string {
  const n = r.pods.length;
  if (n === 0) return `${heading(r)}\nNo running Pods in the Pod network to compare.`;
  return `${heading(r)}\n${matrixText(r.pods, (i, j) => (r.cells[i * n + j]!.allowed ? ALLOWED : DENIED))}`;
}

/** A subtitle, with the notes as further lines when there are any. */
const withNotes = (line: string, notes: readonly string[] | undefined): string | string[] => (notes?.length ? [line, ...notes] : line);

/** The Vega-Lite v5 heatmap: sources down, destinations across, green allowed, red denied. */
export function reachabilitySpec(r: ReachabilityInput): VegaLiteSpec {
  const values = r.cells.map((c) => ({ from: c.from, to: c.to, verdict: c.allowed ? "allowed" : "denied", mark: c.allowed ? ALLOWED : DENIED, why: c.why }));
  const axis = { labelFont: "monospace", labelLimit: 240 };
  const encoding = {
    x: { field: "to", type: "nominal", sort: r.pods, title: "to", axis: { ...axis, orient: "top", labelAngle: -45 } },
    y: { field: "from", type: "nominal", sort: r.pods, title: "from", axis },
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: reachabilityText(r),
    title: {
      text: `Reachability on port ${r.port}/${r.protocol}`,
      subtitle: withNotes(
        r.enforces ? `networkPolicy: ${r.implementation}` : `networkPolicy: ${r.implementation}: the network plugin does not enforce NetworkPolicy`,
        r.notes,
      ),
      anchor: "start",
    },
    background: "#ffffff",
    config: READABLE_CONFIG,
    width: { step: 28 },
    height: { step: 28 },
    data: { values },
    layer: [
      {
        mark: { type: "rect", stroke: "#ffffff" },
        encoding: {
          ...encoding,
          color: { field: "verdict", type: "nominal", scale: { domain: ["allowed", "denied"], range: ["#4caf50", "#e53935"] }, title: null },
          tooltip: [
            { field: "from", type: "nominal" },
            { field: "to", type: "nominal" },
            { field: "verdict", type: "nominal" },
            { field: "why", type: "nominal" },
          ],
        },
      },
      { mark: { type: "text", color: "#ffffff", fontWeight: "bold" }, encoding: { ...encoding, text: { field: "mark", type: "nominal" } } },
    ],
  } as unknown as VegaLiteSpec;
}

/**
 * What `cluster.reachability({ port })` returns.
 *
 * @example cluster.reachability({ port: 80 }).allowed("x/a", "y/b")
 */
export class Reachability implements ReachabilityRecord {
  readonly port: number;
  readonly protocol: Protocol;
  readonly implementation: string;
  readonly enforces: boolean;
  readonly pods: readonly string[];
  readonly cells: readonly ReachabilityCell[];
  /** What the options asked for and did not find (a namespace without running Pods); absent when all matched. */
  readonly notes?: readonly string[];

  constructor(r: ReachabilityRecord, notes: readonly string[] = []) {
    this.port = r.port;
    this.protocol = r.protocol;
    this.implementation = r.implementation;
    this.enforces = r.enforces;
    this.pods = r.pods;
    this.cells = r.cells;
    if (notes.length) this.notes = notes;
  }

  /** The cell from `from` to `to` (`namespace/name` each); throws for a Pod not in the matrix. */
  cell(from: string, to: string): ReachabilityCell {
    const i = this.#index(from);
    const j = this.#index(to);
    return this.cells[i * this.pods.length + j]!;
  }

  /** True when policy lets `from` connect to `to`. */
  allowed(from: string, to: string): boolean {
    return this.cell(from, to).allowed;
  }

  /** The matrix as a Table: a `-` column of sources, then one column per destination. */
  get table(): Table {
    const n = this.pods.length;
    const rows = this.pods.map((from, i) =>
      Object.fromEntries([["-", from], ...this.pods.map((to, j) => [to, this.cells[i * n + j]!.allowed ? ALLOWED : DENIED])]),
    );
    return new Table(["-", ...this.pods], rows, { caption: `reachability on port ${this.port}/${this.protocol}` });
  }

  /** The cells that differ from `before` (same Pods): what a policy changed. */
  diff(before: Reachability): ReachabilityDiff {
    if (!(before instanceof Reachability)) {
      throw new PodtalkError(
        ErrorCode.BadRequest,
        badArgument("reachability.diff(before)", "before", "a matrix from cluster.reachability() taken earlier", describeValue(before)),
      );
    }
    if (before.pods.join("\n") !== this.pods.join("\n") || before.port !== this.port || before.protocol !== this.protocol) {
      throw new PodtalkError(
        ErrorCode.BadRequest,
        `reachability.diff(other): the two matrices cover different Pods or ports (${before.port}/${before.protocol} with ${before.pods.length} Pods, ${this.port}/${this.protocol} with ${this.pods.length}); compute both with the same options`,
      );
    }
    return new ReachabilityDiff(before, this);
  }

  toString(): string {
    return reachabilityText(this);
  }

  async [JUPYTER_DISPLAY](): Promise<MimeBundle> {
    const spec = reachabilitySpec(this);
    return { "application/vnd.vegalite.v5+json": spec, "image/svg+xml": await renderSVG(spec), "text/plain": reachabilityText(this) };
  }

  #index(pod: string): number {
    const i = this.pods.indexOf(pod);
    if (i < 0) {
      throw new PodtalkError(
        ErrorCode.NotFound,
        `Pod "${pod}" is not in this reachability matrix: name it namespace/name, one of ${this.pods.join(", ") || "(none)"}`,
      );
    }
    return i;
  }
}

/** Two matrices of the same Pods: the cells that changed, `.`/`X` marks for the unchanged ones. */
export class ReachabilityDiff {
  readonly before: Reachability;
  readonly after: Reachability;
  /** The cells whose verdict changed, in row order. */
  readonly changed: readonly { readonly from: string; readonly to: string; readonly before: boolean; readonly after: boolean }[];

  constructor(before: Reachability, after: Reachability) {
    this.before = before;
    this.after = after;
    this.changed = after.cells
      .map((c, k) => ({ from: c.from, to: c.to, before: before.cells[k]!.allowed, after: c.allowed }))
      .filter((c) => c.before !== c.after);
  }

  /** The matrix with changed cells as `.>X` (now denied) or `X>.` (now allowed), then the list. */
  toString(): string {
    const n = this.after.pods.length;
    const mark = (i: number, j: number) => {
      const b = this.before.cells[i * n + j]!.allowed;
      const a = this.after.cells[i * n + j]!.allowed;
      const m = (x: boolean) => (x ? ALLOWED : DENIED);
      return a === b ? m(a) : `${m(b)}>${m(a)}`;
    };
    const head = `Reachability on port ${this.after.port}/${this.after.protocol}: ${this.changed.length} of ${n * n} connections changed`;
    const list = this.changed.map((c) => `  ${c.from} -> ${c.to}: ${c.after ? "now allowed" : "now denied"}`);
    return [head, matrixText(this.after.pods, mark), ...list].join("\n");
  }

  async [JUPYTER_DISPLAY](): Promise<MimeBundle> {
    return { "text/plain": this.toString() };
  }
}

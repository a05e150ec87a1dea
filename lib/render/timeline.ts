/**
 * The timeline view: Pods over simulated time — created, ready, restarted, terminating, gone —
 * each labelled with its IP, so "the Pod came back with a new IP while the Service stayed" is one
 * picture.
 */
import { JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";
import { READABLE_CONFIG, renderSVG, VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./svg.js";
import { BOOTSTRAP_AGE, type ClusterView, type PodSpan, intToIp, isSystemNamespace } from "../sim/index.js";

/** Options of the timeline. */
export interface TimelineOptions {
  /** Show kube-system Pods. @default false */
  readonly system?: boolean;
  /** Only this namespace. @default every namespace */
  readonly namespace?: string;
  /** Only Pods whose name starts with this. @default all */
  readonly prefix?: string;
}

/** The state of a bar that stands for a Pod's earlier changes when a row has too many to draw. */
const EARLIER = "earlier changes";

/** One segment of a Pod's row. */
export interface TimelineSegment {
  readonly pod: string;
  readonly state: "starting" | "ready" | "not ready" | "terminating" | typeof EARLIER;
  readonly from: number;
  readonly to: number;
}

/** The view model: rows, segments, restarts, and the same facts as text. */
export interface TimelineModel {
  readonly rows: readonly { readonly label: string; readonly span: PodSpan }[];
  readonly segments: readonly TimelineSegment[];
  readonly restarts: readonly { readonly pod: string; readonly at: number }[];
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** What was left out to keep the view bounded, said in words (absent when nothing was). */
  readonly notes?: readonly string[];
}

/**
 * Bounds that keep a timeline readable and its chart quick to draw however long the cluster ran:
 * a long crash loop records hundreds of restarts per Pod. Like kubectl's `RESTARTS 292 (5m ago)`
 * column, the view then shows the latest changes and counts the earlier ones.
 */
export const TIMELINE_LIMITS = {
  /** Pods with a row: the most recently created ones. */
  rows: 50,
  /** Per Pod: drawn state changes (bars) and restart marks, the latest ones. */
  changes: 50,
  /** Per Pod: ready intervals and restarts listed in the text, the latest ones. */
  listed: 30,
} as const;

/** Seconds as the timeline's axis shows them: since the notebook's first cell. */
const t = (seconds: number) => Math.max(0, seconds - BOOTSTRAP_AGE);

/** The last `limit` items, and how many came before them. */
function latest<T>(items: readonly T[], limit: number): { readonly kept: readonly T[]; readonly earlier: number } {
  return items.length > limit ? { kept: items.slice(items.length - limit), earlier: items.length - limit } : { kept: items, earlier: 0 };
}

/**
 * Why a timeline has no row: kubectl's "No resources found in <ns> namespace." for an empty
 * namespace, else which option left every Pod out.
 */
function emptyNote(sim: ClusterView, options: TimelineOptions): string {
  const where = options.namespace === undefined ? "" : ` in namespace "${options.namespace}"`;
  const inScope = sim
    .podHistory()
    .filter((s) => (options.system || !isSystemNamespace(s.namespace)) && (options.namespace === undefined || s.namespace === options.namespace));
  if (options.prefix !== undefined && inScope.length > 0) {
    const names = [...new Set(inScope.map((s) => s.name))];
    return `no Pod${where} has a name that starts with "${options.prefix}"; Pods are ${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""}`;
  }
  if (options.namespace !== undefined) return `No resources found in ${options.namespace} namespace.`;
  return "No resources found";
}

/** Builds the timeline of a cluster's Pods. Its size is bounded by TIMELINE_LIMITS, and its time linear in the history. */
export function timelineModel(sim: ClusterView, options: TimelineOptions = {}): TimelineModel {
  const matching = sim
    .podHistory()
    .filter((s) => (options.system || !isSystemNamespace(s.namespace)) && (options.namespace === undefined || s.namespace === options.namespace))
    .filter((s) => options.prefix === undefined || s.name.startsWith(options.prefix));
  const { kept: spans, earlier: omittedPods } = latest(matching, TIMELINE_LIMITS.rows);
  const end = t(sim.now);
  const rows = spans.map((span) => ({
    label: `${span.name}${span.namespace === "default" ? "" : ` (${span.namespace})`} · ${span.ip === undefined ? "no IP" : intToIp(span.ip)}`,
    span,
  }));
  const segments: TimelineSegment[] = [];
  const restarts: { pod: string; at: number }[] = [];
  let trimmedRows = 0;
  for (const { label, span } of rows) {
    const own: TimelineSegment[] = [];
    const stop = t(span.removed ?? sim.now);
    const live = t(span.terminating ?? span.removed ?? sim.now);
    let cursor = t(span.created);
    let wasReady = false;
    for (const r of span.ready) {
      const a = t(r.start);
      const b = Math.min(t(r.end ?? sim.now), live);
      if (a > cursor) own.push({ pod: label, state: wasReady ? "not ready" : "starting", from: cursor, to: a });
      if (b > a || (b === a && r.end === undefined)) {
        own.push({ pod: label, state: "ready", from: a, to: Math.max(b, a) });
        wasReady = true;
      }
      cursor = Math.max(cursor, b);
    }
    // A Pod that has never been ready is "starting" only for a moment; after that it is not ready.
    if (live > cursor) own.push({ pod: label, state: span.ready.length || live - cursor > 5 ? "not ready" : "starting", from: cursor, to: live });
    if (span.terminating !== undefined && stop > live) own.push({ pod: label, state: "terminating", from: live, to: stop });
    const drawn = latest(own, TIMELINE_LIMITS.changes);
    const marks = latest(span.restarts, TIMELINE_LIMITS.changes);
    if (drawn.earlier > 0) {
      // The earlier changes become one bar, so the row still starts when the Pod was created.
      segments.push({ pod: label, state: EARLIER, from: t(span.created), to: drawn.kept[0]!.from });
    }
    if (drawn.earlier > 0 || marks.earlier > 0) trimmedRows++;
    segments.push(...drawn.kept);
    for (const at of marks.kept) restarts.push({ pod: label, at: t(at) });
  }
  const notes: string[] = [];
  if (matching.length === 0) notes.push(emptyNote(sim, options));
  if (omittedPods > 0) {
    notes.push(`showing the ${rows.length} most recent of ${matching.length} Pods; pass { prefix } or { namespace } to see others`);
  }
  if (trimmedRows > 0) {
    notes.push(
      `${trimmedRows === 1 ? "1 Pod changed" : `${trimmedRows} Pods changed`} state more than ${TIMELINE_LIMITS.changes} times: the chart draws the latest changes and restarts, earlier ones as one "${EARLIER}" bar`,
    );
  }
  const text = [
    `Pods over time (seconds since the first cell; now ${end}s)`,
    ...rows.map(({ label, span }) => {
      const parts = [`created ${t(span.created)}s`];
      const ready = latest(span.ready, TIMELINE_LIMITS.listed);
      if (ready.earlier > 0) parts.push(`${ready.earlier} earlier ready intervals`);
      for (const r of ready.kept) parts.push(`ready ${t(r.start)}s${r.end !== undefined ? `–${t(r.end)}s` : "–now"}`);
      const restarted = latest(span.restarts, TIMELINE_LIMITS.listed);
      if (restarted.earlier > 0) parts.push(`${restarted.earlier} earlier restarts`);
      for (const at of restarted.kept) parts.push(`restart ${t(at)}s`);
      if (span.terminating !== undefined) parts.push(`terminating ${t(span.terminating)}s`);
      if (span.removed !== undefined) parts.push(`gone ${t(span.removed)}s`);
      return `  ${label}: ${parts.join(", ")}`;
    }),
    ...notes.map((n) => `  (${n})`),
  ].join("\n");
  return { rows, segments, restarts, start: 0, end, text, ...(notes.length ? { notes } : {}) };
}

/** State colours, distinguishable in light and dark themes and named in the legend. */
const STATES = {
  domain: ["starting", "ready", "not ready", "terminating"],
  range: ["#9ca3af", "#16a34a", "#f59e0b", "#dc2626"],
} as const;
/** The colour of the "earlier changes" bar; in the legend only when a row has one. */
const EARLIER_COLOUR = "#e5e7eb";

/** The Vega-Lite v5 spec: one bar per Pod life segment, restarts as marks, labelled rows. */
export function timelineSpec(m: TimelineModel): VegaLiteSpec {
  const domainEnd = Math.max(m.end, 1);
  const trimmed = m.segments.some((s) => s.state === EARLIER);
  const y = { field: "pod", type: "nominal", sort: m.rows.map((r) => r.label), title: null, axis: { labelFont: "monospace", labelLimit: 360 } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: m.text,
    ...(m.notes ? { title: { text: m.notes, anchor: "start", fontSize: 11, fontWeight: "normal" } } : {}),
    background: "#ffffff",
    config: READABLE_CONFIG,
    width: 520,
    height: { step: 24 },
    layer: [
      {
        data: { values: m.segments.map((s) => ({ ...s, to: s.to === s.from ? s.to + domainEnd / 200 : s.to })) },
        mark: { type: "bar", height: 14, cornerRadius: 2 },
        encoding: {
          y,
          x: { field: "from", type: "quantitative", title: "simulated seconds", scale: { domain: [0, domainEnd] } },
          x2: { field: "to" },
          color: {
            field: "state",
            type: "nominal",
            scale: trimmed
              ? { domain: [...STATES.domain, EARLIER], range: [...STATES.range, EARLIER_COLOUR] }
              : { domain: [...STATES.domain], range: [...STATES.range] },
            legend: { title: "Pod", orient: "bottom" },
          },
        },
      },
      {
        data: { values: m.restarts.length ? m.restarts : [{ pod: m.rows[0]?.label ?? "", at: -1 }] },
        transform: [{ filter: "datum.at >= 0" }],
        mark: { type: "point", shape: "diamond", filled: true, size: 80, color: "#111827" },
        encoding: { y, x: { field: "at", type: "quantitative" } },
      },
    ],
  } as unknown as VegaLiteSpec;
}

/**
 * What `cluster.timeline()` returns: Pods over simulated time.
 *
 * @example cluster.timeline({ prefix: "api-" })
 */
export class Timeline {
  readonly model: TimelineModel;

  constructor(model: TimelineModel) {
    this.model = model;
  }

  toString(): string {
    return this.model.text;
  }

  async [JUPYTER_DISPLAY](): Promise<MimeBundle> {
    const spec = timelineSpec(this.model);
    return { "application/vnd.vegalite.v5+json": spec, "image/svg+xml": await renderSVG(spec), "text/plain": this.model.text };
  }
}

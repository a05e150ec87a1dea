/**
 * The timeline view: Pods over simulated time — created, ready, restarted, terminating, gone —
 * each labelled with its IP, so "the Pod came back with a new IP while the Service stayed" is one
 * picture.
 */
import { JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";
import { VEGA_LITE_SCHEMA, renderSVG, type VegaLiteSpec } from "./svg.js";
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

/** One segment of a Pod's row. */
export interface TimelineSegment {
  readonly pod: string;
  readonly state: "starting" | "ready" | "not ready" | "terminating";
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
}

/** Seconds as the timeline's axis shows them: since the notebook's first cell. */
const t = (seconds: number) => Math.max(0, seconds - BOOTSTRAP_AGE);

/** Builds the timeline of a cluster's Pods. */
export function timelineModel(sim: ClusterView, options: TimelineOptions = {}): TimelineModel {
  const spans = sim
    .podHistory()
    .filter((s) => (options.system || !isSystemNamespace(s.namespace)) && (options.namespace === undefined || s.namespace === options.namespace))
    .filter((s) => options.prefix === undefined || s.name.startsWith(options.prefix));
  const end = t(sim.now);
  const rows = spans.map((span) => ({
    label: `${span.name}${span.namespace === "default" ? "" : ` (${span.namespace})`} · ${span.ip === undefined ? "no IP" : intToIp(span.ip)}`,
    span,
  }));
  const segments: TimelineSegment[] = [];
  const restarts: { pod: string; at: number }[] = [];
  for (const { label, span } of rows) {
    const stop = t(span.removed ?? sim.now);
    const live = t(span.terminating ?? span.removed ?? sim.now);
    let cursor = t(span.created);
    for (const r of span.ready) {
      const a = t(r.start);
      const b = Math.min(t(r.end ?? sim.now), live);
      if (a > cursor)
        segments.push({ pod: label, state: segments.some((x) => x.pod === label && x.state === "ready") ? "not ready" : "starting", from: cursor, to: a });
      if (b > a || (b === a && r.end === undefined)) segments.push({ pod: label, state: "ready", from: a, to: Math.max(b, a) });
      cursor = Math.max(cursor, b);
    }
    // A Pod that has never been ready is "starting" only for a moment; after that it is not ready.
    if (live > cursor) segments.push({ pod: label, state: span.ready.length || live - cursor > 5 ? "not ready" : "starting", from: cursor, to: live });
    if (span.terminating !== undefined && stop > live) segments.push({ pod: label, state: "terminating", from: live, to: stop });
    for (const at of span.restarts) restarts.push({ pod: label, at: t(at) });
  }
  const text = [
    `Pods over time (seconds since the first cell; now ${end}s)`,
    ...rows.map(({ label, span }) => {
      const parts = [`created ${t(span.created)}s`];
      for (const r of span.ready) parts.push(`ready ${t(r.start)}s${r.end !== undefined ? `–${t(r.end)}s` : "–now"}`);
      for (const at of span.restarts) parts.push(`restart ${t(at)}s`);
      if (span.terminating !== undefined) parts.push(`terminating ${t(span.terminating)}s`);
      if (span.removed !== undefined) parts.push(`gone ${t(span.removed)}s`);
      return `  ${label}: ${parts.join(", ")}`;
    }),
  ].join("\n");
  return { rows, segments, restarts, start: 0, end, text };
}

/** State colours, distinguishable in light and dark themes and named in the legend. */
const STATES = {
  domain: ["starting", "ready", "not ready", "terminating"],
  range: ["#9ca3af", "#16a34a", "#f59e0b", "#dc2626"],
} as const;

/** The Vega-Lite v5 spec: one bar per Pod life segment, restarts as marks, labelled rows. */
export function timelineSpec(m: TimelineModel): VegaLiteSpec {
  const domainEnd = Math.max(m.end, 1);
  const y = { field: "pod", type: "nominal", sort: m.rows.map((r) => r.label), title: null, axis: { labelFont: "monospace", labelLimit: 360 } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: m.text,
    background: "#ffffff",
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
            scale: { domain: [...STATES.domain], range: [...STATES.range] },
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

/**
 * The load view: which Pod served how many of N requests, as a bar chart (Vega-Lite with its
 * static SVG) and as text.
 */
import { JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";
import { READABLE_CONFIG, renderSVG, VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./svg.js";
import type { LoadRecord } from "../sim/index.js";

/** The text equivalent: one line per Pod with its count and share. */
export function loadText(r: LoadRecord): string {
  const width = Math.max(3, ...r.servedBy.map((s) => s.pod.length));
  const lines = [`${r.requests} requests from ${r.from} to ${r.url} (kube-proxy ${r.proxyMode})`];
  for (const s of r.servedBy) lines.push(`  ${s.pod.padEnd(width)}  ${String(s.count).padStart(7)}  ${((100 * s.count) / r.requests).toFixed(1).padStart(5)}%`);
  for (const f of r.failures)
    lines.push(`  ${`(${f.outcome})`.padEnd(width)}  ${String(f.count).padStart(7)}  ${((100 * f.count) / r.requests).toFixed(1).padStart(5)}%`);
  return lines.join("\n");
}

/** The Vega-Lite v5 bar chart: requests per serving Pod, labelled with counts. */
export function loadSpec(r: LoadRecord): VegaLiteSpec {
  const values = [
    ...r.servedBy.map((s) => ({ pod: s.pod, requests: s.count, share: `${((100 * s.count) / r.requests).toFixed(1)}%` })),
    ...r.failures.map((f) => ({ pod: `(${f.outcome})`, requests: f.count, share: `${((100 * f.count) / r.requests).toFixed(1)}%` })),
  ];
  const encoding = {
    y: { field: "pod", type: "nominal", sort: null, title: "served by", axis: { labelFont: "monospace", labelLimit: 320 } },
    x: { field: "requests", type: "quantitative", title: "requests" },
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: loadText(r),
    title: { text: `${r.requests} requests to ${r.url}`, subtitle: `kube-proxy ${r.proxyMode} mode, from ${r.from}`, anchor: "start" },
    background: "#ffffff",
    config: READABLE_CONFIG,
    width: 420,
    height: { step: 26 },
    data: { values },
    layer: [
      { mark: { type: "bar", color: "#4c78a8" }, encoding },
      { mark: { type: "text", align: "left", dx: 4, color: "#111827" }, encoding: { ...encoding, text: { field: "share", type: "nominal" } } },
    ],
  } as unknown as VegaLiteSpec;
}

/**
 * What `cluster.load()` returns: the counts, and a chart of them.
 *
 * @example cluster.load("deploy/frontend", "http://my-api:8080/", { requests: 1000 })
 */
export class LoadResult implements LoadRecord {
  readonly from: string;
  readonly url: string;
  readonly requests: number;
  readonly proxyMode: LoadRecord["proxyMode"];
  readonly servedBy: LoadRecord["servedBy"];
  readonly failures: LoadRecord["failures"];
  readonly sequence: readonly string[];

  constructor(r: LoadRecord) {
    this.from = r.from;
    this.url = r.url;
    this.requests = r.requests;
    this.proxyMode = r.proxyMode;
    this.servedBy = r.servedBy;
    this.failures = r.failures;
    this.sequence = r.sequence;
  }

  /** Requests served by `pod` (0 if none). */
  count(pod: string): number {
    return this.servedBy.find((s) => s.pod === pod)?.count ?? 0;
  }

  toString(): string {
    return loadText(this);
  }

  async [JUPYTER_DISPLAY](): Promise<MimeBundle> {
    const spec = loadSpec(this);
    return { "application/vnd.vegalite.v5+json": spec, "image/svg+xml": await renderSVG(spec), "text/plain": loadText(this) };
  }
}

/**
 * The view of load over simulated time: a table (one row per interval, one column per backend
 * version and per kind of failure) and a Vega-Lite chart of the same counts stacked by version,
 * with its static SVG, as the other figures carry one.
 */
import type { LoadOverTimeRecord, LoadVersion } from "../sim/index.js";
import { JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";
import { VEGA_LITE_SCHEMA, renderSVG, type VegaLiteSpec } from "./svg.js";
import { type Row, Table } from "./table.js";

/** Versions in blue, orange, green, purple…; failures in red shades. */
const VERSION_COLORS = ["#4c78a8", "#f58518", "#54a24b", "#b279a2", "#72b7b2", "#9d755d"];
const FAILURE_COLORS = ["#e45756", "#b91c1c", "#fca5a5", "#7f1d1d"];

/** Seconds as the table's TIME column and the chart's axis print them (`0s`, `1.5s`). */
const seconds = (s: number) => `${Math.round(s * 1000) / 1000}s`;

/** The outcomes that failed at least once, sorted. */
function failureKinds(r: LoadOverTimeRecord): string[] {
  return [...new Set(r.intervals.flatMap((i) => Object.keys(i.failed)))].sort();
}

/** A version's label: its ReplicaSet and image. */
export function versionLabel(v: LoadVersion): string {
  return `${v.name} (${v.image})`;
}

/** The table: TIME, a column per version, and FAILED (one column per outcome when there were failures). */
export function loadOverTimeTable(r: LoadOverTimeRecord): Table {
  const kinds = failureKinds(r);
  const failColumns = kinds.length === 0 ? ["FAILED"] : kinds.map((k) => `FAILED (${k})`);
  const columns = ["TIME", ...r.versions.map((v) => v.name), ...failColumns];
  const rows: Row[] = r.intervals.map((i) => {
    const row: Record<string, string> = { TIME: seconds(i.at) };
    for (const v of r.versions) row[v.name] = String(i.served[v.name] ?? 0);
    if (kinds.length === 0) row["FAILED"] = "0";
    for (const k of kinds) row[`FAILED (${k})`] = String(i.failed[k as keyof typeof i.failed] ?? 0);
    return row;
  });
  return new Table(columns, rows, { caption: caption(r) });
}

function caption(r: LoadOverTimeRecord): string {
  return `${r.requests} requests from ${r.from} to ${r.url}, every ${seconds(r.every)} for ${seconds(r.duration)} (kube-proxy ${r.proxyMode})`;
}

/** The text form: the caption, the table, and what each version is. */
export function loadOverTimeText(r: LoadOverTimeRecord): string {
  const legend = r.versions.map((v) => `  ${v.name}: ${v.image}${v.templateHash ? ` (pod-template-hash ${v.templateHash})` : ""}`);
  return [caption(r), loadOverTimeTable(r).toText().replace(/\n$/, ""), ...(legend.length ? ["versions:", ...legend] : [])].join("\n");
}

/** The Vega-Lite v5 chart: requests per interval, stacked by the version that served them (failures on top, in red). */
export function loadOverTimeSpec(r: LoadOverTimeRecord): VegaLiteSpec {
  const kinds = failureKinds(r);
  const series = [...r.versions.map(versionLabel), ...kinds.map((k) => `failed (${k})`)];
  const colors = [...r.versions.map((_, i) => VERSION_COLORS[i % VERSION_COLORS.length]!), ...kinds.map((_, i) => FAILURE_COLORS[i % FAILURE_COLORS.length]!)];
  const values = r.intervals.flatMap((i) => [
    ...r.versions.map((v, order) => ({ at: i.at, series: versionLabel(v), order, requests: i.served[v.name] ?? 0 })),
    ...kinds.map((k, n) => ({ at: i.at, series: `failed (${k})`, order: r.versions.length + n, requests: i.failed[k as keyof typeof i.failed] ?? 0 })),
  ]);
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: loadOverTimeText(r),
    title: {
      text: `Requests to ${r.url} every ${seconds(r.every)}`,
      subtitle: `by the version that served them; kube-proxy ${r.proxyMode} mode, from ${r.from}`,
      anchor: "start",
    },
    background: "#ffffff",
    width: 480,
    height: 220,
    data: { values },
    mark: { type: "bar" },
    encoding: {
      x: { field: "at", type: "ordinal", title: "seconds since the load began", axis: { labelAngle: 0, labelOverlap: true } },
      y: { field: "requests", type: "quantitative", stack: "zero", title: "requests" },
      color: {
        field: "series",
        type: "nominal",
        title: "served by",
        scale: { domain: series, range: colors },
        legend: { orient: "bottom", columns: 1, labelLimit: 420 },
      },
      order: { field: "order", type: "quantitative" },
    },
  } as unknown as VegaLiteSpec;
}

/**
 * What `cluster.load(from, url, { every, for })` returns: per interval, the requests each version
 * served and the ones that failed; as a table, a chart, and data.
 *
 * @example cluster.load("deploy/client", "http://api/", { every: "1s", for: "40s", requests: 400 }).served("api-7c9d8b6f5")
 */
export class LoadOverTime implements LoadOverTimeRecord {
  readonly from: string;
  readonly url: string;
  readonly proxyMode: LoadOverTimeRecord["proxyMode"];
  readonly every: number;
  readonly duration: number;
  readonly requests: number;
  readonly versions: LoadOverTimeRecord["versions"];
  readonly intervals: LoadOverTimeRecord["intervals"];

  constructor(r: LoadOverTimeRecord) {
    this.from = r.from;
    this.url = r.url;
    this.proxyMode = r.proxyMode;
    this.every = r.every;
    this.duration = r.duration;
    this.requests = r.requests;
    this.versions = r.versions;
    this.intervals = r.intervals;
  }

  /** Requests `version` (a ReplicaSet name, or a Pod's for a bare Pod) served over the whole run. */
  served(version: string): number {
    return this.intervals.reduce((n, i) => n + (i.served[version] ?? 0), 0);
  }

  /** Requests that failed over the whole run. */
  failed(): number {
    return this.intervals.reduce((n, i) => n + Object.values(i.failed).reduce((a, b) => a + (b ?? 0), 0), 0);
  }

  /** The per-interval counts as a Table (`.column("TIME")`, `.rows`). */
  table(): Table {
    return loadOverTimeTable(this);
  }

  toString(): string {
    return loadOverTimeText(this);
  }

  async [JUPYTER_DISPLAY](): Promise<MimeBundle> {
    const spec = loadOverTimeSpec(this);
    return { "application/vnd.vegalite.v5+json": spec, "image/svg+xml": await renderSVG(spec), "text/plain": loadOverTimeText(this) };
  }
}

/**
 * The trace diagram: a request drawn as a sequence of numbered steps across lanes (the client
 * Pod, CoreDNS, each node it crosses, the serving Pod), each step matching a row of the hop
 * table; the failing step is marked with a cross and its reason.
 */
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./svg.js";
import type { Hop, TraceRecord } from "../sim/index.js";

/** The client's lifeline: the Pod, or the node for a command run in a node's own shell. */
function clientName(t: TraceRecord): string {
  return t.node !== undefined ? `node ${t.node}` : `Pod ${t.pod}`;
}

const LANE_WIDTH = 150;
const ROW = 34;
const TOP = 56;
const LEFT = 16;
/** Width of one character of 11 px monospace, rounded up. */
const CHAR = 7;

/** Where a hop happens, as a lane name. */
function laneOf(h: Hop, t: TraceRecord): string {
  switch (h.kind) {
    case "dns-query":
      return "CoreDNS";
    case "loopback":
      return clientName(t);
    case "deliver":
      return t.servedBy && h.verdict === "delivered" ? `Pod ${t.servedBy.pod}` : h.node ? `node ${h.node}` : clientName(t);
    case "reply":
      return clientName(t);
    default:
      return h.node ? `node ${h.node}` : clientName(t);
  }
}

/** A short label for a step: what happened there. */
function stepLabel(h: Hop, t: TraceRecord): string {
  const what: Record<Hop["kind"], string> = {
    "dns-query": "DNS",
    send: t.node !== undefined ? "leaves the node" : "leaves the Pod",
    "kube-proxy": "kube-proxy",
    "network-policy": "NetworkPolicy",
    portmap: "portmap (hostPort)",
    route: "route",
    bridge: "cni0 bridge",
    encapsulate: "VXLAN encapsulate",
    decapsulate: "VXLAN decapsulate",
    deliver: "deliver",
    loopback: "loopback",
    reply: "reply",
  };
  if (h.reason) return `${what[h.kind]}: ${h.reason}`.replaceAll(" -> ", " → ");
  // An enforced policy's verdict names the rule that allowed it.
  if (h.kind === "network-policy" && h.rule) return `${what[h.kind]}: ${h.src ?? ""} → ${h.dst ?? ""} allowed by ${h.rule}`;
  const detail =
    h.kind === "dns-query"
      ? h.summary.replace(/^DNS query (\S+) (\S+) .*: (.*)$/, "$1 $2 → $3")
      : (h.change?.replace(/^(encapsulate|decapsulate): /, "") ?? `${h.src ?? ""} → ${h.dst ?? ""}`);
  return `${what[h.kind]}: ${detail}`.replaceAll(" -> ", " → ");
}

/** The lanes and steps of a trace, laid out in pixels. */
export interface TraceLayout {
  readonly lanes: readonly { readonly name: string; readonly x: number }[];
  readonly steps: readonly {
    readonly n: number;
    readonly x: number;
    readonly y: number;
    readonly label: string;
    readonly failed: boolean;
    readonly lane: string;
  }[];
  readonly laneWidth: number;
  readonly width: number;
  readonly height: number;
}

/** Lays out a trace: lanes in order of first appearance, one row per hop. */
export function traceLayout(t: TraceRecord): TraceLayout {
  const order: string[] = [clientName(t)];
  for (const h of t.hops) {
    const lane = laneOf(h, t);
    if (!order.includes(lane)) order.push(lane);
  }
  // Lanes as wide as their names, labels as long as they are: nothing is cut or overlaps.
  const laneWidth = Math.max(LANE_WIDTH, ...order.map((n) => [...n].length * CHAR + 16));
  const lanes = order.map((name, i) => ({ name, x: LEFT + i * laneWidth + laneWidth / 2 }));
  const xOf = new Map(lanes.map((l) => [l.name, l.x]));
  const steps = t.hops.map((h, i) => ({
    n: i + 1,
    x: xOf.get(laneOf(h, t))!,
    y: TOP + i * ROW,
    label: stepLabel(h, t),
    failed: h.reason !== undefined,
    lane: laneOf(h, t),
  }));
  const labelWidth = Math.max(200, ...steps.map((s) => ([...`${s.n}. ✘ ${s.label}`].length + 1) * CHAR));
  return { lanes, steps, laneWidth, width: LEFT * 2 + lanes.length * laneWidth + labelWidth, height: TOP + Math.max(1, t.hops.length) * ROW + 8 };
}

/** The Vega-Lite v5 spec of the trace diagram (pixel positions computed here). */
export function traceSpec(t: TraceRecord): VegaLiteSpec {
  const layout = traceLayout(t);
  const px = (field: string) => ({ field, type: "quantitative" as const, scale: null, axis: null });
  const labelX = LEFT + layout.lanes.length * layout.laneWidth + 8;
  const arrows = layout.steps.slice(1).map((s, i) => ({ x: layout.steps[i]!.x, y: layout.steps[i]!.y, x2: s.x, y2: s.y }));
  const steps = layout.steps.map((s) => ({
    ...s,
    fill: s.failed ? "#dc2626" : "#2563eb",
    mark: s.failed ? "✘" : String(s.n),
    labelX,
    text: `${s.n}. ${s.failed ? "✘ " : ""}${s.label}`,
  }));
  const bottom = layout.height - 4;
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: `Trace of ${t.command} from ${t.pod}: ${t.hops.length} steps, ${t.outcome}`,
    width: layout.width,
    height: layout.height,
    autosize: { type: "none" },
    padding: 0,
    background: "#ffffff",
    config: { view: { stroke: null } },
    layer: [
      {
        data: { values: layout.lanes.map((l) => ({ x: l.x, y: TOP - 14, y2: bottom })) },
        mark: { type: "rule", color: "#d1d5db", strokeDash: [3, 3] },
        encoding: { x: px("x"), y: px("y"), y2: { field: "y2" } },
      },
      {
        data: { values: layout.lanes.map((l) => ({ x: l.x, y: 10, text: l.name })) },
        mark: { type: "text", baseline: "top", align: "center", font: "monospace", fontSize: 11, fontWeight: "bold", color: "#111827" },
        encoding: { x: px("x"), y: px("y"), text: { field: "text", type: "nominal" } },
      },
      {
        data: { values: arrows },
        mark: { type: "rule", color: "#6b7280", strokeWidth: 1.5 },
        encoding: { x: px("x"), y: px("y"), x2: { field: "x2" }, y2: { field: "y2" } },
      },
      {
        data: { values: steps },
        mark: { type: "circle", size: 380, stroke: "#ffffff", strokeWidth: 1.5 },
        encoding: { x: px("x"), y: px("y"), fill: { field: "fill", type: "nominal", scale: null } },
      },
      {
        data: { values: steps },
        mark: { type: "text", align: "center", baseline: "middle", font: "monospace", fontSize: 10, fontWeight: "bold", color: "#ffffff" },
        encoding: { x: px("x"), y: px("y"), text: { field: "mark", type: "nominal" } },
      },
      {
        data: { values: steps },
        mark: { type: "text", align: "left", baseline: "middle", font: "monospace", fontSize: 11 },
        encoding: { x: px("labelX"), y: px("y"), text: { field: "text", type: "nominal" }, color: { field: "fill", type: "nominal", scale: null } },
      },
    ],
  } as unknown as VegaLiteSpec;
}

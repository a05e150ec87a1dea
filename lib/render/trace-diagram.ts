/**
 * The trace diagram: a request drawn as a sequence of numbered steps across lanes (CoreDNS, the
 * client Pod, each node it crosses, the serving Pod), each step matching a row of the hop table;
 * arrows (with heads) where the packet travels between lanes, the failing step marked with a
 * cross. `trace-layout.ts` decides where things go; this file turns that into Vega-Lite.
 */
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./svg.js";
import { FONT_SIZE, LINE_HEIGHT, STEP_RADIUS, type TraceArrow, traceLayout } from "./trace-layout.js";
import type { TraceRecord } from "../sim/index.js";

export { type TraceLayout, traceLayout } from "./trace-layout.js";

const INK = "#1f2937";
const FAIL = "#dc2626";
const STEP = "#1d4ed8";
/** How each kind of arrow is drawn: the packet solid, a DNS answer dashed, the VXLAN outer packet thick and amber. */
const ARROW_STYLE: Record<TraceArrow["kind"], { color: string; width: number; dash: number[] }> = {
  packet: { color: INK, width: 1.5, dash: [] },
  reply: { color: INK, width: 1.5, dash: [] },
  answer: { color: "#4b5563", width: 1.5, dash: [5, 3] },
  overlay: { color: "#b45309", width: 3, dash: [7, 3] },
};

/** The Vega-Lite v5 spec of the trace diagram (pixel positions computed in trace-layout.ts). */
export function traceSpec(t: TraceRecord): VegaLiteSpec {
  const layout = traceLayout(t);
  const px = (field: string) => ({ field, type: "quantitative" as const, scale: null, axis: null });
  const onStep = (x: number, y: number) => layout.steps.some((s) => s.x === x && s.y === y);
  // Each arrow stops at the edge of the circle (or the activity bar) it points at; its head sits there.
  const arrows = layout.arrows.map((a) => {
    const dir = a.x2 > a.x ? 1 : -1;
    const tip = a.x2 - dir * (onStep(a.x2, a.y) ? STEP_RADIUS + 1 : 5);
    const start = a.x + dir * (onStep(a.x, a.y) ? STEP_RADIUS : 4);
    const style = ARROW_STYLE[a.kind];
    return {
      x: start,
      x2: tip - dir * 6,
      y: a.y,
      tip,
      shape: dir > 0 ? "triangle-right" : "triangle-left",
      color: style.color,
      width: style.width,
      dash: style.dash,
      kind: a.kind,
    };
  });
  const steps = layout.steps.map((s) => ({
    x: s.x,
    y: s.y,
    fill: s.failed ? FAIL : STEP,
    mark: s.failed ? "✘" : String(s.n),
    color: s.failed ? FAIL : INK,
    labelX: layout.labelX,
    labelY: s.y - LINE_HEIGHT / 2,
    text: s.lines,
  }));
  const bands = layout.steps
    .filter((_, i) => i % 2 === 0)
    .map((s) => ({
      x: 0,
      x2: layout.width,
      y: s.y - STEP_RADIUS - 3,
      y2: s.y - STEP_RADIUS - 3 + Math.max(2 * STEP_RADIUS + 6, s.lines.length * LINE_HEIGHT + 6),
    }));
  const bottom = layout.height - 4;
  const text = { type: "text", font: "monospace", fontSize: FONT_SIZE, lineHeight: LINE_HEIGHT };
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: `Hop by hop: ${t.command} from ${t.pod}: ${t.hops.length} steps, ${t.outcome}`,
    width: layout.width,
    height: layout.height,
    autosize: { type: "none" },
    padding: 0,
    background: "#ffffff",
    config: { view: { stroke: null } },
    layer: [
      {
        data: { values: bands },
        mark: { type: "rect", color: "#f3f4f6" },
        encoding: { x: px("x"), x2: { field: "x2" }, y: px("y"), y2: { field: "y2" } },
      },
      {
        data: { values: layout.lanes.map((l) => ({ x: l.x, y: layout.headerHeight - 4, y2: bottom })) },
        mark: { type: "rule", color: "#9ca3af", strokeDash: [3, 3] },
        encoding: { x: px("x"), y: px("y"), y2: { field: "y2" } },
      },
      {
        data: { values: layout.bars },
        mark: { type: "rule", color: "#93c5fd", strokeWidth: 8, strokeCap: "round" },
        encoding: { x: px("x"), y: px("y"), y2: { field: "y2" } },
      },
      {
        data: { values: layout.lanes.map((l) => ({ x: l.x, y: 8, text: l.lines })) },
        mark: { ...text, baseline: "top", align: "center", fontWeight: "bold", color: INK },
        encoding: { x: px("x"), y: px("y"), text: { field: "text", type: "nominal" } },
      },
      {
        data: { values: arrows },
        mark: { type: "rule" },
        encoding: {
          x: px("x"),
          x2: { field: "x2" },
          y: px("y"),
          color: { field: "color", type: "nominal", scale: null },
          strokeWidth: { field: "width", type: "quantitative", scale: null },
          strokeDash: { field: "dash", type: "nominal", scale: null },
        },
      },
      {
        data: { values: arrows },
        mark: { type: "point", filled: true, size: 90, opacity: 1 },
        encoding: {
          x: px("tip"),
          y: px("y"),
          shape: { field: "shape", type: "nominal", scale: null },
          color: { field: "color", type: "nominal", scale: null },
        },
      },
      {
        data: { values: steps },
        mark: { type: "circle", size: Math.round(Math.PI * STEP_RADIUS * STEP_RADIUS), stroke: "#ffffff", strokeWidth: 1.5, opacity: 1 },
        encoding: { x: px("x"), y: px("y"), fill: { field: "fill", type: "nominal", scale: null } },
      },
      {
        data: { values: steps },
        mark: { ...text, align: "center", baseline: "middle", fontWeight: "bold", color: "#ffffff" },
        encoding: { x: px("x"), y: px("y"), text: { field: "mark", type: "nominal" } },
      },
      {
        data: { values: steps },
        mark: { ...text, align: "left", baseline: "top" },
        encoding: { x: px("labelX"), y: px("labelY"), text: { field: "text", type: "nominal" }, color: { field: "color", type: "nominal", scale: null } },
      },
    ],
  } as unknown as VegaLiteSpec;
}

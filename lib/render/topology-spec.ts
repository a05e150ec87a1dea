/**
 * The topology model drawn: a Vega-Lite v5 spec of rectangles, routed lines, arrowheads, labels
 * and the legend, at the pixel positions the layout computed. Boxes are drawn first, from the
 * outside in (nodes and Services, Pods, devices), then the lines above their fill, then the
 * arrowheads where a Service's line ends, then the text.
 */
import { wrapText } from "./trace-layout.js";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./svg.js";
import type { Box, TopologyModel } from "./topology.js";
import { type LegendEntry, SAMPLE_WIDTH, legendLabelX } from "./topology-legend.js";
import { COLORS, FONT_SIZE, LINE_HEIGHT, MARGIN } from "./topology-style.js";

/** A Service's line: its colour, solid to a ready endpoint, dashed to one that is not. */
const DASH = {
  domain: [0, 1],
  range: [
    [1, 0],
    [4, 3],
  ],
};
/** The neutral colour of the legend's line samples (a real line has its Service's colour). */
const SAMPLE_COLOR = "#374151";

interface Rect {
  readonly id: string;
  readonly kind: string;
  readonly x: number;
  readonly x2: number;
  readonly y: number;
  readonly y2: number;
  readonly fill: string;
  readonly stroke: string;
  readonly strokeWidth: number;
  readonly dash: number;
}

interface Label {
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly weight: "bold" | "normal";
  readonly color: string;
}

const rect = (b: Box): Rect => ({
  id: b.id,
  kind: b.kind,
  x: b.x,
  x2: b.x + b.width,
  y: b.y,
  y2: b.y + b.height,
  fill: b.fill,
  stroke: b.stroke,
  strokeWidth: b.highlighted ? 3 : b.kind === "node" || b.kind === "device" ? 1 : 1.5,
  dash: b.ghost ? 1 : 0,
});

function labels(b: Box): Label[] {
  const chip = b.kind === "device" || b.kind === "network";
  return b.lines.map((text, i) => ({
    x: b.label.x,
    y: b.label.y + i * LINE_HEIGHT,
    text,
    weight: i === 0 && !chip ? "bold" : "normal",
    color: b.ghost ? COLORS.muted : COLORS.text,
  }));
}

/** The legend's samples as the same marks as the picture's, and its labels. */
function legendMarks(entries: readonly LegendEntry[]) {
  const rects: Rect[] = [];
  const lines: { edge: string; k: number; x: number; y: number; color: string; dash: number; width: number }[] = [];
  const arrows: { x: number; y: number; color: string; fill: string }[] = [];
  const texts: Label[] = [];
  for (const e of entries) {
    const mid = e.y + 7;
    const box = (fill: string, stroke: string, strokeWidth: number, dash: number) =>
      rects.push({
        id: `legend/${e.sample}`,
        kind: "legend",
        x: e.x + 2,
        x2: e.x + SAMPLE_WIDTH - 2,
        y: e.y + 1,
        y2: e.y + 13,
        fill,
        stroke,
        strokeWidth,
        dash,
      });
    const line = (color: string, dash: number, width: number, arrow: string | undefined) => {
      const end = arrow === undefined ? e.x + SAMPLE_WIDTH : e.x + SAMPLE_WIDTH - 3;
      lines.push(
        { edge: `legend/${e.sample}`, k: 0, x: e.x, y: mid, color, dash, width },
        { edge: `legend/${e.sample}`, k: 1, x: end, y: mid, color, dash, width },
      );
      if (arrow !== undefined) arrows.push({ x: e.x + SAMPLE_WIDTH - 3, y: mid, color, fill: arrow });
    };
    if (e.sample === "ready") line(SAMPLE_COLOR, 0, 1.5, SAMPLE_COLOR);
    else if (e.sample === "not-ready") line(SAMPLE_COLOR, 1, 1.5, "#ffffff");
    else if (e.sample === "highlight") box(COLORS.pod.fill, COLORS.highlight, 3, 0);
    else if (e.sample === "terminating") box(COLORS.podTerminating.fill, COLORS.podTerminating.stroke, 1.5, 0);
    else if (e.sample === "ghost") box(COLORS.ghost.fill, COLORS.ghost.stroke, 1.5, 1);
    else line(COLORS.deviceLink, 0, 1.2, undefined);
    texts.push({ x: legendLabelX(e), y: e.y, text: e.label, weight: "normal", color: COLORS.muted });
  }
  return { rects, lines, arrows, texts };
}

/** Width of one character of the 11 px monospace labels, rounded up. */
const NOTE_CHAR = 7;

/** The Vega-Lite v5 spec of a topology: rectangles, routed lines and labels at computed pixel positions. */
export function topologySpec(model: TopologyModel): VegaLiteSpec {
  const px = (field: string) => ({ field, type: "quantitative" as const, scale: null, axis: null });
  const legend = legendMarks(model.legend);
  // Notes (an option that matched nothing) go below the picture, wrapped to its width.
  const noteLines = (model.notes ?? []).flatMap((n) => wrapText(`Note: ${n}`, Math.floor((model.width - 2 * MARGIN) / NOTE_CHAR)));
  const texts = [
    { x: MARGIN, y: MARGIN, text: model.title, weight: "bold" as const, color: COLORS.text },
    ...model.boxes.flatMap(labels),
    ...legend.texts,
    ...noteLines.map((text, i) => ({ x: MARGIN, y: model.height + i * LINE_HEIGHT, text, weight: "normal" as const, color: COLORS.text })),
  ];
  const height = model.height + (noteLines.length ? noteLines.length * LINE_HEIGHT + MARGIN / 2 : 0);
  const lines = [
    ...model.links.flatMap((l, i) =>
      l.points.map((p, k) => ({
        edge: `${i}`,
        from: l.from,
        to: l.to,
        k,
        x: p.x,
        y: p.y,
        color: l.color,
        dash: l.ready ? 0 : 1,
        width: l.kind === "service" ? 1.5 : 1.2,
      })),
    ),
    ...legend.lines,
  ];
  // A Service's line ends in an arrowhead at its Pod's edge: filled for a ready endpoint, open for one that is not.
  const arrows = [
    ...model.links
      .filter((l) => l.kind === "service")
      .map((l) => {
        const end = l.points[l.points.length - 1]!;
        return { x: end.x - 3, y: end.y, color: l.color, fill: l.ready ? l.color : "#ffffff" };
      }),
    ...legend.arrows,
  ];
  const rects = model.boxes.map(rect);
  const textLayer = (weight: "bold" | "normal") => ({
    data: { values: texts.filter((l) => l.weight === weight) },
    mark: { type: "text" as const, align: "left" as const, baseline: "top" as const, font: "monospace", fontSize: FONT_SIZE, fontWeight: weight },
    encoding: { x: px("x"), y: px("y"), text: { field: "text", type: "nominal" as const }, color: { field: "color", type: "nominal" as const, scale: null } },
  });
  // Vega-Lite draws a rect's dash from the mark, not from a field: ghosts get layers of their own.
  const rectLayer = (values: readonly Rect[], dashed = false) => ({
    data: { values },
    mark: { type: "rect" as const, cornerRadius: 6, ...(dashed ? { strokeDash: [4, 3] } : {}) },
    encoding: {
      x: px("x"),
      x2: { field: "x2" },
      y: px("y"),
      y2: { field: "y2" },
      fill: { field: "fill", type: "nominal" as const, scale: null },
      stroke: { field: "stroke", type: "nominal" as const, scale: null },
      strokeWidth: { field: "strokeWidth", type: "quantitative" as const, scale: null },
    },
  });
  const outer = (r: Rect) => r.kind === "node" || r.kind === "service" || r.kind === "network";
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    description: model.text,
    width: model.width,
    height,
    autosize: { type: "none" as const },
    padding: 0,
    background: "#ffffff",
    config: { view: { stroke: null } },
    layer: [
      rectLayer(rects.filter(outer)),
      rectLayer(rects.filter((r) => r.kind === "pod" && r.dash === 0)),
      rectLayer(
        rects.filter((r) => r.kind === "pod" && r.dash === 1),
        true,
      ),
      rectLayer([...rects.filter((r) => r.kind === "device"), ...legend.rects.filter((r) => r.dash === 0)]),
      rectLayer(
        legend.rects.filter((r) => r.dash === 1),
        true,
      ),
      {
        data: { values: lines },
        mark: { type: "line" as const, interpolate: "linear" as const, strokeCap: "butt" as const },
        encoding: {
          x: px("x"),
          y: px("y"),
          detail: { field: "edge", type: "nominal" as const },
          order: { field: "k", type: "quantitative" as const },
          color: { field: "color", type: "nominal" as const, scale: null },
          strokeWidth: { field: "width", type: "quantitative" as const, scale: null },
          strokeDash: { field: "dash", type: "nominal" as const, scale: DASH, legend: null },
        },
      },
      {
        data: { values: arrows },
        mark: { type: "point" as const, shape: "triangle-right", size: 50, filled: true, opacity: 1, strokeWidth: 1.5 },
        encoding: {
          x: px("x"),
          y: px("y"),
          fill: { field: "fill", type: "nominal" as const, scale: null },
          stroke: { field: "color", type: "nominal" as const, scale: null },
        },
      },
      textLayer("bold"),
      textLayer("normal"),
    ].filter((layer) => layer.data.values.length > 0),
  };
  return spec as unknown as VegaLiteSpec;
}

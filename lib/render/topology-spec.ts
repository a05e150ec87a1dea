/**
 * The topology model drawn: a Vega-Lite v5 spec of rectangles, links and labels at the pixel
 * positions the model computed.
 */
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./svg.js";
import type { Box, TopologyModel } from "./topology.js";
import { COLORS, FONT_SIZE, LINE_HEIGHT, MARGIN, PAD } from "./topology-style.js";

/** The Vega-Lite v5 spec of a topology: rectangles, links and labels at computed pixel positions. */
export function topologySpec(model: TopologyModel): VegaLiteSpec {
  const px = (field: string) => ({ field, type: "quantitative" as const, scale: null, axis: null });
  const rects = model.boxes.map((b) => ({
    id: b.id,
    kind: b.kind,
    x: b.x,
    x2: b.x + b.width,
    y: b.y,
    y2: b.y + b.height,
    fill: b.fill,
    stroke: b.stroke,
    strokeWidth: b.highlighted ? 3 : b.kind === "node" ? 1 : 1.5,
  }));
  // A node's name and addresses sit at the bottom of its column: links come from the Services
  // above and end at the Pods, so they never cross a node's label.
  const labelTop = (b: Box) => (b.kind === "node" ? b.y + b.height - PAD - b.lines.length * LINE_HEIGHT + 2 : b.y + PAD);
  const labels = model.boxes.flatMap((b) => b.lines.map((line, i) => ({ x: b.x + PAD, y: labelTop(b) + i * LINE_HEIGHT, text: line, bold: i === 0 })));
  labels.unshift({ x: MARGIN, y: MARGIN, text: model.notes ? `${model.title} · ${model.notes.join(" · ")}` : model.title, bold: true });
  const links = model.links.map((l) => ({ x: l.x1, y: l.y1, x2: l.x2, y2: l.y2, color: l.color, dash: l.ready ? 0 : 1 }));
  const textLayer = (bold: boolean) => ({
    data: { values: labels.filter((l) => l.bold === bold) },
    mark: {
      type: "text" as const,
      align: "left" as const,
      baseline: "top" as const,
      font: "monospace",
      fontSize: FONT_SIZE,
      fontWeight: bold ? ("bold" as const) : ("normal" as const),
      color: COLORS.text,
    },
    encoding: { x: px("x"), y: px("y"), text: { field: "text", type: "nominal" as const } },
  });
  const rectLayer = (values: typeof rects) => ({
    data: { values },
    mark: { type: "rect" as const, cornerRadius: 6 },
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
  // Nodes and Services first, then the links, then Pods on top, so a link ends at its Pod's edge.
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    description: model.text,
    width: model.width,
    height: model.height,
    autosize: { type: "none" as const },
    padding: 0,
    background: "#ffffff",
    config: { view: { stroke: null } },
    layer: [
      rectLayer(rects.filter((r) => r.kind !== "pod")),
      {
        data: { values: links },
        mark: { type: "rule" as const, strokeWidth: 1.5 },
        encoding: {
          x: px("x"),
          y: px("y"),
          x2: { field: "x2" },
          y2: { field: "y2" },
          color: { field: "color", type: "nominal" as const, scale: null },
          strokeDash: {
            field: "dash",
            type: "nominal" as const,
            scale: {
              domain: [0, 1],
              range: [
                [1, 0],
                [4, 3],
              ],
            },
            legend: null,
          },
        },
      },
      rectLayer(rects.filter((r) => r.kind === "pod")),
      textLayer(true),
      textLayer(false),
    ],
  };
  return spec as unknown as VegaLiteSpec;
}

/**
 * The topology picture's measures and colours, shared by the layout (topology.ts) and the
 * Vega-Lite spec (topology-spec.ts) so that boxes and their labels agree.
 */

/** The labels' font size, in pixels. */
export const FONT_SIZE = 11;
/** Width of one character of the monospace font at FONT_SIZE, rounded up. */
export const CHAR_WIDTH = 7;
/** The height of one label line. */
export const LINE_HEIGHT = 15;
/** Space between a box's edge and its text. */
export const PAD = 8;
/** Space between neighbouring boxes. */
export const GAP = 10;
/** Space around the whole picture. */
export const MARGIN = 12;

/** Colours readable on the white background in light and dark themes; boxes also differ by outline and label. */
export const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"] as const;
/** Fill and outline of each kind of box, the highlight and the text. */
export const COLORS = {
  node: { fill: "#f3f4f6", stroke: "#6b7280" },
  pod: { fill: "#ffffff", stroke: "#374151" },
  podTerminating: { fill: "#f9fafb", stroke: "#9ca3af" },
  service: { fill: "#eef2ff", stroke: "#4338ca" },
  highlight: "#dc2626",
  text: "#111827",
} as const;

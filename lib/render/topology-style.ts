/**
 * The topology picture's measures and colours, shared by the layout (topology-layout.ts) and the
 * Vega-Lite spec (topology-spec.ts) so that boxes and their labels agree.
 */

/** The labels' font size, in pixels: the smallest text an article shows at its natural size. */
export const FONT_SIZE = 11;
/** Width of one character of the monospace font at FONT_SIZE, rounded up (DejaVu Sans Mono and Menlo: 0.6 em). */
export const CHAR_WIDTH = 7;
/** The height of one label line. */
export const LINE_HEIGHT = 15;
/** Space between a box's edge and its text. */
export const PAD = 8;
/** Space between neighbouring boxes. */
export const GAP = 10;
/** Space around the whole picture. */
export const MARGIN = 12;
/** Distance between two parallel lines routed through the same corridor. */
export const LANE = 6;
/** Height of a device's chip (one line of text). */
export const CHIP_HEIGHT = 21;
/** Space between a chip's edge and its text. */
export const CHIP_PAD = 5;
/** The width of an article's text column: a picture up to this wide shows at its natural size. */
export const ARTICLE_WIDTH = 752;
/** The longest text line of a Pod box before it wraps at its separators (so three nodes fit ARTICLE_WIDTH). */
export const POD_TEXT_CHARS = 26;

/**
 * The Services' colours (outline and lines), each with at least 4.5:1 contrast on white and none
 * red, since a red outline means "highlighted".
 */
export const PALETTE = ["#1d4ed8", "#15803d", "#7e22ce", "#a16207", "#0e7490", "#854d0e", "#4d7c0f", "#334155"] as const;
/** Fill and outline of each kind of box, the highlight and the text. */
export const COLORS = {
  node: { fill: "#f3f4f6", stroke: "#6b7280" },
  pod: { fill: "#ffffff", stroke: "#374151" },
  podTerminating: { fill: "#f9fafb", stroke: "#9ca3af" },
  /** A deleted Pod: dashed, in a grey with 4.8:1 contrast on white. */
  ghost: { fill: "#ffffff", stroke: "#6b7280" },
  service: { fill: "#eef2ff", stroke: "#4338ca" },
  device: { fill: "#fffbeb", stroke: "#b45309" },
  network: { fill: "#f9fafb", stroke: "#6b7280" },
  deviceLink: "#6b7280",
  highlight: "#dc2626",
  text: "#111827",
  /** Text of deleted Pods and of the legend: AA contrast (4.8:1) on white. */
  muted: "#4b5563",
} as const;

/**
 * The topology picture's legend: what its line styles, outlines and colours mean, drawn inside
 * the picture so that the static SVG carries it. Only the entries that can occur in the picture
 * are listed: ghosts in a diff, device links with `devices: true`.
 */
import { CHAR_WIDTH, LINE_HEIGHT } from "./topology-style.js";

/** What a legend entry's sample shows. */
export type LegendSample = "ready" | "not-ready" | "highlight" | "terminating" | "ghost" | "device";

/** One legend entry, placed: its sample at (x, y), 24 × 12 pixels, and its label to the right. */
export interface LegendEntry {
  readonly sample: LegendSample;
  readonly label: string;
  readonly x: number;
  readonly y: number;
}

/** Which entries a picture needs. */
export interface LegendOptions {
  /** What a red outline means here: "highlighted" in a topology, "added or changed" in a diff. */
  readonly highlight: string;
  readonly ghosts: boolean;
  readonly devices: boolean;
}

/** The width of an entry's sample and the space before its label. */
export const SAMPLE_WIDTH = 24;
const SAMPLE_SPACE = 6;
/** Space between two entries on a row. */
const ENTRY_SPACE = 18;
/** The height of a legend row. */
export const LEGEND_ROW = LINE_HEIGHT + 3;

function entries(options: LegendOptions): { sample: LegendSample; label: string }[] {
  return [
    { sample: "ready", label: "ready endpoint" },
    { sample: "not-ready", label: "not ready" },
    { sample: "highlight", label: options.highlight },
    { sample: "terminating", label: "Terminating" },
    ...(options.ghosts ? [{ sample: "ghost" as const, label: "deleted" }] : []),
    ...(options.devices ? [{ sample: "device" as const, label: "device link" }] : []),
  ];
}

/** The legend laid out in rows from (left, top) within `width`; returns the entries and the height used. */
export function placeLegend(options: LegendOptions, left: number, top: number, width: number): { entries: LegendEntry[]; height: number } {
  const placed: LegendEntry[] = [];
  let x = left;
  let y = top;
  for (const e of entries(options)) {
    const w = SAMPLE_WIDTH + SAMPLE_SPACE + [...e.label].length * CHAR_WIDTH;
    if (x > left && x + w > left + width) {
      x = left;
      y += LEGEND_ROW;
    }
    placed.push({ ...e, x, y });
    x += w + ENTRY_SPACE;
  }
  return { entries: placed, height: y - top + LINE_HEIGHT };
}

/** Where an entry's label starts. */
export const legendLabelX = (e: LegendEntry): number => e.x + SAMPLE_WIDTH + SAMPLE_SPACE;

/**
 * The data a live article hands its runtime (lib/live): shared by the exporter, which writes it,
 * and the browser runtime, which reads it. Pure.
 */

/** The numbering an article had reached before a cell's outputs (data-live-state). */
export interface LiveOutputState {
  readonly figures: number;
  readonly tables: number;
  readonly svgs: number;
  /** The cell's own caption (plain text) when its outputs sit in one cell figure. */
  readonly caption?: string;
  readonly inFigure: boolean;
}

/** What a code cell is in a notebook with exercises (see docs/live-articles.md). */
export type LiveRole = "code" | "exercise" | "solution" | "verify" | "hint";

/** One code cell as the runtime gets it. */
export interface LiveCell {
  /** The 1-based number of the cell in the notebook (markdown cells counted), as data-live-cell. */
  readonly cell: number;
  readonly source: string;
  readonly role: LiveRole;
  /** For an exercise's solution, hint and verify cells: the exercise's cell number. */
  readonly exercise?: number;
  /** For an exercise: its id and title. */
  readonly id?: string;
  readonly title?: string;
}

/** The id of the element holding the cells' JSON. */
export const LIVE_DATA_ID = "podtalk-live-cells";

/**
 * What a live article (`export --live`) carries besides the static article: each code cell's
 * source and role as JSON data for the runtime (lib/live), and per cell the numbering state its
 * outputs were rendered with, so that outputs re-run in the browser are numbered and named as
 * the exporter numbered them. Pure: the runtime imports the types.
 */
import { VERIFY_TAG } from "../../render/check.js";
import { cellTags, type Notebook } from "../ipynb.js";
import { LIVE_DATA_ID, type LiveCell, type LiveOutputState, type LiveRole } from "./live-data.js";
import type { ArticleState } from "./outputs-html.js";

/** The numbering state before a cell's outputs, as the JSON of its data-live-state attribute. */
export function liveOutputState(state: ArticleState, inFigure: boolean): string {
  const value: LiveOutputState = {
    figures: state.figures,
    tables: state.tables,
    svgs: state.svgs ?? 0,
    ...(state.cellCaption !== undefined ? { caption: state.cellCaption } : {}),
    inFigure,
  };
  return JSON.stringify(value);
}

/**
 * The code cells of `notebook` in order, with their roles: tags `exercise`, `solution`, `hint`
 * and `verify`, the last three belonging to the nearest exercise above them (a verify cell before
 * any exercise is one of the notebook's own checks).
 */
export function liveCells(notebook: Notebook, options: { readonly solutions: boolean } = { solutions: true }): LiveCell[] {
  const cells: LiveCell[] = [];
  let exercise: number | undefined;
  let exercises = 0;
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const tags = cellTags(cell);
    const number = index + 1;
    if (tags.includes("exercise")) {
      exercises += 1;
      exercise = number;
      const podtalk = (cell.metadata["podtalk"] ?? {}) as { exercise?: unknown; title?: unknown };
      const id = typeof podtalk.exercise === "string" && podtalk.exercise.trim() ? podtalk.exercise.trim() : `exercise-${exercises}`;
      const title = typeof podtalk.title === "string" && podtalk.title.trim() ? podtalk.title.trim() : `Exercise ${exercises}`;
      cells.push({ cell: number, source: cell.source, role: "exercise", id, title });
      return;
    }
    // A learner's build leaves the solutions out of everything it writes, this data included.
    if (tags.includes("solution") && !options.solutions) return;
    const role: LiveRole = tags.includes("solution") ? "solution" : tags.includes("hint") ? "hint" : tags.includes(VERIFY_TAG) ? "verify" : "code";
    cells.push({ cell: number, source: cell.source, role, ...(role !== "code" && exercise !== undefined ? { exercise } : {}) });
  });
  return cells;
}

/** The cells as a `<script type="application/json">` element (inert: no CSP source needed). */
export function liveDataElement(notebook: Notebook, options: { readonly solutions: boolean; readonly trust?: boolean } = { solutions: true }): string {
  // `trust`: a trusted export inlines output HTML as is, and so must the outputs re-run in the page.
  const json = JSON.stringify({ cells: liveCells(notebook, options), ...(options.trust === true ? { trust: true } : {}) }).replace(/</g, "\\u003c");
  return `<script type="application/json" id="${LIVE_DATA_ID}">${json}</script>`;
}

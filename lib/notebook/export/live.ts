/**
 * What a live article (`export --live`) carries besides the static article: each code cell's
 * source and role as JSON data for the runtime (lib/live), and per cell the numbering state its
 * outputs were rendered with, so that outputs re-run in the browser are numbered and named as
 * the exporter numbered them. Pure: the runtime imports the types.
 */
import { VERIFY_TAG } from "../../render/check.js";
import { scanExercises } from "../exercises.js";
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
 * The code cells of `notebook` in order, with their roles as the exercise format gives them
 * (lib/notebook/exercises.ts: an exercise's hints, solutions and verify cells; a verify cell
 * before any exercise is one of the notebook's own checks). Without `solutions` (a learner's
 * build) the solution cells are left out.
 */
export function liveCells(notebook: Notebook, options: { readonly solutions: boolean } = { solutions: true }): LiveCell[] {
  const { exercises } = scanExercises(notebook);
  const owner = new Map<number, { role: LiveRole; exercise: number }>();
  for (const e of exercises) {
    for (const i of e.hints) owner.set(i, { role: "hint", exercise: e.cell + 1 });
    for (const i of e.solutions) owner.set(i, { role: "solution", exercise: e.cell + 1 });
    for (const i of e.verify) owner.set(i, { role: "verify", exercise: e.cell + 1 });
  }
  const byCell = new Map(exercises.map((e) => [e.cell, e]));
  const cells: LiveCell[] = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const number = index + 1;
    const exercise = byCell.get(index);
    if (exercise) {
      cells.push({ cell: number, source: cell.source, role: "exercise", id: exercise.id, title: exercise.title });
      return;
    }
    const owned = owner.get(index);
    // A learner's build leaves the solutions out of everything it writes, this data included.
    if (owned?.role === "solution" && !options.solutions) return;
    const role: LiveRole = owned?.role ?? (cellTags(cell).includes(VERIFY_TAG) ? "verify" : "code");
    cells.push({ cell: number, source: cell.source, role, ...(owned ? { exercise: owned.exercise } : {}) });
  });
  return cells;
}

/** The cells as a `<script type="application/json">` element (inert: no CSP source needed). */
export function liveDataElement(notebook: Notebook, options: { readonly solutions: boolean; readonly trust?: boolean } = { solutions: true }): string {
  // `trust`: a trusted export inlines output HTML as is, and so must the outputs re-run in the page.
  const json = JSON.stringify({ cells: liveCells(notebook, options), ...(options.trust === true ? { trust: true } : {}) }).replace(/</g, "\\u003c");
  return `<script type="application/json" id="${LIVE_DATA_ID}">${json}</script>`;
}

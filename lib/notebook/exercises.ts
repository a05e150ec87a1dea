/**
 * Exercises in a notebook, marked with cell tags (docs/exercises.md): `exercise` (the cell a
 * learner edits), `hint` (revealed on request), `solution` (the author's answer) and the `verify`
 * cells after an exercise (its verification). Every command finds them here: `check` reports a
 * malformed one, the exporter labels and folds them, `grade` scores them, and the live articles
 * run them in the browser.
 *
 * This module uses no Node API and imports nothing (tsconfig.pure.json checks it), so that a
 * browser bundle can import it; it reads notebooks through the structural types below, which
 * ipynb.ts's Notebook and Cell fit.
 */

/** What this module reads of a cell (ipynb.ts's Cell fits). */
export interface ExerciseCellLike {
  readonly cell_type: string;
  source: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** What this module reads of a notebook (ipynb.ts's Notebook fits). */
export interface NotebookLike {
  cells: ExerciseCellLike[];
}

/** The tag of the cell a learner edits. */
export const EXERCISE_TAG = "exercise";
/** The tag of the author's answer to the exercise above it; absent from `--student` builds. */
export const SOLUTION_TAG = "solution";
/** The tag of a hint (markdown or code) to the exercise above it, folded in articles. */
export const HINT_TAG = "hint";
/** The tag of the cells that verify a claim; after an exercise they are its verification. */
export const EXERCISE_VERIFY_TAG = "verify";

/** One exercise of a notebook. Cell positions are 0-based indexes into `notebook.cells`. */
export interface Exercise {
  /** `metadata.podtalk.exercise` of the exercise cell, else `exercise-N` (N counts exercises from 1). */
  readonly id: string;
  /** `metadata.podtalk.title`, else the nearest heading above the exercise cell, else "Exercise N". */
  readonly title: string;
  /** 1-based number of the exercise in the notebook. */
  readonly number: number;
  /** The exercise cell. */
  readonly cell: number;
  /** Its hint cells, in order. */
  readonly hints: readonly number[];
  /** Its solution cells, in order. */
  readonly solutions: readonly number[];
  /** Its verify cells: those after it and before the next exercise. */
  readonly verify: readonly number[];
}

/** What is wrong with one cell's exercise tags. */
export interface ExerciseProblem {
  /** 1-based cell number (markdown cells count), as Jupyter's cell list shows it. */
  readonly cell: number;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** A notebook whose exercise tags do not fit together; `problems` says where and why. */
export class ExerciseFormatError extends Error {
  readonly problems: readonly ExerciseProblem[];

  constructor(problems: readonly ExerciseProblem[], where?: string) {
    const lines = problems.map((p) => `  cell ${p.cell}: ${p.message}`);
    super(`${where ? `${where}: ` : ""}the exercises are malformed (see docs/exercises.md):\n${lines.join("\n")}`);
    this.name = "ExerciseFormatError";
    this.problems = problems;
  }
}

/** The tags of a cell (`metadata.tags`); the same as ipynb's cellTags(), without its Node imports. */
function tagsOf(cell: ExerciseCellLike): readonly string[] {
  const tags = cell.metadata["tags"];
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

/** The notebook's exercises and what is wrong with their tags (an empty list when nothing is). */
export function scanExercises(notebook: NotebookLike): { exercises: Exercise[]; problems: ExerciseProblem[] } {
  const problems: ExerciseProblem[] = [];
  const found: { id: string; title: string; number: number; cell: number; hints: number[]; solutions: number[]; verify: number[]; named: boolean }[] = [];
  let heading: string | undefined;
  notebook.cells.forEach((cell, index) => {
    const tags = tagsOf(cell);
    const at = index + 1;
    const current = found[found.length - 1];
    const isExercise = tags.includes(EXERCISE_TAG);
    const isSolution = tags.includes(SOLUTION_TAG);
    const isHint = tags.includes(HINT_TAG);
    const isVerify = tags.includes(EXERCISE_VERIFY_TAG);
    const roles = [isExercise && EXERCISE_TAG, isSolution && SOLUTION_TAG, isHint && HINT_TAG, isVerify && EXERCISE_VERIFY_TAG].filter(
      (r): r is string => typeof r === "string",
    );
    if (roles.length > 1) {
      problems.push({
        cell: at,
        message: `the cell is tagged ${roles.map((r) => `\`${r}\``).join(" and ")}; a cell has one role: split it into one cell per tag`,
      });
    } else if (isExercise) {
      if (cell.cell_type !== "code") {
        problems.push({
          cell: at,
          message: `the cell tagged \`exercise\` is a ${cell.cell_type} cell; the exercise is the code a learner edits: tag the code cell instead (a markdown cell above it can explain the task)`,
        });
      } else {
        const number = found.length + 1;
        const meta = podtalkMeta(cell);
        const name = meta["exercise"];
        let named = false;
        let id = `exercise-${number}`;
        if (name !== undefined) {
          if (typeof name === "string" && /^[a-z0-9][a-z0-9-]*$/.test(name)) {
            id = name;
            named = true;
          } else {
            problems.push({
              cell: at,
              message: `metadata.podtalk.exercise is ${JSON.stringify(name)}; it names the exercise with a slug of lowercase letters, digits and "-", e.g. "fix-target-port"`,
            });
          }
        }
        const title = typeof meta["title"] === "string" && meta["title"].trim() !== "" ? meta["title"].trim() : (heading ?? `Exercise ${number}`);
        found.push({ id, title, number, cell: index, hints: [], solutions: [], verify: [], named });
      }
    } else if (isSolution || isHint) {
      const tag = isSolution ? SOLUTION_TAG : HINT_TAG;
      if (!current) {
        problems.push({
          cell: at,
          message: `the cell tagged \`${tag}\` has no exercise above it; a ${tag} belongs to the nearest cell tagged \`exercise\` above it: move it below its exercise, or tag the exercise cell`,
        });
      } else if (isSolution && cell.cell_type !== "code") {
        problems.push({
          cell: at,
          message: `the cell tagged \`solution\` is a ${cell.cell_type} cell; a solution is code that runs after the exercise and brings the cluster to the solved state: make it a code cell (explanations can go in a \`hint\`)`,
        });
      } else if (isSolution) current.solutions.push(index);
      else current.hints.push(index);
    } else if (isVerify && current) current.verify.push(index);
    if (cell.cell_type === "markdown") heading = lastHeading(cell.source) ?? heading;
  });
  const byId = new Map<string, number>();
  for (const exercise of found) {
    const first = byId.get(exercise.id);
    if (first !== undefined) {
      problems.push({
        cell: exercise.cell + 1,
        message: `the exercise id ${JSON.stringify(exercise.id)} is taken by the exercise in cell ${first + 1}; give each exercise its own metadata.podtalk.exercise`,
      });
    } else byId.set(exercise.id, exercise.cell);
    if (exercise.verify.length === 0) {
      problems.push({
        cell: exercise.cell + 1,
        message: `the exercise ${JSON.stringify(exercise.id)} has no cell tagged \`verify\` after it (before the next exercise), so nothing can tell whether it is solved: add one that check()s the solved state`,
      });
    }
  }
  problems.sort((a, b) => a.cell - b.cell);
  const exercises = found.map(({ named: _, ...exercise }) => exercise);
  return { exercises, problems };
}

/**
 * The notebook's exercises, in order.
 *
 * @throws {ExerciseFormatError} when the tags do not fit together: a `solution` or `hint` with no
 *   exercise above it, an exercise that is not a code cell, two exercises with one id, an exercise
 *   with no `verify` cell, a cell with two of these roles.
 */
export function findExercises(notebook: NotebookLike, where?: string): Exercise[] {
  const { exercises, problems } = scanExercises(notebook);
  if (problems.length > 0) throw new ExerciseFormatError(problems, where);
  return exercises;
}

/**
 * What one failure says to a learner, as `podtalk grade` and a live article both print it: a
 * failed check in its own words ("✘ claim no longer holds: …"), any other error with its name,
 * and an error of the exercise cell itself (`inExercise`) after "the exercise cell failed: ".
 */
export function exerciseProblem(ename: string, evalue: string, inExercise: boolean): string {
  const value = evalue.trim();
  const said = ename === "PodtalkError" && value.startsWith("✘") ? value : `${ename}: ${value}`;
  return inExercise ? `the exercise cell failed: ${said}` : said;
}

/** Whether a cell is an author's solution (tagged `solution`). */
export function isSolutionCell(cell: ExerciseCellLike): boolean {
  return tagsOf(cell).includes(SOLUTION_TAG);
}

/**
 * A copy of the notebook without its solution cells: what a learner gets. The copy shares
 * nothing with the original (a deep copy), so running it changes nothing in `notebook`.
 */
export function withoutSolutions<N extends NotebookLike>(notebook: N): { notebook: N; removed: number } {
  const copy = clone(notebook);
  const cells = copy.cells.filter((c) => !isSolutionCell(c));
  const removed = copy.cells.length - cells.length;
  copy.cells = cells;
  return { notebook: copy, removed };
}

/**
 * A copy of the notebook as a learner who solved every exercise would hand it in: each exercise
 * cell holds its starter code followed by its solutions' code (a solution brings the cluster
 * from the starter's state to the solved one), and the solution cells are gone. Grading it
 * scores every exercise solved when the solutions are right.
 *
 * @throws {ExerciseFormatError} when the exercises are malformed
 */
export function withSolutionsAnswered<N extends NotebookLike>(notebook: N): N {
  const exercises = findExercises(notebook);
  const copy = clone(notebook);
  for (const exercise of exercises) {
    const cell = copy.cells[exercise.cell]!;
    cell.source = [cell.source, ...exercise.solutions.map((i) => copy.cells[i]!.source)].join("\n");
  }
  copy.cells = copy.cells.filter((c) => !isSolutionCell(c));
  return copy;
}

/** A deep copy of a notebook, which is JSON through and through. */
function clone<N>(notebook: N): N {
  return JSON.parse(JSON.stringify(notebook)) as N;
}

function podtalkMeta(cell: ExerciseCellLike): Record<string, unknown> {
  const meta = cell.metadata["podtalk"];
  return typeof meta === "object" && meta !== null && !Array.isArray(meta) ? (meta as Record<string, unknown>) : {};
}

/** The last ATX heading of a markdown cell (outside code fences), without its marks. */
function lastHeading(source: string): string | undefined {
  let last: string | undefined;
  let fence: string | undefined;
  for (const line of source.split("\n")) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker) {
      if (fence === undefined) fence = marker[0];
      else if (marker[0] === fence) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const m = /^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (m) last = m[1]!.replace(/[*_`]/g, "").trim();
  }
  return last;
}

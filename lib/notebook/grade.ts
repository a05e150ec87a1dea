/**
 * Grading a learner's notebook: run it through the kernel without its solution cells, keep going
 * past failing cells, and score each exercise by its verify cells (docs/exercises.md).
 */
import { cellTags, readNotebook, type CodeCell, type Notebook, type Output } from "./ipynb.js";
import { exerciseProblem, findExercises, withoutSolutions, type Exercise } from "./exercises.js";
import { runNotebook, type KernelLease, type RunOptions } from "./runner.js";
import { stripANSI } from "./strip-ansi.js";

/** The score of one exercise. */
export interface ExerciseScore {
  /** The exercise's id (`metadata.podtalk.exercise`, else `exercise-N`). */
  readonly id: string;
  readonly title: string;
  /** 1-based number of the exercise cell in the graded notebook (without solutions; markdown cells count). */
  readonly cell: number;
  /** The exercise cell ran without error and every verify cell after it passed. */
  readonly solved: boolean;
  /** What is still wrong, in the checks' words (empty when solved): one entry per failing cell. */
  readonly problems: readonly string[];
}

/** The grade of one notebook. */
export interface NotebookGrade {
  readonly path: string;
  readonly exercises: readonly ExerciseScore[];
  /** Exercises solved. */
  readonly solved: number;
  /** Exercises in the notebook. */
  readonly total: number;
  /** Solution cells the notebook held, which were left out of the run. */
  readonly solutionsLeftOut: number;
  /** Why the notebook could not be graded (unreadable, malformed exercises, no kernel); its exercises are then unscored. */
  readonly error?: string;
}

/** Options for gradeNotebook(): those of runNotebook() that make sense for grading. */
export type GradeOptions = Pick<RunOptions, "timeoutMs" | "kernelName" | "env" | "startupTimeoutMs" | "onCell" | "onKernelStatus"> & {
  /** A kernel already being started for this notebook (see startKernelFor()). */
  readonly kernel?: KernelLease;
};

/**
 * Grades a learner's notebook: runs it in memory (the file is never written) without its
 * `solution` cells, with errors allowed, and scores each exercise. An exercise is solved when its
 * exercise cell ran without error and all its verify cells passed; otherwise its problems say
 * what is still wrong: the failing check's message, or the error of the exercise cell.
 *
 * A notebook that cannot be read, whose exercises are malformed, or whose kernel does not start is
 * returned with `error` set and nothing solved; it never throws for those.
 *
 * @example const grade = await gradeNotebook("answers/01-frontend-to-backend.ipynb");
 */
export async function gradeNotebook(path: string, options: GradeOptions = {}): Promise<NotebookGrade> {
  let notebook: Notebook;
  let exercises: Exercise[];
  let solutionsLeftOut = 0;
  try {
    const read = readNotebook(path);
    findExercises(read, path); // Malformed tags are reported as the learner's file has them.
    const learner = withoutSolutions(read);
    notebook = learner.notebook;
    solutionsLeftOut = learner.removed;
    exercises = findExercises(notebook, path);
  } catch (e) {
    disposeLease(options.kernel);
    return { path, exercises: [], solved: 0, total: 0, solutionsLeftOut, error: (e as Error).message };
  }
  const unscored = (why: string): NotebookGrade => ({
    path,
    exercises: exercises.map((e) => ({ id: e.id, title: e.title, cell: e.cell + 1, solved: false, problems: [why] })),
    solved: 0,
    total: exercises.length,
    solutionsLeftOut,
    error: why,
  });
  let stopped: string | undefined;
  try {
    const result = await runNotebook(path, { ...options, notebook, write: false, allowErrors: true, skipTags: ["skip-execution"] });
    // With errors allowed, a run stops early only on a timeout or a dead kernel.
    if (result.failure) stopped = result.failure.message;
  } catch (e) {
    return unscored((e as Error).message);
  }
  const scores = exercises.map((exercise) => scoreExercise(notebook, exercise, stopped));
  return { path, exercises: scores, solved: scores.filter((s) => s.solved).length, total: scores.length, solutionsLeftOut };
}

function disposeLease(lease: KernelLease | undefined): void {
  void lease?.client.then(
    (k) => k.dispose(),
    () => undefined,
  );
}

/** The score of one exercise from the outputs the run left in its cells. */
function scoreExercise(notebook: Notebook, exercise: Exercise, stopped: string | undefined): ExerciseScore {
  const problems: string[] = [];
  const cell = notebook.cells[exercise.cell] as CodeCell;
  const failed = errorOf(cell, true);
  if (failed !== undefined) problems.push(failed);
  for (const index of exercise.verify) {
    const verify = notebook.cells[index] as CodeCell;
    if (cellTags(verify).includes("skip-execution") || verify.source.trim() === "") continue;
    const error = errorOf(verify);
    if (error !== undefined) problems.push(error);
    else if (verify.execution_count === null)
      problems.push(stopped ? `not checked: the run stopped before it (${firstLine(stopped)})` : "not checked: its verify cell did not run");
  }
  return { id: exercise.id, title: exercise.title, cell: exercise.cell + 1, solved: problems.length === 0, problems };
}

/** The message of a cell's error output, as the learner reads it (without the kernel's traceback framing). */
function errorOf(cell: CodeCell, inExercise = false): string | undefined {
  const error = cell.outputs.find((o: Output) => o.output_type === "error");
  if (error?.output_type !== "error") return undefined;
  return exerciseProblem(error.ename, stripANSI(error.evalue), inExercise);
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}

/**
 * @module
 * Notebooks for podtalk: the `.ipynb` reader and writer, the runner that executes notebooks
 * through a Jupyter kernel (KernelClient), papermill-style parameters, the comparison of stored
 * and fresh outputs, and the HTML exporter. Published as `podtalk/notebook`; the CLI builds on it.
 *
 * The wire protocol, connection files, kernelspecs and cache folders are `podtalk/protocol`
 * (protocol.ts), which the kernel loads without the rest; they are not repeated here. Helpers
 * under `internal/` and `export/`'s own modules are never exported.
 */
export { NotebookFormatError, cellTags, readNotebook, serializeNotebook, writeNotebook } from "./ipynb.js";
export type {
  Cell,
  CodeCell,
  DisplayDataOutput,
  ErrorOutput,
  ExecuteResultOutput,
  MarkdownCell,
  Notebook,
  Output,
  OutputData,
  RawCell,
  StreamOutput,
} from "./ipynb.js";
export { WriteRefusedError, writeFileAtomic } from "./write-file-atomic.js";
export type { WriteFileAtomicOptions, WriteRefusal } from "./write-file-atomic.js";
export { CellTimeoutError, KernelClient, KernelError } from "./client.js";
export { stopKernels, stopKernelsOnSignals } from "./kernel-processes.js";
export type { ExecuteOptions, ExecuteResult, StartKernelOptions } from "./client.js";
export { runNotebook, startKernelFor } from "./runner.js";
export type { KernelLease, RunFailure, RunOptions, RunResult } from "./runner.js";
export { INJECTED_PARAMETERS_TAG, PARAMETERS_TAG, injectParameters, parseParameterAssignment } from "./parameters.js";
export type { ParameterValue } from "./parameters.js";
export { IGNORE_OUTPUT_TAG, SKIP_TAG, compareNotebooks, formatDifferences, parseSanitizers } from "./compare.js";
export type { CompareOptions, OutputDifference, Sanitizer } from "./compare.js";
export {
  EXERCISE_TAG,
  ExerciseFormatError,
  HINT_TAG,
  SOLUTION_TAG,
  findExercises,
  isSolutionCell,
  scanExercises,
  withSolutionsAnswered,
  withoutSolutions,
} from "./exercises.js";
export type { Exercise, ExerciseProblem } from "./exercises.js";
export { gradeNotebook } from "./grade.js";
export type { ExerciseScore, GradeOptions, NotebookGrade } from "./grade.js";
export { exportIndex, exportNotebook, notebookTitle, sanitizeMarkup } from "./export/index.js";
export type { ArticleLink, ExportOptions, IndexOptions } from "./export/index.js";

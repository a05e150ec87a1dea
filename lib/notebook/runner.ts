/**
 * Runs a notebook's code cells through a Jupyter kernel and records the outputs, as nbclient
 * does, so that running the same notebook twice gives a byte-identical file.
 */
import { basename, dirname, join, resolve } from "node:path";
import { CellTimeoutError, KernelClient, KernelError, type ExecuteResult } from "./client.js";
import { outputsLevelOf, setOutputsLevel } from "./outputs.js";
import { cellTags, isJSONMime, readNotebook, readNotebookFile, writeNotebook, type CodeCell, type ErrorOutput, type Notebook } from "./ipynb.js";
import { MAX_JSON_DEPTH, nestedDeeperThan } from "./internal/notebook-shape.js";
import { COMPILER_SOCKET_ENV } from "./compiler-pool.js";
import { PODTALK_KERNEL_NAME, findKernelSpec, startsThisKernel, type ResolvedKernelSpec } from "./kernelspec.js";
import { noteRun, ranFromCache } from "./startup-choice.js";
import { injectParameters, type ParameterValue } from "./parameters.js";
import { stripANSI } from "./strip-ansi.js";
import { assertWritable } from "./write-file-atomic.js";
import { makeDirs } from "./internal/make-dirs.js";
import { cellFirstLine } from "./cell-first-line.js";

/** Options for runNotebook(). */
export interface RunOptions {
  /** Write the executed notebook into this folder instead of over the source. */
  readonly out?: string;
  /** Per-cell timeout in milliseconds; 0 means none. @default 600000 */
  readonly timeoutMs?: number;
  /** Kernel to use instead of the notebook's `metadata.kernelspec.name`. @default notebook's, else "podtalk" */
  readonly kernelName?: string;
  /** Environment used to find kernelspecs and passed to the kernel. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** How long the kernel may take to start, in milliseconds. @default 60000 */
  readonly startupTimeoutMs?: number;
  /** Record errors and keep going instead of stopping at the first one (nbclient's `allow_errors`). @default false */
  readonly allowErrors?: boolean;
  /** Values for the notebook's `parameters` cell, injected in a cell tagged `injected-parameters`. */
  readonly parameters?: Readonly<Record<string, ParameterValue>>;
  /** Write the executed notebook; false keeps it in memory only (what `podtalk check` does). @default true */
  readonly write?: boolean;
  /** The notebook already read from `path` (it is changed in place); read from `path` when absent. */
  readonly notebook?: Notebook;
  /** Cells with any of these tags are neither run nor cleared. @default ["skip-execution"] */
  readonly skipTags?: readonly string[];
  /**
   * A kernel already being started for this notebook by startKernelFor() with the same options;
   * runNotebook uses it, and shuts it down in every case. @default a kernel started here
   */
  readonly kernel?: KernelLease;
  /**
   * Compiler processes to lend a podtalk kernel that will compile cells (lib/cli/run-many.ts
   * keeps them): the kernel gets a socket of its own (lease.compilerSocket), which the caller
   * binds to a compiler when the notebook begins and gives back once the kernel is done.
   */
  readonly compilers?: { acquire(): string | undefined };
  /**
   * What to store of each output: "full" (every representation), or "minimal" (text/plain and the
   * one rich representation an article shows; recorded in `metadata.podtalk.outputs`, so later runs
   * keep it). @default the notebook's `metadata.podtalk.outputs`, else "full"
   */
  readonly outputs?: "full" | "minimal";
  /** Called before each code cell runs (for progress bars). */
  readonly onCell?: (event: { readonly index: number; readonly executed: number; readonly total: number }) => void;
  /** Called with what podtalk's kernel says it is doing during a slow cell, e.g. "starting TypeScript…". */
  readonly onKernelStatus?: (status: string) => void;
}

/** A kernel being started for one notebook ahead of its run (RunOptions.kernel). */
export interface KernelLease {
  readonly spec: ResolvedKernelSpec;
  readonly client: Promise<KernelClient>;
  /** The kernel's socket to the compilers of options.compilers, to bind when its notebook begins and give back once it is done. */
  readonly compilerSocket?: string;
}

/** Where and why a notebook stopped. */
export interface RunFailure {
  /** 1-based cell number in the notebook (markdown cells count). */
  readonly cell: number;
  /** 1-based line of the cell source that failed, when the traceback says so. */
  readonly line: number | undefined;
  /** That line's text (or the cell's first line when unknown). */
  readonly sourceLine: string;
  readonly ename: string;
  readonly evalue: string;
  /** A readable one-paragraph report: path, cell, line, error. */
  readonly message: string;
}

/** The result of runNotebook(). */
export interface RunResult {
  /** The source notebook. */
  readonly path: string;
  /** Where the executed notebook was written. */
  readonly outputPath: string;
  /** The executed notebook as written. */
  readonly notebook: Notebook;
  /** Code cells executed. */
  readonly executed: number;
  /**
   * Set when a cell raised (without the `raises-exception` tag or `allowErrors`), timed out, or
   * the kernel died while it ran (ename `DeadKernelError`, as nbclient calls it).
   */
  readonly failure: RunFailure | undefined;
  /** Cells that raised but were allowed to (`raises-exception`, `allowErrors`). */
  readonly allowedErrors: number;
}

/**
 * Executes a notebook's code cells in order and writes the outputs back (or into `options.out`).
 *
 * Cells tagged `skip-execution` are left as they are; a cell tagged `raises-exception` may fail.
 * The run stops at the first other error, or when the kernel dies (that cell then gets a
 * `DeadKernelError` output); outputs so far are kept and written.
 *
 * The file is only replaced if it still holds the bytes that were read: an edit saved during the
 * run is never overwritten (WriteRefusedError "Changed"; the results can go to `out` instead).
 *
 * @throws NotebookFormatError when the file is not a valid notebook (it is left untouched)
 * @throws WriteRefusedError when the output file may not be replaced (read-only, hard-linked,
 *   changed during the run); it is left untouched
 * @throws KernelError when the kernel cannot start
 * @example const result = await runNotebook("notebooks/01-pods.ipynb", { out: "site/notebooks" });
 */
export async function runNotebook(path: string, options: RunOptions = {}): Promise<RunResult> {
  const lease = options.kernel;
  const outputPath = options.out ? join(options.out, basename(path)) : path;
  let notebook: Notebook;
  let spec: ResolvedKernelSpec;
  // The bytes the run started from, when the results go back over them.
  let readSHA256: string | undefined;
  try {
    if (options.notebook) notebook = options.notebook;
    else {
      const read = readNotebookFile(path);
      notebook = read.notebook;
      if (outputPath === path) readSHA256 = read.sha256;
    }
    if (options.parameters) injectParameters(notebook, options.parameters);
    spec = lease?.spec ?? kernelSpecFor(notebook, { ...options, compilers: undefined }).spec;
    // Refuse a file that cannot be replaced, or a folder that cannot be made, now, not after a long run.
    if (options.write !== false && options.out) makeDirs(options.out);
    if (options.write !== false) assertWritable(outputPath);
  } catch (e) {
    void lease?.client.then(
      (k) => k.dispose(),
      () => undefined,
    );
    throw e;
  }
  const skipTags = options.skipTags ?? ["skip-execution"];

  const toRun = notebook.cells
    .map((cell, index) => ({ cell, index }))
    .filter((c): c is { cell: CodeCell; index: number } => c.cell.cell_type === "code" && !cellTags(c.cell).some((t) => skipTags.includes(t)));
  // Stale results must not survive a run that stops early: clear every cell that will run.
  for (const { cell } of toRun) {
    cell.outputs = [];
    cell.execution_count = null;
    delete cell.metadata["execution"];
  }

  const kernel = await (lease?.client ?? startKernel(path, spec, options));
  if (options.onKernelStatus) kernel.onStatus(options.onKernelStatus);
  let executed = 0;
  /** Whether a cell will need compiling when this code runs again (startup-choice.ts). */
  let compileNextTime = false;
  let allowedErrors = 0;
  let failure: RunFailure | undefined;
  /** Which cell each execute request ran, by msg_id. */
  const cellOf = new Map<string, number>();
  try {
    for (const { cell, index } of toRun) {
      if (cell.source.trim() === "") continue; // nbclient skips empty cells too.
      options.onCell?.({ index, executed, total: toRun.length });
      const count = ++executed;
      const mayFail = options.allowErrors === true || cellTags(cell).includes("raises-exception");
      let error: ErrorOutput | undefined;
      try {
        const result = await executeCell(kernel, cell.source, { timeoutMs: options.timeoutMs ?? 600_000, stopOnError: !mayFail });
        // A cell the cache does not hold now will need TypeScript next time (or a kernel that does not say).
        if ((result.replyMetadata["podtalk"] as { stored?: unknown } | undefined)?.stored !== true) compileNextTime = true;
        cell.outputs = result.outputs;
        cellOf.set(result.msgId, index);
        error = result.error;
      } catch (e) {
        if (e instanceof CellTimeoutError) {
          error = { output_type: "error", ename: "CellTimeoutError", evalue: e.message, traceback: [`CellTimeoutError: ${e.message}`] };
        } else if (e instanceof KernelError && !kernel.alive) {
          error = deadKernelError(e, kernel.stderr);
        } else throw e;
        // As nbclient does, what the cell showed before it stopped stays, then the error.
        cell.outputs = [...e.outputs, error];
      }
      // The kernel's own counter depends on what ran before in its life; the file must not.
      cell.execution_count = count;
      for (const output of cell.outputs) if (output.output_type === "execute_result") output.execution_count = count;
      if (!error) continue;
      if (mayFail && error.ename !== "CellTimeoutError" && error.ename !== DEAD_KERNEL) {
        allowedErrors++;
        continue;
      }
      failure = describeFailure(path, notebook, index, error);
      break;
    }
    if (!failure) failure = await settleKernel(kernel, path, notebook, cellOf);
    if (!failure && spec.name === PODTALK_KERNEL_NAME) noteRun(notebook, options.env ?? process.env, compileNextTime);
  } finally {
    await kernel.dispose();
  }

  // After every cell ran: update_display_data may have changed a display of an earlier cell.
  for (const { cell } of toRun) conformOutputs(cell);
  notebook.metadata["kernelspec"] = {
    display_name: spec.spec.display_name,
    language: spec.spec.language,
    name: spec.name,
  };
  const languageInfo = kernel.kernelInfo["language_info"];
  if (typeof languageInfo === "object" && languageInfo !== null) notebook.metadata["language_info"] = languageInfo;
  setOutputsLevel(notebook, options.outputs ?? outputsLevelOf(notebook));
  if (options.write !== false) {
    if (options.out) makeDirs(options.out);
    writeNotebook(outputPath, notebook, { expectedSHA256: readSHA256 });
  }
  return { path, outputPath, notebook, executed, failure, allowedErrors };
}

const DEAD_KERNEL = "DeadKernelError";

/** How long the end of a run waits for the podtalk kernel to finish what cells started (it gives up after 5 s). */
const SETTLE_WAIT_MS = 8000;

/**
 * Ends a run whose cells all finished: the podtalk kernel first lets the timers and promises the
 * cells started finish (at most 5 s), and their output goes to the cell that started them. A run
 * fails when such work threw (an uncaught error or unhandled rejection), or was still pending at
 * the end: its output would then depend on timing. Other kernels just shut down.
 */
async function settleKernel(kernel: KernelClient, path: string, notebook: Notebook, cellOf: ReadonlyMap<string, number>): Promise<RunFailure | undefined> {
  const reply = await kernel.shutdown(SETTLE_WAIT_MS);
  const first = (field: string): number | undefined => {
    const ids = reply?.[field];
    const cells = Array.isArray(ids) ? ids.flatMap((id) => (typeof id === "string" && cellOf.has(id) ? [cellOf.get(id)!] : [])) : [];
    return cells.length > 0 ? Math.min(...cells) : undefined;
  };
  const errored = first("podtalk_background_errors");
  if (errored !== undefined) {
    return backgroundFailure(
      path,
      notebook,
      errored,
      "BackgroundError",
      "a timer or promise this cell started threw after the cell had finished (see its stderr); catch the error, or await the work in the cell",
    );
  }
  const unfinished = first("podtalk_unfinished");
  if (unfinished !== undefined) {
    return backgroundFailure(
      path,
      notebook,
      unfinished,
      "UnfinishedTimerError",
      "a timer this cell started was still pending 5 s after the last cell, so its output would depend on timing; clear it (clearInterval, clearTimeout) or await it in the cell",
    );
  }
  return undefined;
}

/**
 * A cell as an author finds it in Jupyter: by the execution count shown beside it and its first
 * line (`cell In[4] \`const api = …\``); counting all cells would count markdown too.
 */
function cellName(notebook: Notebook, index: number): string {
  const cell = notebook.cells[index]!;
  const shown = cellFirstLine(cell.source);
  const count = cell.cell_type === "code" ? cell.execution_count : null;
  return typeof count === "number" ? `cell In[${count}] \`${shown}\`` : `cell \`${shown}\``;
}

function backgroundFailure(path: string, notebook: Notebook, index: number, ename: string, evalue: string): RunFailure {
  const sourceLine = notebook.cells[index]!.source.split("\n").find((l) => l.trim() !== "") ?? "";
  const message = `${path}: ${cellName(notebook, index)} failed:\n    ${sourceLine.trim()}\n  ${ename}: ${evalue}`;
  return { cell: index + 1, line: undefined, sourceLine, ename, evalue, message };
}

/**
 * Keeps the outputs a kernel sent within what nbformat allows, so that the file written is one
 * Jupyter opens: a MIME bundle holds text under every type but JSON ones (`application/json`,
 * `…+json`). A value of another kind is left out, and a stderr line in the cell says which; so is a
 * JSON value nested deeper than a notebook may be (readNotebook() refuses such a file).
 *
 * @see https://github.com/jupyter/nbformat/blob/main/nbformat/v4/nbformat.v4.5.schema.json (`mimebundle`)
 */
function conformOutputs(cell: CodeCell): void {
  const notes: string[] = [];
  for (const output of cell.outputs) {
    if (output.output_type !== "display_data" && output.output_type !== "execute_result") continue;
    const record = output as { data: unknown; metadata: unknown };
    if (typeof record.data !== "object" || record.data === null || Array.isArray(record.data)) record.data = {};
    if (typeof record.metadata !== "object" || record.metadata === null || Array.isArray(record.metadata)) record.metadata = {};
    // The value sits 6 levels down in the notebook: cells, cell, outputs, output, data or metadata.
    const depthLeft = MAX_JSON_DEPTH - 6;
    if (nestedDeeperThan(record.metadata, depthLeft)) {
      record.metadata = {};
      notes.push(`podtalk: left out the metadata of an output: it is nested more than ${depthLeft} levels deep\n`);
    }
    const data = record.data as Record<string, unknown>;
    for (const [mime, value] of Object.entries(data)) {
      if (isJSONMime(mime) && nestedDeeperThan(value, depthLeft)) {
        delete data[mime];
        notes.push(`podtalk: left out ${JSON.stringify(mime)} of an output: it is nested more than ${depthLeft} levels deep, deeper than a notebook may be\n`);
        continue;
      }
      if (isJSONMime(mime) || typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"))) continue;
      delete data[mime];
      const kind = value === null ? "null" : Array.isArray(value) ? "a list" : typeof value === "object" ? "an object" : `a ${typeof value}`;
      notes.push(`podtalk: left out ${JSON.stringify(mime)} of an output: its value is ${kind}, and nbformat stores only text under that MIME type\n`);
    }
  }
  if (notes.length > 0) cell.outputs.push({ output_type: "stream", name: "stderr", text: notes.join("") });
}

/**
 * The error output of a cell during which the kernel process exited, named as nbclient names it.
 * The kernel's last stderr lines go into the traceback: that is where V8 says "heap out of memory".
 *
 * @see https://github.com/jupyter/nbclient/blob/main/nbclient/exceptions.py
 */
function deadKernelError(error: KernelError, stderr: string): ErrorOutput {
  const how = /exited \(([^)]+)\)/.exec(error.message)?.[1] ?? "exited";
  const outOfMemory = /heap out of memory|Allocation failed|MemoryError/i.test(stderr);
  const evalue = `the kernel died while this cell ran (${how}${outOfMemory ? ", out of memory" : ""}); the cells after it did not run`;
  const tail = stderr.trim() === "" ? [] : ["Kernel stderr (last lines):", ...stderr.trim().split("\n").slice(-10)];
  return { output_type: "error", ename: DEAD_KERNEL, evalue, traceback: [`${DEAD_KERNEL}: ${evalue}`, ...tail] };
}

/**
 * Starts the kernel that runNotebook(path, options) would start, and runs nothing: a runner of
 * many notebooks starts the next one's kernel while the current ones run, and hands it over as
 * `options.kernel`, so that no notebook waits for a kernel to start.
 *
 * @throws NotebookFormatError when the notebook cannot be read
 * @throws KernelError when no kernelspec has the notebook's kernel name (a failure to start is
 *   reported by runNotebook)
 */
export function startKernelFor(path: string, options: RunOptions = {}): KernelLease {
  const { spec, compilerSocket } = kernelSpecFor(options.notebook ?? readNotebook(path), options);
  const client = startKernel(path, spec, options);
  client.catch(() => undefined); // Reported when runNotebook awaits it.
  return { spec, client, ...(compilerSocket ? { compilerSocket } : {}) };
}

function kernelSpecFor(notebook: Notebook, options: RunOptions): { spec: ResolvedKernelSpec; compilerSocket?: string } {
  const kernelName = options.kernelName ?? notebookKernelName(notebook) ?? PODTALK_KERNEL_NAME;
  const env = options.env ?? process.env;
  const found = findKernelSpec(kernelName, env);
  if (kernelName !== PODTALK_KERNEL_NAME) return { spec: found };
  // A cell will need compiling: the kernel starts its compiler process at once. Every cell will
  // come from the compile cache: it starts one only if a cell turns out to need it (startup-choice.ts).
  const compiler = ranFromCache(notebook, env) ? "on-demand" : "early";
  // A compiler lent by the caller, for this very package's kernel only (another version's
  // compiler may speak another protocol).
  const compilerSocket = compiler === "early" && startsThisKernel(found.spec.argv) ? options.compilers?.acquire() : undefined;
  const added = { PODTALK_KERNEL_COMPILER: compiler, ...(compilerSocket ? { [COMPILER_SOCKET_ENV]: compilerSocket } : {}) };
  return { spec: { ...found, spec: { ...found.spec, env: { ...found.spec.env, ...added } } }, ...(compilerSocket ? { compilerSocket } : {}) };
}

function startKernel(path: string, spec: ResolvedKernelSpec, options: RunOptions): Promise<KernelClient> {
  // Named as Jupyter Server names it, so the kernel can read the notebook's settings (kernel/notebook-settings.ts).
  const env = { ...(options.env ?? process.env), JPY_SESSION_NAME: resolve(path) };
  return KernelClient.start(spec, { cwd: dirname(resolve(path)), env, startupTimeoutMs: options.startupTimeoutMs });
}

/**
 * Executes one cell; a request the kernel aborted (it was still refusing work after an earlier
 * error: ipykernel's `stop_on_error_timeout`, tslab's 200 ms) is sent again, a few times.
 */
async function executeCell(kernel: KernelClient, code: string, options: { timeoutMs: number; stopOnError: boolean }): Promise<ExecuteResult> {
  for (let attempt = 0; ; attempt++) {
    const result = await kernel.execute(code, options);
    if (result.reply["status"] !== "aborted" || result.outputs.length > 0 || attempt >= 4) return result;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function notebookKernelName(notebook: Notebook): string | undefined {
  const spec = notebook.metadata["kernelspec"];
  const name = typeof spec === "object" && spec !== null ? (spec as Record<string, unknown>)["name"] : undefined;
  return typeof name === "string" && name !== "" ? name : undefined;
}

/** Builds the report for a failed cell, finding the failing line in the traceback when it can. */
function describeFailure(path: string, notebook: Notebook, index: number, error: ErrorOutput): RunFailure {
  const source = notebook.cells[index]!.source;
  const lines = source.split("\n");
  // A dead kernel's traceback is its stderr, whose line numbers are not the cell's.
  const line = error.ename === DEAD_KERNEL ? undefined : failingLine(error, lines.length);
  const sourceLine = (line !== undefined ? lines[line - 1] : lines.find((l) => l.trim() !== "")) ?? "";
  const where = line !== undefined ? `${cellName(notebook, index)}, line ${line}` : cellName(notebook, index);
  const message = `${path}: ${where} failed:\n    ${sourceLine.trim()}\n  ${error.ename}: ${stripANSI(error.evalue)}`;
  return { cell: index + 1, line, sourceLine, ename: error.ename, evalue: stripANSI(error.evalue), message };
}

/**
 * The 1-based line of the cell that raised, read from the traceback: IPython's
 * `Cell In[3], line 2` / `----> 2`, or a `<cell>:2:5`-style stack frame.
 */
function failingLine(error: ErrorOutput, lineCount: number): number | undefined {
  const text = stripANSI(error.traceback.join("\n"));
  const patterns = [/Cell In ?\[\d*\], line (\d+)/, /^-+> ?(\d+)/m, /(?:cell|<anonymous>|\[\d+\])[^\n:]*:(\d+):\d+/i, /<cell>:(\d+)\b/, /\bline (\d+)\b/];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    const n = match ? Number(match[1]) : NaN;
    if (n >= 1 && n <= lineCount) return n;
  }
  return undefined;
}

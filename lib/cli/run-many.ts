/**
 * Running many notebooks at once for `run`, `check` and `course`: a pool of jobs, each notebook in
 * its own kernel, the next kernel started ahead, and one report line per notebook.
 */
import { realpathSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { NotebookFormatError, cellTags, readNotebook, type Notebook } from "../notebook/ipynb.js";
import { CompilerPool } from "../notebook/compiler-pool.js";
import { runNotebook, startKernelFor, type KernelLease, type RunOptions } from "../notebook/runner.js";
import { WriteRefusedError } from "../notebook/write-file-atomic.js";
import type { NotebookCommandIO } from "./commands/command-io.js";
import { Reporter, runPool, type Line } from "./internal/reporter.js";

/** What one notebook's run gave, for the commands that follow up (check, course). */
export interface Ran {
  readonly path: string;
  readonly outputPath: string;
  readonly notebook?: Notebook;
  readonly ok: boolean;
}

/**
 * Runs notebooks `jobs` at a time, each in its own kernel; `after` adds lines to a notebook's
 * report (check's diff) and decides whether it passed.
 */
export async function runMany(
  io: NotebookCommandIO,
  paths: readonly string[],
  runOptions: RunOptions,
  jobs: number,
  after?: (path: string, notebook: Notebook) => { ok: boolean; lines: Line[] },
  ran?: (index: number, notebook: Notebook) => void,
): Promise<Ran[]> {
  const cells = paths.map((p) => {
    try {
      return readNotebook(p).cells.filter((c) => c.cell_type === "code" && c.source.trim() !== "" && !cellTags(c).includes("skip-execution")).length;
    } catch {
      return 0;
    }
  });
  const reporter = new Reporter(paths, cells, { out: io.out, err: io.err, progress: io.progress });
  const order = startOrder(cells, jobs);
  // Once a notebook's kernel is up, the kernel of a notebook not yet begun is started, so that
  // it is ready when a job frees up (at most `jobs` kernels wait so).
  const ahead = new Map<number, KernelLease>();
  /** How far along `order` notebooks have begun. */
  let claimed = -1;
  // Several notebooks: their kernels share compiler processes, one running notebook at a time each.
  const compilers = paths.length > 1 ? new CompilerPool(jobs, io.env) : undefined;
  const lease = (index: number): KernelLease | undefined => {
    try {
      return startKernelFor(paths[index]!, { ...runOptions, env: io.env, ...(compilers ? { compilers } : {}) });
    } catch {
      return undefined; // Unreadable, or no such kernel: its own run reports that.
    }
  };
  const startAhead = (): void => {
    let at = claimed + 1;
    while (at < order.length && ahead.has(order[at]!)) at++;
    if (at >= order.length || ahead.size >= jobs) return;
    const index = order[at]!;
    const started = lease(index);
    if (started) ahead.set(index, started);
  };
  try {
    return await runPool(
      paths,
      jobs,
      async (path, index): Promise<Ran> => {
        reporter.started(index);
        claimed = Math.max(claimed, order.indexOf(index));
        const kernel = ahead.get(index) ?? lease(index);
        ahead.delete(index);
        compilers?.bind(kernel?.compilerSocket);
        const started = Date.now();
        const lines: Line[] = [];
        try {
          void kernel?.client.then(startAhead, () => undefined);
          const result = await runNotebook(path, {
            ...runOptions,
            env: io.env,
            kernel,
            onCell: ({ executed }) => reporter.progress(index, executed),
            onKernelStatus: (status) => reporter.status(index, status),
          });
          reporter.progress(index, result.executed);
          ran?.(index, result.notebook);
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          const where = runOptions.write === false || result.outputPath === path ? "" : ` -> ${result.outputPath}`;
          const followUp = !result.failure && after ? after(path, result.notebook) : { ok: true, lines: [] };
          const ok = !result.failure && followUp.ok;
          const summary = `${ok ? "ok  " : "FAIL"} ${path}${where} (${result.executed} cells, ${seconds} s)\n`;
          lines.push({ stream: ok ? "out" : "err", text: summary });
          if (result.failure) lines.push({ stream: "err", text: `${result.failure.message}\n` });
          lines.push(...followUp.lines);
          return { path, outputPath: result.outputPath, notebook: result.notebook, ok };
        } catch (e) {
          const message = e instanceof NotebookFormatError || e instanceof WriteRefusedError ? e.message : `${path}: ${(e as Error).message}`;
          lines.push({ stream: "err", text: `FAIL ${message}\n` });
          return { path, outputPath: path, ok: false };
        } finally {
          // runNotebook has shut its kernel down: the compiler can serve the next one.
          compilers?.release(kernel?.compilerSocket);
          reporter.finished(index, lines);
        }
      },
      order,
    );
  } finally {
    compilers?.close();
    reporter.stop();
  }
}

/**
 * The order in which `jobs` jobs begin notebooks with `cells` code cells each: with one job,
 * their own order; with more, those with the most cells first (in their own order among equals).
 * The last notebooks to begin then are short ones, so that the jobs finish close together rather
 * than one running a long notebook alone at the end, as a build tool starts its longest tasks
 * first. Results and report lines keep the notebooks' own order either way.
 */
export function startOrder(cells: readonly number[], jobs: number): number[] {
  const order = cells.map((_, index) => index);
  return jobs > 1 ? order.sort((a, b) => cells[b]! - cells[a]! || a - b) : order;
}

/**
 * Finds notebooks whose results would land in one file: two sources with the same file name run
 * into one `out` folder, or one notebook given twice (through another path or a symlink). Both
 * runs would report "ok" and only the last write would survive, so the command refuses before
 * running anything. `fileName` gives the name written for a notebook (`export` writes `NAME.html`).
 *
 * @returns one message per clash, naming both notebooks (empty when there is none)
 */
export function outputClashes(paths: readonly string[], out: string | undefined, fileName: (path: string) => string = basename): string[] {
  const seen = new Map<string, string>();
  const clashes: string[] = [];
  for (const path of paths) {
    const target = out === undefined ? realFile(path) : resolve(join(out, fileName(path)));
    const first = seen.get(target);
    if (first === undefined) {
      seen.set(target, path);
      continue;
    }
    if (out !== undefined && realFile(first) !== realFile(path)) {
      clashes.push(
        `${first} and ${path} would both be written to ${join(out, fileName(path))}, and one would overwrite the other; ` +
          "rename one of them, or run them into different --out folders",
      );
    } else clashes.push(`${first} and ${path} are the same notebook; give it once`);
  }
  return clashes;
}

/**
 * The course's own pages that a notebook's article must not replace: a notebook named
 * `index.ipynb` would become `index.html`, the index page, and one of the two would be lost.
 *
 * @returns one message per notebook whose name is taken (empty when there is none)
 */
export function reservedArticleNames(paths: readonly string[]): string[] {
  return paths
    .filter((p) => basename(p) === "index.ipynb")
    .map((p) => `${p}: its article would be index.html, which is the course's index page; rename the notebook (e.g. 00-index.ipynb)`);
}

function realFile(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path); // Missing: its own run reports that.
  }
}

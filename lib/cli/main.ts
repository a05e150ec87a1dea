/**
 * The `podtalk` command: `run`, `check`, `export`, `course`, `kernel install|list|remove` and
 * `cache dir|clear`.
 */
import { availableParallelism } from "node:os";
import { mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { compareNotebooks, formatDifferences, parseSanitizers, SKIP_TAG, type Sanitizer } from "../notebook/compare.js";
import type { ArticleLink, ExportOptions } from "../notebook/export/index.js";
import { NotebookFormatError, cellTags, readNotebook, type Notebook } from "../notebook/ipynb.js";
import { writeFileAtomic } from "../notebook/write-file-atomic.js";
import { parseParameterAssignment, type ParameterValue } from "../notebook/parameters.js";
import { runNotebook, startKernelFor, type KernelLease, type RunOptions } from "../notebook/runner.js";
import { EXIT_CODES } from "./exit-codes.js";
import { Reporter, runPool, type Line } from "./internal/reporter.js";
import { addCacheCommands } from "./cache-command.js";
import { addKernelCommands } from "./kernel-command.js";
export { EXIT_CODES, type ExitCode } from "./exit-codes.js";

/** Where output goes (tests capture it). */
export interface MainOptions {
  /** @default process.stdout.write */
  readonly stdout?: (text: string) => void;
  /** @default process.stderr.write */
  readonly stderr?: (text: string) => void;
  /** Show a progress bar. @default process.stderr.isTTY */
  readonly progress?: boolean;
  /** Environment for kernelspec lookup and kernels. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** What one notebook's run gave, for the commands that follow up (check, course). */
interface Ran {
  readonly path: string;
  readonly outputPath: string;
  readonly notebook?: Notebook;
  readonly ok: boolean;
}

interface RunFlags {
  timeout: number;
  kernel?: string;
  jobs: number;
  allowErrors?: boolean;
  parameter: [string, ParameterValue][];
}

interface ExportFlags {
  input: boolean;
  interactive?: boolean;
  trust?: boolean;
}

/**
 * Runs the podtalk command line and resolves to the exit code.
 *
 * @example process.exitCode = await main(["run", "notebooks/01-pods.ipynb"]);
 */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const out = options.stdout ?? ((t: string) => void process.stdout.write(t));
  const err = options.stderr ?? ((t: string) => void process.stderr.write(t));
  const env = options.env ?? process.env;
  const showProgress = options.progress ?? Boolean(process.stderr.isTTY);
  let code: number = EXIT_CODES.ok;

  const program = new Command("podtalk")
    .description("Run, check and export podtalk scenario notebooks")
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .showHelpAfterError("(run `podtalk --help` for usage)");

  /**
   * Runs notebooks `jobs` at a time, each in its own kernel; `after` adds lines to a notebook's
   * report (check's diff) and decides whether it passed.
   */
  const runMany = async (
    paths: readonly string[],
    runOptions: RunOptions,
    jobs: number,
    after?: (path: string, notebook: Notebook) => { ok: boolean; lines: Line[] },
    ran?: (index: number, notebook: Notebook) => void,
  ): Promise<Ran[]> => {
    const cells = paths.map((p) => {
      try {
        return readNotebook(p).cells.filter((c) => c.cell_type === "code" && c.source.trim() !== "" && !cellTags(c).includes("skip-execution")).length;
      } catch {
        return 0;
      }
    });
    const reporter = new Reporter(paths, cells, { out, err, progress: showProgress });
    // Once a notebook's kernel is up, the kernel of a notebook not yet begun is started, so that
    // it is ready when a job frees up (at most `jobs` kernels wait so).
    const ahead = new Map<number, KernelLease>();
    let claimed = -1;
    const lease = (index: number): KernelLease | undefined => {
      try {
        return startKernelFor(paths[index]!, { ...runOptions, env });
      } catch {
        return undefined; // Unreadable, or no such kernel: its own run reports that.
      }
    };
    const startAhead = (): void => {
      let index = claimed + 1;
      while (ahead.has(index)) index++;
      if (index >= paths.length || ahead.size >= jobs) return;
      const started = lease(index);
      if (started) ahead.set(index, started);
    };
    try {
      return await runPool(paths, jobs, async (path, index): Promise<Ran> => {
        reporter.started(index);
        claimed = Math.max(claimed, index);
        const kernel = ahead.get(index) ?? lease(index);
        ahead.delete(index);
        const started = Date.now();
        const lines: Line[] = [];
        try {
          void kernel?.client.then(startAhead, () => undefined);
          const result = await runNotebook(path, { ...runOptions, env, kernel, onCell: ({ executed }) => reporter.progress(index, executed) });
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
          const message = e instanceof NotebookFormatError ? e.message : `${path}: ${(e as Error).message}`;
          lines.push({ stream: "err", text: `FAIL ${message}\n` });
          return { path, outputPath: path, ok: false };
        } finally {
          reporter.finished(index, lines);
        }
      });
    } finally {
      reporter.stop();
    }
  };

  const runFlags = (command: Command): Command =>
    command
      .option("--timeout <seconds>", "per-cell timeout in seconds (0: none)", parseSeconds, 600)
      .option("--kernel <name>", "kernel to use instead of each notebook's metadata.kernelspec.name")
      .option("-j, --jobs <n>", "notebooks to run at once, each in its own kernel (default: CPU cores)", parsePositiveInteger, availableParallelism())
      .option("-p, --parameter <name=value>", "set a parameter (repeatable); injected after the cell tagged `parameters`", collectParameter, []);

  const exportFlags = (command: Command): Command =>
    command
      .option("--no-input", "leave out every code input (an article without code)")
      .option("--interactive", "charts become interactive Vega-Lite views (vega-embed inlined; still no network)")
      .option("--trust", "inline HTML from outputs and markdown as is, scripts included, instead of sanitising it");

  const runOptionsOf = (opts: RunFlags): RunOptions => ({
    timeoutMs: opts.timeout * 1000,
    kernelName: opts.kernel,
    allowErrors: opts.allowErrors,
    parameters: opts.parameter.length ? Object.fromEntries(opts.parameter) : undefined,
  });

  const exportOptionsOf = (opts: ExportFlags): ExportOptions => ({ noInput: !opts.input, interactive: opts.interactive, trust: opts.trust });

  runFlags(
    program
      .command("run")
      .description("execute notebooks through their kernel and write the outputs back (atomically)")
      .argument("<notebooks...>", ".ipynb files")
      .option("--out <dir>", "write executed notebooks into this folder instead of over the sources")
      .option("--allow-errors", "record errors and keep going instead of stopping at the first"),
  ).action(async (paths: string[], opts: RunFlags & { out?: string }) => {
    const results = await runMany(paths, { ...runOptionsOf(opts), out: opts.out }, opts.jobs);
    if (results.some((r) => !r.ok)) code = EXIT_CODES.failed;
  });

  program
    .command("check")
    .description("re-run notebooks in memory and compare fresh outputs with the stored ones (exit 1 on any difference)")
    .argument("<notebooks...>", ".ipynb files")
    .option("--timeout <seconds>", "per-cell timeout in seconds (0: none)", parseSeconds, 600)
    .option("--kernel <name>", "kernel to use instead of each notebook's metadata.kernelspec.name")
    .option("-j, --jobs <n>", "notebooks to run at once, each in its own kernel (default: CPU cores)", parsePositiveInteger, availableParallelism())
    .option("--sanitize-with <file>", "nbval-style file of regex/replace pairs applied to text before comparing")
    .action(async (paths: string[], opts: { timeout: number; kernel?: string; jobs: number; sanitizeWith?: string }) => {
      let sanitizers: Sanitizer[] = [];
      if (opts.sanitizeWith) {
        try {
          sanitizers = parseSanitizers(readFileSync(opts.sanitizeWith, "utf8"));
        } catch (e) {
          err(`error: ${opts.sanitizeWith}: ${(e as Error).message}\n`);
          code = EXIT_CODES.usage;
          return;
        }
      }
      const results = await runMany(
        paths,
        { timeoutMs: opts.timeout * 1000, kernelName: opts.kernel, write: false, skipTags: ["skip-execution", SKIP_TAG] },
        opts.jobs,
        (path, fresh) => {
          const stored = readNotebook(path);
          const differences = compareNotebooks(stored, fresh, { sanitizers });
          if (differences.length === 0) return { ok: true, lines: [] };
          return { ok: false, lines: [{ stream: "err", text: `${formatDifferences(path, stored, differences)}\n` }] };
        },
      );
      if (results.some((r) => !r.ok)) code = EXIT_CODES.failed;
    });

  exportFlags(
    program
      .command("export")
      .description("turn notebooks into self-contained HTML articles (and an index page for several)")
      .argument("<notebooks...>", ".ipynb files, in reading order")
      .requiredOption("--out <dir>", "folder for the .html files"),
  ).action((paths: string[], opts: ExportFlags & { out: string }) => {
    const notebooks: { notebook: Notebook; source: string }[] = [];
    for (const path of paths) {
      try {
        notebooks.push({ notebook: readNotebook(path), source: path });
      } catch (e) {
        err(`FAIL ${(e as Error).message}\n`);
        code = EXIT_CODES.failed;
      }
    }
    const linked = paths.length > 1;
    const links = articleLinks(notebooks);
    notebooks.forEach((entry, i) => {
      const target = writeArticle(entry, links, i, opts.out, exportOptionsOf(opts), linked);
      out(`ok   ${entry.source} -> ${target}\n`);
    });
    if (linked) writeIndex(links, opts.out);
    if (linked) out(`${join(opts.out, "index.html")}\n`);
  });

  exportFlags(
    runFlags(
      program
        .command("course")
        .description("run every notebook in a folder (sorted by name), export each, and write an index page")
        .argument("<dir>", "folder of .ipynb files")
        .requiredOption("--out <dir>", "output folder: notebooks/, one .html per notebook, index.html"),
    ),
  ).action(async (dir: string, opts: RunFlags & ExportFlags & { out: string }) => {
    let names: string[];
    try {
      if (!statSync(dir).isDirectory()) throw new Error("not a folder");
      names = readdirSync(dir).filter((f) => f.endsWith(".ipynb") && !f.startsWith(".")).sort();
    } catch (e) {
      err(`error: ${dir}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such folder" : (e as Error).message}\n`);
      code = EXIT_CODES.usage;
      return;
    }
    if (names.length === 0) {
      err(`error: ${dir}: no .ipynb files\n`);
      code = EXIT_CODES.usage;
      return;
    }
    const paths = names.map((n) => join(dir, n));
    // Each article is written as soon as its notebook has run, while the others still run. A run
    // changes outputs, never titles, so the previous/next links come from the sources. A notebook
    // that failed is still exported: its page shows where and why it stopped; one that could not
    // be read at all has no article and no link.
    let links: ArticleLink[] | undefined;
    const readable = paths.flatMap((source) => {
      try {
        return [{ notebook: readNotebook(source), source }];
      } catch {
        return [];
      }
    });
    const running = runMany(paths, { ...runOptionsOf(opts), out: join(opts.out, "notebooks") }, opts.jobs, undefined, (index, notebook) => {
      links ??= articleLinks(readable);
      const at = readable.findIndex((r) => r.source === paths[index]);
      writeArticle({ notebook, source: paths[index]! }, links, at, opts.out, exportOptionsOf(opts), true);
    });
    // Load the exporter while the first kernels start, rather than after the first notebook ran.
    setImmediate(exporter);
    const results = await running;
    if (results.some((r) => !r.ok)) code = EXIT_CODES.failed;
    links ??= articleLinks(readable);
    readable.forEach((entry, at) => {
      // A notebook whose kernel never started is shown as stored, so that no link is broken.
      if (!results[paths.indexOf(entry.source)]?.notebook) writeArticle(entry, links!, at, opts.out, exportOptionsOf(opts), true);
    });
    writeIndex(links, opts.out, courseTitle(dir));
    out(`${join(opts.out, "index.html")}\n`);
  });

  addKernelCommands(program, { out, err, env, fail: (c) => (code = c) });
  addCacheCommands(program, { out, err, env, fail: (c) => (code = c) });

  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT_CODES.usage;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; everything else commander rejects is a usage error.
      return e.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    }
    throw e;
  }
  return code;
}

type Exporter = typeof import("../notebook/export/index.js");
let exporterModule: Exporter | undefined;
/** The exporter, loaded on first use: markdown, highlighting, math and the sanitiser take a while to load. */
function exporter(): Exporter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (exporterModule ??= require("../notebook/export/index.js") as Exporter);
}

/** The title and file name of each notebook's article, in order. */
function articleLinks(notebooks: readonly { notebook: Notebook; source: string }[]): ArticleLink[] {
  return notebooks.map(({ notebook, source }) => ({ title: exporter().notebookTitle(notebook, undefined, stem(source)), href: htmlName(source) }));
}

/**
 * Writes the article of `notebook` into `outDir`; with `linked`, `links[at]` is its own entry and
 * its neighbours are its previous and next articles. Returns the file written.
 */
function writeArticle(
  { notebook, source }: { notebook: Notebook; source: string },
  links: readonly ArticleLink[],
  at: number,
  outDir: string,
  options: ExportOptions,
  linked: boolean,
): string {
  mkdirSync(outDir, { recursive: true });
  const target = join(outDir, htmlName(source));
  const html = exporter().exportNotebook(notebook, {
    ...options,
    baseDir: dirname(source),
    fallbackTitle: stem(source),
    ...(linked ? { indexHref: "index.html", previous: links[at - 1], next: links[at + 1] } : {}),
  });
  writeFileAtomic(target, html);
  return target;
}

/** Writes `index.html`, linking the articles in order. */
function writeIndex(links: readonly ArticleLink[], outDir: string, title = "Notebooks"): void {
  mkdirSync(outDir, { recursive: true });
  writeFileAtomic(join(outDir, "index.html"), exporter().exportIndex(links, { title }));
}

function collectParameter(value: string, previous: [string, ParameterValue][]): [string, ParameterValue][] {
  try {
    return [...previous, parseParameterAssignment(value)];
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number, 1 or more");
  return n;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expected a number of seconds (0 for no limit)");
  return n;
}

function stem(path: string): string {
  return basename(path).replace(/\.ipynb$/, "");
}

function htmlName(path: string): string {
  return `${stem(path)}.html`;
}

function courseTitle(dir: string): string {
  const name = basename(relative(".", dir) || dir);
  return name && name !== "." && name !== "notebooks" ? name : "podtalk: how Pods talk to each other";
}

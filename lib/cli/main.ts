/**
 * The `podtalk` command: `run`, `export`, `course` and `kernel install|list`.
 */
import { mkdirSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { SingleBar, Presets } from "cli-progress";
import { exportIndex, exportNotebook, notebookTitle, type ArticleLink } from "../notebook/export.js";
import { NotebookFormatError, readNotebook, writeFileAtomic, type Notebook } from "../notebook/ipynb.js";
import { runNotebook, type RunOptions } from "../notebook/runner.js";
import { EXIT_CODES } from "./exit-codes.js";
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
    .description("Run and export podtalk scenario notebooks")
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .showHelpAfterError("(run `podtalk --help` for usage)");

  const runMany = async (paths: readonly string[], runOptions: RunOptions): Promise<{ path: string; outputPath: string; notebook?: Notebook; ok: boolean }[]> => {
    const results: { path: string; outputPath: string; notebook?: Notebook; ok: boolean }[] = [];
    for (const path of paths) {
      const started = Date.now();
      const bar = showProgress ? new SingleBar({ format: `${path} [{bar}] {value}/{total} cells`, stream: process.stderr, clearOnComplete: true }, Presets.shades_classic) : undefined;
      let barStarted = false;
      try {
        const result = await runNotebook(path, {
          ...runOptions,
          env,
          onCell: ({ executed, total }) => {
            if (!bar) return;
            if (!barStarted) bar.start(total, executed);
            barStarted = true;
            bar.update(executed);
          },
        });
        if (barStarted) bar!.stop();
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        const where = result.outputPath === path ? "" : ` -> ${result.outputPath}`;
        if (result.failure) {
          err(`FAIL ${path}${where} (${result.executed} cells, ${seconds} s)\n${result.failure.message}\n`);
        } else out(`ok   ${path}${where} (${result.executed} cells, ${seconds} s)\n`);
        results.push({ path, outputPath: result.outputPath, notebook: result.notebook, ok: !result.failure });
      } catch (e) {
        if (barStarted) bar!.stop();
        const message = e instanceof NotebookFormatError ? e.message : `${path}: ${(e as Error).message}`;
        err(`FAIL ${message}\n`);
        results.push({ path, outputPath: path, ok: false });
      }
    }
    return results;
  };

  program
    .command("run")
    .description("execute notebooks through their kernel and write the outputs back")
    .argument("<notebooks...>", ".ipynb files")
    .option("--out <dir>", "write executed notebooks into this folder instead of over the sources")
    .option("--timeout <seconds>", "per-cell timeout in seconds (0: none)", parseSeconds, 600)
    .option("--kernel <name>", "kernel to use instead of each notebook's metadata.kernelspec.name")
    .action(async (paths: string[], opts: { out?: string; timeout: number; kernel?: string }) => {
      const results = await runMany(paths, { out: opts.out, timeoutMs: opts.timeout * 1000, kernelName: opts.kernel });
      if (results.some((r) => !r.ok)) code = EXIT_CODES.failed;
    });

  program
    .command("export")
    .description("turn notebooks into self-contained HTML articles")
    .argument("<notebooks...>", ".ipynb files")
    .requiredOption("--out <dir>", "folder for the .html files")
    .action((paths: string[], opts: { out: string }) => {
      mkdirSync(opts.out, { recursive: true });
      for (const path of paths) {
        try {
          const notebook = readNotebook(path);
          const target = join(opts.out, htmlName(path));
          writeFileAtomic(target, exportNotebook(notebook, { baseDir: dirname(path), fallbackTitle: stem(path) }));
          out(`ok   ${path} -> ${target}\n`);
        } catch (e) {
          err(`FAIL ${(e as Error).message}\n`);
          code = EXIT_CODES.failed;
        }
      }
    });

  program
    .command("course")
    .description("run every notebook in a folder (sorted by name), export each, and write an index page")
    .argument("<dir>", "folder of .ipynb files")
    .requiredOption("--out <dir>", "output folder: notebooks/, one .html per notebook, index.html")
    .option("--timeout <seconds>", "per-cell timeout in seconds (0: none)", parseSeconds, 600)
    .option("--kernel <name>", "kernel to use instead of each notebook's metadata.kernelspec.name")
    .action(async (dir: string, opts: { out: string; timeout: number; kernel?: string }) => {
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
      const notebooksDir = join(opts.out, "notebooks");
      const results = await runMany(
        names.map((n) => join(dir, n)),
        { out: notebooksDir, timeoutMs: opts.timeout * 1000, kernelName: opts.kernel },
      );
      const links: (ArticleLink & { notebook: Notebook; source: string })[] = [];
      for (const result of results) {
        if (!result.ok) code = EXIT_CODES.failed;
        // A failed notebook is still exported: its page shows where and why it stopped.
        if (!result.notebook) continue;
        links.push({ title: notebookTitle(result.notebook, undefined, stem(result.path)), href: htmlName(result.path), notebook: result.notebook, source: result.path });
      }
      links.forEach((link, i) => {
        const html = exportNotebook(link.notebook, {
          baseDir: dirname(link.source),
          fallbackTitle: stem(link.source),
          indexHref: "index.html",
          previous: links[i - 1],
          next: links[i + 1],
        });
        writeFileAtomic(join(opts.out, link.href), html);
      });
      const indexPath = join(opts.out, "index.html");
      writeFileAtomic(indexPath, exportIndex(links.map(({ title, href }) => ({ title, href })), { title: courseTitle(dir) }));
      out(`${indexPath}\n`);
    });

  addKernelCommands(program, { out, err, env, fail: (c) => (code = c) });

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

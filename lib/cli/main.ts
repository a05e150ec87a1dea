/**
 * The `podtalk` command: `run`, `check`, `export`, `course`, `grade`, `kernel install|list|remove` and
 * `cache dir|clear`.
 */
import { Command, CommanderError } from "commander";
import { addCacheCommands } from "./commands/cache.js";
import { addCheckCommand } from "./commands/check.js";
import { addCourseCommand } from "./commands/course.js";
import { addExportCommand } from "./commands/export.js";
import { addGradeCommand } from "./commands/grade.js";
import { addKernelCommands } from "./commands/kernel.js";
import { addRunCommand } from "./commands/run.js";
import { addStripCommand } from "./commands/strip.js";
import { EXIT_CODES } from "./exit-codes.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { KUBERNETES_VERSION } from "../model/version.js";
import { packageRoot } from "../notebook/kernelspec.js";
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
    .description("Run, check and export podtalk scenario notebooks")
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .showHelpAfterError("(run `podtalk --help` for usage)")
    .version(versionLine(), "-V, --version", "print podtalk's version, the Kubernetes version it models and Node's");

  const io = { out, err, env, progress: showProgress, fail: (c: number) => (code = c) };
  addRunCommand(program, io);
  addCheckCommand(program, io);
  addExportCommand(program, io);
  addCourseCommand(program, io);
  addGradeCommand(program, io);
  addKernelCommands(program, io);
  addCacheCommands(program, io);
  addStripCommand(program, io);

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

/** `podtalk --version`: the package's version, the Kubernetes release it models, and the Node it runs on. */
function versionLine(): string {
  const { version } = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string };
  return `podtalk ${version} (models Kubernetes ${KUBERNETES_VERSION}; Node ${process.version})`;
}

/**
 * What every command gets from main(): where it writes, the environment, and how it sets the exit
 * code; and the two usage checks the commands that write articles share.
 */
import { makeDirs } from "../../notebook/internal/make-dirs.js";
import { EXIT_CODES } from "../exit-codes.js";

/** Where a subcommand writes, and how it reports failure. */
export interface CommandIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Sets the process exit code. */
  readonly fail: (code: number) => void;
}

/** CommandIO for the commands that run notebooks, which may show a progress bar. */
export interface NotebookCommandIO extends CommandIO {
  /** Show a progress bar. */
  readonly progress: boolean;
}

/** Prints each problem as an error and sets the usage exit code; true when there was any. */
export function refusedForUsage(io: CommandIO, problems: readonly string[]): boolean {
  for (const problem of problems) io.err(`error: ${problem}\n`);
  if (problems.length > 0) io.fail(EXIT_CODES.usage);
  return problems.length > 0;
}

/** Makes the `--out` folder (and its parents); on failure says why, sets the usage exit code and returns false. */
export function madeOutDir(io: CommandIO, dir: string): boolean {
  try {
    makeDirs(dir);
    return true;
  } catch (e) {
    return !refusedForUsage(io, [(e as Error).message]);
  }
}

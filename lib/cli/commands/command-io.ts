/**
 * What every command gets from main(): where it writes, the environment, and how it sets the exit
 * code.
 */

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

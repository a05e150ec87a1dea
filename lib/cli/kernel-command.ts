/**
 * `podtalk kernel …`: install and list podtalk's Jupyter kernelspec.
 */
import type { Command } from "commander";
import { installKernelSpec, listKernelSpecs } from "../notebook/kernelspec.js";
import { EXIT_CODES } from "./exit-codes.js";

/** Where a subcommand writes, and how it reports failure. */
export interface CommandIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Sets the process exit code. */
  readonly fail: (code: number) => void;
}

/** Adds the `kernel` command and its subcommands to `program`. */
export function addKernelCommands(program: Command, io: CommandIO): void {
  const kernel = program.command("kernel").description("manage podtalk's Jupyter kernelspec");
  kernel
    .command("install")
    .description("install podtalk's kernelspec (no Python needed)")
    .option("--user", "install for the current user (the default)")
    .option("--prefix <dir>", "install under <dir>/share/jupyter/kernels (a virtualenv or conda env)")
    .option("--name <name>", "kernelspec name", "podtalk")
    .action((opts: { user?: boolean; prefix?: string; name: string }) => {
      if (opts.user && opts.prefix) {
        io.err("error: --user and --prefix cannot be used together\n");
        io.fail(EXIT_CODES.usage);
        return;
      }
      try {
        const dir = installKernelSpec({ prefix: opts.prefix, name: opts.name, env: io.env });
        io.out(`Installed kernelspec ${opts.name} in ${dir}\n`);
      } catch (e) {
        io.err(`error: ${(e as Error).message}\n`);
        io.fail(EXIT_CODES.usage);
      }
    });
  kernel
    .command("list")
    .description("list the kernelspecs Jupyter would find")
    .action(() => {
      const specs = listKernelSpecs(io.env);
      if (specs.length === 0) io.out("No kernelspecs installed (podtalk's built-in kernel is always available)\n");
      const width = Math.max(0, ...specs.map((s) => s.name.length));
      for (const spec of specs) io.out(`${spec.name.padEnd(width)}  ${spec.dir ?? "(built in)"}\n`);
    });

}

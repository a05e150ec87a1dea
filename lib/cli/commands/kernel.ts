/**
 * `podtalk kernel …`: install, list and remove podtalk's Jupyter kernelspec.
 */
import type { Command } from "commander";
import { installKernelSpec, listKernelSpecs, uninstallKernelSpec } from "../../notebook/kernelspec.js";
import { EXIT_CODES } from "../exit-codes.js";
import type { CommandIO } from "./command-io.js";

/** Adds the `kernel` command and its subcommands to `program`. */
export function addKernelCommands(program: Command, io: CommandIO): void {
  const kernel = program.command("kernel").description("manage podtalk's Jupyter kernelspec");
  kernel
    .command("install")
    .description("install podtalk's kernelspec (no Python needed)")
    .option("--user", "install for the current user (the default)")
    .option("--sys-prefix", "install under the sys.prefix of the Python that runs `jupyter` on PATH")
    .option("--prefix <dir>", "install under <dir>/share/jupyter/kernels (a virtualenv or conda env)")
    .option("--name <name>", "kernelspec name", "podtalk")
    .action((opts: { user?: boolean; sysPrefix?: boolean; prefix?: string; name: string }) => {
      if (!oneDestination(opts, io)) return;
      try {
        const dir = installKernelSpec({ prefix: opts.prefix, sysPrefix: opts.sysPrefix, name: opts.name, env: io.env });
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
  kernel
    .command("remove")
    .description("remove an installed kernelspec (the one Jupyter would use for that name, unless a place is given)")
    .option("--user", "remove the one installed for the current user")
    .option("--sys-prefix", "remove the one under the sys.prefix of the Python that runs `jupyter` on PATH")
    .option("--prefix <dir>", "remove the one under <dir>/share/jupyter/kernels")
    .option("--name <name>", "kernelspec name", "podtalk")
    .action((opts: { user?: boolean; sysPrefix?: boolean; prefix?: string; name: string }) => {
      if (!oneDestination(opts, io)) return;
      try {
        const dir = uninstallKernelSpec({ name: opts.name, prefix: opts.prefix, sysPrefix: opts.sysPrefix, user: opts.user, env: io.env });
        io.out(`Removed kernelspec ${opts.name} from ${dir}\n`);
      } catch (e) {
        io.err(`error: ${(e as Error).message}\n`);
        io.fail(EXIT_CODES.failed);
      }
    });
}

/** False (after a usage error) when more than one of --user, --sys-prefix and --prefix is given. */
function oneDestination(opts: { user?: boolean; sysPrefix?: boolean; prefix?: string }, io: CommandIO): boolean {
  const chosen = [opts.user && "--user", opts.sysPrefix && "--sys-prefix", opts.prefix !== undefined && "--prefix"].filter(Boolean);
  if (chosen.length <= 1) return true;
  io.err(`error: ${chosen.join(" and ")} cannot be used together\n`);
  io.fail(EXIT_CODES.usage);
  return false;
}

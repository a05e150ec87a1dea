/** `sh -c 'command'`: parses the script as the exec line is parsed and runs its one command. */
import { SHELL } from "../messages.js";
import { fail } from "../result.js";
import { parseCommand } from "../shell.js";
import type { Tool } from "../tool.js";

/** `sh -c script`; any other use of sh is refused (podtalk has no interactive shell). */
export const sh: Tool = {
  run(ctx, args) {
    if (args[0] === "-c" && args[1] !== undefined) return ctx.run(parseCommand(args[1]).argv);
    return fail(SHELL.oneCommandOnly, "error", { exitCode: 2 });
  },
};

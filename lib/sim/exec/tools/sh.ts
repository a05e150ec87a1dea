/** `sh -c 'script'` (and `bash -c`): runs the script in a new shell of the same container. */
import { ErrorCode, PodtalkError } from "../../../model/errors.js";
import { SHELL } from "../messages.js";
import type { Tool } from "../tool.js";

/** `sh -c script`; an interactive shell (no `-c`) is refused. */
export const sh: Tool = {
  run(ctx, args) {
    if (args[0] === "-c" && args[1] !== undefined) return ctx.runScript(args[1], ctx.env);
    throw new PodtalkError(ErrorCode.BadRequest, SHELL.interactive);
  },
};

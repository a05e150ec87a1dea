/** `echo words...`. */
import { ok } from "../result.js";
import type { Tool } from "../tool.js";

/** `echo`: its arguments, separated by one space, and a newline. */
export const echo: Tool = {
  run(_ctx, args) {
    return ok(`${args.join(" ")}\n`);
  },
};

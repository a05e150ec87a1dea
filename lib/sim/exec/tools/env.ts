/** `env` and `printenv [NAME…]`: the container's environment (see `env.ts` for where it comes from). */
import { ErrorCode, PodtalkError } from "../../../model/errors.js";
import { SHELL } from "../messages.js";
import type { Tool } from "../tool.js";

/** `env` (with `NAME=value` arguments added): every variable, one `NAME=value` a line. */
export const env: Tool = {
  run(ctx, args) {
    const vars = new Map(ctx.env);
    for (const a of args) {
      const m = /^([^=]+)=(.*)$/s.exec(a);
      if (!m) throw new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated("env running a command (run the command itself; the variables are already set)"));
      vars.set(m[1]!, m[2]!);
    }
    return { exitCode: 0, stdout: [...vars].map(([k, v]) => `${k}=${v}\n`).join(""), stderr: "", outcome: "ok", hops: [] };
  },
};

/** `printenv`: every variable, or the values of the named ones; exit 1 when one is unset. */
export const printenv: Tool = {
  run(ctx, args) {
    if (args.length === 0) return env.run(ctx, []);
    let stdout = "";
    let missing = false;
    for (const name of args) {
      const value = ctx.env.get(name);
      if (value === undefined) missing = true;
      else stdout += `${value}\n`;
    }
    return { exitCode: missing ? 1 : 0, stdout, stderr: "", outcome: missing ? "error" : "ok", hops: [] };
  },
};

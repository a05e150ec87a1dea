/**
 * POSIX getopt for the text tools: bundled short flags (`-ci`), values attached or separate
 * (`-n1`, `-n 1`), `--` ends the options. An option podtalk does not simulate is refused with a
 * PodtalkError, never ignored.
 */
import { ErrorCode, PodtalkError } from "../../../model/errors.js";
import { SHELL } from "../messages.js";
import type { Tool } from "../tool.js";

/** A usage error the real tool prints on stderr before exiting 1 (grep: 2). */
export class UsageError extends Error {}

/** The tool, with its usage errors turned into what the real tool prints and its exit status. */
export function withUsage(tool: Tool, exitCode = 1): Tool {
  return {
    run(ctx, args) {
      try {
        return tool.run(ctx, args);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        return { exitCode, stdout: "", stderr: `${e.message}\n`, outcome: "error", hops: [] };
      }
    },
  };
}

/** The options found (a flag maps to "", a valued option to its last value) and the operands. */
export interface Parsed {
  readonly opts: Map<string, string>;
  /** Every value of repeatable options such as grep's `-e`. */
  readonly all: Map<string, string[]>;
  readonly operands: string[];
}

/**
 * Reads `args` with the flags in `flags` and the options taking a value in `valued`.
 * `numeric`: a bare `-5` means `-n 5` (head, tail).
 */
export function getopt(tool: string, args: readonly string[], flags: string, valued: string, numeric = false): Parsed {
  const opts = new Map<string, string>();
  const all = new Map<string, string[]>();
  const operands: string[] = [];
  const set = (o: string, v: string) => {
    opts.set(o, v);
    all.set(o, [...(all.get(o) ?? []), v]);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      operands.push(a);
      continue;
    }
    if (numeric && /^-\d+$/.test(a)) {
      set("n", a.slice(1));
      continue;
    }
    if (a.startsWith("--")) throw new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated(`${tool}'s option ${a}`));
    for (let j = 1; j < a.length; j++) {
      const o = a[j]!;
      if (flags.includes(o)) set(o, "");
      else if (valued.includes(o)) {
        const rest = a.slice(j + 1);
        const value = rest !== "" ? rest : args[++i];
        if (value === undefined) throw new UsageError(`${tool}: option requires an argument -- '${o}'`);
        set(o, value);
        break;
      } else throw new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated(`${tool}'s option -${o}`));
    }
  }
  return { opts, all, operands };
}

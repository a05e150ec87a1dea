/**
 * `grep [-ivcoqnEFhw] [-e PATTERN] PATTERN [file…]`: basic (BRE) or extended (ERE) regular
 * expressions translated to JavaScript's; exit status 0 when a line matched, 1 when none did,
 * 2 on an error.
 *
 * @see https://pubs.opengroup.org/onlinepubs/9799919799/utilities/grep.html
 */
import { ErrorCode, PodtalkError } from "../../../model/errors.js";
import { SHELL } from "../messages.js";
import type { Tool } from "../tool.js";
import { getopt, withUsage } from "./getopt.js";
import { inputs, lines } from "./input.js";

const CLASSES: Record<string, string> = {
  "[:digit:]": "0-9",
  "[:alpha:]": "A-Za-z",
  "[:alnum:]": "A-Za-z0-9",
  "[:upper:]": "A-Z",
  "[:lower:]": "a-z",
  "[:space:]": " \\t\\n\\r\\f\\v",
  "[:blank:]": " \\t",
  "[:punct:]": "!-\\/:-@\\[-`{-~",
  "[:xdigit:]": "0-9A-Fa-f",
};

/** Translates a POSIX pattern to JavaScript's syntax. In a BRE `\( \) \{ \} \| \+ \?` are the operators. */
export function posixToJS(pattern: string, extended: boolean): string {
  let out = "";
  let inBracket = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (inBracket) {
      const cls = Object.keys(CLASSES).find((k) => pattern.startsWith(k, i));
      if (cls) {
        out += CLASSES[cls];
        i += cls.length - 1;
      } else if (ch === "]" && !/\[\^?$/.test(out)) {
        out += "]";
        inBracket = false;
      } else out += ch === "\\" ? "\\\\" : ch;
      continue;
    }
    if (ch === "[") {
      inBracket = true;
      out += "[";
      if (pattern[i + 1] === "^") out += pattern[++i];
      if (pattern[i + 1] === "]") out += `\\${pattern[++i]}`;
      continue;
    }
    if (ch === "\\" && i + 1 < pattern.length) {
      const next = pattern[++i]!;
      if (!extended && "(){}|+?".includes(next)) out += next;
      else if ("<>".includes(next)) out += "\\b";
      else if (/[wWsSbB]/.test(next)) out += `\\${next}`;
      else out += /[A-Za-z0-9]/.test(next) ? next : `\\${next}`;
      continue;
    }
    if (!extended && "(){}|+?".includes(ch)) out += `\\${ch}`;
    else if (ch === "*" && (out === "" || out.endsWith("(") || out.endsWith("|") || out === "^")) out += "\\*";
    else out += ch;
  }
  return out;
}

/** `grep`: BusyBox's and GNU grep's common options. */
export const grep: Tool = withUsage(
  {
    run(ctx, args) {
      const { opts, all, operands } = getopt("grep", args, "ivcoqnEFhwHlsr", "e");
      if (opts.has("r") || opts.has("l")) throw new PodtalkError(ErrorCode.BadRequest, SHELL.notSimulated(`grep's option -${opts.has("r") ? "r" : "l"}`));
      const patterns = all.get("e") ?? (operands.length > 0 ? [operands.shift()!] : []);
      if (patterns.length === 0) {
        const usage =
          ctx.image.shell === "dash"
            ? "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
            : "BusyBox v1.36.1 multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n";
        return { exitCode: 2, stdout: "", stderr: usage, outcome: "error", hops: [] };
      }
      const source = patterns
        .map((p) => (opts.has("F") ? p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : posixToJS(p, opts.has("E"))))
        .map((p) => (opts.has("w") ? `(?<![A-Za-z0-9_])(?:${p})(?![A-Za-z0-9_])` : `(?:${p})`))
        .join("|");
      let re: RegExp;
      try {
        re = new RegExp(source, `g${opts.has("i") ? "i" : ""}`);
      } catch {
        throw new PodtalkError(
          ErrorCode.BadRequest,
          SHELL.notSimulated(`the regular expression ${JSON.stringify(patterns.join(" "))} (podtalk could not translate it)`),
        );
      }
      const ins = inputs(ctx, "grep", operands);
      const prefixNames = (ins.length > 1 || opts.has("H")) && !opts.has("h");
      let stdout = "";
      let stderr = "";
      let matched = false;
      for (const input of ins) {
        if ("error" in input) {
          if (!opts.has("s")) stderr += input.error;
          continue;
        }
        let n = 0;
        lines(input.text).forEach((line, i) => {
          const all = [...line.matchAll(re)];
          const hits = all.filter((m) => m[0] !== "" || !opts.has("o"));
          const selected = all.length > 0 !== opts.has("v");
          if (!selected) return;
          matched = true;
          n++;
          if (opts.has("q") || opts.has("c")) return;
          const prefix = `${prefixNames ? `${input.name}:` : ""}${opts.has("n") ? `${i + 1}:` : ""}`;
          if (opts.has("o") && !opts.has("v")) for (const m of hits) stdout += `${prefix}${m[0]}\n`;
          else stdout += `${prefix}${line}\n`;
        });
        if (opts.has("c") && !opts.has("q")) stdout += `${prefixNames ? `${input.name}:` : ""}${n}\n`;
      }
      if (opts.has("q")) stdout = "";
      const exitCode = opts.has("q") && matched ? 0 : stderr ? 2 : matched ? 0 : 1;
      return { exitCode, stdout, stderr, outcome: exitCode === 0 ? "ok" : "error", hops: [] };
    },
  },
  2,
);

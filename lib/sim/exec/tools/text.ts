/**
 * The text filters scripts pipe into: `head`, `tail`, `wc`, `cut`, `sort`, `tr`, and `awk` for
 * printing fields. Output follows GNU coreutils, which BusyBox matches for these options.
 *
 * @see https://pubs.opengroup.org/onlinepubs/9799919799/utilities/head.html (and tail, wc, cut, sort, tr, awk)
 */
import { ErrorCode, PodtalkError } from "../../../model/errors.js";
import { SHELL } from "../messages.js";
import type { ToolResult } from "../result.js";
import type { Tool, ToolContext } from "../tool.js";
import { utf8Length } from "../../internal/utf8-length.js";
import { getopt, UsageError, withUsage } from "./getopt.js";
import { inputs, lines, unlines } from "./input.js";

/** Runs `each` over every input, collecting output and the errors of missing files (exit 1). */
function filter(ctx: ToolContext, tool: string, files: readonly string[], each: (text: string, name: string | undefined) => string): ToolResult {
  let stdout = "";
  let stderr = "";
  for (const input of inputs(ctx, tool, files)) {
    if ("error" in input) stderr += input.error;
    else stdout += each(input.text, files.length > 0 ? input.name : undefined);
  }
  return { exitCode: stderr ? 1 : 0, stdout, stderr, outcome: stderr ? "error" : "ok", hops: [] };
}

function count(tool: string, value: string): number {
  if (!/^\+?\d+$/.test(value)) throw new UsageError(`${tool}: invalid number '${value}'`);
  return Number(value.replace("+", ""));
}

/** `head [-n N | -N] [file…]`. */
export const head: Tool = withUsage({
  run(ctx, args) {
    const { opts, operands } = getopt("head", args, "", "n", true);
    const n = count("head", opts.get("n") ?? "10");
    return filter(ctx, "head", operands, (t) => unlines(lines(t).slice(0, n)));
  },
});

/** `tail [-n N | -n +N | -N] [file…]`. */
export const tail: Tool = withUsage({
  run(ctx, args) {
    const { opts, operands } = getopt("tail", args, "", "n", true);
    const spec = opts.get("n") ?? "10";
    const n = count("tail", spec);
    return filter(ctx, "tail", operands, (t) => {
      const ls = lines(t);
      return unlines(spec.startsWith("+") ? ls.slice(Math.max(0, n - 1)) : n === 0 ? [] : ls.slice(-n));
    });
  },
});

/** `wc [-lwc]`: one count alone; several padded to 7 columns as GNU wc does for standard input. */
export const wc: Tool = withUsage({
  run(ctx, args) {
    const { opts, operands } = getopt("wc", args, "lwcm", "");
    const want = ["l", "w", "c"].filter((o) => opts.has(o) || (o === "c" && opts.has("m")));
    const chosen = want.length > 0 ? want : ["l", "w", "c"];
    return filter(ctx, "wc", operands, (t, name) => {
      const counts: Record<string, number> = {
        l: (t.match(/\n/g) ?? []).length,
        w: t.split(/\s+/).filter((w) => w !== "").length,
        c: utf8Length(t),
      };
      const values = chosen.map((o) => String(counts[o]));
      // A named file's counts are followed by its name.
      if (name !== undefined) return `${values.join(" ")} ${name}\n`;
      return `${values.length === 1 ? values[0] : values.map((v) => v.padStart(7)).join(" ")}\n`;
    });
  },
});

/** A cut list (`1,3-4,5-`) as a test on 1-based positions. */
function fieldList(list: string): (i: number) => boolean {
  const ranges = list.split(",").map((r) => {
    const m = /^(\d*)(-?)(\d*)$/.exec(r);
    if (!m || (m[1] === "" && m[3] === "") || (m[2] === "" && m[1] === "")) throw new UsageError(`cut: invalid field list '${list}'`);
    const from = m[1] === "" ? 1 : Number(m[1]);
    const to = m[2] === "" ? from : m[3] === "" ? Number.POSITIVE_INFINITY : Number(m[3]);
    return [from, to] as const;
  });
  return (i) => ranges.some(([a, b]) => i >= a && i <= b);
}

/** `cut -d C -f LIST [-s]` and `cut -c LIST`. */
export const cut: Tool = withUsage({
  run(ctx, args) {
    const { opts, operands } = getopt("cut", args, "s", "dfc");
    const delim = opts.get("d") ?? "\t";
    if ([...delim].length !== 1) throw new UsageError("cut: the delimiter must be a single character");
    const f = opts.get("f");
    const c = opts.get("c");
    if (f === undefined && c === undefined) throw new UsageError("cut: you must specify a list of bytes, characters, or fields");
    const pick = fieldList((f ?? c)!);
    return filter(ctx, "cut", operands, (t) => {
      const out: string[] = [];
      for (const line of lines(t)) {
        if (c !== undefined) out.push([...line].filter((_, i) => pick(i + 1)).join(""));
        else if (!line.includes(delim)) {
          if (!opts.has("s")) out.push(line);
        } else
          out.push(
            line
              .split(delim)
              .filter((_, i) => pick(i + 1))
              .join(delim),
          );
      }
      return unlines(out);
    });
  },
});

/** `sort [-n] [-r] [-u]`, in the C locale's byte order. */
export const sort: Tool = withUsage({
  run(ctx, args) {
    const { opts, operands } = getopt("sort", args, "nru", "");
    const numeric = opts.has("n");
    const all: string[] = [];
    const result = filter(ctx, "sort", operands, (t) => {
      all.push(...lines(t));
      return "";
    });
    const key = (l: string) => Number.parseFloat(/^\s*(-?\d+(?:\.\d+)?)/.exec(l)?.[1] ?? "0");
    const bytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const cmp = (a: string, b: string) => (numeric ? key(a) - key(b) || bytes(a, b) : bytes(a, b));
    let sorted = all.sort(cmp);
    if (opts.has("r")) sorted = sorted.reverse();
    if (opts.has("u")) sorted = sorted.filter((l, i) => i === 0 || cmp(sorted[i - 1]!, l) !== 0);
    return { ...result, stdout: unlines(sorted) };
  },
});

/** A tr set: ranges `a-z`, escapes `\n` `\t` `\\`, classes `[:upper:]` `[:lower:]` `[:digit:]` `[:space:]`. */
function trSet(spec: string): string[] {
  const classes: Record<string, string> = {
    "[:upper:]": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "[:lower:]": "abcdefghijklmnopqrstuvwxyz",
    "[:digit:]": "0123456789",
    "[:space:]": " \t\n\r\f\v",
  };
  const out: string[] = [];
  const chars: string[] = [];
  for (let i = 0; i < spec.length; i++) {
    const cls = Object.keys(classes).find((k) => spec.startsWith(k, i));
    if (cls) {
      chars.push(...classes[cls]!);
      i += cls.length - 1;
    } else if (spec[i] === "\\" && i + 1 < spec.length) {
      const e = spec[++i]!;
      chars.push(e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : e);
    } else chars.push(spec[i]!);
  }
  for (let i = 0; i < chars.length; i++) {
    if (chars[i + 1] === "-" && i + 2 < chars.length) {
      const a = chars[i]!.codePointAt(0)!;
      const b = chars[i + 2]!.codePointAt(0)!;
      for (let c = a; c <= b; c++) out.push(String.fromCodePoint(c));
      i += 2;
    } else out.push(chars[i]!);
  }
  return out;
}

/** `tr SET1 SET2`, `tr -d SET`, `tr -s SET`. */
export const tr: Tool = withUsage({
  run(ctx, args) {
    const { opts, operands } = getopt("tr", args, "ds", "");
    const [a, b] = operands;
    if (a === undefined || (!opts.has("d") && !opts.has("s") && b === undefined)) throw new UsageError("tr: missing operand");
    const from = trSet(a);
    const to = b === undefined ? [] : trSet(b);
    let out = "";
    let prev: string | undefined;
    for (const ch of ctx.stdin) {
      const i = from.indexOf(ch);
      if (opts.has("d") && i >= 0) continue;
      const mapped = !opts.has("d") && i >= 0 && to.length > 0 ? to[Math.min(i, to.length - 1)]! : ch;
      const squeezeSet = opts.has("d") || to.length === 0 ? from : to;
      if (opts.has("s") && mapped === prev && squeezeSet.includes(mapped)) continue;
      out += mapped;
      prev = mapped;
    }
    return { exitCode: 0, stdout: out, stderr: "", outcome: "ok", hops: [] };
  },
});

/** `awk [-F sep] '{print $1, $3}'`: printing fields is all; other programs are not simulated. */
export const awk: Tool = withUsage({
  run(ctx, args) {
    const { opts, operands } = getopt("awk", args, "", "F");
    const [program, ...files] = operands;
    const m = /^\s*\{\s*print(?:\s+(.*?))?\s*;?\s*\}\s*$/.exec(program ?? "");
    const items = m ? (m[1] ?? "$0").split(/\s*,\s*/) : [];
    if (!m || !items.every((it) => /^\$(\d+|NF)$/.test(it))) {
      throw new PodtalkError(
        ErrorCode.BadRequest,
        SHELL.notSimulated(`the awk program ${JSON.stringify(program ?? "")} (podtalk's awk runs only '{print $N, …}')`),
      );
    }
    const sep = opts.get("F");
    const split = (l: string) =>
      sep === undefined || sep === " "
        ? l
            .trim()
            .split(/[ \t]+/)
            .filter((w) => w !== "")
        : l.split(sep);
    return filter(ctx, "awk", files, (t) =>
      unlines(
        lines(t).map((l) => {
          const fields = split(l);
          return items
            .map((it) => {
              if (it === "$0") return l;
              const i = it === "$NF" ? fields.length : Number(it.slice(1));
              return fields[i - 1] ?? "";
            })
            .join(" ");
        }),
      ),
    );
  },
});

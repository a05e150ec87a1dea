/**
 * `echo`, the shell's builtin: BusyBox ash's takes `-n` and `-e`; dash's takes only `-n` and
 * always interprets backslash escapes.
 */
import { ok } from "../result.js";
import type { Tool } from "../tool.js";

function escapes(text: string): { text: string; stop: boolean } {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== "\\" || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const e = text[++i]!;
    if (e === "c") return { text: out, stop: true };
    const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", a: "\x07", b: "\b", f: "\f", v: "\v" };
    out += map[e] ?? `\\${e}`;
  }
  return { text: out, stop: false };
}

export const echo: Tool = {
  run(ctx, args) {
    const dash = ctx.image.shell === "dash";
    let newline = true;
    let interpret = dash;
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (dash ? a !== "-n" : !/^-[neE]+$/.test(a)) break;
      if (a.includes("n")) newline = false;
      if (!dash && a.includes("e")) interpret = true;
      if (!dash && a.includes("E")) interpret = false;
    }
    const text = args.slice(i).join(" ");
    if (!interpret) return ok(newline ? `${text}\n` : text);
    const { text: out, stop } = escapes(text);
    return ok(newline && !stop ? `${out}\n` : out);
  },
};

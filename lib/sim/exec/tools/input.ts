/** How the text tools read their input: the named files (or `-`), else what the pipe fed them. */
import { readFile } from "../files.js";
import type { ToolContext } from "../tool.js";

/** One input: its name (for grep's prefix) and text, or the error the tool prints for it. */
export type Input = { readonly name: string; readonly text: string } | { readonly name: string; readonly error: string };

/** The text of a file of the container: a file a redirection wrote, else a kubelet-managed one. */
export function containerFile(ctx: ToolContext, path: string): string | undefined {
  const full = path.startsWith("/") ? path : `/${path}`;
  return ctx.files.read(full) ?? readFile(ctx, full);
}

/**
 * The inputs of `tool`: each file (BusyBox: "can't open"; GNU coreutils: "cannot open … for
 * reading" in Debian images), or stdin when no file is named.
 */
export function inputs(ctx: ToolContext, tool: string, files: readonly string[]): Input[] {
  if (files.length === 0) return [{ name: "(standard input)", text: ctx.stdin }];
  return files.map((f) => {
    if (f === "-") return { name: "(standard input)", text: ctx.stdin };
    const text = containerFile(ctx, f);
    if (text !== undefined) return { name: f, text };
    const error = ctx.image.shell === "dash" ? `${tool}: ${f}: No such file or directory\n` : `${tool}: can't open '${f}': No such file or directory\n`;
    return { name: f, error };
  });
}

/** A text's lines, each without its newline (a last line without one still counts). */
export function lines(text: string): string[] {
  if (text === "") return [];
  const out = text.split("\n");
  if (out.at(-1) === "") out.pop();
  return out;
}

/** Lines joined back, each with its newline. */
export function unlines(ls: readonly string[]): string {
  return ls.map((l) => `${l}\n`).join("");
}

/**
 * Turns what a failing cell produced into the `ename`, `evalue` and `traceback` of a Jupyter
 * `error` message.
 */
import { inspect } from "node:util";
import type { CellDiagnostic } from "./cell-executor.js";

/** The content of an iopub `error` message (and of an `execute_reply` with status "error"). */
export interface ErrorContent {
  readonly ename: string;
  readonly evalue: string;
  readonly traceback: string[];
}

/** The name of the pseudo-file cells are reported in. */
export const CELL_FILE = "<cell>";

/** Describes a thrown value (an Error or anything else) for a front end. */
export function thrownError(value: unknown, locate?: (jsLine: number) => number | undefined): ErrorContent {
  if (value instanceof Error || (isObject(value) && typeof value["message"] === "string")) {
    const err = value as Error;
    const ename = typeof err.name === "string" && err.name ? err.name : "Error";
    const evalue = String(err.message);
    const header = evalue ? `${ename}: ${evalue}` : ename;
    return { ename, evalue, traceback: [header, ...userFrames(err.stack, locate)] };
  }
  const evalue = typeof value === "string" ? value : inspect(value, { depth: 4 });
  return { ename: "Error", evalue, traceback: [`Uncaught ${evalue}`] };
}

/** One error for all TypeScript diagnostics of a cell, each as `line:col - message`. */
export function diagnosticsError(diagnostics: readonly CellDiagnostic[], code: string): ErrorContent {
  const lines = code.split("\n");
  const items = diagnostics.map((d) => `${d.file ? `${d.file} ` : ""}${d.line}:${d.column} - ${d.message}`);
  const traceback: string[] = [];
  for (const d of diagnostics) {
    traceback.push(`${d.file || CELL_FILE}:${d.line}:${d.column} - error: ${d.message}`);
    const source = d.file ? undefined : lines[d.line - 1];
    if (source !== undefined) {
      traceback.push(`    ${source}`, `    ${" ".repeat(Math.max(0, d.column - 1))}^`);
    }
  }
  return { ename: "TypeScriptError", evalue: items.join("\n"), traceback };
}

/**
 * The stack frames that belong to the user's code: the cell (shown as `<cell>`, with its line
 * when `locate` can map it) and files it imported; Node and kernel internals are dropped.
 */
function userFrames(stack: unknown, locate?: (jsLine: number) => number | undefined): string[] {
  if (typeof stack !== "string") return [];
  const frames = stack.split("\n").filter((l) => /^\s+at /.test(l));
  const out: string[] = [];
  for (const frame of frames) {
    if (/\(node:|at node:|\/node_modules\/tslab\/|\/dist\/kernel\//.test(frame)) continue;
    out.push(
      frame
        .replace(/evalmachine\.<anonymous>:(\d+):(\d+)/g, (_, line: string) => {
          const mapped = locate?.(Number(line));
          return mapped === undefined ? `${CELL_FILE}` : `${CELL_FILE}:${mapped}`;
        })
        .replace(/^\s+/, "    "),
    );
  }
  // The last frame is tslab's wrapper around the whole cell: it says nothing the others do not.
  if (out.length > 1 && out[out.length - 1] === `    at ${CELL_FILE}`) out.pop();
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/**
 * Turns what a failing cell produced into the `ename`, `evalue` and `traceback` of a Jupyter
 * `error` message.
 */
import { join } from "node:path";
import { inspect } from "node:util";
import { packageRoot } from "podtalk/protocol";
import type { CellDiagnostic, CellPlacer } from "./cell-executor.js";

/** The content of an iopub `error` message (and of an `execute_reply` with status "error"). */
export interface ErrorContent {
  readonly ename: string;
  readonly evalue: string;
  readonly traceback: string[];
}

/** What a cell is called in error locations when the kernel gives it no label. */
export const CELL_FILE = "Cell";

/** Describes a thrown value (an Error or anything else) for a front end. */
export function thrownError(value: unknown, place?: CellPlacer): ErrorContent {
  if (value instanceof Error || (isObject(value) && typeof value["message"] === "string")) {
    const err = value as Error;
    const ename = typeof err.name === "string" && err.name ? err.name : "Error";
    const evalue = String(err.message);
    const header = evalue ? `${ename}: ${evalue}` : ename;
    return { ename, evalue, traceback: [header, ...userFrames(err.stack, place)] };
  }
  const evalue = typeof value === "string" ? value : inspect(value, { depth: 4 });
  return { ename: "Error", evalue, traceback: [`Uncaught ${evalue}`] };
}

/**
 * One error for all TypeScript diagnostics of a cell, each as `line:col - message`; the
 * traceback names the cell by `label` (`Cell In[4]:2:7 - error: …`).
 */
export function diagnosticsError(diagnostics: readonly CellDiagnostic[], code: string, label = CELL_FILE): ErrorContent {
  const lines = code.split("\n");
  const items = diagnostics.map((d) => `${d.file ? `${d.file} ` : ""}${d.line}:${d.column} - ${d.message}`);
  const traceback: string[] = [];
  for (const d of diagnostics) {
    traceback.push(`${d.file || label}:${d.line}:${d.column} - error: ${d.message}`);
    const source = d.file ? undefined : lines[d.line - 1];
    if (source !== undefined) {
      traceback.push(`    ${source}`, `    ${" ".repeat(Math.max(0, d.column - 1))}^`);
    }
  }
  return { ename: "TypeScriptError", evalue: items.join("\n"), traceback };
}

/**
 * The stack frames that belong to the user's code: the cells (`Cell In[4], line 2`; a function
 * an earlier cell defined is placed in that cell, named with its first line) and the files they
 * imported. Node's, the kernel's and podtalk's own frames are dropped: a podtalk error is about
 * the call the cell made, not about podtalk's insides.
 */
function userFrames(stack: unknown, place?: CellPlacer): string[] {
  if (typeof stack !== "string") return [];
  const frames = stack.split("\n").filter((l) => /^\s+at /.test(l));
  const podtalkDist = `${join(packageRoot(), "dist")}/`;
  const out: string[] = [];
  for (const frame of frames) {
    if (/\(node:|at node:|\/node_modules\/tslab\/|\/dist\/kernel\//.test(frame) || frame.includes(podtalkDist)) continue;
    out.push(
      frame
        .replace(/(podtalk-cell-\d+|evalmachine\.<anonymous>):(\d+):(\d+)/g, (_, script: string, line: string) => {
          const at = place?.(script, Number(line));
          if (!at) return CELL_FILE;
          return at.line === undefined ? at.label : `${at.label}, line ${at.line}`;
        })
        // An earlier cell's function is called through the exports Proxy that holds the cells' names.
        .replace(/^\s+at Proxy\./, "    at ")
        .replace(/^\s+/, "    "),
    );
  }
  // The last frame is tslab's wrapper around the whole cell: it says nothing the others do not.
  const last = out.at(-1);
  if (out.length > 1 && last !== undefined && !last.includes(", line ") && !last.includes("(")) out.pop();
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

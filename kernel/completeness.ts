/**
 * The answer to Jupyter's is_complete_request: whether a front end should run the code or add
 * a line.
 */
import { tsForTslab, tslabConverter } from "./tslab/load.js";

/** The answer to an is_complete_request. */
export type Completeness = { readonly status: "complete" | "invalid" } | { readonly status: "incomplete"; readonly indent: string };

/**
 * Whether `code` is a complete cell (run it), incomplete (the front end should add a line, with
 * `indent`) or invalid (a syntax error no further line can fix). tslab's own check answers the
 * first two; code it calls complete is invalid when TypeScript's parser still reports an error.
 */
export function checkComplete(code: string): Completeness {
  const res = tslabConverter().isCompleteCode(code);
  if (!res.completed) return { status: "incomplete", indent: res.indent ?? "" };
  // Parsed as a module, as tslab compiles cells, so that top-level await is valid syntax.
  const ts = tsForTslab();
  const file = ts.createSourceFile("cell.ts", `export {};\n${code}`, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return { status: file.parseDiagnostics.length > 0 ? "invalid" : "complete" };
}

/**
 * complete_request and inspect_request: completion candidates and quick info from tslab's
 * language service, with cursor positions converted between Jupyter's code points and
 * TypeScript's UTF-16 code units.
 *
 * @see https://jupyter-client.readthedocs.io/en/stable/messaging.html#completion
 */
import type { CellExecutor } from "../cell-executor.js";

/** The content of a complete_reply for a complete_request's content. */
export async function completeReply(cells: CellExecutor, content: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>> {
  const code = String(content["code"] ?? "");
  const cursor = toCodeUnits(code, Number(content["cursor_pos"] ?? code.length));
  let res: Awaited<ReturnType<CellExecutor["complete"]>>;
  try {
    res = await cells.complete(code, cursor);
  } catch (e) {
    return failed(e);
  }
  return {
    status: "ok",
    matches: res.matches,
    cursor_start: toCodePoints(code, res.start),
    cursor_end: toCodePoints(code, res.end),
    metadata: {},
  };
}

/** The content of an inspect_reply for an inspect_request's content. */
export async function inspectReply(cells: CellExecutor, content: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>> {
  const code = String(content["code"] ?? "");
  let text: string | undefined;
  try {
    text = await cells.inspect(code, toCodeUnits(code, Number(content["cursor_pos"] ?? code.length)));
  } catch (e) {
    return failed(e);
  }
  return text === undefined
    ? { status: "ok", found: false, data: {}, metadata: {} }
    : { status: "ok", found: true, data: { "text/plain": text }, metadata: {} };
}

/** The reply to a request the compiler could not answer (its process ended, say). */
function failed(e: unknown): Record<string, unknown> {
  const evalue = e instanceof Error ? e.message : String(e);
  return { status: "error", ename: "CompilerError", evalue, traceback: [evalue] };
}

/** Jupyter counts cursor positions in code points; TypeScript in UTF-16 code units. */
function toCodeUnits(code: string, codePoints: number): number {
  return [...code].slice(0, codePoints).join("").length;
}

function toCodePoints(code: string, codeUnits: number): number {
  return [...code.slice(0, codeUnits)].length;
}

/**
 * complete_request and inspect_request: completion candidates and quick info from tslab's
 * language service, with cursor positions converted between Jupyter's code points and
 * TypeScript's UTF-16 code units.
 *
 * @see https://jupyter-client.readthedocs.io/en/stable/messaging.html#completion
 */
import type { CellExecutor } from "../cell-executor.js";

/** The content of a complete_reply for a complete_request's content. */
export function completeReply(cells: CellExecutor, content: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const code = String(content["code"] ?? "");
  const cursor = toCodeUnits(code, Number(content["cursor_pos"] ?? code.length));
  const res = cells.complete(code, cursor);
  return {
    status: "ok",
    matches: res.matches,
    cursor_start: toCodePoints(code, res.start),
    cursor_end: toCodePoints(code, res.end),
    metadata: {},
  };
}

/** The content of an inspect_reply for an inspect_request's content. */
export function inspectReply(cells: CellExecutor, content: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const code = String(content["code"] ?? "");
  const text = cells.inspect(code, toCodeUnits(code, Number(content["cursor_pos"] ?? code.length)));
  return text === undefined
    ? { status: "ok", found: false, data: {}, metadata: {} }
    : { status: "ok", found: true, data: { "text/plain": text }, metadata: {} };
}

/** Jupyter counts cursor positions in code points; TypeScript in UTF-16 code units. */
function toCodeUnits(code: string, codePoints: number): number {
  return [...code].slice(0, codePoints).join("").length;
}

function toCodePoints(code: string, codeUnits: number): number {
  return [...code.slice(0, codeUnits)].length;
}

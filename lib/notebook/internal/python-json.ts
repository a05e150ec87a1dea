/**
 * JSON text exactly as Python's `json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False,
 * separators=(",", ": "))` writes it, which is what nbformat uses for `.ipynb` files.
 *
 * `JSON.stringify(value, null, 1)` is close but differs in two ways that break byte-for-byte
 * round trips: JavaScript orders integer-like keys ("2" before "10") ahead of the others, and
 * Python sorts keys by code point; JavaScript also prints exponents as `1e-7` where Python
 * prints `1e-07`.
 */

/** Python's `str.splitlines(True)`: split after every line boundary Python recognises, keeping it. */
export function splitLinesKeepEnds(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (const match of text.matchAll(LINE_BOUNDARY)) {
    const end = match.index! + match[0].length;
    lines.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

// The boundaries of Python's str.splitlines: \n, \r, \r\n, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are the line boundaries being matched
const LINE_BOUNDARY = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;

/** Serialises `value` like Python's json.dumps with indent 1 and sorted keys (no trailing newline). */
export function dumpPythonJSON(value: unknown): string {
  return dump(value, "");
}

function dump(value: unknown, indent: string): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return dumpNumber(value);
    case "string":
      return JSON.stringify(value);
    case "object":
      break;
    default:
      throw new TypeError(`Cannot write a ${typeof value} to JSON`);
  }
  const inner = `${indent} `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => inner + dump(v, inner)).join(",\n")}\n${indent}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort(compareCodePoints);
  if (keys.length === 0) return "{}";
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${dump(record[k], inner)}`).join(",\n")}\n${indent}}`;
}

function dumpNumber(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`Cannot write ${n} to JSON`);
  const text = String(n);
  // Python writes at least two exponent digits: 1e-07, 1e+21.
  return text.replace(/e([+-])(\d)$/, "e$10$2");
}

/** Orders strings by Unicode code point, as Python's `sorted()` does. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx - cy;
  }
}

/**
 * Parses JSON; on a syntax error throws with a 1-based line and column instead of V8's offset.
 */
export function parseJSONWithPosition(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : /end of JSON input/.test(message) ? text.length : undefined;
    const reason = message
      .replace(/^JSON\.parse: /, "")
      .replace(/\s*\(line \d+ column \d+\)$/, "")
      .replace(/ in JSON at position \d+.*$/, "");
    if (offset === undefined) throw new SyntaxError(`invalid JSON: ${reason}`);
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    throw new SyntaxError(`invalid JSON at line ${line}, column ${column}: ${reason}`);
  }
}

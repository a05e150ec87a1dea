/**
 * Notebook parameters, as papermill does them: the cell tagged `parameters` holds the defaults,
 * and the values given on the command line go into a new cell tagged `injected-parameters`
 * right after it, which overrides them.
 *
 * @see https://papermill.readthedocs.io/en/latest/usage-parameterize.html
 */
import { cellTags, deterministicCellId, type CodeCell, type Notebook } from "./ipynb.js";

/** A parameter value: what `-p name=value` parses to. */
export type ParameterValue = string | number | boolean | null | readonly unknown[] | { readonly [key: string]: unknown };

/** The tag of the cell that holds the defaults. */
export const PARAMETERS_TAG = "parameters";
/** The tag of the cell podtalk writes with the given values. */
export const INJECTED_PARAMETERS_TAG = "injected-parameters";

/**
 * Parses the value of `-p name=value` as papermill parses `-p name value`: numbers, `true`,
 * `false`, `null` (and Python's `True`, `False`, `None`) and JSON arrays or objects become those
 * values; anything else is a string. Quote a number to keep it a string: `-p port='"80"'`.
 *
 * @example parseParameterValue("3") // 3
 */
export function parseParameterValue(text: string): ParameterValue {
  const trimmed = text.trim();
  const python: Record<string, ParameterValue> = { True: true, False: false, None: null };
  if (trimmed in python) return python[trimmed]!;
  if (/^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|"[\s\S]*"|\[[\s\S]*\]|\{[\s\S]*\})$/.test(trimmed)) {
    let value: ParameterValue;
    try {
      value = JSON.parse(trimmed) as ParameterValue;
    } catch {
      return text; // Not JSON after all: a string.
    }
    assertRepresentable(value, trimmed);
    return value;
  }
  return text;
}

/**
 * Refuses numbers that would not arrive as written: JSON.parse makes 1e400 Infinity (written as
 * `null`) and rounds integers beyond 2^53 (9007199254740993 becomes …992).
 */
function assertRepresentable(value: unknown, text: string): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`the number in ${JSON.stringify(text)} is too large for a double; quote it to pass a string`);
    if (Number.isInteger(value) && !Number.isSafeInteger(value) && /^-?\d+$/.test(text.trim())) {
      throw new Error(`the integer ${text.trim()} is beyond 2^53 and would lose precision; quote it to pass a string`);
    }
  } else if (Array.isArray(value)) for (const v of value) assertRepresentable(v, text);
  else if (typeof value === "object" && value !== null) for (const v of Object.values(value)) assertRepresentable(v, text);
}

/** Words TypeScript and Python do not accept as a variable name. */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package " +
    "private protected public await and as assert async def del elif except from global is lambda nonlocal not or pass raise None True False"
  ).split(" "),
);

/**
 * Parses `name=value` into its parts.
 *
 * @throws Error when there is no `=`, the name is not an identifier or is a reserved word, or a
 *   number would not arrive as written (too large, or an integer beyond 2^53)
 */
export function parseParameterAssignment(text: string): [string, ParameterValue] {
  const at = text.indexOf("=");
  const name = at < 0 ? "" : text.slice(0, at).trim();
  if (at < 0 || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) {
    throw new Error(`expected name=value with an identifier as the name, got ${JSON.stringify(text)}`);
  }
  if (RESERVED.has(name)) throw new Error(`${JSON.stringify(name)} is a reserved word and cannot be a parameter name`);
  return [name, parseParameterValue(text.slice(at + 1))];
}

/**
 * Writes the `injected-parameters` cell into `notebook` (in place): replacing an earlier one,
 * else right after the `parameters` cell, else first. Does nothing without parameters.
 *
 * @returns the 0-based index of the injected cell, or undefined when nothing was injected
 */
export function injectParameters(notebook: Notebook, parameters: Readonly<Record<string, ParameterValue>>): number | undefined {
  const names = Object.keys(parameters);
  if (names.length === 0) return undefined;
  const language = notebookLanguageName(notebook);
  const defaultsIndex = notebook.cells.findIndex((c) => c.cell_type === "code" && cellTags(c).includes(PARAMETERS_TAG));
  const defaults = defaultsIndex >= 0 ? notebook.cells[defaultsIndex]!.source : "";
  const source = [
    language === "python" ? "# Parameters" : "// Parameters",
    ...names.map((name) => assignment(language, name, parameters[name]!, defaults)),
  ].join("\n");
  const existing = notebook.cells.findIndex((c) => cellTags(c).includes(INJECTED_PARAMETERS_TAG));
  const at = existing >= 0 ? existing : defaultsIndex >= 0 ? defaultsIndex + 1 : 0;
  const taken = new Set(notebook.cells.map((c) => c.id));
  if (existing >= 0) taken.delete(notebook.cells[existing]!.id);
  const cell: CodeCell = {
    cell_type: "code",
    // Stable across runs: derived from where it goes and what it says.
    id: deterministicCellId(at, `${INJECTED_PARAMETERS_TAG}\0${source}`, taken),
    metadata: { tags: [INJECTED_PARAMETERS_TAG] },
    source,
    execution_count: null,
    outputs: [],
  };
  notebook.cells.splice(at, existing >= 0 ? 1 : 0, cell);
  return at;
}

function assignment(language: string, name: string, value: ParameterValue, defaults: string): string {
  if (language === "python") return `${name} = ${pythonLiteral(value)}`;
  if (language === "typescript" || language === "javascript") {
    // Redeclare with the keyword the defaults use (the podtalk kernel, like tslab, allows a later
    // cell to redeclare a top-level name); a plain `name = value` would fail for a const.
    const keyword = new RegExp(`\\b(const|let|var)\\s+${name.replace(/\$/g, "\\$")}\\b`).exec(defaults)?.[1] ?? "const";
    return `${keyword} ${name} = ${scriptLiteral(value)};`;
  }
  return `${name} = ${scriptLiteral(value)}`;
}

/**
 * A JavaScript literal for a JSON value: JSON text, except that U+2028/U+2029 are escaped (the
 * TypeScript compiler reads them as line ends inside a string) and a `__proto__` key is written
 * as a computed key, which makes an own property instead of setting the object's prototype.
 */
function scriptLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(scriptLiteral).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${k === "__proto__" ? `[${escapeLineSeparators(JSON.stringify(k))}]` : escapeLineSeparators(JSON.stringify(k))}: ${scriptLiteral(v)}`,
    );
    return `{${entries.join(", ")}}`;
  }
  return escapeLineSeparators(JSON.stringify(value));
}

function escapeLineSeparators(json: string): string {
  return json.replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function pythonLiteral(value: unknown): string {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number" || typeof value === "string") return escapeLineSeparators(JSON.stringify(value));
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v)}`)
    .join(", ")}}`;
}

function notebookLanguageName(notebook: Notebook): string {
  const info = notebook.metadata["language_info"] as { name?: unknown } | undefined;
  const spec = notebook.metadata["kernelspec"] as { language?: unknown } | undefined;
  const name = typeof info?.name === "string" ? info.name : typeof spec?.language === "string" ? spec.language : "typescript";
  return name.toLowerCase();
}

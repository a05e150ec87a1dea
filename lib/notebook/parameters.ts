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
    try {
      return JSON.parse(trimmed) as ParameterValue;
    } catch {
      // Not JSON after all: a string.
    }
  }
  return text;
}

/**
 * Parses `name=value` into its parts.
 *
 * @throws Error when there is no `=` or the name is not an identifier
 */
export function parseParameterAssignment(text: string): [string, ParameterValue] {
  const at = text.indexOf("=");
  const name = at < 0 ? "" : text.slice(0, at).trim();
  if (at < 0 || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) {
    throw new Error(`expected name=value with an identifier as the name, got ${JSON.stringify(text)}`);
  }
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
    return `${keyword} ${name} = ${JSON.stringify(value)};`;
  }
  return `${name} = ${JSON.stringify(value)}`;
}

function pythonLiteral(value: unknown): string {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number" || typeof value === "string") return JSON.stringify(value);
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

/**
 * The structure nbformat 4 requires of a notebook file, checked field by field so that a broken
 * file is reported with every problem at once, each naming the cell and output it is in.
 *
 * @see https://github.com/jupyter/nbformat/blob/main/nbformat/v4/nbformat.v4.5.schema.json
 */

/** A notebook that passed validateNotebookShape, before normalising. */
export type RawNotebook = { nbformat: 4; nbformat_minor: number; metadata: Record<string, unknown>; cells: Record<string, unknown>[] };

const OUTPUT_FIELDS: Record<string, Record<string, "string" | "object" | "array" | "count" | "text">> = {
  stream: { name: "string", text: "text" },
  display_data: { data: "object", metadata: "object" },
  execute_result: { data: "object", metadata: "object", execution_count: "count" },
  error: { ename: "string", evalue: "string", traceback: "array" },
};

/** Checks the structure nbformat 4 requires; returns every problem found, in document order. */
export function validateNotebookShape(raw: unknown): string[] {
  if (!isRecord(raw)) return ["the top level is not a JSON object"];
  const problems: string[] = [];
  if (!("nbformat" in raw)) problems.push('no "nbformat" field');
  else if (raw["nbformat"] !== 4)
    problems.push(
      `"nbformat" is ${JSON.stringify(raw["nbformat"])}; podtalk reads nbformat 4 only (convert with \`jupyter nbconvert --to notebook --nbformat 4\`)`,
    );
  if (!("nbformat_minor" in raw)) problems.push('no "nbformat_minor" field');
  else if (!Number.isInteger(raw["nbformat_minor"])) problems.push('"nbformat_minor" is not an integer');
  if (!("metadata" in raw)) problems.push('no "metadata" field');
  else if (!isRecord(raw["metadata"])) problems.push('"metadata" is not an object');
  else if (tooDeep(raw["metadata"])) problems.push(deepProblem("notebook metadata"));
  if (!("cells" in raw)) {
    problems.push('no "cells" field');
    return problems;
  }
  if (!Array.isArray(raw["cells"])) {
    problems.push('"cells" is not a list');
    return problems;
  }
  const ids = new Map<string, number>();
  raw["cells"].forEach((cell: unknown, i: number) => {
    const where = `cell ${i + 1}`;
    if (!isRecord(cell)) {
      problems.push(`${where} is not an object`);
      return;
    }
    const type = cell["cell_type"];
    if (type === undefined) problems.push(`${where} has no "cell_type"`);
    else if (type !== "code" && type !== "markdown" && type !== "raw") {
      problems.push(`${where} has an unknown "cell_type" ${JSON.stringify(type)} (expected "code", "markdown" or "raw")`);
    }
    if (!("source" in cell)) problems.push(`${where} has no "source"`);
    else if (!isMultiline(cell["source"])) problems.push(`${where} "source" is neither a string nor a list of strings`);
    if ("metadata" in cell && !isRecord(cell["metadata"])) problems.push(`${where} "metadata" is not an object`);
    else if (tooDeep(cell["metadata"])) problems.push(deepProblem(`${where} metadata`));
    if ("id" in cell) {
      const id = cell["id"];
      if (typeof id !== "string" || !/^[a-zA-Z0-9-_]{1,64}$/.test(id)) {
        problems.push(`${where} has an invalid "id" ${JSON.stringify(id)} (1 to 64 of a-z, A-Z, 0-9, - and _)`);
      } else if (ids.has(id)) {
        problems.push(`${where} has the same "id" ${JSON.stringify(id)} as cell ${ids.get(id)! + 1}`);
      } else ids.set(id, i);
    }
    if (type !== "code") return;
    if ("execution_count" in cell && cell["execution_count"] !== null && !Number.isInteger(cell["execution_count"])) {
      problems.push(`${where} "execution_count" is neither an integer nor null`);
    }
    if (!("outputs" in cell)) {
      problems.push(`${where} has no "outputs"`);
      return;
    }
    if (!Array.isArray(cell["outputs"])) {
      problems.push(`${where} "outputs" is not a list`);
      return;
    }
    cell["outputs"].forEach((output: unknown, j: number) => {
      const at = `${where} output ${j + 1}`;
      if (!isRecord(output)) {
        problems.push(`${at} is not an object`);
        return;
      }
      if (tooDeep(output)) {
        problems.push(deepProblem(at));
        return;
      }
      const outputType = output["output_type"];
      if (outputType === undefined) {
        problems.push(`${at} has no "output_type"`);
        return;
      }
      const fields = typeof outputType === "string" ? OUTPUT_FIELDS[outputType] : undefined;
      if (!fields) {
        problems.push(`${at} has an unknown "output_type" ${JSON.stringify(outputType)}`);
        return;
      }
      for (const [field, kind] of Object.entries(fields)) {
        const value = output[field];
        if (value === undefined) {
          if (field === "metadata" || field === "execution_count") continue; // tolerated, filled in
          problems.push(`${at} (${outputType}) has no "${field}"`);
        } else if (kind === "object" && !isRecord(value)) problems.push(`${at} "${field}" is not an object`);
        else if (kind === "array" && !(Array.isArray(value) && value.every((v) => typeof v === "string"))) {
          problems.push(`${at} "${field}" is not a list of strings`);
        } else if (kind === "text" && !isMultiline(value)) {
          problems.push(`${at} "${field}" is neither a string nor a list of strings`);
        } else if (kind === "string" && typeof value !== "string") problems.push(`${at} "${field}" is not a string`);
        else if (kind === "count" && value !== null && !Number.isInteger(value)) {
          problems.push(`${at} "${field}" is neither an integer nor null`);
        }
      }
    });
  });
  return problems;
}

/**
 * How deeply a notebook's metadata or an output may nest: 500 levels. Python's json module, and
 * so nbformat and Jupyter, gives up at about 1,000 (the interpreter's recursion limit), and
 * podtalk's own writer recurses too; past the limit the notebook is refused with this message
 * instead of a stack overflow.
 */
export const MAX_JSON_DEPTH = 500;

/** The message for a part of a notebook nested deeper than MAX_JSON_DEPTH. */
export function deepProblem(what: string): string {
  return `${what} is nested deeper than ${MAX_JSON_DEPTH} levels, which Jupyter cannot read either; flatten it`;
}

/**
 * Whether lists or objects in `value` nest more than `limit` levels deep (`value` itself is level 1).
 * Checked without recursion, so a value nested 100,000 deep cannot overflow the stack.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== "object" || item === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

function tooDeep(value: unknown): boolean {
  return nestedDeeperThan(value, MAX_JSON_DEPTH);
}

function isMultiline(value: unknown): boolean {
  return typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"));
}

/** True for a JSON object (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

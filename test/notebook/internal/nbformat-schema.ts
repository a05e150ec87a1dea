/**
 * Validates notebooks against nbformat's own v4.5 JSON schema (copied from jupyter/nbformat,
 * `nbformat/v4/nbformat.v4.5.schema.json`) with ajv, so no Python is needed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { packageRoot } from "../../../lib/notebook/kernelspec.js";

let validate: (((data: unknown) => boolean) & { errors?: unknown }) | undefined;

/** The schema errors of a notebook's JSON text ([] when valid). */
export function nbformatSchemaErrors(text: string): string[] {
  if (!validate) {
    const schema = JSON.parse(readFileSync(join(packageRoot(), "test", "fixtures", "notebook", "nbformat.v4.5.schema.json"), "utf8")) as Record<
      string,
      unknown
    >;
    // The schema is draft-04; the keywords it uses mean the same in ajv's default draft.
    delete schema["$schema"];
    validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  }
  if (validate(JSON.parse(text))) return [];
  return ((validate.errors ?? []) as { instancePath: string; message?: string }[]).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}

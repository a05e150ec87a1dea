/**
 * Manifest input (YAML text, one object or a list) split into plain objects.
 */
import { parseAllDocuments } from "yaml";
import { ErrorCode, PodtalkError } from "./errors.js";
import { yamlError } from "./messages.js";
import type { ManifestInput } from "./objects.js";

/**
 * Splits manifest input into plain objects. YAML errors throw like kubectl's decoder does and
 * name the document and line.
 */
export function parseManifests(input: ManifestInput): unknown[] {
  if (typeof input !== "string") return Array.isArray(input) ? [...(input as readonly unknown[])] : [input];
  // logLevel "error": the yaml package would print warnings (e.g. about a complex key) to stderr.
  const docs = parseAllDocuments(input, { logLevel: "error" });
  if (!Array.isArray(docs)) return [];
  const out: unknown[] = [];
  docs.forEach((doc, i) => {
    const err = doc.errors[0];
    if (err) {
      const line = err.linePos?.[0].line;
      throw new PodtalkError(ErrorCode.BadRequest, yamlError(line, err.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, ""), i + 1));
    }
    let value: unknown;
    try {
      // The yaml package stops alias bombs ("Excessive alias count") and dangling aliases here.
      value = doc.toJS();
    } catch (e) {
      const problem = e instanceof Error ? e.message.split("\n")[0]! : String(e);
      throw new PodtalkError(ErrorCode.BadRequest, yamlError(undefined, problem, i + 1));
    }
    if (value !== null && value !== undefined) out.push(value);
  });
  return out;
}

/**
 * Manifest input (YAML text, one object or a list) split into plain objects.
 */
import { isMap, isSeq, parseAllDocuments, visit } from "yaml";
import { ErrorCode, PodtalkError } from "./errors.js";
import { requestEntityTooLarge, yamlError } from "./messages.js";
import type { ManifestInput } from "./objects.js";

/**
 * Splits manifest input into plain objects. YAML errors throw like kubectl's decoder does and
 * name the document and line.
 */
export function parseManifests(input: ManifestInput): unknown[] {
  // A String object (what `cluster.manifests()` returns) is YAML text too.
  if (input instanceof String) return parseManifests(input.valueOf());
  if (typeof input !== "string") {
    const objects = Array.isArray(input) ? [...(input as readonly unknown[])] : [input];
    for (const o of objects) checkRequestSize(jsonLength(o));
    return objects;
  }
  // Before parsing: kubectl sends each document as its own request, so each is held to the limit.
  for (const doc of input.split(DOCUMENT_MARKER)) checkRequestSize(doc.length > MAX_REQUEST_BYTES ? doc.length : utf8Length(doc));
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
    // Go's YAML decoder (behind kubectl) cannot use a list or a mapping as a key (yaml.v2's
    // decode.go: "invalid map key"); the yaml package would turn it into a string.
    let complexKey: { line: number | undefined; go: string } | undefined;
    visit(doc, {
      Pair(_, pair) {
        if (complexKey === undefined && (isSeq(pair.key) || isMap(pair.key))) {
          const offset = pair.key.range?.[0];
          const line = offset === undefined ? undefined : input.slice(0, offset).split("\n").length;
          complexKey = { line, go: isSeq(pair.key) ? "[]interface {}{…}" : "map[interface {}]interface {}{…}" };
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (complexKey) throw new PodtalkError(ErrorCode.BadRequest, yamlError(complexKey.line, `invalid map key: ${complexKey.go}`, i + 1));
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

/**
 * The API server's limit on a request body: 3 MiB (`MaxRequestBodyBytes` in
 * staging/src/k8s.io/apiserver/pkg/server/config.go). kubectl sends one request per object.
 */
export const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

/** A line that starts or ends a YAML document (`---` or `...`). */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/m;

function checkRequestSize(bytes: number): void {
  if (bytes > MAX_REQUEST_BYTES) throw new PodtalkError(ErrorCode.RequestEntityTooLarge, requestEntityTooLarge(MAX_REQUEST_BYTES));
}

/** The UTF-8 size of `text` (its length is a lower bound, three times its length an upper one). */
export function utf8Length(text: string): number {
  if (text.length * 3 <= MAX_REQUEST_BYTES) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4; // a surrogate pair: one code point of four bytes
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The size of an object as JSON, the body kubectl would send (0 when it has no JSON form). */
function jsonLength(o: unknown): number {
  try {
    const json = JSON.stringify(o);
    return typeof json === "string" ? utf8Length(json) : 0;
  } catch {
    return 0; // a cycle or a BigInt: validation names the problem
  }
}

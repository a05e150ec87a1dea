/**
 * Object metadata checks (name, namespace, labels) and the string maps labels and annotations become.
 */
import type { FieldError } from "../errors.js";
import type { Labels, ObjectMetaN } from "../objects.js";
import { utf8Length } from "../parse.js";
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isLabelKey, validateLabels } from "./names.js";
import { printable } from "./field-types.js";

/** Checks `metadata` and returns it normalized (namespace defaults to `default`). */
export function validateMeta(kind: string, meta: Record<string, unknown> | undefined, errs: FieldError[]): ObjectMetaN {
  const name = meta?.["name"];
  if (typeof name !== "string" || name === "") {
    errs.push({ field: "metadata.name", type: "Required value", detail: "name or generateName is required" });
  } else {
    // Services and Namespaces become DNS labels; StatefulSet Pods become `<name>-N` hostnames.
    const check = kind === "Service" ? isDNS1035Label : kind === "Namespace" || kind === "StatefulSet" ? isDNS1123Label : isDNS1123Subdomain;
    for (const m of check(name)) errs.push({ field: "metadata.name", type: "Invalid value", value: name, detail: m });
  }
  const namespace = meta?.["namespace"];
  if (namespace !== undefined && (typeof namespace !== "string" || isDNS1123Label(namespace).length > 0)) {
    for (const m of typeof namespace === "string" ? isDNS1123Label(namespace) : ["must be a string"]) {
      errs.push({ field: "metadata.namespace", type: "Invalid value", value: namespace, detail: m });
    }
  }
  validateLabels(meta?.["labels"], "metadata.labels", errs);
  validateAnnotations(meta?.["annotations"], "metadata.annotations", errs);
  return {
    name: typeof name === "string" ? name : "",
    namespace: typeof namespace === "string" && namespace !== "" ? namespace : "default",
    labels: stringMap(meta?.["labels"]),
    annotations: stringMap(meta?.["annotations"]),
  };
}

/** The most bytes an object's annotations (keys and values) may hold: 256 KiB. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/**
 * Checks annotations as apimachinery's ValidateAnnotations does
 * (staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go): each key is a qualified
 * name, checked in lower case; keys and values together hold at most 256 KiB.
 */
export function validateAnnotations(annotations: unknown, path: string, errs: FieldError[]): void {
  if (annotations === undefined || annotations === null) return;
  if (typeof annotations !== "object" || Array.isArray(annotations)) {
    errs.push({ field: path, type: "Invalid value", value: printable(annotations), detail: "must be a map of string keys to string values" });
    return;
  }
  let size = 0;
  for (const [k, v] of Object.entries(annotations as Record<string, unknown>)) {
    for (const m of isLabelKey(k.toLowerCase())) errs.push({ field: path, type: "Invalid value", value: k, detail: m });
    if (typeof v !== "string") {
      errs.push({
        field: `${path}[${k}]`,
        type: "Invalid value",
        value: printable(v),
        detail: "annotation values must be strings (quote numbers and booleans in YAML)",
      });
      continue;
    }
    size += utf8Length(k) + utf8Length(v);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    errs.push({ field: path, type: "Too long", detail: `may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes` });
  }
}

/** The string entries of a map, keys sorted (anything else yields an empty map). */
export function stringMap(v: unknown): Labels {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const k of Object.keys(v).sort()) {
    const val = (v as Record<string, unknown>)[k];
    if (typeof val === "string") out[k] = val;
  }
  return out;
}

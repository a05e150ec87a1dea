/**
 * Object metadata checks (name, namespace, labels) and the string maps labels and annotations become.
 */
import type { FieldError } from "../errors.js";
import type { Labels, ObjectMetaN } from "../objects.js";
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, validateLabels } from "./names.js";

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
  return {
    name: typeof name === "string" ? name : "",
    namespace: typeof namespace === "string" && namespace !== "" ? namespace : "default",
    labels: stringMap(meta?.["labels"]),
    annotations: stringMap(meta?.["annotations"]),
  };
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

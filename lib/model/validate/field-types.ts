/**
 * Type checks for manifest fields: a YAML document can hold any value anywhere, and the checks
 * that follow (name rules, port ranges) assume the types the Kubernetes API declares.
 */
import type { FieldError } from "../errors.js";
import { type FieldType, wrongFieldType } from "../messages.js";

/** The largest value of an int32 field such as `replicas`: the API server cannot decode more. */
export const MAX_INT32 = 2147483647;

/** True when `v` has the JSON type `type` (integers are whole, finite numbers). */
export function hasType(v: unknown, type: FieldType): boolean {
  switch (type) {
    case "string":
      return typeof v === "string";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "boolean":
      return typeof v === "boolean";
    case "list":
      return Array.isArray(v);
    case "object":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    case "intOrString":
      return typeof v === "string" || (typeof v === "number" && Number.isInteger(v));
  }
}

/**
 * Checks an optional field: returns `v` when it is absent (`undefined` or `null`, as the API
 * server treats a YAML `~`) or of the right type; otherwise records the error and returns
 * `undefined`, so later checks see the field as absent.
 */
export function optional<T>(v: unknown, type: FieldType, field: string, errs: FieldError[]): T | undefined {
  if (v === undefined || v === null) return undefined;
  if (hasType(v, type)) return v as T;
  errs.push({ field, type: "Invalid value", value: printable(v), detail: wrongFieldType(type) });
  return undefined;
}

/** A list of strings at `field` (absent: `undefined`); wrong items are reported one by one and dropped. */
export function optionalStrings(v: unknown, field: string, errs: FieldError[]): string[] | undefined {
  const list = optional<unknown[]>(v, "list", field, errs);
  if (!list) return undefined;
  const out: string[] = [];
  list.forEach((item, i) => {
    if (typeof item === "string") out.push(item);
    else errs.push({ field: `${field}[${i}]`, type: "Invalid value", value: printable(item), detail: wrongFieldType("string") });
  });
  return out;
}

/** A value as an error message may show it: short, and never a huge structure. */
export function printable(v: unknown): unknown {
  if (typeof v === "object" && v !== null) return { goLiteral: Array.isArray(v) ? "[]interface {}{…}" : "map[string]interface {}{…}" };
  if (typeof v === "string" && v.length > 64) return `${v.slice(0, 64)}…`;
  if (typeof v === "bigint" || typeof v === "symbol" || typeof v === "function") return { goLiteral: typeof v };
  return v;
}

/**
 * The text a kernel prints for a plain value: Node's `util.inspect` for what `console.log` and a
 * cell's result show when the value has no display bundle. A small rendition of it for the
 * browser (strings quoted with single quotes, objects as `{ a: 1 }`, arrays as `[ 1, 2 ]`, an
 * object's own `Symbol.for("nodejs.util.inspect.custom")` text first), enough for the values
 * cells print; podtalk's own objects carry their text themselves.
 * @see https://nodejs.org/api/util.html#utilinspectobject-options
 */
import { INSPECT_CUSTOM } from "../render/mime.js";

/** `value` as Node's inspect shows it (depth 2, on one line). */
export function inspect(value: unknown, depth = 2): string {
  switch (typeof value) {
    case "string":
      return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "undefined":
      return "undefined";
    case "boolean":
      return String(value);
    case "symbol":
      return value.toString();
    case "function":
      return value.name ? `[Function: ${value.name}]` : "[Function (anonymous)]";
    default:
      break;
  }
  if (value === null) return "null";
  const object = value as Record<string | symbol, unknown>;
  const custom = object[INSPECT_CUSTOM];
  if (typeof custom === "function") {
    const shown: unknown = (custom as (d: number, o: object) => unknown).call(value, depth, {});
    return typeof shown === "string" ? shown : inspect(shown, depth);
  }
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (depth < 0) return Array.isArray(value) ? "[Array]" : "[Object]";
  if (Array.isArray(value)) return value.length === 0 ? "[]" : `[ ${value.map((v) => inspect(v, depth - 1)).join(", ")} ]`;
  if (value instanceof Map)
    return `Map(${value.size}) {${value.size ? ` ${[...value].map(([k, v]) => `${inspect(k, depth - 1)} => ${inspect(v, depth - 1)}`).join(", ")} ` : ""}}`;
  if (value instanceof Set) return `Set(${value.size}) {${value.size ? ` ${[...value].map((v) => inspect(v, depth - 1)).join(", ")} ` : ""}}`;
  const keys = Object.keys(object);
  const ctor = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  const prefix = ctor && ctor !== "Object" ? `${ctor} ` : Object.getPrototypeOf(value) === null ? "[Object: null prototype] " : "";
  if (keys.length === 0) return `${prefix}{}`;
  const key = (k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : inspect(k));
  return `${prefix}{ ${keys.map((k) => `${key(k)}: ${inspect(object[k], depth - 1)}`).join(", ")} }`;
}

/** What `console.log(...values)` prints: strings as they are, anything else inspected, joined by spaces. */
export function formatLog(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === "string" ? v : inspect(v))).join(" ");
}

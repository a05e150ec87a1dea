/**
 * Type checks for the arguments of `Cluster`'s methods. A notebook is JavaScript as often as
 * TypeScript, so a wrong argument must end in a PodtalkError that names it, never in a TypeError
 * from deep inside the engine.
 */
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { badArgument, describeValue } from "../model/messages.js";

export { describeValue };

/** The types an argument or option can be expected to have, with how a message describes them. */
type Expected = { readonly check: (v: unknown) => boolean; readonly text: string };

/** A string, `example` showing one. */
export const aString = (example: string): Expected => ({ check: (v) => typeof v === "string", text: `a string such as ${JSON.stringify(example)}` });
/** `true` or `false`. */
export const aBoolean: Expected = { check: (v) => typeof v === "boolean", text: "true or false" };
/** A whole number (`Number.isInteger`). */
export const aNumber: Expected = { check: (v) => typeof v === "number" && Number.isInteger(v), text: "a whole number such as 20" };
/** A list of strings. */
export const aStringList: Expected = { check: (v) => Array.isArray(v) && v.every((x) => typeof x === "string"), text: "a list of strings" };

/** A label selector: kubectl's `-l` text, or an object of label keys to string values (matchLabels). */
export const aSelector = (example: string): Expected => ({
  check: (v) => typeof v === "string" || (typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string")),
  text: `a selector such as ${JSON.stringify(example)} or { app: "api" }`,
});

/** Throws unless `value` (argument `param` of `call`) is `expected`; `undefined` passes when `optional`. */
export function checkArgument(call: string, param: string, value: unknown, expected: Expected, optional = false): void {
  if (optional && value === undefined) return;
  if (!expected.check(value)) throw new PodtalkError(ErrorCode.BadRequest, badArgument(call, param, expected.text, describeValue(value)));
}

/**
 * Checks an options object (`undefined` means no options) and each of its known fields; returns
 * it, or `{}`.
 */
export function checkOptions<T extends object>(call: string, options: unknown, fields: Readonly<Record<string, Expected>>): T {
  if (options === undefined) return {} as T;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new PodtalkError(ErrorCode.BadRequest, badArgument(call, "options", 'an object such as { namespace: "default" }', describeValue(options)));
  }
  for (const [field, expected] of Object.entries(fields)) {
    checkArgument(call, `options.${field}`, (options as Record<string, unknown>)[field], expected, true);
  }
  return options as T;
}

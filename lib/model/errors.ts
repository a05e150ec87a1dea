/**
 * The error family podtalk throws for bad input. Network outcomes are never errors: a refused
 * connection or NXDOMAIN is a Trace.
 */

/** Why an operation was rejected, in the API server's vocabulary. */
export const ErrorCode = {
  Invalid: "Invalid",
  NotFound: "NotFound",
  AlreadyExists: "AlreadyExists",
  BadRequest: "BadRequest",
  RangeFull: "RangeFull",
  RequestEntityTooLarge: "RequestEntityTooLarge",
  /** A notebook's `check()` found that a claim it verifies no longer holds (not an API server reason). */
  CheckFailed: "CheckFailed",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem with one field, as apimachinery's `field.Error` prints it. */
export interface FieldError {
  /** The field path, e.g. `spec.ports[0].port`. */
  readonly field: string;
  /** `Invalid value`, `Required value`, `Unsupported value`, `Duplicate value`, `Forbidden`, `Too long`. */
  readonly type: "Invalid value" | "Required value" | "Unsupported value" | "Duplicate value" | "Forbidden" | "Too long";
  /**
   * The offending value, when the error type shows one. `{ goLiteral }` is printed verbatim, as
   * the API server prints Go values with `%#v`.
   */
  readonly value?: unknown;
  readonly detail: string;
}

/** The single error class podtalk throws for invalid input; `code` says which kind of failure. */
export class PodtalkError extends Error {
  override readonly name = "PodtalkError";
  readonly code: ErrorCode;
  /** For `Invalid`: every field problem found, not just the first. */
  readonly causes: readonly FieldError[];

  constructor(code: ErrorCode, message: string, causes: readonly FieldError[] = []) {
    super(message);
    this.code = code;
    this.causes = causes;
  }
}

/** Formats one field error exactly as apimachinery's `(*field.Error).Error()` does. */
export function formatFieldError(e: FieldError): string {
  // Like Required and Forbidden, a "Too long" error never prints the (long) value.
  if (e.type === "Required value" || e.type === "Forbidden" || e.type === "Too long") {
    return e.detail ? `${e.field}: ${e.type}: ${e.detail}` : `${e.field}: ${e.type}`;
  }
  const value = formatValue(e.value);
  return e.detail ? `${e.field}: ${e.type}: ${value}: ${e.detail}` : `${e.field}: ${e.type}: ${value}`;
}

function formatValue(v: unknown): string {
  if (typeof v === "object" && v !== null && "goLiteral" in v) return String((v as { goLiteral: unknown }).goLiteral);
  if (typeof v === "string") return JSON.stringify(v);
  if (v === undefined || v === null) return "null";
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  try {
    return JSON.stringify(v) ?? typeof v;
  } catch {
    return typeof v; // a cycle, or a BigInt inside: name the type rather than fail
  }
}

/**
 * The error kubectl prints when the API server rejects an object as invalid (HTTP 422):
 * `The Service "1st-svc" is invalid: metadata.name: Invalid value: ...`, or one `* cause` line
 * per problem when there are several.
 */
export function invalidObjectError(kind: string, name: string, causes: readonly FieldError[]): PodtalkError {
  const lines = causes.map(formatFieldError);
  const message =
    lines.length === 1 ? `The ${kind} "${name}" is invalid: ${lines[0]}` : `The ${kind} "${name}" is invalid: \n${lines.map((l) => `* ${l}`).join("\n")}`;
  return new PodtalkError(ErrorCode.Invalid, message, causes);
}

/** `Error from server (NotFound): pods "x" not found`, with an optional hint after it. */
export function notFoundError(resource: string, name: string, hint?: string): PodtalkError {
  const base = `Error from server (NotFound): ${resource} "${name}" not found`;
  return new PodtalkError(ErrorCode.NotFound, hint ? `${base}. ${hint}` : base);
}

/**
 * Strict field validation, as the API server decodes a request body when kubectl asks for it
 * (`--validate=strict`, kubectl's default since v1.27; KEP-2885): a field the kind does not
 * declare is refused, every one of them named by its JSON path, before any other check.
 *
 * The known fields come from the kubernetes-types package's declarations, turned into
 * `../generated/field-schema.ts` by scripts/field-schema.cjs when podtalk is built.
 */
import { FIELD_TYPES, KIND_TYPES } from "../generated/field-schema.js";

/** One field the kind does not declare, with the closest field it does, if any is close. */
export interface UnknownField {
  /** The JSON path, as the API server prints it: `spec.ports[0].targetport`. */
  readonly path: string;
  /** A declared field of the same object the name is probably a typo of. */
  readonly suggestion?: string;
}

/** The fields of `obj` (a `kind` manifest) no Kubernetes type declares, in document order. */
export function unknownFields(kind: string, obj: Readonly<Record<string, unknown>>): UnknownField[] {
  const type = Object.hasOwn(KIND_TYPES, kind) ? KIND_TYPES[kind] : undefined;
  const out: UnknownField[] = [];
  if (type !== undefined) walk(type, obj, "", out);
  return out;
}

/**
 * Checks `value` against an encoded field type (see the generated file's header). A value of the
 * wrong JSON type is left to the type checks of the validators, which name it. The types reachable
 * from podtalk's kinds refer to no type that contains them, so a JavaScript object with a cycle
 * ends at an unknown field instead of looping.
 */
function walk(type: string, value: unknown, path: string, out: UnknownField[]): void {
  if (type === "" || type === "[]" || type === "{}" || typeof value !== "object" || value === null) return;
  if (type.endsWith("[]")) {
    if (!Array.isArray(value)) return;
    const element = type.slice(0, -2);
    for (const [i, v] of value.entries()) walk(element, v, `${path}[${i}]`, out);
    return;
  }
  if (Array.isArray(value)) return;
  const entries = Object.entries(value as Record<string, unknown>);
  if (type.startsWith("{")) {
    const inner = type.slice(1, -1);
    for (const [k, v] of entries) walk(inner, v, join(path, k), out);
    return;
  }
  const fields = FIELD_TYPES[type];
  if (fields === undefined) return;
  for (const [k, v] of entries) {
    const p = join(path, k);
    if (Object.hasOwn(fields, k)) walk(fields[k]!, v, p, out);
    else {
      const suggestion = closest(k, Object.keys(fields));
      out.push(suggestion === undefined ? { path: p } : { path: p, suggestion });
    }
  }
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/**
 * The declared field `name` is most likely a typo of: one that differs only in case, or else the
 * nearest within an edit distance of 2 (1 for names of up to 4 letters, so that `foo` suggests
 * nothing); the first declared one on a tie.
 */
export function closest(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  const limit = name.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const k of known) {
    if (Math.abs(k.length - name.length) > limit) continue;
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, counting a swap of two neighbouring letters as one edit. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

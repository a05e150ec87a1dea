/**
 * Freezing the plain data the accessors return: a copy a notebook can read and keep, never a live
 * engine record, and frozen all the way down so that an assignment changes nothing (and throws in
 * strict mode, which TypeScript cells and ES modules run in).
 */

/** Freezes `value` and every object and array inside it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Locale-independent ordering: everything that reaches output sorts by code units, so every
 * machine prints the same order.
 */

/** Plain code-unit comparison (locale-independent, so every machine sorts alike). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders objects by name. */
export function byName(a: { name: string }, b: { name: string }): number {
  return compareText(a.name, b.name);
}

/** Orders namespaced objects by namespace, then name (kubectl's order). */
export function byNamespaceName(a: { namespace: string; name: string }, b: { namespace: string; name: string }): number {
  return compareText(a.namespace, b.namespace) || compareText(a.name, b.name);
}

/** A map's values in one namespace or all, sorted by namespace then name. */
export function sortedValues<T extends { namespace: string; name: string }>(map: ReadonlyMap<string, T>, namespace: string | undefined): T[] {
  return [...map.values()].filter((v) => namespace === undefined || v.namespace === namespace).sort(byNamespaceName);
}

/**
 * Label indexes: namespace → `key=value` → object keys, so that a selector finds its Pods (and a
 * Pod its Services) without scanning every object. The pair strings of a label map are memoized:
 * Pods of one template share the map.
 */
import type { Labels } from "../../model/objects.js";
import type { Journal } from "./journal.js";

/** namespace → `key=value` → keys of the objects carrying that label (or selecting it). */
export type LabelIndex = Map<string, Map<string, Set<string>>>;

/** What an index holds for a pair no object has. */
export const NO_KEYS: ReadonlySet<string> = new Set();

const pairCache = new WeakMap<object, readonly string[]>();
/** The label map asked for last, and its pairs: Pods of one template come one after another. */
let lastPairs: { readonly labels: object | undefined; readonly pairs: readonly string[] } = { labels: undefined, pairs: [] };

/** A label map's `key=value` strings; Pods of one template share the map, so this is computed once. */
export function labelPairs(labels: Labels): readonly string[] {
  if (labels === lastPairs.labels) return lastPairs.pairs;
  let pairs = pairCache.get(labels);
  if (!pairs) {
    pairs = Object.keys(labels).map((k) => `${k}=${labels[k]}`);
    pairCache.set(labels, pairs);
  }
  lastPairs = { labels, pairs };
  return pairs;
}

/** True when every set after the first holds `k` (a key taken from the first). */
export function inOthers(sets: readonly ReadonlySet<string>[], k: string): boolean {
  for (let i = 1; i < sets.length; i++) if (!sets[i]!.has(k)) return false;
  return true;
}

/** The set an index holds for a namespace and pair, an empty one made (journaled) if there is none. */
export function indexSet(j: Journal, index: LabelIndex, namespace: string, pair: string): Set<string> {
  let byPair = index.get(namespace);
  if (!byPair) {
    byPair = new Map();
    j.set(index, namespace, byPair);
  }
  let set = byPair.get(pair);
  if (!set) {
    set = new Set();
    j.set(byPair, pair, set);
  }
  return set;
}

/** Removes `value` from the set of a namespace and pair (journaled), if the set exists. */
export function removeFromIndex(j: Journal, index: LabelIndex, namespace: string, pair: string, value: string): void {
  const set = index.get(namespace)?.get(pair);
  if (set) j.remove(set, value);
}

/**
 * For each `key=value` of a selector, the keys in `namespace` carrying it, smallest set first: an
 * object matches when every set holds it.
 */
export function labelSets(index: LabelIndex, namespace: string, selector: Labels): ReadonlySet<string>[] {
  const byPair = index.get(namespace);
  const sets: ReadonlySet<string>[] = [];
  for (const pair of labelPairs(selector)) {
    // Insert in size order, after sets of the same size (selectors have few pairs).
    const set = byPair?.get(pair) ?? NO_KEYS;
    let at = sets.length;
    sets.push(set);
    for (; at > 0 && sets[at - 1]!.size > set.size; at--) sets[at] = sets[at - 1]!;
    sets[at] = set;
  }
  return sets;
}

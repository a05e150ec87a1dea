/**
 * Hints for a Pod name that finds nothing: the Pod was deleted and its controller made another
 * (say which, when, and how to reach the workload's current Pod), or the name is a typo of a
 * Pod that exists (the closest names). kubectl's NotFound text stays as it is; podtalk adds these.
 */
import { BOOTSTRAP_AGE } from "./clock.js";
import { sortedValues } from "./internal/compare-text.js";
import type { PodSpan, PodState } from "./state.js";
import { key } from "./store/keys.js";
import type { ObjectStore } from "./store/object-store.js";

/** The workload a controller-made Pod belongs to, as an exec target (`deploy/api`, `sts/db`, `ds/x`), with its kind's word. */
function workloadOf(store: ObjectStore, namespace: string, base: string): { target: string; word: string } | undefined {
  const rs = store.replicaSets.get(key(namespace, base));
  if (rs?.owner?.kind === "Deployment") return { target: `deploy/${rs.owner.name}`, word: "Deployment" };
  if (rs) return { target: `rs/${rs.name}`, word: "ReplicaSet" };
  if (store.daemonSets.has(key(namespace, base))) return { target: `ds/${base}`, word: "DaemonSet" };
  return undefined;
}

/** The Pods the same workload runs now (the Deployment's, across its ReplicaSets), oldest first. */
function currentPodsOf(store: ObjectStore, namespace: string, base: string): PodState[] {
  const rs = store.replicaSets.get(key(namespace, base));
  const owners = new Set<string>();
  if (rs?.owner?.kind === "Deployment") {
    for (const r of sortedValues(store.replicaSets, namespace)) if (r.owner?.uid === rs.owner.uid) owners.add(r.uid);
  } else if (rs) owners.add(rs.uid);
  const ds = store.daemonSets.get(key(namespace, base));
  if (ds) owners.add(ds.uid);
  return sortedValues(store.pods, namespace)
    .filter((p) => p.owner !== undefined && owners.has(p.owner.uid) && p.deletion === undefined)
    .sort((a, b) => a.creation - b.creation);
}

/**
 * `(podtalk: <name> was replaced by <new> at 45s; use deploy/api to reach the Deployment's current
 * Pod)` for a Pod that was deleted (times as the timeline prints them, from the start of the notebook).
 */
export function replacedHint(store: ObjectStore, spans: readonly PodSpan[], name: string, namespace: string): string | undefined {
  const gone = spans.filter((s) => s.name === name && s.namespace === namespace && (s.terminating !== undefined || s.removed !== undefined)).at(-1);
  if (!gone || store.pods.has(key(namespace, name))) return undefined;
  const when = gone.terminating ?? gone.removed!;
  const base = name.slice(0, name.lastIndexOf("-"));
  const workload = workloadOf(store, namespace, base);
  const successors = currentPodsOf(store, namespace, base).filter((p) => p.creation >= when);
  const at = `${Math.max(0, when - BOOTSTRAP_AGE)}s`;
  const reach = workload ? `; use ${workload.target} to reach the ${workload.word}'s current Pod` : "";
  if (successors.length === 0) return `(podtalk: ${name} was deleted at ${at}${reach})`;
  return `(podtalk: ${name} was replaced by ${successors[0]!.name} at ${at}${reach})`;
}

/** Edit distance (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

/** `Did you mean "api-7c9d8b6f5-2xk4q"?` with the closest of `names` (at most a few edits away), or undefined. */
export function closestNamesHint(name: string, names: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 4));
  const scored = names.map((n) => ({ name: n, d: distance(name, n) })).filter((x) => x.d <= limit);
  if (scored.length === 0) return undefined;
  const best = Math.min(...scored.map((x) => x.d));
  const closest = scored.filter((x) => x.d === best).slice(0, 3);
  return `Did you mean ${closest.map((x) => `"${x.name}"`).join(", ")}?`;
}

/** `Did you mean "api-7c9d8b6f5-2xk4q"?` with the closest Pod names of the namespace, or undefined. */
export function typoHint(store: ObjectStore, name: string, namespace: string): string | undefined {
  return closestNamesHint(
    name,
    sortedValues(store.pods, namespace).map((p) => p.name),
  );
}

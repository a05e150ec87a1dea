/**
 * The ReplicaSet controller: adopt matching orphans, then create or delete Pods until the active
 * count matches `replicas`.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/
 */
import { matchesSelector } from "../../model/selectors.js";
import { compareText } from "../internal/compare-text.js";
import { isPodReady } from "../kubelet/pod-status.js";
import { generateName } from "../names.js";
import type { OwnerRef, PodState, ReplicaSetState } from "../state.js";
import { key } from "../store/keys.js";
import { inOthers } from "../store/label-index.js";
import type { ControllerContext } from "./context.js";

/** Brings the ReplicaSet stored under `k` to its replica count. */
export function syncReplicaSet(ctx: ControllerContext, k: string): void {
  const { store, events, pods } = ctx;
  const rs = store.replicaSets.get(k);
  if (!rs) return;
  adoptOrphans(ctx, rs);
  const active = store.podsOf(rs.uid).filter((p) => p.deletion === undefined && p.phase !== "Succeeded" && p.phase !== "Failed");
  const owner: OwnerRef = { kind: "ReplicaSet", name: rs.name, uid: rs.uid };
  const base = `${rs.name}-`;
  const obj = `replicaset/${rs.name}`;
  if (active.length < rs.replicas) {
    // Count where this ReplicaSet's Pods run once; each new Pod adds itself.
    const spread = pods.countOwned(owner);
    try {
      for (let i = active.length; i < rs.replicas; i++) {
        const name = uniquePodName(ctx, base, rs.namespace);
        pods.createPod(name, rs.namespace, rs.template.labels, rs.template.annotations, rs.template.spec, owner, undefined, spread);
        events.record(rs.namespace, "Normal", "SuccessfulCreate", obj, `Created pod: ${name}`);
      }
    } finally {
      spread.clear();
    }
  }
  if (active.length > rs.replicas) {
    // The controller deletes the least valuable first: unscheduled, then not ready, then the youngest.
    const rank = (p: PodState) => (p.nodeName === undefined ? 0 : isPodReady(p) ? 2 : 1);
    const victims = active.sort((a, b) => rank(a) - rank(b) || b.creation - a.creation || compareText(b.name, a.name)).slice(0, active.length - rs.replicas);
    for (const pod of victims) {
      pods.terminatePod(pod);
      events.record(rs.namespace, "Normal", "SuccessfulDelete", obj, `Deleted pod: ${pod.name}`);
    }
  }
}

/**
 * Bare Pods (no owner) in the ReplicaSet's namespace that its selector matches become its own,
 * as the controller's ref manager adopts them.
 */
function adoptOrphans(ctx: ControllerContext, rs: ReplicaSetState): void {
  const { store } = ctx;
  const sets = store.podLabelSets(rs.namespace, rs.selector.matchLabels);
  if (sets.length === 0) return;
  // Usually every matching Pod is this ReplicaSet's already: look before sorting anything.
  const own = store.podsByOwner.get(rs.uid);
  const orphans: string[] = [];
  for (const pk of sets[0]!) {
    if (own?.has(pk)) continue;
    const pod = store.pods.get(pk)!;
    if (pod.owner || pod.deletion !== undefined || pod.phase === "Failed" || pod.phase === "Succeeded") continue;
    if (!inOthers(sets, pk) || !matchesSelector(rs.selector, pod.labels)) continue;
    orphans.push(pk);
  }
  if (orphans.length === 0) return;
  for (const pk of orphans.sort()) {
    const pod = store.pods.get(pk)!;
    ctx.pods.setPod({ ...pod, owner: { kind: "ReplicaSet", name: rs.name, uid: rs.uid } });
  }
}

/** `base` + a random suffix no Pod of the namespace holds. */
function uniquePodName(ctx: ControllerContext, base: string, namespace: string): string {
  for (;;) {
    const name = generateName(base, ctx.rng.names);
    if (!ctx.store.pods.has(key(namespace, name))) return name;
  }
}

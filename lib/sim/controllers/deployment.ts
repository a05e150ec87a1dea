/**
 * The Deployment controller's rolling update: surge the new ReplicaSet up to maxSurge above the
 * desired count, drain old ReplicaSets while at least replicas − maxUnavailable Pods are ready.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/deployment/rolling.go
 */
import type { IntOrPercent } from "../../model/objects.js";
import { compareText } from "../internal/compare-text.js";
import { isPodReady } from "../kubelet/pod-status.js";
import { generateUID } from "../names.js";
import type { ReplicaSetState } from "../state.js";
import { key } from "../store/keys.js";
import { NO_KEYS } from "../store/label-index.js";
import type { ControllerContext } from "./context.js";

/** `maxSurge`/`maxUnavailable` as a number of Pods (percentages round up for surge, down for unavailable). */
export function resolveIntOrPercent(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === "number") return value;
  const pct = Number(value.slice(0, -1));
  const raw = (pct * total) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

/**
 * The revision a Deployment's new ReplicaSet takes: one more than the highest of its other
 * ReplicaSets (deploymentutil.MaxRevision over the old ones, in pkg/controller/deployment/sync.go).
 */
function nextRevision(store: ControllerContext["store"], owner: string, newKey: string): number {
  let max = 0;
  for (const rk of store.replicaSetsByOwner.get(owner) ?? NO_KEYS) {
    if (rk === newKey) continue;
    max = Math.max(max, store.replicaSets.get(rk)?.revision ?? 0);
  }
  return max + 1;
}

/** Brings the Deployment stored under `k` one step closer to its template and replica count. */
export function syncDeployment(ctx: ControllerContext, k: string): void {
  const { store, tx, clock, events, queues } = ctx;
  const d = store.deployments.get(k);
  if (!d) return;
  const rsName = `${d.name}-${d.templateHash}`;
  const rsKey = key(d.namespace, rsName);
  let rs = store.replicaSets.get(rsKey);
  if (!rs) {
    const labels = { ...d.template.labels, "pod-template-hash": d.templateHash };
    rs = {
      uid: generateUID(ctx.rng.uids),
      name: rsName,
      namespace: d.namespace,
      labels,
      owner: { kind: "Deployment", name: d.name, uid: d.uid },
      replicas: 0,
      selector: { matchLabels: { ...d.selector.matchLabels, "pod-template-hash": d.templateHash }, matchExpressions: d.selector.matchExpressions },
      template: { ...d.template, labels },
      templateHash: d.templateHash,
      creation: clock.now,
      source: undefined,
      revision: nextRevision(store, d.uid, rsKey),
      ...(d.changeCause !== undefined ? { changeCause: d.changeCause } : {}),
    };
    tx.j.set(store.replicaSets, rsKey, rs);
    let owned = store.replicaSetsByOwner.get(d.uid);
    if (!owned) {
      owned = new Set();
      tx.j.set(store.replicaSetsByOwner, d.uid, owned);
    }
    tx.j.add(owned, rsKey);
  } else {
    // getNewReplicaSet (sync.go): a re-used ReplicaSet (a rollback) takes the next revision, and the
    // Deployment's change-cause follows it (SetNewReplicaSetAnnotations).
    const revision = nextRevision(store, d.uid, rsKey);
    if ((rs.revision ?? 0) < revision || rs.changeCause !== d.changeCause) {
      const { changeCause: _, ...rest } = rs;
      const updated = (rs.revision ?? 0) < revision ? { ...rest, revision } : rest;
      rs = d.changeCause !== undefined ? { ...updated, changeCause: d.changeCause } : updated;
      tx.j.set(store.replicaSets, rsKey, rs);
    }
  }
  const owned: ReplicaSetState[] = [];
  for (const rk of store.replicaSetsByOwner.get(d.uid) ?? NO_KEYS) {
    const r = store.replicaSets.get(rk);
    if (r) owned.push(r);
  }
  const oldActive = owned.filter((r) => r.name !== rsName && r.replicas > 0);
  const scale = (target: ReplicaSetState, replicas: number) => {
    if (target.replicas === replicas) return;
    tx.j.set(store.replicaSets, key(target.namespace, target.name), { ...target, replicas });
    queues.replicaSets.add(key(target.namespace, target.name));
    events.record(
      d.namespace,
      "Normal",
      "ScalingReplicaSet",
      `deployment/${d.name}`,
      `Scaled ${replicas > target.replicas ? "up" : "down"} replica set ${target.name} from ${target.replicas} to ${replicas}`,
    );
  };
  if (oldActive.length === 0) {
    scale(rs, d.replicas);
    return;
  }
  const surge = resolveIntOrPercent(d.maxSurge, d.replicas, true);
  let unavailable = resolveIntOrPercent(d.maxUnavailable, d.replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  const total = owned.reduce((n, r) => n + r.replicas, 0);
  if (rs.replicas < d.replicas && total < d.replicas + surge) {
    scale(rs, rs.replicas + Math.min(d.replicas + surge - total, d.replicas - rs.replicas));
    rs = store.replicaSets.get(rsKey)!;
  }
  const ready = owned.flatMap((r) => store.podsOf(r.uid)).filter((p) => isPodReady(p)).length;
  let canRemove = ready - (d.replicas - unavailable);
  // Old Pods that are not ready can always go: removing them does not lower availability.
  for (const r of oldActive.sort((a, b) => a.creation - b.creation || compareText(a.name, b.name))) {
    const unready = store.podsOf(r.uid).filter((p) => p.deletion === undefined && !isPodReady(p)).length;
    const remove = Math.min(r.replicas, Math.max(0, canRemove) + unready);
    if (remove <= 0) continue;
    scale(r, r.replicas - remove);
    canRemove -= Math.max(0, remove - unready);
  }
}

/**
 * `kubectl delete` on the API server's side: Pods go Terminating for their grace period,
 * deleting a workload deletes its Pods (and a Deployment its ReplicaSets), deleting a Namespace
 * deletes everything in it and the namespace controller removes it once its Pods are gone.
 */
import { ErrorCode, PodtalkError, notFoundError } from "../../model/errors.js";
import { resourceOf } from "../../model/kinds.js";
import { deletedLine, serverManagedNotDeletable, systemDaemonSetNotDeletable, namespaceUndeletable, unknownResourceType } from "../../model/messages.js";
import type { ObjectN } from "../../model/objects.js";
import { resourceFor, type Resource } from "../../model/resources.js";
import { sortedValues } from "../internal/compare-text.js";
import { key } from "../store/keys.js";
import { requirePod } from "../targets.js";
import type { ApiServerContext } from "./context.js";
import { deleteService } from "./services.js";
import { deleteNetworkPolicy } from "./network-policies.js";

/** The resources `delete()` accepts (by any of kubectl's names), and their kinds. */
const DELETE_KINDS: Readonly<Partial<Record<Resource, ObjectN["kind"]>>> = {
  pods: "Pod",
  deployments: "Deployment",
  replicasets: "ReplicaSet",
  statefulsets: "StatefulSet",
  daemonsets: "DaemonSet",
  services: "Service",
  namespaces: "Namespace",
  networkpolicies: "NetworkPolicy",
};

/** kubeadm's namespaces, which the API server refuses to delete. */
const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

/** The kind a kubectl resource name means for `delete`, or BadRequest. */
export function deletableKind(kind: string): ObjectN["kind"] {
  const resource = resourceFor(kind);
  if (resource === "servicecidrs" || resource === "ipaddresses") throw new PodtalkError(ErrorCode.BadRequest, serverManagedNotDeletable(resource));
  const k = resource === undefined ? undefined : DELETE_KINDS[resource];
  if (!k) throw new PodtalkError(ErrorCode.BadRequest, unknownResourceType(kind, "deletes", Object.values(DELETE_KINDS)));
  return k;
}

/** Deletes one object of kind `k`; kubectl's line, e.g. `deployment.apps "web" deleted from default namespace`. */
export function deleteObject(ctx: ApiServerContext, k: ObjectN["kind"], name: string, namespace: string): string {
  const { store, tx } = ctx;
  switch (k) {
    case "Pod":
      ctx.pods.terminatePod(requirePod(store, name, namespace));
      break;
    case "Deployment": {
      const d = store.deployments.get(key(namespace, name));
      if (!d) throw notFoundError("deployments.apps", name);
      tx.j.delete(store.deployments, key(namespace, name));
      for (const rk of store.replicaSetsByOwner.get(d.uid) ?? []) {
        const rs = store.replicaSets.get(rk);
        if (rs) {
          tx.j.delete(store.replicaSets, rk);
          terminateOwnedPods(ctx, rs.uid);
        }
      }
      break;
    }
    case "ReplicaSet": {
      const rs = store.replicaSets.get(key(namespace, name));
      if (!rs) throw notFoundError("replicasets.apps", name);
      tx.j.delete(store.replicaSets, key(namespace, name));
      terminateOwnedPods(ctx, rs.uid);
      break;
    }
    case "StatefulSet": {
      const sts = store.statefulSets.get(key(namespace, name));
      if (!sts) throw notFoundError("statefulsets.apps", name);
      tx.j.delete(store.statefulSets, key(namespace, name));
      terminateOwnedPods(ctx, sts.uid);
      break;
    }
    case "DaemonSet": {
      const ds = store.daemonSets.get(key(namespace, name));
      if (!ds) throw notFoundError("daemonsets.apps", name);
      if (ds.source === undefined) throw new PodtalkError(ErrorCode.BadRequest, systemDaemonSetNotDeletable(name));
      tx.j.delete(store.daemonSets, key(namespace, name));
      terminateOwnedPods(ctx, ds.uid);
      break;
    }
    case "Service":
      deleteService(ctx, name, namespace);
      break;
    case "Namespace":
      deleteNamespace(ctx, name);
      break;
    case "NetworkPolicy":
      deleteNetworkPolicy(ctx, name, namespace);
      break;
  }
  return deletedLine(resourceOf(k), name, k === "Namespace" ? undefined : namespace);
}

/** Marks the Pods a workload owned Terminating (the workload is gone already). */
function terminateOwnedPods(ctx: ApiServerContext, uid: string): void {
  for (const pod of ctx.store.podsOwnedBy(uid)) ctx.pods.terminatePod(pod);
}

/** Marks a Namespace Terminating and deletes everything in it. */
function deleteNamespace(ctx: ApiServerContext, name: string): void {
  const { store, tx, clock } = ctx;
  const ns = store.namespaces.get(name);
  if (!ns) throw notFoundError("namespaces", name);
  if (SYSTEM_NAMESPACES.includes(name)) throw new PodtalkError(ErrorCode.BadRequest, namespaceUndeletable(name));
  if (ns.deletion !== undefined) return;
  tx.j.set(store.namespaces, name, { ...ns, deletion: clock.now });
  for (const d of sortedValues(store.deployments, name)) tx.j.delete(store.deployments, key(name, d.name));
  for (const s of sortedValues(store.statefulSets, name)) tx.j.delete(store.statefulSets, key(name, s.name));
  for (const d of sortedValues(store.daemonSets, name)) tx.j.delete(store.daemonSets, key(name, d.name));
  for (const r of sortedValues(store.replicaSets, name)) tx.j.delete(store.replicaSets, key(name, r.name));
  for (const s of sortedValues(store.services, name)) deleteService(ctx, s.name, name);
  for (const p of sortedValues(store.networkPolicies, name)) tx.j.delete(store.networkPolicies, key(name, p.name));
  for (const p of sortedValues(store.pods, name)) ctx.pods.terminatePod(p);
  ctx.queues.namespaces.add(name);
}

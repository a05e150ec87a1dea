/**
 * The controllers' work queues: keys of the objects each controller must look at again. Pod
 * changes reach them as a watch would: the Services whose selectors may match the Pod, and the
 * Pod's owner (and a ReplicaSet's Deployment).
 */
import type { Labels } from "../../model/objects.js";
import type { OwnerRef, PodState } from "../state.js";
import { ownerKey } from "../store/keys.js";
import type { ObjectStore } from "../store/object-store.js";

/** One dirty set per controller; the reconcile loop drains them in key order. */
export class WorkQueues {
  readonly deployments = new Set<string>();
  readonly replicaSets = new Set<string>();
  readonly statefulSets = new Set<string>();
  readonly daemonSets = new Set<string>();
  readonly services = new Set<string>();
  readonly namespaces = new Set<string>();
  readonly #store: ObjectStore;

  constructor(store: ObjectStore) {
    this.#store = store;
  }

  /** Marks the Services whose selectors may match `pod` (now, or with `oldLabels` before) for the EndpointSlice controller. */
  touchServicesOf(pod: PodState, oldLabels: Labels | undefined): void {
    const index = this.#store.serviceSelectorIndex.get(pod.namespace);
    if (!index) return;
    for (const s of this.#store.servicesSelecting(index, pod.labels)) this.services.add(s);
    if (oldLabels) for (const s of this.#store.servicesSelecting(index, oldLabels)) this.services.add(s);
  }

  /** Marks a Pod's owner (and a ReplicaSet's Deployment) for its controller. */
  touchOwner(owner: OwnerRef, namespace: string): void {
    const k = ownerKey(owner, namespace);
    if (owner.kind === "ReplicaSet") {
      this.replicaSets.add(k);
      const rs = this.#store.replicaSets.get(k);
      if (rs?.owner) this.deployments.add(ownerKey(rs.owner, namespace));
    } else if (owner.kind === "StatefulSet") this.statefulSets.add(k);
    else if (owner.kind === "DaemonSet") this.daemonSets.add(k);
  }

  /** Empties every queue (after a change, committed or not). */
  finished(): void {
    this.deployments.clear();
    this.replicaSets.clear();
    this.statefulSets.clear();
    this.daemonSets.clear();
    this.services.clear();
    this.namespaces.clear();
  }
}

/**
 * The object store: every object the cluster holds, in maps keyed `namespace/name`, with the
 * indexes that make a 150,000-Pod cluster fast (by IP, UID, owner, label, Service selector) and
 * the memos that serve Pods of one template in a row. Writes go through the journal of the change
 * in progress, so a failed change leaves the store exactly as it was.
 */
import type { Labels } from "../../model/objects.js";
import type {
  DaemonSetState,
  DeploymentState,
  EndpointSliceState,
  NamespaceState,
  NetworkPolicyState,
  NodeState,
  PodState,
  ReplicaSetState,
  ServiceState,
  StatefulSetState,
} from "../state.js";
import { byNamespaceName } from "../internal/compare-text.js";
import type { JournalSource } from "./journal.js";
import { key } from "./keys.js";
import { indexSet, labelPairs, labelSets, removeFromIndex, type LabelIndex } from "./label-index.js";

/** The cluster's objects and their indexes; subsystems write through the journal (`tx.j`). */
export class ObjectStore {
  readonly nodes: NodeState[] = [];
  readonly nodesByName = new Map<string, NodeState>();
  readonly namespaces = new Map<string, NamespaceState>();
  readonly pods = new Map<string, PodState>();
  readonly podsByIP = new Map<number, PodState>();
  /** Deployment UID → keys of the ReplicaSets it owns. */
  readonly replicaSetsByOwner = new Map<string, Set<string>>();
  /** Workload UID → keys of the Pods it owns. */
  readonly podsByOwner = new Map<string, Set<string>>();
  /** namespace → `key=value` → Pod keys, for Service selectors. */
  readonly podLabelIndex: LabelIndex = new Map();
  /** namespace → `key=value` → Service keys, to find the Services a Pod change touches. */
  readonly serviceSelectorIndex: LabelIndex = new Map();
  readonly replicaSets = new Map<string, ReplicaSetState>();
  readonly deployments = new Map<string, DeploymentState>();
  readonly statefulSets = new Map<string, StatefulSetState>();
  readonly daemonSets = new Map<string, DaemonSetState>();
  readonly services = new Map<string, ServiceState>();
  readonly networkPolicies = new Map<string, NetworkPolicyState>();
  /** Service key → its EndpointSlices. */
  readonly slices = new Map<string, readonly EndpointSliceState[]>();
  /** Bare Pods keep the manifest they were applied with, for `manifests()`. */
  readonly podSources = new Map<string, Readonly<Record<string, unknown>>>();
  /**
   * UID → Pod key, for `podByUID()`: made when first asked for after Pods came or went (a large
   * apply would otherwise index every Pod it creates for a lookup nothing may make).
   */
  #podsByUID: Map<string, string> | undefined;
  /**
   * The label index's sets for the labels of the Pod stored last (Pods of one template come one
   * after another). Within a transaction an index set, once made, stays; a rollback can remove it.
   */
  #labelIndexSets: { readonly namespace: string; readonly labels: Labels; readonly sets: readonly Set<string>[] } | undefined;
  /** The Services whose selectors share a pair with the labels asked for last; reset when a Service's selector is (un)indexed. */
  #selecting: { readonly index: Map<string, Set<string>>; readonly labels: Labels; readonly services: readonly string[] } | undefined;
  readonly #tx: JournalSource;

  constructor(tx: JournalSource) {
    this.#tx = tx;
  }

  /** A Pod by UID. */
  podByUID(uid: string): PodState | undefined {
    if (!this.#podsByUID) {
      this.#podsByUID = new Map();
      for (const [k, pod] of this.pods) this.#podsByUID.set(pod.uid, k);
    }
    const k = this.#podsByUID.get(uid);
    return k === undefined ? undefined : this.pods.get(k);
  }

  /** The Pods a workload (by UID) owns, sorted by namespace then name. */
  podsOwnedBy(uid: string): PodState[] {
    return [...(this.podsByOwner.get(uid) ?? [])].map((k) => this.pods.get(k)!).sort(byNamespaceName);
  }

  /** The Pods a workload (by UID) owns, in index order. */
  podsOf(uid: string): PodState[] {
    const out: PodState[] = [];
    const owned = this.podsByOwner.get(uid);
    if (owned) for (const k of owned) out.push(this.pods.get(k)!);
    return out;
  }

  /** For each `key=value` of a selector, the keys of the Pods in `namespace` carrying it, smallest set first. */
  podLabelSets(namespace: string, selector: Labels): ReadonlySet<string>[] {
    return labelSets(this.podLabelIndex, namespace, selector);
  }

  /** The keys of the Pods a workload owns, an empty set made (journaled) if there is none. */
  ownedPods(uid: string): Set<string> {
    let set = this.podsByOwner.get(uid);
    if (!set) {
      set = new Set();
      this.#tx.j.set(this.podsByOwner, uid, set);
    }
    return set;
  }

  /**
   * Stores a Pod under its key `k` in place of `old`, with its index entries. A Pod under a new key takes the fast path (`#insertPod`):
   * one journal entry for all of it, as a large apply creates many Pods.
   */
  putPod(pod: PodState, k: string, old: PodState | undefined): void {
    const j = this.#tx.j;
    if (old === undefined) {
      this.#insertPod(pod, k);
      return;
    }
    j.set(this.pods, k, pod);
    if (old.uid !== pod.uid) this.#podsByUID = undefined;
    if (pod.podIP !== undefined && !pod.spec.hostNetwork && this.podsByIP.get(pod.podIP) !== pod) j.set(this.podsByIP, pod.podIP, pod);
    const oldLabels = old.uid === pod.uid ? old.labels : undefined;
    if (oldLabels !== pod.labels) {
      if (oldLabels) for (const pair of labelPairs(oldLabels)) removeFromIndex(j, this.podLabelIndex, pod.namespace, pair, k);
      for (const pair of labelPairs(pod.labels)) j.add(indexSet(j, this.podLabelIndex, pod.namespace, pair), k);
    }
    if (pod.owner && (old.uid !== pod.uid || old.owner?.uid !== pod.owner.uid)) j.add(this.ownedPods(pod.owner.uid), k);
  }

  /**
   * Stores a Pod under a key no Pod holds, with its index entries, and records one journal entry
   * (`#forgetPod`) that takes them all back. An index entry that was there already gets its own
   * journal entry, so the rollback restores it.
   */
  #insertPod(pod: PodState, k: string): void {
    const j = this.#tx.j;
    this.pods.set(k, pod);
    this.#podsByUID = undefined;
    if (pod.podIP !== undefined && !pod.spec.hostNetwork) {
      if (this.podsByIP.has(pod.podIP)) j.set(this.podsByIP, pod.podIP, pod);
      else this.podsByIP.set(pod.podIP, pod);
    }
    let memo = this.#labelIndexSets;
    if (memo?.namespace !== pod.namespace || memo.labels !== pod.labels) {
      const sets = labelPairs(pod.labels).map((pair) => indexSet(j, this.podLabelIndex, pod.namespace, pair));
      memo = { namespace: pod.namespace, labels: pod.labels, sets };
      this.#labelIndexSets = memo;
    }
    for (const set of memo.sets) this.#insertKey(set, k);
    if (pod.owner) this.#insertKey(this.ownedPods(pod.owner.uid), k);
    j.call(this.#forgetPod, pod, k);
  }

  /** Adds `k` to an index set for `#insertPod`; if it was there already, the rollback puts it back after `#forgetPod`. */
  #insertKey(set: Set<string>, k: string): void {
    if (set.has(k)) this.#tx.j.record(() => set.add(k));
    else set.add(k);
  }

  /** Takes back `#insertPod`, when the state is again what `#insertPod` left. */
  readonly #forgetPod = (pod: PodState, k: string): void => {
    this.pods.delete(k);
    this.#podsByUID = undefined;
    if (pod.podIP !== undefined && this.podsByIP.get(pod.podIP) === pod) this.podsByIP.delete(pod.podIP);
    const index = this.podLabelIndex.get(pod.namespace);
    for (const pair of labelPairs(pod.labels)) index?.get(pair)?.delete(k);
    if (pod.owner) this.podsByOwner.get(pod.owner.uid)?.delete(k);
  };

  /** Removes a Pod and its index entries. */
  deletePod(pod: PodState): void {
    const j = this.#tx.j;
    const k = key(pod.namespace, pod.name);
    j.delete(this.pods, k);
    this.#podsByUID = undefined;
    if (pod.podIP !== undefined && this.podsByIP.get(pod.podIP)?.uid === pod.uid) j.delete(this.podsByIP, pod.podIP);
    for (const [lk, v] of Object.entries(pod.labels)) removeFromIndex(j, this.podLabelIndex, pod.namespace, `${lk}=${v}`, k);
    if (pod.owner) {
      const set = this.podsByOwner.get(pod.owner.uid);
      if (set) j.remove(set, k);
    }
  }

  /** Adds a Service's selector to the selector index. */
  indexService(svc: ServiceState): void {
    this.#selecting = undefined;
    if (!svc.selector) return;
    const j = this.#tx.j;
    for (const pair of labelPairs(svc.selector)) j.add(indexSet(j, this.serviceSelectorIndex, svc.namespace, pair), key(svc.namespace, svc.name));
  }

  /** Removes a Service's selector from the selector index. */
  unindexService(svc: ServiceState): void {
    this.#selecting = undefined;
    if (!svc.selector) return;
    for (const pair of labelPairs(svc.selector)) removeFromIndex(this.#tx.j, this.serviceSelectorIndex, svc.namespace, pair, key(svc.namespace, svc.name));
  }

  /** The keys of the Services whose selectors share a pair with `labels` (in `index`, one namespace's). */
  servicesSelecting(index: Map<string, Set<string>>, labels: Labels): readonly string[] {
    let memo = this.#selecting;
    if (memo?.index !== index || memo.labels !== labels) {
      const services: string[] = [];
      for (const pair of labelPairs(labels)) {
        const set = index.get(pair);
        if (set) for (const s of set) services.push(s);
      }
      memo = { index, labels, services };
      this.#selecting = memo;
    }
    return memo.services;
  }

  /** After a rollback: the UID index may name Pods that are gone. */
  rolledBack(): void {
    this.#podsByUID = undefined;
  }

  /** After every change: the memos hold index sets a later rollback could remove. */
  finished(): void {
    this.#labelIndexSets = undefined;
    this.#selecting = undefined;
  }
}

/**
 * The scheduler: picks a node for each new Pod (the node it names, or among the nodes its filters
 * accept, the one that spreads its owner's Pods best) and keeps the Pods that found none, to retry
 * them when a Pod leaves a node.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/
 */
import { ErrorCode, PodtalkError } from "../../model/errors.js";
import type { PodSpecN, TolerationN } from "../../model/objects.js";
import { byNamespaceName } from "../internal/compare-text.js";
import { MAX_PODS_PER_NODE } from "../kubelet/admission.js";
import type { NodeState, OwnerRef, PodState } from "../state.js";
import type { JournalSource } from "../store/journal.js";
import type { ObjectStore } from "../store/object-store.js";
import { type NodeUsage, filterNode, fitError, hostPorts, untoleratedTaint } from "./filters.js";
import { NodeLoad, NodeSpread } from "./node-load.js";

/** A node that passed every filter but had no room (the tree already knew it was full). */
const TOO_MANY_PODS = { message: "Too many pods", unresolvable: false } as const;

/** Where a Pod goes, or why it goes nowhere (the FailedScheduling message). */
export interface Placement {
  readonly node?: NodeState;
  readonly reason?: string;
}

/** Node choice, each node's Pod count, and the queue of Pods waiting for a node. */
export class Scheduler {
  readonly load: NodeLoad;
  /** Keys of the Pods waiting for a node, retried whenever a Pod leaves one. */
  readonly unscheduled = new Set<string>();
  /** Set when a Pod left a node since the waiting Pods were last retried. */
  capacityFreed = false;
  /**
   * How many nodes (the first ones) have joined: while kubeadm sets up the control plane only
   * it takes Pods, which is why CoreDNS runs there.
   */
  joined = Number.POSITIVE_INFINITY;
  /** The nodes with taints, as of `#taintedFor` nodes. */
  #tainted: NodeState[] = [];
  #taintedFor = -1;
  #joinedFor = Number.POSITIVE_INFINITY;
  /** `#skipped`'s answers, by tolerations list, and for Pods without tolerations. */
  #skipCache = new WeakMap<readonly TolerationN[], ReadonlySet<number>>();
  #skipNoTolerations: ReadonlySet<number> | undefined;
  /** Scratch: how many of one owner's Pods each node runs (cleared after use). */
  readonly #ownerSpread: NodeSpread;
  readonly #store: ObjectStore;
  readonly #tx: JournalSource;
  /** Changes a node's Pod count (shared by every journal entry that takes a change back). */
  readonly #changeLoad = (index: number, delta: number): void => this.load.add(index, delta);

  constructor(store: ObjectStore, tx: JournalSource, nodeCount: number) {
    this.#store = store;
    this.#tx = tx;
    this.load = new NodeLoad(nodeCount);
    this.#ownerSpread = new NodeSpread(nodeCount);
  }

  /** Counts a Pod bound to node `index` (journaled). */
  placed(index: number): void {
    this.load.add(index, 1);
    this.#tx.j.call(this.#changeLoad, index, -1);
  }

  /** Counts a Pod gone from node `index` (journaled); waiting Pods get another try. */
  freed(index: number): void {
    this.capacityFreed = true;
    this.load.add(index, -1);
    this.#tx.j.call(this.#changeLoad, index, 1);
  }

  /**
   * The node a new Pod goes to: the node it names, or, among the nodes every filter accepts
   * (taints it tolerates, its nodeSelector, free host ports, room for a Pod), the least loaded
   * one, spreading its owner's Pods first (`spread`: the owner's Pods counted already, by a
   * controller creating several). A Pod that fits nowhere gets the scheduler's FitError.
   */
  schedule(spec: PodSpecN, owner: OwnerRef | undefined, spread?: NodeSpread): Placement {
    const nodes = this.#store.nodes;
    if (spec.nodeName !== undefined) {
      const node = this.#store.nodesByName.get(spec.nodeName);
      if (!node) {
        throw new PodtalkError(ErrorCode.BadRequest, `spec.nodeName "${spec.nodeName}" names no node: this cluster has ${nodes.map((n) => n.name).join(", ")}`);
      }
      return { node };
    }
    const ports = hostPorts(spec);
    if (spec.nodeSelector || ports.length > 0) {
      // Few Pods ask for these: every node goes through the filters, and the least loaded fit wins.
      const taken = ports.length > 0 ? this.#hostPortsInUse() : undefined;
      const usage = (n: NodeState): NodeUsage => ({
        pods: this.load.count(n.index),
        maxPods: MAX_PODS_PER_NODE,
        portTaken: taken !== undefined && ports.some((p) => taken.get(n.name)?.has(p)),
      });
      const best = nodes
        .filter((n) => n.index < this.joined && filterNode(spec, n, usage(n)) === undefined)
        .sort((a, b) => this.load.count(a.index) - this.load.count(b.index) || a.index - b.index)[0];
      return best ? { node: best } : { reason: fitError(nodes.map((n) => filterNode(spec, n, usage(n)) ?? TOO_MANY_PODS)) };
    }
    // Spread an owner's Pods: prefer nodes holding the fewest of them, then the least loaded.
    const counted = spread ?? this.countOwned(owner);
    const pick = this.load.pick(MAX_PODS_PER_NODE, counted, this.#skipped(spec));
    if (!spread) counted.clear();
    if (pick < 0) {
      const usage = (n: NodeState): NodeUsage => ({ pods: this.load.count(n.index), maxPods: MAX_PODS_PER_NODE, portTaken: false });
      return { reason: fitError(nodes.map((n) => filterNode(spec, n, usage(n)) ?? TOO_MANY_PODS)) };
    }
    return { node: nodes[pick]! };
  }

  /**
   * The nodes a Pod without nodeSelector or host ports may not use: tainted ones it does not
   * tolerate, and those not joined yet. Cached per tolerations list (a template's Pods share
   * one), since a 150,000-Pod apply asks once per Pod.
   */
  #skipped(spec: PodSpecN): ReadonlySet<number> | undefined {
    const nodes = this.#store.nodes;
    if (this.#taintedFor !== nodes.length || this.#joinedFor !== this.joined) {
      this.#tainted = nodes.filter((n) => n.taints.length > 0);
      this.#taintedFor = nodes.length;
      this.#joinedFor = this.joined;
      this.#skipCache = new WeakMap();
      this.#skipNoTolerations = undefined;
    }
    if (this.#tainted.length === 0 && this.joined >= nodes.length) return undefined;
    const cached = spec.tolerations ? this.#skipCache.get(spec.tolerations) : this.#skipNoTolerations;
    if (cached) return cached;
    const skip = new Set<number>();
    for (const n of this.#tainted) if (untoleratedTaint(spec, n)) skip.add(n.index);
    for (let i = this.joined; i < nodes.length; i++) skip.add(i);
    if (spec.tolerations) this.#skipCache.set(spec.tolerations, skip);
    else this.#skipNoTolerations = skip;
    return skip;
  }

  /** The host ports (`protocol/port`) each node's Pods hold, by node name. */
  #hostPortsInUse(): Map<string, Set<string>> {
    const taken = new Map<string, Set<string>>();
    for (const p of this.#store.pods.values()) {
      if (p.nodeName === undefined || p.deletion !== undefined || p.phase === "Failed") continue;
      const held = hostPorts(p.spec);
      if (held.length === 0) continue;
      const set = taken.get(p.nodeName) ?? new Set<string>();
      taken.set(p.nodeName, set);
      for (const h of held) set.add(h);
    }
    return taken;
  }

  /**
   * Counts where an owner's Pods run (those bound and not terminating), in a shared scratch
   * spread: the caller clears it when done.
   */
  countOwned(owner: OwnerRef | undefined): NodeSpread {
    const spread = this.#ownerSpread;
    const owned = owner && this.#store.podsByOwner.get(owner.uid);
    if (owned) {
      for (const k of owned) {
        const p = this.#store.pods.get(k)!;
        if (p.deletion === undefined && p.nodeName !== undefined) spread.add(this.#store.nodesByName.get(p.nodeName)!.index);
      }
    }
    return spread;
  }

  /** The Pods waiting for a node, oldest first. */
  waiting(): PodState[] {
    return [...this.unscheduled].map((k) => this.#store.pods.get(k)!).sort((a, b) => a.creation - b.creation || byNamespaceName(a, b));
  }
}

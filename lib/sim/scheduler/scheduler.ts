/**
 * The scheduler: picks a node for each new Pod (the node it names, the least loaded node its
 * nodeSelector allows, or the node that spreads its owner's Pods best) and keeps the Pods that
 * found none, to retry them when a Pod leaves a node.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/
 */
import { ErrorCode, PodtalkError } from "../../model/errors.js";
import type { PodSpecN } from "../../model/objects.js";
import { selects } from "../../model/selectors.js";
import { byNamespaceName } from "../internal/compare-text.js";
import { MAX_PODS_PER_NODE } from "../kubelet/admission.js";
import type { NodeState, OwnerRef, PodState } from "../state.js";
import type { JournalSource } from "../store/journal.js";
import type { ObjectStore } from "../store/object-store.js";
import { NodeLoad, NodeSpread } from "./node-load.js";

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
   * The node a new Pod goes to: the node it names, the least loaded node its nodeSelector
   * allows, or the node that spreads its owner's Pods best (`spread`: the owner's Pods counted
   * already, by a controller creating several).
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
    const selector = spec.nodeSelector;
    if (selector) {
      // A nodeSelector narrows the candidates; among them, the least loaded node wins.
      const fits = nodes.filter((n) => selects(selector, n.labels));
      const n = nodes.length;
      if (fits.length === 0) {
        return {
          reason: `0/${n} nodes are available: ${n} node(s) didn't match Pod's node affinity/selector. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`,
        };
      }
      const best = fits
        .filter((x) => this.load.count(x.index) < MAX_PODS_PER_NODE)
        .sort((a, b) => this.load.count(a.index) - this.load.count(b.index) || a.index - b.index)[0];
      if (!best)
        return { reason: `0/${n} nodes are available: ${fits.length} Too many pods, ${n - fits.length} node(s) didn't match Pod's node affinity/selector.` };
      return { node: best };
    }
    // Spread an owner's Pods: prefer nodes holding the fewest of them, then the least loaded.
    const counted = spread ?? this.countOwned(owner);
    const pick = this.load.pick(MAX_PODS_PER_NODE, counted);
    if (!spread) counted.clear();
    if (pick < 0) {
      const n = nodes.length;
      return {
        reason: `0/${n} nodes are available: ${n} Too many pods. preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod.`,
      };
    }
    return { node: nodes[pick]! };
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

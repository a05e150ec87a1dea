/**
 * What a controller may use: the store (read, and write through the journal), the event
 * recorder, the clock, its random streams, the work queues, and the Pod operations the kubelet
 * and scheduler provide. Never the Simulation itself.
 */
import type { Labels, PodSpecN } from "../../model/objects.js";
import type { Clock } from "../clock.js";
import type { EventRecorder } from "../events.js";
import type { Rng } from "../rng.js";
import type { NodeSpread } from "../scheduler/node-load.js";
import type { OwnerRef, PodState } from "../state.js";
import type { JournalSource } from "../store/journal.js";
import type { ObjectStore } from "../store/object-store.js";
import type { WorkQueues } from "./work-queues.js";

/** The engine's random streams, one per purpose so that one kind of draw never shifts another. */
export interface RngStreams {
  readonly names: Rng;
  readonly uids: Rng;
  readonly clusterIPs: Rng;
  readonly veths: Rng;
  readonly slices: Rng;
  readonly nodePorts: Rng;
}

/** The Pod operations controllers use (the kubelet implements them). */
export interface PodControl {
  /** Stores a new version of a Pod (and wakes its watchers). */
  setPod(pod: PodState): void;
  /**
   * Creates, schedules and starts a Pod; `spread` counts its owner's Pods per node already.
   * Positional, not an options object: controllers call it once per Pod of a 150,000-Pod apply.
   */
  createPod(
    name: string,
    namespace: string,
    labels: Labels,
    annotations: Labels,
    spec: PodSpecN,
    owner: OwnerRef | undefined,
    source: Readonly<Record<string, unknown>> | undefined,
    spread?: NodeSpread,
    /** The Pod's UID; by default the next from the cluster's UID stream. */
    uid?: string,
  ): void;
  /** Marks a Pod Terminating (removed after its grace period). */
  terminatePod(pod: PodState): void;
  /** Takes a Pod spec that differs only in container images: those containers restart with them. */
  updatePodImages(pod: PodState, spec: PodSpecN): void;
  /** Retries the Pods waiting for a node, if a node has room again. */
  retryUnscheduled(): void;
  /** Counts where an owner's Pods run, in a scratch spread the caller clears. */
  countOwned(owner: OwnerRef | undefined): NodeSpread;
}

/** A controller's view of the engine. */
export interface ControllerContext {
  readonly tx: JournalSource;
  readonly store: ObjectStore;
  readonly events: EventRecorder;
  readonly clock: Clock;
  readonly rng: RngStreams;
  readonly queues: WorkQueues;
  readonly pods: PodControl;
}

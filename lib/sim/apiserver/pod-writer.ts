/**
 * The one write path for Pods: the store takes the new record, the Pod history notes it, and the
 * controllers that watch Pods hear of it (only of what they look at: address, phase, readiness,
 * deletion, labels, owner).
 */
import type { PodHistory } from "../events.js";
import type { WorkQueues } from "../controllers/work-queues.js";
import { sameEndpointView } from "../kubelet/pod-status.js";
import type { PodState } from "../state.js";
import { key } from "../store/keys.js";
import type { ObjectStore } from "../store/object-store.js";

/** Stores Pods and tells their watchers. */
export class PodWriter {
  readonly #store: ObjectStore;
  readonly #history: PodHistory | undefined;
  readonly #queues: WorkQueues;

  /** `history` is left out when the cluster keeps no Pod history (`podEvents` off). */
  constructor(store: ObjectStore, queues: WorkQueues, history: PodHistory | undefined) {
    this.#store = store;
    this.#queues = queues;
    this.#history = history;
  }

  /** Stores `pod` (new, or a new version of the Pod of that name). */
  setPod(pod: PodState): void {
    const k = key(pod.namespace, pod.name);
    const old = this.#store.pods.get(k);
    this.#store.putPod(pod, k, old);
    const sameUID = old?.uid === pod.uid;
    const oldLabels = sameUID ? old!.labels : undefined;
    this.#history?.record(sameUID ? old : undefined, pod);
    // Only what Services and controllers look at wakes them: address, phase, readiness, deletion.
    if (!sameUID || oldLabels !== pod.labels || !sameEndpointView(old!, pod)) {
      this.#queues.touchServicesOf(pod, oldLabels);
      if (pod.owner) this.#queues.touchOwner(pod.owner, pod.namespace);
    }
  }
}

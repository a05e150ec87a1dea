/**
 * The kubelet's crash back-off: a container that exits is restarted at once the first time, then
 * after a delay of 10 s doubling to 300 s (CrashLoopBackOff), reset after 10 minutes of healthy
 * running.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts
 */
import type { EventRecorder } from "../events.js";
import { allContainers, fieldPathOf } from "../pod-containers.js";
import type { ContainerState, PodState } from "../state.js";

/** The kubelet's crash back-off: first delay, cap, and how long a healthy run resets it. */
export const BACKOFF = { initial: 10, max: 300, resetAfter: 600 } as const;

/** Seconds to wait before restarting a container that exited at `now` (0: restart at once). */
export function restartDelay(c: ContainerState, now: number): number {
  const healthy = c.startedAt !== undefined && now - c.startedAt >= BACKOFF.resetAfter;
  return healthy ? 0 : c.backoffSeconds;
}

/** The back-off after one more failed restart. */
export function nextBackoff(current: number): number {
  return Math.min(current * 2, BACKOFF.max);
}

/** How often the pod worker re-syncs a Pod whose container is in back-off (pod_workers.go `backOffPeriod`). */
export const BACKOFF_SYNC_SECONDS = 10;

/** The kubelet's BackOff event text (kuberuntime_manager.go `doBackOff`). */
export function backOffMessage(pod: PodState, container: string): string {
  return `Back-off restarting failed container ${container} in pod ${pod.name}_${pod.namespace}(${pod.uid})`;
}

/**
 * While a container waits out its back-off, the pod worker re-syncs the Pod every 10 s and each
 * sync records BackOff again (kuberuntime_manager.go `doBackOff`). They are counted when the
 * back-off ends (`restartAt`), onto the Event recorded when it began.
 */
export function recordBackOffSyncs(events: EventRecorder, pod: PodState, index: number, restartAt: number): void {
  const c = allContainers(pod)[index]!;
  const began = c.lastState?.finishedAt;
  if (began === undefined) return;
  const syncs = Math.ceil((restartAt - began) / BACKOFF_SYNC_SECONDS) - 1;
  const detail = { subobject: fieldPathOf(pod.spec, index), host: pod.nodeName };
  events.recordMany(pod.namespace, "Warning", "BackOff", `pod/${pod.name}`, backOffMessage(pod, c.name), detail, syncs, began + syncs * BACKOFF_SYNC_SECONDS);
}

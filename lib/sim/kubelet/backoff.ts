/**
 * The kubelet's crash back-off: a container that exits is restarted at once the first time, then
 * after a delay of 10 s doubling to 300 s (CrashLoopBackOff), reset after 10 minutes of healthy
 * running.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts
 */
import type { ContainerState } from "../state.js";

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

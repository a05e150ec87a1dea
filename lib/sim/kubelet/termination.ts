/**
 * How a deleted Pod's containers stop: each running container gets its image's stop signal and
 * exits when its process does (within the grace period), or is killed with SIGKILL when the grace
 * period ends; the Pod object goes once every container has stopped (the kubelet then deletes it
 * with grace 0), at least a second after the deletion.
 *
 * Sidecars (init containers with `restartPolicy: Always`) stop last, in the reverse of their
 * order: each one's signal waits until the app containers and the sidecars after it have exited,
 * or the grace period has run out, and it then gets what is left of the grace period, never less
 * than 2 seconds (kuberuntime_termination_order.go; kuberuntime_container.go `killContainer`,
 * `minimumGracePeriodInSeconds`). Every container's Killing event is recorded at once, before the
 * wait, as the kubelet does.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
 * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#sidecar-containers-and-pod-lifecycle
 */
import type { Clock } from "../clock.js";
import type { EventRecorder } from "../events.js";
import { allContainers, fieldPathOf, isSidecarIndex } from "../pod-containers.js";
import type { PodState } from "../state.js";
import type { AppModel, StopBehaviour } from "./images.js";

/** The kubelet never gives a container less than this to stop (`minimumGracePeriodInSeconds`). */
export const MINIMUM_GRACE_SECONDS = 2;

/** One container's stop: when it exits (seconds after the deletion) and, for a sidecar, with which code. */
export interface PlannedStop {
  readonly index: number;
  readonly after: number;
  readonly code?: number;
}

/** When each running container stops and when the Pod goes, in seconds after the deletion. */
export interface TerminationPlan {
  readonly stops: readonly PlannedStop[];
  readonly removeAfter: number;
}

/** The plan for a Pod deleted with its grace period (> 0). */
export function terminationPlan(pod: PodState, appOf: (pod: PodState, index: number) => AppModel): TerminationPlan {
  const grace = pod.spec.terminationGracePeriodSeconds;
  const stops: PlannedStop[] = [];
  const all = allContainers(pod);
  let last = 1;
  all.forEach((c, index) => {
    if (c.state !== "Running" || isSidecarIndex(pod.spec, index)) return;
    const after = Math.min(appOf(pod, index).stop.exitsAfter ?? grace, grace);
    last = Math.max(last, after);
    stops.push({ index, after });
  });
  let removeAfter = Math.min(last, grace);
  // Sidecars, last one first: each waits for what must stop before it.
  let before = stops.reduce((t, s) => Math.max(t, s.after), 0);
  for (let index = all.length - 1; index >= pod.containers.length; index--) {
    if (all[index]!.state !== "Running" || !isSidecarIndex(pod.spec, index)) continue;
    const waited = Math.min(before, grace);
    const remaining = Math.max(grace - waited, MINIMUM_GRACE_SECONDS);
    const stop = appOf(pod, index).stop;
    const exits = stop.exitsAfter !== undefined && stop.exitsAfter <= remaining;
    const after = waited + (exits ? stop.exitsAfter! : remaining);
    stops.push({ index, after, code: exits ? stop.exitCode : 137 });
    before = after;
    removeAfter = Math.max(removeAfter, after);
  }
  return { stops, removeAfter };
}

/** The exit code of a stopped container: its own, or 137 (SIGKILL) when the grace period ran out first. */
export function stopExitCode(stop: StopBehaviour, grace: number): number {
  return stop.exitsAfter === undefined || stop.exitsAfter > grace ? 137 : stop.exitCode;
}

/**
 * Sends each running container its stop signal (a Killing event) and sets the timers of the plan;
 * `removePod` false when only the sidecars of a Pod whose app containers have finished are stopped.
 */
export function startTermination(pod: PodState, plan: TerminationPlan, events: EventRecorder, clock: Clock, removePod = true): void {
  const now = clock.now;
  const all = allContainers(pod);
  for (const { index, after, code } of plan.stops) {
    const c = all[index]!;
    events.record(pod.namespace, "Normal", "Killing", `pod/${pod.name}`, `Stopping container ${c.name}`, {
      subobject: fieldPathOf(pod.spec, index),
      host: pod.nodeName,
    });
    clock.addTimer(now + after, "container-stop", pod, index, c.restartCount, code);
  }
  if (removePod) clock.addTimer(now + plan.removeAfter, "remove-pod", pod, -1, 0);
}

/**
 * How a deleted Pod's containers stop: each running container gets its image's stop signal and
 * exits when its process does (within the grace period), or is killed with SIGKILL when the grace
 * period ends; the Pod object goes once every container has stopped (the kubelet then deletes it
 * with grace 0), at least a second after the deletion.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
 */
import type { Clock } from "../clock.js";
import type { EventRecorder } from "../events.js";
import type { PodState } from "../state.js";
import type { AppModel, StopBehaviour } from "./images.js";

/** When each running container stops and when the Pod goes, in seconds after the deletion. */
export interface TerminationPlan {
  readonly stops: readonly { readonly index: number; readonly after: number }[];
  readonly removeAfter: number;
}

/** The plan for a Pod deleted with its grace period (> 0). */
export function terminationPlan(pod: PodState, appOf: (pod: PodState, index: number) => AppModel): TerminationPlan {
  const grace = pod.spec.terminationGracePeriodSeconds;
  const stops: { index: number; after: number }[] = [];
  let last = 1;
  pod.containers.forEach((c, index) => {
    if (c.state !== "Running") return;
    const after = Math.min(appOf(pod, index).stop.exitsAfter ?? grace, grace);
    last = Math.max(last, after);
    stops.push({ index, after });
  });
  return { stops, removeAfter: Math.min(last, grace) };
}

/** The exit code of a stopped container: its own, or 137 (SIGKILL) when the grace period ran out first. */
export function stopExitCode(stop: StopBehaviour, grace: number): number {
  return stop.exitsAfter === undefined || stop.exitsAfter > grace ? 137 : stop.exitCode;
}

/** Sends each running container its stop signal (a Killing event) and sets the timers of the plan. */
export function startTermination(pod: PodState, plan: TerminationPlan, events: EventRecorder, clock: Clock): void {
  const now = clock.now;
  for (const { index, after } of plan.stops) {
    const c = pod.containers[index]!;
    events.record(pod.namespace, "Normal", "Killing", `pod/${pod.name}`, `Stopping container ${c.name}`, {
      subobject: `spec.containers{${c.name}}`,
      host: pod.nodeName,
    });
    clock.addTimer(now + after, "container-stop", pod, index, c.restartCount);
  }
  clock.addTimer(now + plan.removeAfter, "remove-pod", pod, -1, 0);
}

/**
 * The order the kubelet starts a Pod's containers in when it has init containers
 * (kuberuntime_manager.go `computeInitContainerActions`): each init container in turn, the next
 * only once the one before has exited with 0 or, for a sidecar (`restartPolicy: Always`), once it
 * has started (running, and past its startup probe if it has one); then every app container.
 * A sidecar that crashes later is restarted on its own (with back-off) and blocks nothing.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
 * @see https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/753-sidecar-containers
 */
import type { PodSpecN } from "../../model/objects.js";
import { isSidecar, isSidecarIndex } from "../pod-containers.js";
import type { ContainerState, PodState } from "../state.js";
import { appsStarted } from "./pod-status.js";

/** The waiting reason of every container of a Pod with init containers until it starts (kubelet's `PodInitializing`). */
export const POD_INITIALIZING = "PodInitializing";

/** True for a container the kubelet has not started yet. */
function notStarted(c: ContainerState): boolean {
  return c.state === "Waiting" && c.reason === POD_INITIALIZING && c.restartCount === 0;
}

/**
 * The containers (kubelet numbering: app containers, then init containers) to start now, given
 * what runs: none while an init container is still at work or in back-off.
 */
export function nextStarts(pod: PodState): readonly number[] {
  const specs = pod.spec.initContainers;
  const init = pod.initContainers;
  if (!specs || !init || pod.deletion !== undefined || pod.nodeName === undefined) return [];
  const n = pod.containers.length;
  if (!appsStarted(pod.containers)) {
    for (let j = 0; j < init.length; j++) {
      const c = init[j]!;
      if (isSidecar(specs[j]!)) {
        if (c.state === "Running" && c.started) continue;
      } else if (c.state === "Terminated" && c.exitCode === 0) continue;
      return notStarted(c) ? [n + j] : [];
    }
  }
  const apps: number[] = [];
  pod.containers.forEach((c, i) => {
    if (notStarted(c)) apps.push(i);
  });
  return apps;
}

/** A container's status before the kubelet starts it. */
export function waitingContainer(
  c: { readonly name: string; readonly image: string; readonly ports: ContainerState["ports"] },
  reason: string,
): ContainerState {
  return {
    name: c.name,
    image: c.image,
    ports: c.ports,
    state: "Waiting",
    reason,
    message: undefined,
    exitCode: undefined,
    startedAt: undefined,
    finishedAt: undefined,
    ready: false,
    restartCount: 0,
    lastState: undefined,
    backoffSeconds: 0,
    forcedUnready: false,
  };
}

/** The init containers' statuses of a new Pod (unset without init containers). */
export function initialInitStatuses(spec: PodSpecN): readonly ContainerState[] | undefined {
  return spec.initContainers?.map((c) => ({ ...waitingContainer(c, POD_INITIALIZING), ...(isSidecar(c) ? { started: false } : {}) }));
}

/**
 * Whether the kubelet restarts container `index` after it exited: a sidecar always; another init
 * container only after a failure, unless the Pod's restartPolicy is Never (Always acts as
 * OnFailure for it); an app container as the Pod's restartPolicy says.
 */
export function restarts(pod: PodState, index: number, exitCode: number): boolean {
  const policy = pod.spec.restartPolicy;
  if (isSidecarIndex(pod.spec, index)) return !appsFinished(pod);
  if (index >= pod.containers.length) return policy !== "Never" && exitCode !== 0;
  return policy === "Always" || (policy === "OnFailure" && exitCode !== 0);
}

/** True when every app container has stopped for good (only under restartPolicy OnFailure or Never). */
export function appsFinished(pod: PodState): boolean {
  return pod.containers.every((c) => c.state === "Terminated");
}

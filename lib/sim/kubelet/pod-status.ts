/**
 * Pod status as the kubelet computes it from its containers: phase and readiness.
 */
import type { PodSpecN } from "../../model/objects.js";
import type { ContainerState, PodState } from "../state.js";

/** True when a Pod counts as Ready: Running, not terminating, every container ready. */
export function isPodReady(pod: PodState): boolean {
  return pod.phase === "Running" && pod.deletion === undefined && pod.containers.every((c) => c.ready);
}

/** A Pod's phase from its containers (Pending until one runs; Succeeded/Failed when all ended for good). */
export function podPhase(spec: PodSpecN, containers: readonly ContainerState[]): PodState["phase"] {
  if (containers.some((c) => c.state === "Running" || c.reason === "CrashLoopBackOff" || c.restartCount > 0)) {
    if (spec.restartPolicy !== "Always" && containers.every((c) => c.state === "Terminated")) {
      return containers.every((c) => c.exitCode === 0) ? "Succeeded" : "Failed";
    }
    return "Running";
  }
  if (containers.length > 0 && containers.every((c) => c.state === "Terminated")) {
    return containers.every((c) => c.exitCode === 0) ? "Succeeded" : "Failed";
  }
  return "Pending";
}

/**
 * `{ ...pod, containers, phase }` with the phase the containers give. Written field by field (in
 * the order every Pod record has) because most such records live as long as the cluster: the
 * runtime then allocates them with the long-lived objects instead of copying them there later.
 */
export function withContainers(pod: PodState, containers: readonly ContainerState[]): PodState {
  const phase = podPhase(pod.spec, containers);
  if ("rejected" in pod) return { ...pod, containers, phase };
  return {
    uid: pod.uid,
    name: pod.name,
    namespace: pod.namespace,
    labels: pod.labels,
    annotations: pod.annotations,
    owner: pod.owner,
    nodeName: pod.nodeName,
    podIP: pod.podIP,
    hostIP: pod.hostIP,
    phase,
    creation: pod.creation,
    deletion: pod.deletion,
    spec: pod.spec,
    containers,
    veth: pod.veth,
    unschedulable: pod.unschedulable,
  };
}

/** True when two versions of a Pod look the same to its Services and its controller. */
export function sameEndpointView(a: PodState, b: PodState): boolean {
  if (a.podIP !== b.podIP || a.nodeName !== b.nodeName || a.phase !== b.phase || a.deletion !== b.deletion || a.containers.length !== b.containers.length)
    return false;
  for (let i = 0; i < a.containers.length; i++) if (a.containers[i]!.ready !== b.containers[i]!.ready) return false;
  return true;
}

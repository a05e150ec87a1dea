/**
 * Pod status as the kubelet computes it from its containers: phase and readiness.
 */
import type { PodSpecN } from "../../model/objects.js";
import { isSidecar, readinessContainers } from "../pod-containers.js";
import type { ContainerState, PodState } from "../state.js";

/** True when a Pod counts as Ready: Running, not terminating, every app container and sidecar ready. */
export function isPodReady(pod: PodState): boolean {
  return pod.phase === "Running" && pod.deletion === undefined && readinessContainers(pod).every((c) => c.ready);
}

/** True once a Pod's app containers have been started: its init containers are done (Initialized). */
export function appsStarted(containers: readonly ContainerState[]): boolean {
  return containers.some((c) => c.state !== "Waiting" || c.reason !== "PodInitializing" || c.restartCount > 0);
}

/**
 * A Pod's phase from its containers (Pending until one runs; Succeeded/Failed when all ended for
 * good). With init containers (the kubelet's getPhase): Pending until they are done, Failed when
 * one fails under `restartPolicy: Never`; a sidecar still running keeps a finished Pod Running.
 */
export function podPhase(spec: PodSpecN, containers: readonly ContainerState[], init?: readonly ContainerState[]): PodState["phase"] {
  if (init && spec.initContainers) {
    const specs = spec.initContainers;
    if (!appsStarted(containers)) {
      const failed = init.some((c, j) => !isSidecar(specs[j]!) && c.state === "Terminated" && c.exitCode !== 0);
      return failed && spec.restartPolicy === "Never" ? "Failed" : "Pending";
    }
    const phase = podPhase(spec, containers);
    const sidecarRuns = init.some((c, j) => isSidecar(specs[j]!) && c.state === "Running");
    return phase !== "Running" && phase !== "Pending" && sidecarRuns ? "Running" : phase;
  }
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
export function withContainers(pod: PodState, containers: readonly ContainerState[], initContainers?: readonly ContainerState[]): PodState {
  const init = initContainers ?? pod.initContainers;
  const phase = podPhase(pod.spec, containers, init);
  if ("rejected" in pod || init) return { ...pod, containers, ...(init ? { initContainers: init } : {}), phase };
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
  if (a.initContainers || b.initContainers) {
    const x = a.initContainers ?? [];
    const y = b.initContainers ?? [];
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (x[j]!.ready !== y[j]!.ready) return false;
  }
  return true;
}

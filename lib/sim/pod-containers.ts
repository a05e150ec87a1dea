/**
 * A Pod's containers as the kubelet numbers them: the app containers first (`0 … n-1`, as in
 * `spec.containers`), then the init containers (`n …`, as in `spec.initContainers`). A Pod without
 * init containers is numbered exactly as before they existed. Sidecars are the init containers with
 * `restartPolicy: Always` (KEP-753): they keep running beside the app containers, so they listen,
 * answer `exec` and `logs`, and count toward the Pod's readiness.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
 */
import type { ContainerN, PodSpecN } from "../model/objects.js";
import type { ContainerState, PodState } from "./state.js";

/** Every container spec of a Pod, app containers first. */
export function containerSpecs(spec: PodSpecN): readonly ContainerN[] {
  return spec.initContainers ? [...spec.containers, ...spec.initContainers] : spec.containers;
}

/** The spec of container `index` (kubelet numbering). */
export function specAt(spec: PodSpecN, index: number): ContainerN {
  const n = spec.containers.length;
  return index < n ? spec.containers[index]! : spec.initContainers![index - n]!;
}

/** Every container status of a Pod, app containers first. */
export function allContainers(pod: PodState): readonly ContainerState[] {
  return pod.initContainers ? [...pod.containers, ...pod.initContainers] : pod.containers;
}

/** True when container `index` is an init container. */
export function isInitIndex(spec: PodSpecN, index: number): boolean {
  return index >= spec.containers.length;
}

/** True for a sidecar: an init container with `restartPolicy: Always`. */
export function isSidecar(c: ContainerN): boolean {
  return c.restartPolicy === "Always";
}

/** True when container `index` is a sidecar. */
export function isSidecarIndex(spec: PodSpecN, index: number): boolean {
  return isInitIndex(spec, index) && isSidecar(specAt(spec, index));
}

/** The index of the container named `name` (app or init), or -1. */
export function containerIndexOf(pod: PodState, name: string): number {
  const i = pod.containers.findIndex((c) => c.name === name);
  if (i >= 0 || !pod.initContainers) return i;
  const j = pod.initContainers.findIndex((c) => c.name === name);
  return j < 0 ? -1 : pod.containers.length + j;
}

/** The container's `involvedObject.fieldPath` in events: `spec.containers{app}` or `spec.initContainers{proxy}`. */
export function fieldPathOf(spec: PodSpecN, index: number): string {
  return `spec.${isInitIndex(spec, index) ? "initContainers" : "containers"}{${specAt(spec, index).name}}`;
}

/** The container statuses split back into `containers` and `initContainers`. */
export function splitContainers(spec: PodSpecN, all: readonly ContainerState[]): Pick<PodState, "containers" | "initContainers"> {
  if (!spec.initContainers) return { containers: all };
  const n = spec.containers.length;
  return { containers: all.slice(0, n), initContainers: all.slice(n) };
}

/**
 * The containers that make a Pod Ready: the app containers and the sidecars (a finished init
 * container no longer counts).
 */
export function readinessContainers(pod: PodState): readonly ContainerState[] {
  if (!pod.initContainers) return pod.containers;
  const sidecars = pod.initContainers.filter((_, j) => isSidecar(pod.spec.initContainers![j]!));
  return sidecars.length ? [...pod.containers, ...sidecars] : pod.containers;
}

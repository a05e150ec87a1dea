/**
 * Port binding inside a Pod's network namespace (and, for hostNetwork Pods, the node's): a
 * process cannot listen on a port another running process holds (Linux errno 98, EADDRINUSE).
 */
import { allContainers } from "../pod-containers.js";
import type { ContainerState, PodState } from "../state.js";
import type { AppModel } from "./images.js";

/** True when a container's process holds its sockets: running, and not failing to bind. */
export function isListening(c: ContainerState): boolean {
  return c.state === "Running" && c.bindFailure === undefined;
}

/** The process model of container `index` of a Pod. */
export type AppOf = (pod: PodState, index: number) => AppModel;

/**
 * The first port container `index` (process `app`) cannot bind because another running container
 * of the Pod, or a running hostNetwork Pod on the same node, holds it.
 */
export function portConflict(
  pod: PodState,
  containers: readonly ContainerState[],
  index: number,
  app: AppModel,
  appOf: AppOf,
  pods: ReadonlyMap<string, PodState>,
): number | undefined {
  if (app.listeners.length === 0) return undefined;
  const held = new Set<string>();
  containers.forEach((c, i) => {
    if (i === index || !isListening(c)) return;
    for (const l of appOf(pod, i).listeners) held.add(`${l.protocol}/${l.port}`);
  });
  if (pod.spec.hostNetwork && pod.nodeName !== undefined) {
    for (const other of pods.values()) {
      if (other === pod || !other.spec.hostNetwork || other.nodeName !== pod.nodeName || other.deletion !== undefined) continue;
      allContainers(other).forEach((c, i) => {
        if (isListening(c)) for (const l of appOf(other, i).listeners) held.add(`${l.protocol}/${l.port}`);
      });
    }
  }
  if (held.size === 0) return undefined;
  const taken = held;
  return app.listeners.find((l) => taken.has(`${l.protocol}/${l.port}`))?.port;
}

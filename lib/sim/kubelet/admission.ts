/**
 * The kubelet's admission checks for a Pod bound to a node: room for one more Pod, and free host
 * ports.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/lifecycle/predicate.go
 */
import type { PodSpecN } from "../../model/objects.js";
import type { NodeLoad } from "../scheduler/node-load.js";
import type { NodeState, PodState } from "../state.js";

/** The kubelet's default `maxPods` (the scheduler leaves a node alone once it holds this many). */
export const MAX_PODS_PER_NODE = 110;

/** Why the kubelet refuses a Pod (the Pod's `Failed` reason and message). */
export interface Refusal {
  readonly reason: string;
  readonly message: string;
}

/** The kubelet's refusal of a Pod pinned to `node`, if any. */
export function admission(spec: PodSpecN, node: NodeState, load: NodeLoad, pods: ReadonlyMap<string, PodState>): Refusal | undefined {
  const used = load.count(node.index);
  if (used >= MAX_PODS_PER_NODE) {
    return { reason: "OutOfpods", message: `Node didn't have enough resource: pods, requested: 1, used: ${used}, capacity: ${MAX_PODS_PER_NODE}` };
  }
  const wanted = spec.containers.flatMap((c) => c.ports.filter((p) => p.hostPort !== undefined).map((p) => `${p.protocol}/${p.hostPort}`));
  if (wanted.length) {
    for (const other of pods.values()) {
      if (other.nodeName !== node.name || other.deletion !== undefined || other.phase === "Failed") continue;
      for (const c of other.spec.containers) {
        for (const p of c.ports) {
          if (p.hostPort !== undefined && wanted.includes(`${p.protocol}/${p.hostPort}`)) {
            return { reason: "NodePorts", message: "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports" };
          }
        }
      }
    }
  }
  return undefined;
}

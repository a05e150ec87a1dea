/**
 * The scheduler's Filter plugins podtalk models, in the order kube-scheduler runs them
 * (TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit), and the FitError message a Pod
 * that fits nowhere gets.
 *
 * @see https://github.com/kubernetes/kubernetes/tree/master/pkg/scheduler/framework/plugins
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/scheduler/framework/types.go (FitError.Error)
 */
import type { PodSpecN, TaintN } from "../../model/objects.js";
import { selects } from "../../model/selectors.js";
import { toleratesTaint } from "../../model/validate/tolerations.js";
import type { NodeState } from "../state.js";

/** Why one node cannot take a Pod: the filter's message, and whether preemption could help. */
export interface NodeMisfit {
  readonly message: string;
  /** UnschedulableAndUnresolvable: removing Pods from the node would not help. */
  readonly unresolvable: boolean;
}

/** The first NoSchedule or NoExecute taint of `node` that the Pod does not tolerate (PreferNoSchedule never filters). */
export function untoleratedTaint(spec: PodSpecN, node: NodeState): TaintN | undefined {
  return node.taints.find((t) => t.effect !== "PreferNoSchedule" && !(spec.tolerations ?? []).some((tol) => toleratesTaint(tol, t)));
}

/** The `protocol/port` host ports a Pod asks for. */
export function hostPorts(spec: PodSpecN): string[] {
  return spec.containers.flatMap((c) => c.ports.filter((p) => p.hostPort !== undefined).map((p) => `${p.protocol}/${p.hostPort}`));
}

/** What each filter needs to know about a node beyond the node itself. */
export interface NodeUsage {
  /** Pods bound to the node. */
  readonly pods: number;
  readonly maxPods: number;
  /** Whether one of the Pod's host ports is taken on the node. */
  readonly portTaken: boolean;
}

/** Runs the filters on one node: the first one that rejects it, or undefined when the Pod fits. */
export function filterNode(spec: PodSpecN, node: NodeState, usage: NodeUsage): NodeMisfit | undefined {
  const taint = untoleratedTaint(spec, node);
  // TaintToleration: `node(s) had untolerated taint {key: value}`.
  if (taint) return { message: `node(s) had untolerated taint {${taint.key}: ${taint.value}}`, unresolvable: true };
  // NodeAffinity (spec.nodeSelector is checked by the same plugin).
  if (spec.nodeSelector && !selects(spec.nodeSelector, node.labels))
    return { message: "node(s) didn't match Pod's node affinity/selector", unresolvable: true };
  // NodePorts.
  if (usage.portTaken) return { message: "node(s) didn't have free ports for the requested pod ports", unresolvable: false };
  // NodeResourcesFit.
  if (usage.pods >= usage.maxPods) return { message: "Too many pods", unresolvable: false };
  return undefined;
}

/**
 * The FailedScheduling message for a Pod every node rejected: each reason with how many nodes
 * gave it, sorted as strings, then what preemption found.
 * e.g. `0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: },
 * 2 Too many pods. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling,
 * 2 No preemption victims found for incoming pod.`
 */
export function fitError(misfits: readonly NodeMisfit[]): string {
  const n = misfits.length;
  const histogram = (keys: readonly string[]): string => {
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    return [...counts]
      .map(([k, c]) => `${c} ${k}`)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .join(", ");
  };
  const reasons = histogram(misfits.map((m) => m.message));
  const preemption = histogram(
    misfits.map((m) => (m.unresolvable ? "Preemption is not helpful for scheduling" : "No preemption victims found for incoming pod")),
  );
  return `0/${n} nodes are available: ${reasons}. preemption: 0/${n} nodes are available: ${preemption}.`;
}

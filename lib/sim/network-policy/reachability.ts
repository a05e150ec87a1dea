/**
 * The Pod × Pod reachability matrix of a port, as the cluster's NetworkPolicy implementation
 * decides it: for each client (row) and server (column), the client's egress and the server's
 * ingress. It answers what policy allows, not whether something listens: the upstream
 * NetworkPolicy e2e tests (kubernetes test/e2e/network/netpol/) print the same table.
 */
import type { Protocol } from "../../model/objects.js";
import type { PodState } from "../state.js";
import type { NetworkPolicyImpl, PolicyDecision } from "./policy-impl.js";
import type { PolicyView } from "./policy-view.js";

/** The namespaces a matrix leaves out unless named: the control plane's own. */
export const SYSTEM_NAMESPACES: readonly string[] = ["kube-system", "kube-public", "kube-node-lease"];

/** One cell: may `from` open a connection to `to`, and what decided it. */
export interface ReachabilityCell {
  readonly from: string;
  readonly to: string;
  readonly allowed: boolean;
  /** The rules that allowed it (`egress …; ingress …`), or why it was dropped; empty when nothing is isolated. */
  readonly why: string;
}

/** A matrix: the Pods (`namespace/name`, rows and columns in the same order) and every cell. */
export interface ReachabilityRecord {
  readonly port: number;
  readonly protocol: Protocol;
  /** The cluster's `networkPolicy` implementation, and whether it enforces policies. */
  readonly implementation: string;
  readonly enforces: boolean;
  readonly pods: readonly string[];
  /** Row by row: `cells[i * pods.length + j]` is pods[i] → pods[j]. */
  readonly cells: readonly ReachabilityCell[];
}

/** The Pods a matrix covers: Running in the Pod network, in `namespaces`, sorted by namespace then name. */
export function reachabilityPods(view: PolicyView & { pods(): readonly PodState[] }, namespaces: readonly string[] | undefined): PodState[] {
  return view
    .pods()
    .filter((p) => !p.spec.hostNetwork && p.podIP !== undefined && p.deletion === undefined && p.phase === "Running")
    .filter((p) => (namespaces ? namespaces.includes(p.namespace) : !SYSTEM_NAMESPACES.includes(p.namespace)))
    .sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Computes the matrix of `port`/`protocol` between `pods` under `impl`. */
export function reachability(view: PolicyView, impl: NetworkPolicyImpl, pods: readonly PodState[], port: number, protocol: Protocol): ReachabilityRecord {
  const names = pods.map((p) => `${p.namespace}/${p.name}`);
  const cells: ReachabilityCell[] = [];
  for (const [i, from] of pods.entries()) {
    for (const [j, to] of pods.entries()) {
      const egress = impl.decide(view, { direction: "Egress", pod: from, peerIP: to.podIP!, port, protocol });
      const ingress = impl.decide(view, { direction: "Ingress", pod: to, peerIP: from.podIP!, port, protocol });
      const dropped = [egress, ingress].find((d) => d?.verdict === "dropped");
      const why = dropped ? dropWhy(dropped, dropped === egress ? "egress" : "ingress") : allowWhy(egress, ingress);
      cells.push({ from: names[i]!, to: names[j]!, allowed: !dropped, why });
    }
  }
  return { port, protocol, implementation: impl.name, enforces: impl.enforces, pods: names, cells };
}

function dropWhy(d: PolicyDecision, side: "egress" | "ingress"): string {
  return `${side} dropped: isolated by ${d.policies.join(", ")}, no rule allows it`;
}

function allowWhy(egress: PolicyDecision | undefined, ingress: PolicyDecision | undefined): string {
  const parts: string[] = [];
  if (egress?.rule) parts.push(`egress: ${egress.rule}`);
  if (ingress?.rule) parts.push(`ingress: ${ingress.rule}`);
  return parts.join("; ");
}

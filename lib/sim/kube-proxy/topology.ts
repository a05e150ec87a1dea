/**
 * Topology-aware routing in kube-proxy: which of a Service port's ready endpoints one node uses for
 * Cluster traffic policy, read from the EndpointSlice hints (`spec.trafficDistribution`).
 * Every proxy mode gets its endpoint lists through `scopedPort` (service-ports.ts), which applies
 * this, so iptables, IPVS and any registered mode program and choose among the same endpoints.
 *
 * kube-proxy's CategorizeEndpoints and topologyModeFromHints (pkg/proxy/topology.go):
 * - if every ready endpoint has a node hint and at least one is for this node, only the endpoints
 *   hinted for this node are used (PreferSameNode);
 * - otherwise, if every ready endpoint has a zone hint and at least one is for this node's zone
 *   (its `topology.kubernetes.io/zone` label), only those are used (PreferSameZone; PreferSameNode
 *   falls back to this, as the controller writes zone hints for it too);
 * - otherwise the hints are ignored and every ready endpoint is used.
 * Local traffic policies ignore hints (their endpoints are the node's own), as upstream does.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/topology.go
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#traffic-distribution
 */
import type { EndpointState } from "../state.js";
// The well-known label kube-proxy reads its node's zone from (v1.LabelTopologyZone).
import { ZONE_LABEL } from "../bootstrap/nodes.js";

/** Which hints a node's kube-proxy followed. */
export type TopologyMode = "PreferSameNode" | "PreferSameZone";

/** Why a node's kube-proxy did not follow a kind of hint (topologyModeFromHints' log lines). */
export type HintsIgnored =
  /** One or more ready endpoints have no node hint (the Service does not ask for PreferSameNode). */
  | "node-hint-missing"
  /** No ready endpoint is hinted for this node. */
  | "no-endpoint-for-node"
  /** One or more ready endpoints have no zone hint (their nodes have no zone label). */
  | "zone-hint-missing"
  /** This node has no `topology.kubernetes.io/zone` label. */
  | "node-zone-missing"
  /** No ready endpoint is hinted for this node's zone. */
  | "no-endpoint-for-zone";

/** What topology-aware routing decided on one node, for a trace to explain. */
export interface TopologyDecision {
  /** The hints followed, or undefined when they were ignored (every ready endpoint is used). */
  readonly mode: TopologyMode | undefined;
  readonly node: string;
  /** The node's zone label, if any. */
  readonly zone: string | undefined;
  /** Why node hints were not followed (when the mode is not PreferSameNode). */
  readonly nodeHints?: HintsIgnored;
  /** Why zone hints were not followed (when the mode is undefined). */
  readonly zoneHints?: HintsIgnored;
  /** Ready endpoints before filtering. */
  readonly ready: number;
  /** Endpoints kept. */
  readonly kept: number;
}

/** The node as topology sees it: its name, and its labels when known (a bare name has no zone). */
export type TopologyNode = string | { readonly name: string; readonly labels: Readonly<Record<string, string>> };

/**
 * The ready endpoints `node` uses for Cluster traffic policy, and the decision behind them.
 * `ready` must hold only ready endpoints (a ServicePort's `endpoints`).
 */
export function filterByTopology(ready: readonly EndpointState[], node: TopologyNode): { endpoints: readonly EndpointState[]; decision: TopologyDecision } {
  const nodeName = typeof node === "string" ? node : node.name;
  const zone = typeof node === "string" ? undefined : node.labels[ZONE_LABEL];
  let allNodeHints = true;
  let forNode = false;
  let allZoneHints = true;
  let forZone = false;
  for (const e of ready) {
    const nodes = e.hints?.forNodes;
    if (!nodes?.length) allNodeHints = false;
    else if (nodes.includes(nodeName)) forNode = true;
    const zones = e.hints?.forZones;
    if (!zones?.length) allZoneHints = false;
    else if (zone !== undefined && zones.includes(zone)) forZone = true;
  }
  const base = { node: nodeName, zone, ready: ready.length };
  if (ready.length > 0 && allNodeHints && forNode) {
    const endpoints = ready.filter((e) => e.hints!.forNodes!.includes(nodeName));
    return { endpoints, decision: { ...base, mode: "PreferSameNode", kept: endpoints.length } };
  }
  const nodeHints: HintsIgnored = allNodeHints ? "no-endpoint-for-node" : "node-hint-missing";
  if (ready.length > 0 && allZoneHints && forZone) {
    const endpoints = ready.filter((e) => e.hints!.forZones!.includes(zone!));
    return { endpoints, decision: { ...base, mode: "PreferSameZone", kept: endpoints.length, nodeHints } };
  }
  const zoneHints: HintsIgnored = !allZoneHints ? "zone-hint-missing" : zone === undefined ? "node-zone-missing" : "no-endpoint-for-zone";
  return { endpoints: ready, decision: { ...base, mode: undefined, kept: ready.length, nodeHints, zoneHints } };
}

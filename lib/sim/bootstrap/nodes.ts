/**
 * The cluster's nodes: their names (from `ClusterOptions.nodes`), addresses, podCIDRs and labels.
 */
import { safeString } from "../../model/messages.js";
import { ErrorCode, PodtalkError } from "../../model/errors.js";
import { tooManyNodes } from "../../model/messages.js";
import type { TaintN } from "../../model/objects.js";
import type { EventRecorder } from "../events.js";
import type { NodeCIDRAllocator } from "../ipam/node-cidr.js";
import type { NodeState } from "../state.js";
import type { JournalSource } from "../store/journal.js";
import type { ObjectStore } from "../store/object-store.js";

/**
 * The most nodes a podtalk cluster may have: Kubernetes' own tested limit.
 * @see https://kubernetes.io/docs/setup/best-practices/cluster-large/
 */
export const MAX_NODES = 5000;

/** Node names from a count (`node-1`, …) or a list, checked as kubelet names. */
export function resolveNodeNames(nodes: unknown): string[] {
  if (typeof nodes === "number") {
    if (!Number.isInteger(nodes) || nodes < 1) {
      throw new PodtalkError(
        ErrorCode.BadRequest,
        `Invalid nodes ${nodes}: a cluster needs at least 1 node; pass a count such as 3 or names such as ["node-a", "node-b"]`,
      );
    }
    // Checked before any node exists, so an absurd count costs nothing.
    if (nodes > MAX_NODES) throw new PodtalkError(ErrorCode.BadRequest, tooManyNodes(nodes, MAX_NODES));
    return Array.from({ length: nodes }, (_, i) => `node-${i + 1}`);
  }
  if (!Array.isArray(nodes)) {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `Invalid nodes ${typeof nodes === "string" ? JSON.stringify(nodes) : safeString(nodes)}: pass a count such as 3 or names such as ["node-a", "node-b"]`,
    );
  }
  if (nodes.length > MAX_NODES) throw new PodtalkError(ErrorCode.BadRequest, tooManyNodes(nodes.length, MAX_NODES));
  const seen = new Set<string>();
  for (const n of nodes as unknown[]) {
    if (typeof n !== "string") {
      throw new PodtalkError(ErrorCode.BadRequest, `Invalid node name ${safeString(n)}: node names are strings such as "node-a"`);
    }
    if (n.length > 253) {
      throw new PodtalkError(ErrorCode.BadRequest, `Invalid node name "${n.slice(0, 40)}…" (${n.length} characters): a node name has at most 253 characters`);
    }
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(n)) {
      throw new PodtalkError(
        ErrorCode.BadRequest,
        `Invalid node name "${n}": use lower case letters, digits, '-' and '.', starting and ending with a letter or digit`,
      );
    }
    if (seen.has(n)) throw new PodtalkError(ErrorCode.BadRequest, `Duplicate node name "${n}": node names must be unique`);
    seen.add(n);
  }
  if (nodes.length === 0) throw new PodtalkError(ErrorCode.BadRequest, "A cluster needs at least 1 node");
  return [...nodes];
}

/** What registering a node touches. */
export interface NodeRegistration {
  readonly tx: JournalSource;
  readonly store: ObjectStore;
  readonly events: EventRecorder;
  readonly nodeCIDRs: NodeCIDRAllocator;
  /** The network node addresses come from: node `index` gets host `index + 2`, as on kind's Docker network. */
  readonly nodeNetworkBase: number;
  readonly now: number;
}

/** The well-known label of a node's zone (k8s.io/api/core/v1 LabelTopologyZone). */
export const ZONE_LABEL = "topology.kubernetes.io/zone";
/** The well-known label of a node's region (LabelTopologyRegion). */
export const REGION_LABEL = "topology.kubernetes.io/region";

/**
 * The taint `kubeadm init` puts on the control-plane node, so that only Pods that tolerate it
 * (CoreDNS, the DaemonSets) run there.
 * @see https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/create-cluster-kubeadm/#control-plane-node-isolation
 */
export const CONTROL_PLANE_TAINT: TaintN = { key: "node-role.kubernetes.io/control-plane", value: "", effect: "NoSchedule" };

/**
 * Registers node `index`: a podCIDR from the node IPAM controller, its address, well-known labels
 * (with its region and zone when the cluster has zones) and, on the control plane (`index` 0) when `tainted`, kubeadm's NoSchedule taint.
 */
export function registerNode(
  r: NodeRegistration,
  name: string,
  index: number,
  tainted = false,
  topology?: { readonly region: string; readonly zone: string },
): NodeState {
  const podCIDR = r.nodeCIDRs.allocateNext(r.tx.j);
  const internalIP = r.nodeNetworkBase + 2 + index;
  const labels: Record<string, string> = {
    "beta.kubernetes.io/arch": "amd64",
    "beta.kubernetes.io/os": "linux",
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": name,
    "kubernetes.io/os": "linux",
    ...(index === 0 ? { "node-role.kubernetes.io/control-plane": "" } : {}),
    // A cloud provider's node controller sets these; a kubeadm cluster has none unless the `zones` option asks.
    ...(topology ? { [REGION_LABEL]: topology.region, [ZONE_LABEL]: topology.zone } : {}),
  };
  const taints = index === 0 && tainted ? [CONTROL_PLANE_TAINT] : [];
  const node: NodeState = { name, index, internalIP, podCIDR, creation: r.now, labels, taints };
  r.tx.j.push(r.store.nodes, node);
  r.tx.j.set(r.store.nodesByName, name, node);
  return node;
}

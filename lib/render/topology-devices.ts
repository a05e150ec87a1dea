/**
 * The network devices of `cluster.topology({ devices: true })`, named and addressed as the
 * simulator's `ip addr`, `ip route` and traces name them: a Pod's eth0 and the host side of its
 * veth pair (`vethXXXXXXXX`, the bridge CNI plugin's name), each node's cni0 bridge with the
 * gateway address, the device the network model sends other nodes' Pod ranges through
 * (flannel.1 for VXLAN; host-gw routes straight out of eth0) and the node's eth0.
 */
import { type ClusterView, FLANNEL_VXLAN, type NodeState, type PodState, formatCIDR, intToIp, networkModelFor } from "../sim/index.js";

/** A Pod's side of the picture: its eth0 and the veth it is paired with on the node. */
export interface PodDevices {
  /** `eth0 10.244.1.3/24`, inside the Pod. */
  readonly eth0: string;
  /** The host side of the veth pair, on the node. */
  readonly veth: string;
}

/** A node's devices, from the Pods' bridge down to the node network. */
export interface NodeDevices {
  /** `cni0 10.244.1.1/24`: the bridge every Pod's veth is a port of. */
  readonly bridge: string;
  /** The device other nodes' Pod ranges are routed through, when it is not eth0 (flannel.1), as label lines. */
  readonly overlay: readonly string[] | undefined;
  /** `eth0 172.18.0.3/16`: the node's own interface. */
  readonly eth0: string;
}

/** The devices of a Pod with its own network namespace; undefined for hostNetwork Pods and Pods without an IP. */
export function podDevices(sim: ClusterView, pod: PodState): PodDevices | undefined {
  const node = pod.nodeName === undefined ? undefined : sim.node(pod.nodeName);
  if (pod.spec.hostNetwork || pod.podIP === undefined || pod.veth === undefined || !node) return undefined;
  // The Pod's address is in its node's podCIDR, with that prefix (exec/tools/ip.ts prints the same).
  return { eth0: `eth0 ${intToIp(pod.podIP)}/${node.podCIDR.prefix}`, veth: pod.veth };
}

/** A node's cni0, overlay device and eth0. */
export function nodeDevices(sim: ClusterView, node: NodeState): NodeDevices {
  const model = networkModelFor(sim.options.network);
  // The device a route to a Pod range of another node uses; asking with the node itself works
  // for a one-node cluster too, and only the device is read.
  const device = model.routeTo(node, node).device;
  let overlay: string[] | undefined;
  if (device === FLANNEL_VXLAN.device) {
    // flannel gives flannel.1 the network address of the node's range as a /32, "so that no
    // broadcast routes are created" (flannel-io/flannel, pkg/backend/vxlan/vxlan.go).
    overlay = [`${device} ${intToIp(node.podCIDR.base)}/32`, `VXLAN VNI ${FLANNEL_VXLAN.vni} · UDP ${FLANNEL_VXLAN.port}`];
  } else if (device !== "eth0") {
    overlay = [`${device} ${intToIp(model.masqueradeSource(node))}`];
  }
  return {
    bridge: `cni0 ${intToIp(sim.gatewayOf(node))}/${node.podCIDR.prefix}`,
    overlay,
    eth0: `eth0 ${intToIp(node.internalIP)}/${sim.options.nodeNetwork.prefix}`,
  };
}

/** The label of the network every node's eth0 is on. */
export function nodeNetworkLabel(sim: ClusterView): string {
  return `node network ${formatCIDR(sim.options.nodeNetwork)}`;
}

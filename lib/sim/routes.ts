/**
 * A node's routing table as flannel and the bridge CNI plugin set it up: `ip route` on the node.
 */
import { formatCIDR, intToIp } from "./ip.js";
import type { ClusterView } from "./cluster-view.js";
import type { NodeState } from "./state.js";

/** One route. */
export interface Route {
  readonly destination: string;
  readonly via: string | undefined;
  readonly device: string;
  /** Why the route is there. */
  readonly note: string;
  /** The line `ip route` prints. */
  readonly text: string;
}

/** The routes of `node`: default, its own Pod range on cni0, each other node's range, the node network. */
export function nodeRoutes(sim: ClusterView, node: NodeState): Route[] {
  const gw = intToIp(sim.options.nodeNetwork.base + 1);
  const routes: Route[] = [{ destination: "default", via: gw, device: "eth0", note: "the node network's gateway", text: `default via ${gw} dev eth0` }];
  for (const n of sim.nodes()) {
    const dst = formatCIDR(n.podCIDR);
    if (n === node) {
      routes.push({ destination: dst, via: undefined, device: "cni0", note: "this node's Pods, on the bridge", text: `${dst} dev cni0 proto kernel scope link src ${intToIp(sim.gatewayOf(n))}` });
    } else if (sim.options.network === "flannel-vxlan") {
      routes.push({ destination: dst, via: intToIp(n.podCIDR.base), device: "flannel.1", note: `Pods on ${n.name}, through the VXLAN overlay`, text: `${dst} via ${intToIp(n.podCIDR.base)} dev flannel.1 onlink` });
    } else {
      routes.push({ destination: dst, via: intToIp(n.internalIP), device: "eth0", note: `Pods on ${n.name}, straight to that node (host-gw)`, text: `${dst} via ${intToIp(n.internalIP)} dev eth0` });
    }
  }
  const net = formatCIDR(sim.options.nodeNetwork);
  routes.push({ destination: net, via: undefined, device: "eth0", note: "the node network", text: `${net} dev eth0 proto kernel scope link src ${intToIp(node.internalIP)}` });
  return routes;
}

/**
 * A node's routing table as flannel and the bridge CNI plugin set it up: `ip route` on the node.
 */
import { formatCIDR, intToIp } from "../ip.js";
import type { ClusterView } from "../cluster-view.js";
import type { NodeState } from "../state.js";
import type { Route } from "./network-model.js";
import { networkModelFor } from "./registry.js";

/** The route to a node's own Pod range: the bridge CNI plugin's, on cni0. */
export function bridgeRoute(view: ClusterView, node: NodeState): Route {
  const dst = formatCIDR(node.podCIDR);
  return {
    destination: dst,
    via: undefined,
    device: "cni0",
    note: "this node's Pods, on the bridge",
    text: `${dst} dev cni0 proto kernel scope link src ${intToIp(view.gatewayOf(node))}`,
  };
}

/** The route to the node network, on eth0. */
export function nodeNetworkRoute(view: ClusterView, node: NodeState): Route {
  const net = formatCIDR(view.options.nodeNetwork);
  return {
    destination: net,
    via: undefined,
    device: "eth0",
    note: "the node network",
    text: `${net} dev eth0 proto kernel scope link src ${intToIp(node.internalIP)}`,
  };
}

/** The routes of `node`: default, its own Pod range on cni0, each other node's range, the node network. */
export function nodeRoutes(view: ClusterView, node: NodeState): Route[] {
  const gw = intToIp(view.options.nodeNetwork.base + 1);
  const model = networkModelFor(view.options.network);
  const routes: Route[] = [{ destination: "default", via: gw, device: "eth0", note: "the node network's gateway", text: `default via ${gw} dev eth0` }];
  for (const n of view.nodes()) routes.push(n === node ? bridgeRoute(view, n) : model.routeTo(node, n));
  routes.push(nodeNetworkRoute(view, node));
  return routes;
}

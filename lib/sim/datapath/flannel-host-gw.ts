/**
 * flannel's host-gw backend: each node routes the other nodes' Pod ranges straight to those nodes
 * over the node network, unencapsulated (so the nodes must share a layer-2 network).
 *
 * @see https://github.com/flannel-io/flannel/blob/master/Documentation/backends.md#host-gw
 */
import { formatCIDR, intToIp } from "../ip.js";
import type { NodeState } from "../state.js";
import * as msg from "./hop-messages.js";
import { hop } from "./hops.js";
import type { NetworkModelImpl, Route } from "./network-model.js";

/** flannel with the host-gw backend. */
export const flannelHostGW: NetworkModelImpl = {
  name: "flannel-host-gw",
  mtu: 1500,
  arrivalPoint: "to-stack",
  routeTo(_node: NodeState, other: NodeState): Route {
    const dst = formatCIDR(other.podCIDR);
    const via = intToIp(other.internalIP);
    return { destination: dst, via, device: "eth0", note: `Pods on ${other.name}, straight to that node (host-gw)`, text: `${dst} via ${via} dev eth0` };
  },
  crossNode(from, to, { src, dst }) {
    const route = this.routeTo(from, to);
    return [
      hop({
        kind: "route",
        node: from.name,
        device: "eth0",
        point: "to-stack",
        src,
        dst,
        summary: msg.hostGWRoute(from.name, route.destination, to.name, route.via!),
        rule: route.text,
        verdict: "forwarded",
      }),
    ];
  },
  masqueradeSource: (node) => node.internalIP,
};

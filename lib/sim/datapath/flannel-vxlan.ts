/**
 * flannel's VXLAN backend (its default): packets for another node's Pod range go through the
 * `flannel.1` device, which wraps them in UDP to that node; the 50-byte header lowers the Pods'
 * MTU to 1450.
 *
 * @see https://github.com/flannel-io/flannel/blob/master/Documentation/backends.md#vxlan
 */
import { formatCIDR, intToIp } from "../ip.js";
import type { NodeState } from "../state.js";
import * as msg from "./hop-messages.js";
import { hop } from "./hops.js";
import type { NetworkModelImpl, Route } from "./network-model.js";

/** flannel's VXLAN device, UDP port and VNI (the kernel's default VXLAN port 8472, not IANA's 4789). */
export const FLANNEL_VXLAN = { device: "flannel.1", port: 8472, vni: 1 } as const;

/** flannel with the VXLAN backend. */
export const flannelVXLAN: NetworkModelImpl = {
  name: "flannel-vxlan",
  mtu: 1450,
  arrivalPoint: "from-overlay",
  routeTo(_node: NodeState, other: NodeState): Route {
    const dst = formatCIDR(other.podCIDR);
    // flannel gives each node's flannel.1 the network address of its range as a next hop.
    const via = intToIp(other.podCIDR.base);
    return {
      destination: dst,
      via,
      device: FLANNEL_VXLAN.device,
      note: `Pods on ${other.name}, through the VXLAN overlay`,
      text: `${dst} via ${via} dev ${FLANNEL_VXLAN.device} onlink`,
    };
  },
  crossNode(from, to, { src, dst }) {
    const route = this.routeTo(from, to);
    const header = { src: intToIp(from.internalIP), dst: intToIp(to.internalIP), port: FLANNEL_VXLAN.port, vni: FLANNEL_VXLAN.vni };
    const outer = `${header.src} -> ${header.dst} UDP ${header.port}`;
    return [
      hop({
        kind: "encapsulate",
        node: from.name,
        device: FLANNEL_VXLAN.device,
        point: "to-overlay",
        src,
        dst,
        summary: msg.vxlanEncapsulate(from.name, route.destination, FLANNEL_VXLAN.device, FLANNEL_VXLAN.vni, to.name),
        change: msg.vxlanChange("encapsulate", outer),
        outer: header,
        rule: route.text,
        verdict: "forwarded",
      }),
      hop({
        kind: "decapsulate",
        node: to.name,
        device: FLANNEL_VXLAN.device,
        point: "from-overlay",
        src,
        dst,
        summary: msg.vxlanDecapsulate(to.name, FLANNEL_VXLAN.port, FLANNEL_VXLAN.device),
        change: msg.vxlanChange("decapsulate", outer),
        outer: header,
        verdict: "forwarded",
      }),
    ];
  },
  // The packet leaves through flannel.1, whose address is the node range's network address.
  masqueradeSource: (node) => node.podCIDR.base,
};

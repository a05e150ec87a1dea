/**
 * `ip addr` and `ip route` inside a Pod: flannel's bridge CNI gives each Pod one veth (eth0) in
 * the node's podCIDR; hostNetwork Pods see the node's interface and routes. The output follows the
 * image's `ip`: iproute2's (netshoot, Debian images) or BusyBox's applet, which prints `M-DOWN`
 * on a veth and leaves out `state`, `group` and `link-netnsid`.
 *
 * @see https://github.com/iproute2/iproute2/blob/main/ip/ipaddress.c
 * @see https://git.busybox.net/busybox/tree/networking/libiproute/ipaddress.c
 */
import { intToIp } from "../../ip.js";
import { nodeRoutes } from "../../datapath/node-routes.js";
import { networkModelFor } from "../../datapath/registry.js";
import type { ResolvedOptions } from "../../options.js";
import { linkLocal, macAddress } from "../interfaces.js";
import { IP } from "../messages.js";
import { fail, ok } from "../result.js";
import type { Tool, ToolContext } from "../tool.js";

/** The Pod interface's MTU is the network model's (VXLAN's 50-byte header comes out of the node's 1500). */
function podMTU(options: ResolvedOptions): number {
  return networkModelFor(options.network).mtu;
}

const LIFETIME = "       valid_lft forever preferred_lft forever";

/** `ip addr` in the style of the image's `ip`. */
function addresses(ctx: ToolContext): string {
  const { cluster, pod } = ctx;
  const busybox = ctx.image.ipStyle === "busybox";
  const node = cluster.node(pod.nodeName!)!;
  const cidr = pod.spec.hostNetwork ? cluster.options.nodeNetwork : node.podCIDR;
  const address = intToIp(pod.podIP!);
  const bcast = intToIp(cidr.base + cidr.size - 1);
  const mac = macAddress(pod);
  const group = busybox ? "" : " group default";
  const lo = busybox
    ? "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000"
    : "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000";
  const eth0 = pod.spec.hostNetwork
    ? `2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq${busybox ? "" : " state UP"}${group} qlen 1000`
    : busybox
      ? `2: eth0@if${5 + (pod.podIP! & 255)}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu ${podMTU(cluster.options)} qdisc noqueue `
      : `2: eth0@if${5 + (pod.podIP! & 255)}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu ${podMTU(cluster.options)} qdisc noqueue state UP${group} `;
  const lines = [
    lo,
    "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
    "    inet 127.0.0.1/8 scope host lo",
    LIFETIME,
    "    inet6 ::1/128 scope host ",
    LIFETIME,
    eth0,
    `    link/ether ${mac} brd ff:ff:ff:ff:ff:ff${pod.spec.hostNetwork || busybox ? "" : " link-netnsid 0"}`,
    `    inet ${address}/${cidr.prefix} brd ${bcast} scope global eth0`,
    LIFETIME,
    `    inet6 ${linkLocal(mac)}/64 scope link `,
    LIFETIME,
  ];
  return `${lines.join("\n")}\n`;
}

/** `ip addr` (`a`, `address`) and `ip route` (`r`). */
export const ip: Tool = {
  run(ctx, args) {
    const { cluster, pod } = ctx;
    const [object] = args;
    const node = cluster.node(pod.nodeName!)!;
    const address = intToIp(pod.podIP!);
    if (object === "addr" || object === "a" || object === "address") return ok(addresses(ctx));
    if (object === "route" || object === "r") {
      const lines = pod.spec.hostNetwork
        ? nodeRoutes(cluster, node).map((r) => r.text)
        : [
            `default via ${intToIp(cluster.gatewayOf(node))} dev eth0`,
            `${intToIp(cluster.options.clusterCIDR.base)}/${cluster.options.clusterCIDR.prefix} via ${intToIp(cluster.gatewayOf(node))} dev eth0`,
            `${intToIp(node.podCIDR.base)}/${node.podCIDR.prefix} dev eth0 proto kernel scope link src ${address}`,
          ];
      return ok(`${lines.join("\n")}\n`);
    }
    return fail(IP.unknownObject(object ?? ""), "error", { exitCode: 255 });
  },
};

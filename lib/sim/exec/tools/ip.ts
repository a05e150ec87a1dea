/**
 * iproute2's `ip addr` and `ip route` inside a Pod: flannel's bridge CNI gives each Pod one veth
 * (eth0) in the node's podCIDR; hostNetwork Pods see the node's interface and routes.
 */
import { intToIp } from "../../ip.js";
import { nodeRoutes } from "../../datapath/node-routes.js";
import { networkModelFor } from "../../datapath/registry.js";
import type { ResolvedOptions } from "../../options.js";
import { IP } from "../messages.js";
import { fail, ok } from "../result.js";
import type { Tool } from "../tool.js";

/** The Pod interface's MTU is the network model's (VXLAN's 50-byte header comes out of the node's 1500). */
function podMTU(options: ResolvedOptions): number {
  return networkModelFor(options.network).mtu;
}

/** A stable locally administered MAC address derived from `seed` (the Pod's UID). */
function macAddress(seed: string): string {
  let h = 0;
  for (const ch of seed) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  const b = [0x0a | ((h >>> 24) & 0xf0), (h >>> 16) & 255, (h >>> 8) & 255, h & 255, (h >>> 4) & 255, (h >>> 12) & 255];
  return b.map((x) => (x & 255).toString(16).padStart(2, "0")).join(":");
}

/** `ip addr` (`a`, `address`) and `ip route` (`r`). */
export const ip: Tool = {
  run({ cluster, pod }, args) {
    const [object] = args;
    const node = cluster.node(pod.nodeName!)!;
    const cidr = pod.spec.hostNetwork ? cluster.options.nodeNetwork : node.podCIDR;
    const address = intToIp(pod.podIP!);
    const bcast = intToIp(cidr.base + cidr.size - 1);
    if (object === "addr" || object === "a" || object === "address") {
      const lines = [
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000",
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
        "    inet 127.0.0.1/8 scope host lo",
        "       valid_lft forever preferred_lft forever",
        pod.spec.hostNetwork
          ? `2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP qlen 1000`
          : `2: eth0@if${5 + (pod.podIP! & 255)}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu ${podMTU(cluster.options)} qdisc noqueue state UP`,
        `    link/ether ${macAddress(pod.uid)} brd ff:ff:ff:ff:ff:ff`,
        `    inet ${address}/${cidr.prefix} brd ${bcast} scope global eth0`,
        "       valid_lft forever preferred_lft forever",
      ];
      return ok(`${lines.join("\n")}\n`);
    }
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

/**
 * BusyBox `ping -c N host`. ICMP is not a Service port: in iptables mode nothing answers a
 * ClusterIP, while IPVS mode binds ClusterIPs to kube-ipvs0 on every node, so the node answers.
 *
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#proxy-mode-ipvs
 */
import { intToIp } from "../../ip.js";
import type { ClusterView } from "../../cluster-view.js";
import type { NodeState, PodState } from "../../state.js";
import type { Hop } from "../../trace.js";
import { BUSYBOX_USAGE, PING } from "../messages.js";
import { lookupHost } from "../resolver.js";
import { fail } from "../result.js";
import type { Tool } from "../tool.js";

// proxy-mode/network-model specific: routed through the strategy at merge
/** Whether the node answers an echo request to a ClusterIP (IPVS binds it to kube-ipvs0), and the hop that says so. */
function pingClusterIP(sim: ClusterView, pod: PodState, srcNode: NodeState, ip: number, host: string): { answers: boolean; hop: Hop } {
  const svc = sim.serviceByClusterIP(ip);
  const answers = sim.options.proxyMode === "ipvs" && svc !== undefined;
  return {
    answers,
    hop: {
      kind: "kube-proxy",
      node: srcNode.name,
      device: answers ? "kube-ipvs0" : undefined,
      point: "to-stack",
      src: intToIp(pod.podIP!),
      dst: intToIp(ip),
      summary: answers ? PING.ipvsAnswers(srcNode.name) : PING.clusterIPSilent(intToIp(ip)),
      change: undefined,
      rule: undefined,
      verdict: answers ? "delivered" : "dropped",
      ...(answers ? {} : { reason: PING.clusterIPSilentReason(intToIp(ip)), fix: PING.clusterIPSilentFix(host) }),
    },
  };
}

/** Whether a Pod answers at `ip`, the TTL its replies arrive with, and the hop that delivers the request. */
function pingPodIP(sim: ClusterView, pod: PodState, srcNode: NodeState, ip: number): { answers: boolean; ttl: number; hop: Hop } {
  const target = sim.podByIP(ip);
  const answers = target !== undefined && target.deletion === undefined && target.phase === "Running";
  // A reply from another node crossed two routers (both nodes' cni0), so it arrives with TTL 62.
  const ttl = target && target.nodeName === pod.nodeName ? 64 : 62;
  return {
    answers,
    ttl,
    hop: {
      kind: "deliver",
      node: target?.nodeName ?? srcNode.name,
      device: "eth0",
      point: "to-endpoint",
      src: intToIp(pod.podIP!),
      dst: intToIp(ip),
      summary: answers ? PING.podAnswers(target!.name) : PING.noPod(intToIp(ip)),
      change: undefined,
      rule: undefined,
      verdict: answers ? "delivered" : "dropped",
      ...(answers ? {} : { reason: PING.noPodReason(intToIp(ip)), fix: PING.noPodFix }),
    },
  };
}

/** `ping [-c N] host`. */
export const ping: Tool = {
  run({ cluster: sim, pod, random }, args) {
    let count = 4;
    let host: string | undefined;
    for (let i = 0; i < args.length; i++) {
      if (args[i] === "-c") count = Number(args[++i]);
      else if (args[i]!.startsWith("-c")) count = Number(args[i]!.slice(2));
      else if (!args[i]!.startsWith("-")) host = args[i];
    }
    if (!host || !(count > 0)) return fail(BUSYBOX_USAGE.ping, "error");
    const lookup = lookupHost(sim, pod, host, random);
    const hops = [...lookup.hops];
    if (lookup.addresses.length === 0) return fail(PING.badAddress(host), "nxdomain", { hops });
    const ip = lookup.addresses[0]!;
    const head = `PING ${host} (${intToIp(ip)}): 56 data bytes\n`;
    const stats = (received: number) => `\n--- ${host} ping statistics ---\n${count} packets transmitted, ${received} packets received, ${Math.round((100 * (count - received)) / count)}% packet loss\n`;
    let ttl = 64;
    let answers = false;
    const srcNode = sim.node(pod.nodeName!)!;
    if (ip >>> 24 === 127 || ip === pod.podIP) answers = true;
    else if (sim.isServiceNetwork(ip)) {
      const r = pingClusterIP(sim, pod, srcNode, ip, host);
      answers = r.answers;
      hops.push(r.hop);
    } else if (sim.isPodNetwork(ip)) {
      const r = pingPodIP(sim, pod, srcNode, ip);
      answers = r.answers;
      ttl = r.ttl;
      hops.push(r.hop);
    } else if (sim.nodeByIP(ip)) answers = true;
    if (!answers) return { exitCode: 1, stdout: head + stats(0), stderr: "", outcome: "timeout", hops };
    const times = Array.from({ length: count }, (_, i) => 0.05 + ((sim.now * 7 + i * 13) % 40) / 100);
    const lines = times.map((t, i) => `64 bytes from ${intToIp(ip)}: seq=${i} ttl=${ttl} time=${t.toFixed(3)} ms\n`).join("");
    const min = Math.min(...times);
    const max = Math.max(...times);
    const avg = times.reduce((a, b) => a + b, 0) / times.length;
    return { exitCode: 0, stdout: `${head}${lines}${stats(count)}round-trip min/avg/max = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)} ms\n`, stderr: "", outcome: "ok", hops };
  },
};

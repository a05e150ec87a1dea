/**
 * BusyBox `ping -c N host`. ICMP is not a Service port: in iptables mode nothing answers a
 * ClusterIP. IPVS mode binds ClusterIPs to kube-ipvs0 on every node, but its KUBE-IPVS-FILTER
 * chain rejects anything new to them that no virtual server takes, ICMP echo included, with an
 * ICMP port unreachable, which BusyBox ping ignores (too short to be its reply): 100% loss either way.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/ipvs/proxier.go (KUBE-IPVS-FILTER)
 * @see https://git.busybox.net/busybox/tree/networking/ping.c (unpack4)
 */
import { intToIp } from "../../ip.js";
import type { Hop } from "../../datapath/hops.js";
import { proxyModeFor } from "../../kube-proxy/registry.js";
import { BUSYBOX_USAGE, PING } from "../messages.js";
import { lookupHost } from "../resolver.js";
import { fail } from "../result.js";
import type { ExecScope, Tool } from "../tool.js";

/** The hop of an echo request to a ClusterIP: unanswered in every mode, rejected by IPVS's filter. */
function pingClusterIP(scope: ExecScope, target: { readonly ip: number; readonly host: string }): { answers: boolean; hop: Hop } {
  const { cluster, pod } = scope;
  const { ip, host } = target;
  const node = pod.nodeName!;
  const svc = cluster.serviceByClusterIP(ip);
  const mode = proxyModeFor(cluster.options.proxyMode);
  const filtered = svc !== undefined && mode.vipFilterRule !== undefined;
  return {
    answers: false,
    hop: {
      kind: "kube-proxy",
      node,
      device: filtered ? mode.clusterIPDevice : undefined,
      point: "to-stack",
      src: intToIp(pod.podIP!),
      dst: intToIp(ip),
      summary: filtered ? PING.clusterIPFiltered(mode.clusterIPDevice ?? "", node) : PING.clusterIPSilent(intToIp(ip)),
      change: undefined,
      rule: filtered ? mode.vipFilterRule : undefined,
      verdict: filtered ? "rejected" : "dropped",
      reason: PING.clusterIPSilentReason(intToIp(ip)),
      fix: PING.clusterIPSilentFix(host),
    },
  };
}

/** Whether a Pod answers at `ip`, the TTL its replies arrive with, and the hop that delivers the request. */
function pingPodIP(scope: ExecScope, ip: number): { answers: boolean; ttl: number; hop: Hop } {
  const { cluster, pod } = scope;
  const target = cluster.podByIP(ip);
  const answers = target !== undefined && target.deletion === undefined && target.phase === "Running";
  // A reply from another node crossed two routers (both nodes' cni0), so it arrives with TTL 62.
  const ttl = target && target.nodeName === pod.nodeName ? 64 : 62;
  return {
    answers,
    ttl,
    hop: {
      kind: "deliver",
      node: target?.nodeName ?? pod.nodeName!,
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

/** The most echo requests one `ping -c` sends in podtalk (each reply is a line of output). */
export const MAX_PING_COUNT = 10_000;

/** `ping [-c N] host`. */
export const ping: Tool = {
  run(ctx, args) {
    const { cluster, pod } = ctx;
    let count = 4;
    let countText: string | undefined;
    let host: string | undefined;
    for (let i = 0; i < args.length; i++) {
      if (args[i] === "-c") countText = args[++i];
      else if (args[i]!.startsWith("-c")) countText = args[i]!.slice(2);
      else if (!args[i]!.startsWith("-")) host = args[i];
    }
    if (countText !== undefined) count = Number(countText);
    // BusyBox reads the count as an unsigned decimal; a fraction, an exponent or a sign is refused.
    if (countText !== undefined && countText !== "" && !/^\d+$/.test(countText)) return fail(PING.invalidNumber(countText), "error");
    if (countText !== undefined && count > 4294967295) return fail(PING.numberOutOfRange(countText), "error");
    if (!host || !(count > 0)) return fail(BUSYBOX_USAGE.ping, "error");
    if (count > MAX_PING_COUNT) return fail(PING.tooManyPackets(count, MAX_PING_COUNT), "error");
    const lookup = lookupHost(ctx, host);
    const hops = [...lookup.hops];
    if (lookup.addresses.length === 0) return fail(PING.badAddress(host), "nxdomain", { hops });
    const ip = lookup.addresses[0]!;
    const head = `PING ${host} (${intToIp(ip)}): 56 data bytes\n`;
    const stats = (received: number) =>
      `\n--- ${host} ping statistics ---\n${count} packets transmitted, ${received} packets received, ${Math.round((100 * (count - received)) / count)}% packet loss\n`;
    let ttl = 64;
    let answers = false;
    if (ip >>> 24 === 127 || ip === pod.podIP) answers = true;
    else if (cluster.isServiceNetwork(ip)) {
      const r = pingClusterIP(ctx, { ip, host });
      answers = r.answers;
      hops.push(r.hop);
    } else if (cluster.isPodNetwork(ip)) {
      const r = pingPodIP(ctx, ip);
      answers = r.answers;
      ttl = r.ttl;
      hops.push(r.hop);
    } else if (cluster.nodeByIP(ip)) answers = true;
    if (!answers) return { exitCode: 1, stdout: head + stats(0), stderr: "", outcome: "timeout", hops };
    const times = Array.from({ length: count }, (_, i) => 0.05 + ((cluster.now * 7 + i * 13) % 40) / 100);
    const lines = times.map((t, i) => `64 bytes from ${intToIp(ip)}: seq=${i} ttl=${ttl} time=${t.toFixed(3)} ms\n`).join("");
    const min = times.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
    const max = times.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
    const avg = times.reduce((a, b) => a + b, 0) / times.length;
    return {
      exitCode: 0,
      stdout: `${head}${lines}${stats(count)}round-trip min/avg/max = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)} ms\n`,
      stderr: "",
      outcome: "ok",
      hops,
    };
  },
};

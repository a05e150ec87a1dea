/**
 * `ping -c N host`, BusyBox's or iputils' by image. ICMP is not a Service port: in iptables mode nothing answers a
 * ClusterIP. IPVS mode binds ClusterIPs to kube-ipvs0 on every node, but its KUBE-IPVS-FILTER
 * chain rejects anything new to them that no virtual server takes, ICMP echo included, with an
 * ICMP port unreachable: BusyBox ping ignores it (too short to be its reply), iputils prints
 * `Destination Port Unreachable` for it; 100% loss either way.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/ipvs/proxier.go (KUBE-IPVS-FILTER)
 * @see https://git.busybox.net/busybox/tree/networking/ping.c (unpack4)
 * @see https://github.com/iputils/iputils/blob/master/ping/ping_common.c (finish, pr_addr)
 */
import { intToIp, isIPv4 } from "../../ip.js";
import { namesOfAddress } from "../../dns/reverse.js";
import type { Hop } from "../../datapath/hops.js";
import { proxyModeFor } from "../../kube-proxy/registry.js";
import { BUSYBOX_USAGE, PING } from "../messages.js";
import { lookupHost } from "../resolver.js";
import { icmpPolicy } from "../../datapath/policy-steps.js";
import { fail } from "../result.js";
import type { ExecScope, Tool, ToolContext } from "../tool.js";

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
      summary: filtered
        ? (mode.texts?.pingFiltered ?? ((_ip: string, n: string) => PING.clusterIPFiltered(mode.clusterIPDevice ?? "", n)))(intToIp(ip), node)
        : PING.clusterIPSilent(intToIp(ip)),
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

/** `ping [-c N] host`, as BusyBox or iputils (netshoot) prints it. */
export const ping: Tool = {
  run(ctx, args) {
    const iputils = ctx.image.pingStyle === "iputils";
    let countText: string | undefined;
    let host: string | undefined;
    for (let i = 0; i < args.length; i++) {
      if (args[i] === "-c") countText = args[++i];
      else if (args[i]!.startsWith("-c")) countText = args[i]!.slice(2);
      else if (!args[i]!.startsWith("-")) host = args[i];
    }
    const count = countText === undefined ? 4 : Number(countText);
    if (iputils) {
      // iputils parses the count with strtoll and a range check (ping/ping_common.c parse_long).
      if (countText !== undefined && !/^\d+$/.test(countText)) return fail(PING.iputilsInvalidArgument(countText ?? ""), "error", { exitCode: 2 });
      if (countText !== undefined && !(count >= 1)) return fail(PING.iputilsOutOfRange(countText), "error", { exitCode: 2 });
      if (!host) return fail(PING.iputilsUsage, "error", { exitCode: 2 });
    } else {
      // BusyBox reads the count as an unsigned decimal; a fraction, an exponent or a sign is refused.
      if (countText !== undefined && countText !== "" && !/^\d+$/.test(countText)) return fail(PING.invalidNumber(countText), "error");
      if (countText !== undefined && count > 4294967295) return fail(PING.numberOutOfRange(countText), "error");
      if (!host || !(count > 0)) return fail(BUSYBOX_USAGE.ping, "error");
    }
    if (count > MAX_PING_COUNT) return fail(PING.tooManyPackets(count, MAX_PING_COUNT), "error");
    const lookup = lookupHost(ctx, host);
    const hops = [...lookup.hops];
    if (lookup.addresses.length === 0) {
      return iputils ? fail(PING.iputilsUnknownHost(host), "nxdomain", { hops, exitCode: 2 }) : fail(PING.badAddress(host), "nxdomain", { hops });
    }
    const ip = lookup.addresses[0]!;
    const probe = probeAddress(ctx, ip, host);
    hops.push(...probe.hops);
    const times = Array.from({ length: count }, (_, i) => 0.05 + ((ctx.cluster.now * 7 + i * 13) % 40) / 100);
    const out = iputils
      ? iputilsOutput(ctx, { host, ip, count, times, probe, canonical: lookup.resolution?.answeredName })
      : busyboxOutput({ host, ip, count, times, probe });
    return { exitCode: probe.answers ? 0 : 1, stdout: out, stderr: "", outcome: probe.answers ? "ok" : "timeout", hops };
  },
};

/** What the echo requests to `ip` meet: answered (with the replies' TTL), unanswered, or rejected. */
interface Probe {
  readonly answers: boolean;
  readonly ttl: number;
  /** Whether an ICMP port unreachable comes back instead (IPVS's filter on a ClusterIP). */
  readonly rejected: boolean;
  readonly hops: readonly Hop[];
}

function probeAddress(ctx: ToolContext, ip: number, host: string): Probe {
  const { cluster, pod } = ctx;
  if (ip >>> 24 === 127 || ip === pod.podIP) return { answers: true, ttl: 64, rejected: false, hops: [] };
  if (cluster.isServiceNetwork(ip)) {
    const r = pingClusterIP(ctx, { ip, host });
    return { answers: r.answers, ttl: 64, rejected: r.hop.verdict === "rejected", hops: [r.hop] };
  }
  if (cluster.isPodNetwork(ip)) {
    const target = cluster.podByIP(ip);
    const policy = target ? icmpPolicy(cluster, pod, target) : { hops: [], dropped: false };
    // A dropped echo request gets no reply: 100% loss, as for a silent address.
    if (policy.dropped) return { answers: false, ttl: 64, rejected: false, hops: policy.hops };
    const r = pingPodIP(ctx, ip);
    if (policy.hops.length) return { answers: r.answers, ttl: r.ttl, rejected: false, hops: [...policy.hops, r.hop] };
    return { answers: r.answers, ttl: r.ttl, rejected: false, hops: [r.hop] };
  }
  return { answers: cluster.nodeByIP(ip) !== undefined, ttl: 64, rejected: false, hops: [] };
}

interface Pinged {
  readonly host: string;
  readonly ip: number;
  readonly count: number;
  readonly times: readonly number[];
  readonly probe: Probe;
}

/** BusyBox's format (networking/ping.c): `seq=0`, `N packets received`, `round-trip min/avg/max`. */
function busyboxOutput({ host, ip, count, times, probe }: Pinged): string {
  const head = `PING ${host} (${intToIp(ip)}): 56 data bytes\n`;
  const received = probe.answers ? count : 0;
  const stats = `\n--- ${host} ping statistics ---\n${count} packets transmitted, ${received} packets received, ${Math.round((100 * (count - received)) / count)}% packet loss\n`;
  if (!probe.answers) return head + stats;
  const lines = times.map((t, i) => `64 bytes from ${intToIp(ip)}: seq=${i} ttl=${probe.ttl} time=${t.toFixed(3)} ms\n`).join("");
  const { min, avg, max } = rtt(times);
  return `${head}${lines}${stats}round-trip min/avg/max = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)} ms\n`;
}

/**
 * iputils' format (ping/ping.c, ping/ping_common.c): the canonical name in the header,
 * `icmp_seq` from 1, each reply's source by its reverse name unless the target was an address,
 * one `From … Destination Port Unreachable` line per rejected request, and `time` spanning the
 * sends one second apart.
 */
function iputilsOutput(ctx: ToolContext, p: Pinged & { readonly canonical: string | undefined }): string {
  const { host, ip, count, times, probe } = p;
  const address = intToIp(ip);
  const name = isIPv4(host) ? host : (p.canonical?.replace(/\.$/, "") ?? host);
  const from = isIPv4(host) ? address : `${reverseName(ctx, ip) ?? address} (${address})`;
  const head = `PING ${name} (${address}) 56(84) bytes of data.\n`;
  const span = (count - 1) * 1000 + (count > 1 ? Math.round(times.reduce((a, b) => a + b, 0)) + count : 0);
  const summary = (received: number, errors: number) =>
    `\n--- ${name} ping statistics ---\n${count} packets transmitted, ${received} received, ${errors > 0 ? `+${errors} errors, ` : ""}${Math.round((100 * (count - received)) / count)}% packet loss, time ${span}ms\n`;
  if (probe.rejected) {
    const lines = times.map((_, i) => `From ${from} icmp_seq=${i + 1} Destination Port Unreachable\n`).join("");
    return `${head}${lines}${summary(0, count)}\n`;
  }
  if (!probe.answers) return `${head}${summary(0, 0)}\n`;
  const lines = times.map((t, i) => `64 bytes from ${from}: icmp_seq=${i + 1} ttl=${probe.ttl} time=${t.toFixed(3)} ms\n`).join("");
  const { min, avg, max, mdev } = rtt(times);
  return `${head}${lines}${summary(count, 0)}rtt min/avg/max/mdev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${mdev.toFixed(3)} ms\n`;
}

/** The name getnameinfo gives a reply's source: /etc/hosts for loopback and the Pod itself, else cluster DNS's PTR. */
function reverseName(ctx: ToolContext, ip: number): string | undefined {
  if (ip >>> 24 === 127) return "localhost";
  if (ip === ctx.pod.podIP) return ctx.pod.spec.hostname ?? ctx.pod.name;
  return namesOfAddress(ctx.cluster, ip)[0]?.replace(/\.$/, "");
}

function rtt(times: readonly number[]): { min: number; avg: number; max: number; mdev: number } {
  const min = times.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  const max = times.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  const avg = times.reduce((a, b) => a + b, 0) / times.length;
  const mdev = Math.sqrt(Math.max(0, times.reduce((a, b) => a + b * b, 0) / times.length - avg * avg));
  return { min, avg, max, mdev };
}

/**
 * What the kube-proxy Pod writes when it starts (`kubectl logs -n kube-system kube-proxy-…`), for
 * the proxy modes that say how they announce themselves ({@link ProxyModeImpl.startupLog}): klog's
 * lines as v1.35.0 prints them, with the mode's own line in the middle. A mode without one (for
 * now iptables and IPVS) leaves the log empty.
 *
 * The sequence is a v1.35.0 kube-proxy's (informers, node IP, conntrack, dual-stack, the proxier,
 * version, the config controllers). In nftables mode kube-proxy's mode is set, so it does not
 * print `"Using iptables proxy"` (platformApplyDefaults), and nodePortAddresses defaults to
 * `primary`, so it does not complain that nodePortAddresses is unset.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/release-1.35/cmd/kube-proxy/app/server.go
 * @see https://github.com/kubernetes/kubernetes/blob/release-1.35/cmd/kube-proxy/app/server_linux.go
 */
import { KUBERNETES_VERSION } from "../../model/version.js";
import { wallClockMs } from "../clock.js";
import type { ProxyModeImpl } from "./proxy-mode.js";

/** The nodes' CPUs: 2 × conntrack's 32768 per core is below its 131072 floor. */
const NF_CONNTRACK_MAX = 131072;

/** klog's header: `I0705 19:08:06.302910       1 file.go:N] `, UTC, thread id 1 right-aligned in 7. */
function klog(seconds: number, micros: number, source: string, text: string): string {
  const d = new Date(wallClockMs(Math.floor(seconds)));
  const two = (n: number) => String(n).padStart(2, "0");
  const stamp = `${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `I${stamp}.${String(micros).padStart(6, "0")}       1 ${source}] ${text}`;
}

/** The lines kube-proxy has written on a node with address `nodeIP` by simulated second `until`. */
export function kubeProxyLogLines(mode: ProxyModeImpl, nodeIP: string, startedAt: number, until: number): string[] {
  const own = mode.startupLog;
  if (own === undefined || until < startedAt) return [];
  const t = Math.floor(startedAt);
  const lines: [number, string, string][] = [
    [302910, "shared_informer.go:370", '"Waiting for caches to sync"'],
    [402871, "shared_informer.go:377", '"Caches are synced"'],
    [402895, "server.go:218", `"Successfully retrieved NodeIPs" NodeIPs=["${nodeIP}"]`],
    [407173, "conntrack.go:57", `"Setting nf_conntrack_max" nfConntrackMax=${NF_CONNTRACK_MAX}`],
    [458850, "server.go:264", '"kube-proxy running in dual-stack mode" primary ipFamily="IPv4"'],
    [458879, own.source, `"${own.message}"`],
    [478930, "server.go:529", `"Version info" version="${KUBERNETES_VERSION}"`],
    [478943, "server.go:531", '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""'],
    [479783, "config.go:200", '"Starting service config controller"'],
    [479792, "shared_informer.go:349", '"Waiting for caches to sync" controller="service config"'],
    [479816, "config.go:106", '"Starting endpoint slice config controller"'],
    [479822, "shared_informer.go:349", '"Waiting for caches to sync" controller="endpoint slice config"'],
    [479825, "config.go:403", '"Starting serviceCIDR config controller"'],
    [479828, "shared_informer.go:349", '"Waiting for caches to sync" controller="serviceCIDR config"'],
    [479886, "config.go:309", '"Starting node config controller"'],
    [479901, "shared_informer.go:349", '"Waiting for caches to sync" controller="node config"'],
    [479906, "shared_informer.go:356", '"Caches are synced" controller="node config"'],
    [580586, "shared_informer.go:356", '"Caches are synced" controller="endpoint slice config"'],
    [580596, "shared_informer.go:356", '"Caches are synced" controller="serviceCIDR config"'],
    [580610, "shared_informer.go:356", '"Caches are synced" controller="service config"'],
  ];
  // Everything within the first second of the container's start.
  return lines.map(([us, source, text]) => klog(t, us, source, text));
}

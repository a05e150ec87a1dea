/**
 * What the kube-proxy Pod writes when it starts (`kubectl logs -n kube-system kube-proxy-…`):
 * klog's text lines as v1.35.0 prints them (informers, node IP, conntrack, dual-stack, the
 * proxier, version, the config controllers), with each proxy mode's own lines where kube-proxy
 * writes them:
 *
 * - iptables, as kubeadm configures it (`mode: ""`): `platformApplyDefaults` first logs
 *   `"Using iptables proxy"`, and the unset `nodePortAddresses` gets an error line;
 * - ipvs: the same error line, then `"Using ipvs Proxier"` and v1.35's deprecation error
 *   (KEP-5495), next to the `IPVSDeprecation` Warning event on the Node;
 * - nftables: no defaulting and no complaint (nodePortAddresses defaults to `primary`).
 *
 * nftables mode, and any mode a course registers, gives its proxier line as
 * {@link ProxyModeImpl.startupLog}; a mode without one has an empty kube-proxy log.
 *
 * The line numbers are v1.35's: `server_linux.go:136` for the iptables proxier is read from a
 * v1.35.0 log; PR #134539's diff puts the ipvs lines at 193 and 195, and the nftables one sits
 * 60 lines after the ipvs one; `server_linux.go:53` and `server.go:255` are read from a log of
 * the same release line.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/release-1.35/cmd/kube-proxy/app/server.go
 * @see https://github.com/kubernetes/kubernetes/blob/release-1.35/cmd/kube-proxy/app/server_linux.go
 * @see https://github.com/kubernetes/kubernetes/pull/134539
 */
import { IPVS_DEPRECATION, KUBERNETES_VERSION } from "../../model/version.js";
import { EPOCH_MS } from "../clock.js";
import type { ProxyModeImpl } from "./proxy-mode.js";

/** The nodes' CPUs: 2 × conntrack's 32768 per core is below its 131072 floor. */
const NF_CONNTRACK_MAX = 131072;

/** One klog line: microseconds after the container started, severity, `file:line` and the text after `] `. */
type Line = readonly [micros: number, severity: "I" | "E", source: string, text: string];

const NODE_PORT_ADDRESSES_UNSET =
  '"Kube-proxy configuration may be incomplete or incorrect" err="nodePortAddresses is unset; NodePort connections will be accepted on all local IPs. Consider using `--nodeport-addresses primary`"';

/**
 * The lines of the built-in modes that log more than their proxier's line: kubeadm's iptables
 * (`mode: ""` is defaulted) and IPVS (deprecated). Any other mode logs the one line its
 * `startupLog` gives, as nftables does.
 */
const MODE_LINES: Readonly<Record<string, readonly Line[]>> = {
  iptables: [
    [201532, "I", "server_linux.go:53", '"Using iptables proxy"'],
    [438817, "E", "server.go:255", NODE_PORT_ADDRESSES_UNSET],
    [458879, "I", "server_linux.go:136", '"Using iptables Proxier"'],
  ],
  ipvs: [
    [438817, "E", "server.go:255", NODE_PORT_ADDRESSES_UNSET],
    [458879, "I", "server_linux.go:193", '"Using ipvs Proxier"'],
    [458935, "E", "server_linux.go:195", JSON.stringify(IPVS_DEPRECATION)],
  ],
};

/** klog's header: `I0705 19:08:06.302910       1 file.go:N] `, UTC, thread id (PID 1) right-aligned in 7. */
function klog(micros: number, severity: string, source: string, text: string): string {
  const d = new Date(EPOCH_MS + Math.floor(micros / 1000));
  const two = (n: number) => String(n).padStart(2, "0");
  const fraction = String(micros % 1_000_000).padStart(6, "0");
  const stamp = `${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${fraction}`;
  return `${severity}${stamp}       1 ${source}] ${text}`;
}

/** The lines kube-proxy in `mode` has written on a node with address `nodeIP` by simulated second `until`. */
export function kubeProxyLogLines(mode: ProxyModeImpl, nodeIP: string, startedAt: number, until: number): string[] {
  const own: readonly Line[] | undefined = Object.hasOwn(MODE_LINES, mode.name)
    ? MODE_LINES[mode.name]
    : mode.startupLog && [[458879, "I", mode.startupLog.source, `"${mode.startupLog.message}"`]];
  if (own === undefined) return [];
  const common: Line[] = [
    [302910, "I", "shared_informer.go:370", '"Waiting for caches to sync"'],
    [402871, "I", "shared_informer.go:377", '"Caches are synced"'],
    [402895, "I", "server.go:218", `"Successfully retrieved NodeIPs" NodeIPs=["${nodeIP}"]`],
    [407173, "I", "conntrack.go:57", `"Setting nf_conntrack_max" nfConntrackMax=${NF_CONNTRACK_MAX}`],
    [458850, "I", "server.go:264", '"kube-proxy running in dual-stack mode" primary ipFamily="IPv4"'],
    [478930, "I", "server.go:529", `"Version info" version="${KUBERNETES_VERSION}"`],
    [478943, "I", "server.go:531", '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""'],
    [479783, "I", "config.go:200", '"Starting service config controller"'],
    [479792, "I", "shared_informer.go:349", '"Waiting for caches to sync" controller="service config"'],
    [479816, "I", "config.go:106", '"Starting endpoint slice config controller"'],
    [479822, "I", "shared_informer.go:349", '"Waiting for caches to sync" controller="endpoint slice config"'],
    [479825, "I", "config.go:403", '"Starting serviceCIDR config controller"'],
    [479828, "I", "shared_informer.go:349", '"Waiting for caches to sync" controller="serviceCIDR config"'],
    [479886, "I", "config.go:309", '"Starting node config controller"'],
    [479901, "I", "shared_informer.go:349", '"Waiting for caches to sync" controller="node config"'],
    [479906, "I", "shared_informer.go:356", '"Caches are synced" controller="node config"'],
    [580586, "I", "shared_informer.go:356", '"Caches are synced" controller="endpoint slice config"'],
    [580596, "I", "shared_informer.go:356", '"Caches are synced" controller="serviceCIDR config"'],
    [580610, "I", "shared_informer.go:356", '"Caches are synced" controller="service config"'],
  ];
  const start = Math.round(startedAt * 1_000_000);
  const end = Math.round(until * 1_000_000);
  return [...common, ...own]
    .sort((a, b) => a[0] - b[0])
    .filter(([micros]) => start + micros <= end)
    .map(([micros, severity, source, text]) => klog(start + micros, severity, source, text));
}

/**
 * The resolv.conf the kubelet writes into each Pod, by its dnsPolicy and dnsConfig.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-s-dns-policy
 */
import { intToIp } from "../ip.js";
import type { ClusterView } from "../cluster-view.js";
import type { PodState } from "../state.js";

/** A Pod's `/etc/resolv.conf`. */
export interface ResolvConf {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly string[];
}

/** The address of the nodes' upstream resolver (the node network's gateway, as on kind). */
export function upstreamResolver(sim: ClusterView): string {
  return intToIp(sim.options.nodeNetwork.base + 1);
}

/**
 * The resolv.conf the kubelet writes for `pod`, by its dnsPolicy: `ClusterFirst` (the default)
 * points at the cluster DNS with the namespace's search list and `ndots:5`; `Default` copies the
 * node's; hostNetwork Pods fall back to `Default` unless they ask for `ClusterFirstWithHostNet`;
 * `None` uses only `dnsConfig`. `dnsConfig` is merged in: searches appended, options overriding.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/network/dns/dns.go
 */
export function resolvConf(sim: ClusterView, pod: PodState): ResolvConf {
  const zone = sim.options.clusterDomain;
  const policy = pod.spec.dnsPolicy;
  let base: ResolvConf;
  if (policy === "None") base = { nameservers: [], searches: [], options: [] };
  else if (policy === "Default" || (policy === "ClusterFirst" && pod.spec.hostNetwork)) {
    base = { nameservers: [upstreamResolver(sim)], searches: [], options: [] };
  } else {
    base = { nameservers: [intToIp(sim.options.dnsServiceIP)], searches: [`${pod.namespace}.svc.${zone}`, `svc.${zone}`, zone], options: ["ndots:5"] };
  }
  const extra = pod.spec.dnsConfig;
  if (!extra) return base;
  const options = new Map(base.options.map((o) => [o.split(":")[0]!, o]));
  for (const o of extra.options) options.set(o.name, o.value === undefined ? o.name : `${o.name}:${o.value}`);
  return {
    nameservers: [...new Set([...base.nameservers, ...extra.nameservers])].slice(0, 3),
    searches: [...new Set([...base.searches, ...extra.searches])],
    options: [...options.values()],
  };
}

/** The file text, in the order containerd writes it (search, nameserver, options). */
export function renderResolvConf(conf: ResolvConf): string {
  const lines: string[] = [];
  if (conf.searches.length) lines.push(`search ${conf.searches.join(" ")}`);
  for (const ns of conf.nameservers) lines.push(`nameserver ${ns}`);
  if (conf.options.length) lines.push(`options ${conf.options.join(" ")}`);
  return `${lines.join("\n")}\n`;
}

/** True when the Pod's resolver reaches the cluster's CoreDNS. */
export function usesClusterDNS(sim: ClusterView, conf: ResolvConf): boolean {
  return conf.nameservers[0] === intToIp(sim.options.dnsServiceIP);
}

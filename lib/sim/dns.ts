/**
 * Cluster DNS: the resolv.conf the kubelet writes into each Pod, the glibc resolver's search-list
 * expansion, and CoreDNS's `kubernetes` plugin answering for the cluster domain.
 *
 * @see https://github.com/kubernetes/dns/blob/master/docs/specification.md
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
 */
import { intToIp, isIPv4, ipToInt } from "./ip.js";
import type { Simulation } from "./simulation.js";
import type { PodState, ServiceState } from "./state.js";

/** A Pod's `/etc/resolv.conf`. */
export interface ResolvConf {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly string[];
}

/** One resource record of an answer. */
export interface ResourceRecord {
  readonly name: string;
  readonly type: "A" | "CNAME" | "SRV" | "PTR";
  readonly ttl: number;
  readonly data: string;
}

/** One query the resolver sent, and what came back. */
export interface DNSQuery {
  /** Fully qualified, with the trailing dot. */
  readonly name: string;
  readonly type: "A";
  readonly rcode: "NOERROR" | "NXDOMAIN";
  readonly answers: readonly ResourceRecord[];
}

/** The result of resolving a host name from inside a Pod. */
export interface Resolution {
  /** Every query in the order the resolver sent them. */
  readonly queries: readonly DNSQuery[];
  /** The addresses of the first query that answered; empty when the name did not resolve. */
  readonly addresses: readonly number[];
  /** The name that answered. */
  readonly answeredName: string | undefined;
  /** The nameserver asked. */
  readonly nameserver: string;
}

/** kubeadm's Corefile sets `ttl 30` for the kubernetes plugin. */
export const CLUSTER_TTL = 30;

/** The address of the nodes' upstream resolver (the node network's gateway, as on kind). */
export function upstreamResolver(sim: Simulation): string {
  return intToIp(sim.options.nodeNetwork.base + 1);
}

/**
 * The resolv.conf the kubelet writes for `pod`, by its dnsPolicy. Nodes in podtalk have no
 * search domains of their own, so ClusterFirst's list is exactly the three cluster suffixes.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/network/dns/dns.go
 */
export function resolvConf(sim: Simulation, pod: PodState): ResolvConf {
  const zone = sim.options.clusterDomain;
  if (pod.spec.dnsPolicy === "Default") {
    return { nameservers: [upstreamResolver(sim)], searches: [], options: [] };
  }
  return {
    nameservers: [intToIp(sim.options.dnsServiceIP)],
    searches: [`${pod.namespace}.svc.${zone}`, `svc.${zone}`, zone],
    options: ["ndots:5"],
  };
}

/** The file text, in the order containerd writes it (search, nameserver, options). */
export function renderResolvConf(conf: ResolvConf): string {
  const lines: string[] = [];
  if (conf.searches.length) lines.push(`search ${conf.searches.join(" ")}`);
  for (const ns of conf.nameservers) lines.push(`nameserver ${ns}`);
  if (conf.options.length) lines.push(`options ${conf.options.join(" ")}`);
  return lines.join("\n") + "\n";
}

/**
 * The names the glibc resolver tries, in order: a name with fewer dots than `ndots` goes through
 * the search list first, then as given; a name with a trailing dot is tried once.
 */
export function candidateNames(name: string, conf: ResolvConf): string[] {
  if (name.endsWith(".")) return [name];
  const ndotsOpt = conf.options.find((o) => o.startsWith("ndots:"));
  const ndots = ndotsOpt ? Number(ndotsOpt.slice("ndots:".length)) : 1;
  const dots = name.split(".").length - 1;
  const searched = conf.searches.map((s) => `${name}.${s}.`);
  return dots >= ndots ? [`${name}.`, ...searched] : [...searched, `${name}.`];
}

/**
 * What CoreDNS answers for an A query (kubeadm's Corefile: `pods insecure`, `ttl 30`). Names outside
 * the cluster domain are forwarded upstream; the simulated cluster has no internet, so they get
 * NXDOMAIN.
 */
export function lookupA(sim: Simulation, fqdn: string): { rcode: DNSQuery["rcode"]; answers: ResourceRecord[] } {
  const zone = `${sim.options.clusterDomain}.`;
  const name = fqdn.toLowerCase();
  const nx = { rcode: "NXDOMAIN" as const, answers: [] };
  if (!name.endsWith(`.${zone}`)) return nx;
  const labels = name.slice(0, -(zone.length + 1)).split(".");
  // <service>.<namespace>.svc.<zone>
  if (labels.length === 3 && labels[2] === "svc") {
    const svc = sim.service(labels[1]!, labels[0]!);
    if (!svc) return nx;
    if (svc.type === "ExternalName") {
      // The kubernetes plugin answers with a CNAME; resolving its target is the client's business.
      return { rcode: "NOERROR", answers: [{ name: fqdn, type: "CNAME", ttl: CLUSTER_TTL, data: `${svc.externalName!.replace(/\.$/, "")}.` }] };
    }
    if (svc.headless) {
      // A headless Service answers with its ready endpoints' addresses; with none, NXDOMAIN.
      const ips = [...new Set(readyAddresses(sim, svc))].sort((a, b) => a - b);
      if (ips.length === 0) return nx;
      return { rcode: "NOERROR", answers: ips.map((ip) => ({ name: fqdn, type: "A" as const, ttl: CLUSTER_TTL, data: intToIp(ip) })) };
    }
    return { rcode: "NOERROR", answers: [{ name: fqdn, type: "A", ttl: CLUSTER_TTL, data: intToIp(svc.clusterIP!) }] };
  }
  // <hostname>.<service>.<namespace>.svc.<zone>: a Pod with hostname + subdomain behind a
  // headless Service (StatefulSet Pods), or a dashed-IP endpoint name.
  if (labels.length === 4 && labels[3] === "svc") {
    const svc = sim.service(labels[2]!, labels[1]!);
    if (!svc || svc.type === "ExternalName") return nx;
    const endpoints = svc.ports.length ? svc.ports.flatMap((_, i) => sim.endpoints(svc, i)) : [];
    const match = endpoints.find((e) => (e.ready || svc.publishNotReadyAddresses) && (e.hostname === labels[0] || intToIp(e.ip).replaceAll(".", "-") === labels[0]));
    if (!match) return nx;
    return { rcode: "NOERROR", answers: [{ name: fqdn, type: "A", ttl: CLUSTER_TTL, data: intToIp(match.ip) }] };
  }
  // <a-b-c-d>.<namespace>.pod.<zone>: answered from the name alone ("pods insecure").
  if (labels.length === 3 && labels[2] === "pod") {
    const ip = labels[0]!.replaceAll("-", ".");
    if (!isIPv4(ip) || !sim.namespaces().some((n) => n.name === labels[1])) return nx;
    return { rcode: "NOERROR", answers: [{ name: fqdn, type: "A", ttl: CLUSTER_TTL, data: intToIp(ipToInt(ip)) }] };
  }
  return nx;
}

/** The addresses of a Service's ready endpoints (any port). */
function readyAddresses(sim: Simulation, svc: ServiceState): number[] {
  const out: number[] = [];
  for (const slice of sim.slicesOf(svc)) for (const e of slice.endpoints) if (e.ready || svc.publishNotReadyAddresses) out.push(e.ip);
  return out;
}

/** Resolves `name` from inside `pod` as its resolver would, recording every query. */
export function resolveHost(sim: Simulation, pod: PodState, name: string): Resolution {
  const conf = resolvConf(sim, pod);
  const nameserver = conf.nameservers[0] ?? upstreamResolver(sim);
  const queries: DNSQuery[] = [];
  const clusterDNS = nameserver === intToIp(sim.options.dnsServiceIP);
  for (const candidate of candidateNames(name, conf)) {
    const result = clusterDNS ? lookupA(sim, candidate) : { rcode: "NXDOMAIN" as const, answers: [] };
    queries.push({ name: candidate, type: "A", rcode: result.rcode, answers: result.answers });
    if (result.rcode === "NOERROR" && result.answers.some((a) => a.type === "A")) {
      return {
        queries,
        addresses: result.answers.filter((a) => a.type === "A").map((a) => ipToInt(a.data)),
        answeredName: candidate,
        nameserver,
      };
    }
  }
  return { queries, addresses: [], answeredName: undefined, nameserver };
}

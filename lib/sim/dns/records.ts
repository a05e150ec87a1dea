/**
 * Cluster DNS records: what CoreDNS's `kubernetes` plugin answers for the cluster domain as kubeadm
 * configures it (`pods insecure`, `ttl 30`): A, SRV, CNAME and PTR records for Services and Pods.
 *
 * @see https://github.com/kubernetes/dns/blob/master/docs/specification.md
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
 */
import { intToIp, isIPv4, ipToInt } from "../ip.js";
import type { ClusterView } from "../cluster-view.js";
import type { ServiceState } from "../state.js";

/** Record types podtalk answers. */
export type RecordType = "A" | "CNAME" | "SRV" | "PTR";

/** One resource record of an answer. */
export interface ResourceRecord {
  readonly name: string;
  readonly type: RecordType;
  readonly ttl: number;
  /** `10.96.0.10`; `target.` for CNAME/PTR; `priority weight port target.` for SRV. */
  readonly data: string;
}

/** One query the resolver sent, and what came back. */
export interface DNSQuery {
  /** Fully qualified, with the trailing dot. */
  readonly name: string;
  readonly type: RecordType;
  /** NOERROR with no answers is NODATA: the name exists, without records of that type. */
  readonly rcode: "NOERROR" | "NXDOMAIN";
  readonly answers: readonly ResourceRecord[];
  /** Who answered: the cluster's CoreDNS, or the upstream resolver it forwards to. */
  readonly answeredBy: "cluster" | "upstream";
}

/** kubeadm's Corefile sets `ttl 30` for the kubernetes plugin. */
export const CLUSTER_TTL = 30;

/** What a DNS server answers to one query. */
export interface DNSAnswer {
  readonly rcode: DNSQuery["rcode"];
  readonly answers: ResourceRecord[];
}
const NX: DNSAnswer = { rcode: "NXDOMAIN", answers: [] };
const NODATA: DNSAnswer = { rcode: "NOERROR", answers: [] };

/** The addresses of a Service's ready endpoints (any port), lowest first. */
function readyAddresses(sim: ClusterView, svc: ServiceState): number[] {
  const out = new Set<number>();
  for (const slice of sim.slicesOf(svc)) for (const e of slice.endpoints) if (e.ready || svc.publishNotReadyAddresses) out.add(e.ip);
  return [...out].sort((a, b) => a - b);
}

/**
 * What CoreDNS answers for `fqdn` of type `type` in the cluster zone (kubeadm's Corefile:
 * `pods insecure`, `ttl 30`). Names outside the zone are forwarded upstream; the simulated cluster
 * has no internet, so they get NXDOMAIN.
 */
export function lookup(sim: ClusterView, fqdn: string, type: RecordType): DNSAnswer & { answeredBy: DNSQuery["answeredBy"] } {
  const zone = `${sim.options.clusterDomain}.`;
  const name = fqdn.toLowerCase().endsWith(".") ? fqdn.toLowerCase() : `${fqdn.toLowerCase()}.`;
  if (type === "PTR" && name.endsWith(".in-addr.arpa.")) return { ...reverse(sim, name), answeredBy: "cluster" };
  if (!name.endsWith(`.${zone}`)) return { ...NX, answeredBy: "upstream" };
  const rr = (data: string, t: RecordType = type, ttl = CLUSTER_TTL): ResourceRecord => ({ name, type: t, ttl, data });
  const labels = name.slice(0, -(zone.length + 1)).split(".");
  const answer = (a: DNSAnswer) => ({ ...a, answeredBy: "cluster" as const });

  // _<port>._<proto>.<service>.<namespace>.svc.<zone>: SRV for named ports.
  if (labels.length === 5 && labels[4] === "svc" && labels[0]!.startsWith("_") && labels[1]!.startsWith("_")) {
    const svc = sim.service(labels[3]!, labels[2]!);
    if (!svc || svc.type === "ExternalName") return answer(NX);
    const portName = labels[0]!.slice(1);
    const proto = labels[1]!.slice(1).toUpperCase();
    const portIndex = svc.ports.findIndex((p) => p.name === portName && p.protocol === proto);
    if (portIndex < 0) return answer(NX);
    if (type !== "SRV") return answer(NODATA);
    const port = svc.ports[portIndex]!;
    const base = `${svc.name}.${svc.namespace}.svc.${zone}`;
    if (!svc.headless) return answer({ rcode: "NOERROR", answers: [rr(`0 100 ${port.port} ${base}`)] });
    const eps = sim.endpoints(svc, portIndex).filter((e) => e.ready || svc.publishNotReadyAddresses);
    if (eps.length === 0) return answer(NX);
    const weight = Math.floor(100 / eps.length);
    return answer({
      rcode: "NOERROR",
      answers: eps.map((e) => rr(`0 ${weight} ${e.port} ${e.hostname ?? intToIp(e.ip).replaceAll(".", "-")}.${base}`)),
    });
  }
  // <service>.<namespace>.svc.<zone>
  if (labels.length === 3 && labels[2] === "svc") {
    const svc = sim.service(labels[1]!, labels[0]!);
    if (!svc) return answer(NX);
    if (svc.type === "ExternalName") {
      // The kubernetes plugin answers with a CNAME; resolving its target is the client's business.
      return answer({ rcode: "NOERROR", answers: type === "A" || type === "CNAME" ? [rr(`${svc.externalName!.replace(/\.$/, "")}.`, "CNAME")] : [] });
    }
    if (type !== "A") return answer(NODATA);
    if (svc.headless) {
      // A headless Service answers with its ready endpoints' addresses; with none, NXDOMAIN.
      const ips = readyAddresses(sim, svc);
      return answer(ips.length === 0 ? NX : { rcode: "NOERROR", answers: ips.map((ip) => rr(intToIp(ip))) });
    }
    return answer({ rcode: "NOERROR", answers: [rr(intToIp(svc.clusterIP!))] });
  }
  // <hostname>.<service>.<namespace>.svc.<zone>: a Pod with hostname + subdomain behind a
  // headless Service (StatefulSet Pods), or a dashed-IP endpoint name.
  if (labels.length === 4 && labels[3] === "svc") {
    const svc = sim.service(labels[2]!, labels[1]!);
    if (!svc || svc.type === "ExternalName") return answer(NX);
    const endpoints = svc.ports.flatMap((_, i) => sim.endpoints(svc, i));
    const match = endpoints.find(
      (e) => (e.ready || svc.publishNotReadyAddresses) && (e.hostname === labels[0] || intToIp(e.ip).replaceAll(".", "-") === labels[0]),
    );
    if (!match) return answer(NX);
    return answer(type === "A" ? { rcode: "NOERROR", answers: [rr(intToIp(match.ip))] } : NODATA);
  }
  // <a-b-c-d>.<namespace>.pod.<zone>: answered from the name alone ("pods insecure").
  if (labels.length === 3 && labels[2] === "pod") {
    const ip = labels[0]!.replaceAll("-", ".");
    if (!isIPv4(ip) || !sim.namespace(labels[1]!)) return answer(NX);
    return answer(type === "A" ? { rcode: "NOERROR", answers: [rr(intToIp(ipToInt(ip)))] } : NODATA);
  }
  // The zone and namespaces exist as names, without records of their own.
  if (labels.length === 1 && labels[0] === "svc") return answer(NODATA);
  if (labels.length === 2 && (labels[1] === "svc" || labels[1] === "pod") && sim.namespace(labels[0]!)) return answer(NODATA);
  return answer(NX);
}

/** PTR for Service ClusterIPs (`<d>.<c>.<b>.<a>.in-addr.arpa.`). */
function reverse(sim: ClusterView, name: string): DNSAnswer {
  const parts = name.slice(0, -".in-addr.arpa.".length).split(".").reverse();
  const ip = parts.join(".");
  if (!isIPv4(ip)) return NX;
  const svc = sim.serviceByClusterIP(ipToInt(ip));
  if (!svc) return NX;
  return { rcode: "NOERROR", answers: [{ name, type: "PTR", ttl: CLUSTER_TTL, data: `${svc.name}.${svc.namespace}.svc.${sim.options.clusterDomain}.` }] };
}

/**
 * What the node's upstream resolver answers: the simulated cluster has no internet, so every name
 * is NXDOMAIN.
 */
export function upstreamLookup(): DNSAnswer & { answeredBy: DNSQuery["answeredBy"] } {
  return { ...NX, answeredBy: "upstream" };
}

/** What an A query answers (see `lookup`). */
export function lookupA(sim: ClusterView, fqdn: string): DNSAnswer {
  const { rcode, answers } = lookup(sim, fqdn, "A");
  return { rcode, answers };
}

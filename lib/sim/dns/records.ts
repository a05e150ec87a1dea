/**
 * Cluster DNS records: what CoreDNS's `kubernetes` plugin answers for the cluster domain as kubeadm
 * configures it (`pods insecure`, `fallthrough in-addr.arpa ip6.arpa`, `ttl 30`): A, SRV, CNAME,
 * TXT and PTR records for Services and Pods, with the zone's SOA when a name or type is missing.
 *
 * @see https://github.com/kubernetes/dns/blob/master/docs/specification.md
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
 * @see https://github.com/coredns/coredns/blob/master/plugin/kubernetes/kubernetes.go
 */
import { intToIp, isIPv4, ipToInt } from "../ip.js";
import type { ClusterView } from "../cluster-view.js";
import type { ServiceState } from "../state.js";
import {
  CLUSTER_TTL,
  DNS_SCHEMA_VERSION,
  endpointHostname,
  soaRecord,
  upstreamLookup,
  type DNSAnswer,
  type RecordType,
  type ResourceRecord,
  type ServerAnswer,
} from "./answer.js";
import { reverse } from "./reverse.js";

export {
  CLUSTER_TTL,
  DNS_SCHEMA_VERSION,
  endpointHostname,
  soaRecord,
  upstreamLookup,
  type DNSAnswer,
  type DNSQuery,
  type RecordType,
  type ResourceRecord,
  type ServerAnswer,
} from "./answer.js";

/** The addresses of a Service's ready endpoints (any port), lowest first. */
function readyAddresses(sim: ClusterView, svc: ServiceState): number[] {
  const out = new Set<number>();
  for (const slice of sim.slicesOf(svc)) for (const e of slice.endpoints) if (e.ready || svc.publishNotReadyAddresses) out.add(e.ip);
  return [...out].sort((a, b) => a - b);
}

/**
 * What CoreDNS answers for `fqdn` of type `type`: the cluster zone from the kubernetes plugin
 * (authoritative), reverse names of Service and endpoint addresses, and everything else forwarded
 * upstream. The simulated cluster has no internet, so forwarded names get NXDOMAIN.
 */
export function lookup(sim: ClusterView, fqdn: string, type: RecordType): ServerAnswer {
  const zone = `${sim.options.clusterDomain}.`;
  const name = fqdn.toLowerCase().endsWith(".") ? fqdn.toLowerCase() : `${fqdn.toLowerCase()}.`;
  if (name.endsWith(".in-addr.arpa.")) return reverse(sim, name, type);
  if (name !== zone && !name.endsWith(`.${zone}`)) return upstreamLookup();
  const soa = [soaRecord(sim, zone)];
  const nx: ServerAnswer = { rcode: "NXDOMAIN", answers: [], authority: soa, additional: [], answeredBy: "cluster" };
  const nodata: ServerAnswer = { rcode: "NOERROR", answers: [], authority: soa, additional: [], answeredBy: "cluster" };
  const found = (answers: ResourceRecord[], additional: ResourceRecord[] = []): ServerAnswer =>
    answers.length ? { rcode: "NOERROR", answers, authority: [], additional, answeredBy: "cluster" } : nodata;
  const rr = (data: string, t: RecordType = type, owner = name): ResourceRecord => ({ name: owner, type: t, ttl: CLUSTER_TTL, data });
  if (name === zone) return type === "SOA" ? found(soa) : nodata;
  const labels = name.slice(0, -(zone.length + 1)).split(".");

  // dns-version.<zone>: the TXT record of the specification's version.
  if (labels.length === 1 && labels[0] === "dns-version") return type === "TXT" ? found([rr(`"${DNS_SCHEMA_VERSION}"`)]) : nodata;

  // _<port>._<proto>.<service>.<namespace>.svc.<zone>: SRV for named ports.
  if (labels.length === 5 && labels[4] === "svc" && labels[0]!.startsWith("_") && labels[1]!.startsWith("_")) {
    const svc = sim.service(labels[3]!, labels[2]!);
    if (!svc || svc.type === "ExternalName") return nx;
    const portName = labels[0]!.slice(1);
    const proto = labels[1]!.slice(1).toUpperCase();
    const portIndex = svc.ports.findIndex((p) => p.name === portName && p.protocol === proto);
    if (portIndex < 0) return nx;
    if (type !== "SRV") return nodata;
    const port = svc.ports[portIndex]!;
    const base = `${svc.name}.${svc.namespace}.svc.${zone}`;
    if (!svc.headless) return found([rr(`0 100 ${port.port} ${base}`)], [rr(intToIp(svc.clusterIP!), "A", base)]);
    const eps = sim.endpoints(svc, portIndex).filter((e) => e.ready || svc.publishNotReadyAddresses);
    if (eps.length === 0) return nx;
    const weight = Math.floor(100 / eps.length);
    const target = (e: (typeof eps)[number]) => `${endpointHostname(e)}.${base}`;
    return found(
      eps.map((e) => rr(`0 ${weight} ${e.port} ${target(e)}`)),
      eps.map((e) => rr(intToIp(e.ip), "A", target(e))),
    );
  }
  // <service>.<namespace>.svc.<zone>
  if (labels.length === 3 && labels[2] === "svc") {
    const svc = sim.service(labels[1]!, labels[0]!);
    if (!svc) return nx;
    if (svc.type === "ExternalName") {
      // The kubernetes plugin answers with a CNAME; resolving its target is the client's business.
      const cname = rr(`${svc.externalName!.replace(/\.$/, "")}.`, "CNAME");
      return type === "A" || type === "AAAA" || type === "CNAME" ? found([cname]) : nodata;
    }
    if (type !== "A") return nodata;
    if (svc.headless) {
      // A headless Service answers with its ready endpoints' addresses; with none, NXDOMAIN.
      const ips = readyAddresses(sim, svc);
      return ips.length === 0 ? nx : found(ips.map((ip) => rr(intToIp(ip))));
    }
    return found([rr(intToIp(svc.clusterIP!))]);
  }
  // <endpoint>.<service>.<namespace>.svc.<zone>: the endpoint's hostname (a Pod with hostname and
  // subdomain, as StatefulSet Pods have), or its dashed IP when it has no hostname.
  if (labels.length === 4 && labels[3] === "svc") {
    const svc = sim.service(labels[2]!, labels[1]!);
    if (!svc || svc.type === "ExternalName") return nx;
    const endpoints = svc.ports.flatMap((_, i) => sim.endpoints(svc, i));
    const match = endpoints.find((e) => (e.ready || svc.publishNotReadyAddresses) && endpointHostname(e) === labels[0]);
    if (!match) return nx;
    return type === "A" ? found([rr(intToIp(match.ip))]) : nodata;
  }
  // <a-b-c-d>.<namespace>.pod.<zone>: answered from the name alone ("pods insecure").
  if (labels.length === 3 && labels[2] === "pod") {
    const ip = labels[0]!.replaceAll("-", ".");
    if (!isIPv4(ip) || !sim.namespace(labels[1]!)) return nx;
    return type === "A" ? found([rr(intToIp(ipToInt(ip)))]) : nodata;
  }
  // The zone and namespaces exist as names, without records of their own.
  if (labels.length === 1 && labels[0] === "svc") return nodata;
  if (labels.length === 2 && (labels[1] === "svc" || labels[1] === "pod") && sim.namespace(labels[0]!)) return nodata;
  return nx;
}

/** What an A query answers (see `lookup`). */
export function lookupA(sim: ClusterView, fqdn: string): { readonly rcode: DNSAnswer["rcode"]; readonly answers: readonly ResourceRecord[] } {
  const { rcode, answers } = lookup(sim, fqdn, "A");
  return { rcode, answers };
}

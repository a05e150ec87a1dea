/**
 * Reverse lookups (PTR) as CoreDNS's kubernetes plugin answers them: a Service's ClusterIP names
 * the Service, an endpoint's address names the endpoint under each Service it backs.
 * kubeadm's Corefile says `fallthrough in-addr.arpa ip6.arpa`, so an address the plugin does not
 * know goes on to `forward`, and the upstream resolver answers it.
 *
 * @see https://github.com/coredns/coredns/blob/master/plugin/kubernetes/reverse.go (`serviceRecordForIP`)
 */
import { ipToInt, isIPv4 } from "../ip.js";
import type { ClusterView } from "../cluster-view.js";
import { CLUSTER_TTL, endpointHostname, soaRecord, upstreamLookup, type RecordType, type ResourceRecord, type ServerAnswer } from "./answer.js";

/** The in-addr.arpa name of an IPv4 address: `10.96.0.10` → `10.0.96.10.in-addr.arpa`. */
export function arpaName(ip: string): string {
  return `${ip.split(".").reverse().join(".")}.in-addr.arpa`;
}

/** The names CoreDNS gives `ip`: its Service, else `<endpoint>.<service>.<namespace>.svc.<zone>.` per Service. */
export function namesOfAddress(sim: ClusterView, ip: number): string[] {
  const zone = sim.options.clusterDomain;
  const svc = sim.serviceByClusterIP(ip);
  if (svc) return [`${svc.name}.${svc.namespace}.svc.${zone}.`];
  const names: string[] = [];
  for (const s of sim.services()) {
    for (const slice of sim.slicesOf(s)) {
      const e = slice.endpoints.find((x) => x.ip === ip && (x.ready || s.publishNotReadyAddresses));
      if (e) {
        const name = `${endpointHostname(e)}.${s.name}.${s.namespace}.svc.${zone}.`;
        if (!names.includes(name)) names.push(name);
      }
    }
  }
  return names;
}

/** The answer to a query for `name` (ending in `.in-addr.arpa.`). */
export function reverse(sim: ClusterView, name: string, type: RecordType): ServerAnswer {
  const ip = name.slice(0, -".in-addr.arpa.".length).split(".").reverse().join(".");
  if (!isIPv4(ip)) return upstreamLookup();
  const names = namesOfAddress(sim, ipToInt(ip));
  if (names.length === 0) return upstreamLookup();
  if (type !== "PTR") return { rcode: "NOERROR", answers: [], authority: [soaRecord(sim, "in-addr.arpa.")], additional: [], answeredBy: "cluster" };
  const answers = names.map((data): ResourceRecord => ({ name, type: "PTR", ttl: CLUSTER_TTL, data }));
  return { rcode: "NOERROR", answers, authority: [], additional: [], answeredBy: "cluster" };
}

/**
 * The vocabulary of the cluster DNS: record types, answers, the zone's SOA and the upstream
 * resolver's answer, shared by forward (`records.ts`) and reverse (`reverse.ts`) lookups.
 */
import { intToIp } from "../ip.js";
import { wallClockMs } from "../clock.js";
import type { ClusterView } from "../cluster-view.js";

/** Record types podtalk answers (AAAA always comes back empty: the cluster is IPv4 only). */
export type RecordType = "A" | "AAAA" | "CNAME" | "SRV" | "PTR" | "TXT" | "SOA";

/** One resource record of an answer. */
export interface ResourceRecord {
  readonly name: string;
  readonly type: RecordType;
  readonly ttl: number;
  /** `10.96.0.10`; `target.` for CNAME/PTR; `priority weight port target.` for SRV; `"1.1.0"` for TXT. */
  readonly data: string;
}

/** What a DNS server answers to one query. */
export interface DNSAnswer {
  /** NOERROR with no answers is NODATA: the name exists, without records of that type. */
  readonly rcode: "NOERROR" | "NXDOMAIN";
  readonly answers: readonly ResourceRecord[];
  /** The zone's SOA when the cluster DNS has no answer (NXDOMAIN or NODATA). */
  readonly authority: readonly ResourceRecord[];
  /** The targets' addresses of SRV answers. */
  readonly additional: readonly ResourceRecord[];
}

/** One query the resolver sent, and what came back. */
export interface DNSQuery extends DNSAnswer {
  /** Fully qualified, with the trailing dot. */
  readonly name: string;
  readonly type: RecordType;
  /**
   * Who answered: the cluster's CoreDNS from its own zone (an authoritative answer, `aa`), or the
   * upstream resolver CoreDNS forwards other names to (a recursive answer, `ra`).
   */
  readonly answeredBy: "cluster" | "upstream";
}

/** A DNS answer and who gave it. */
export type ServerAnswer = DNSAnswer & { readonly answeredBy: DNSQuery["answeredBy"] };

/** kubeadm's Corefile sets `ttl 30` for the kubernetes plugin. */
export const CLUSTER_TTL = 30;

/** The schema version CoreDNS publishes at `dns-version.<zone>` (the DNS specification's version). */
export const DNS_SCHEMA_VERSION = "1.1.0";

/**
 * The SOA CoreDNS puts in the authority section of a negative answer: `ns.dns.<zone>`,
 * `hostmaster.<zone>`, refresh 7200, retry 1800, expire 86400, minimum = the plugin's ttl.
 * Simplification: the serial is the simulated time in seconds (CoreDNS uses the time of the last
 * change it saw from the API server).
 *
 * @see https://github.com/coredns/coredns/blob/master/plugin/backend_lookup.go (`SOA`)
 */
export function soaRecord(sim: ClusterView, zone: string): ResourceRecord {
  const serial = Math.floor(wallClockMs(sim.now) / 1000);
  return { name: zone, type: "SOA", ttl: CLUSTER_TTL, data: `ns.dns.${zone} hostmaster.${zone} ${serial} 7200 1800 86400 ${CLUSTER_TTL}` };
}

/** CoreDNS's `endpointHostname()`: the endpoint's hostname when it has one, else its dashed IP. */
export function endpointHostname(e: { readonly ip: number; readonly hostname: string | undefined }): string {
  return e.hostname ?? intToIp(e.ip).replaceAll(".", "-");
}

/**
 * What the node's upstream resolver answers: the simulated cluster has no internet, so every name
 * is NXDOMAIN. Simplification: without a real upstream there is no authority section.
 */
export function upstreamLookup(): ServerAnswer {
  return { rcode: "NXDOMAIN", answers: [], authority: [], additional: [], answeredBy: "upstream" };
}

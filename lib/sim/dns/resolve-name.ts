/**
 * The glibc resolver inside a Pod: the search-list expansion of a name and the queries it sends,
 * following CNAMEs.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#namespaces-of-services
 */
import { ipToInt } from "../ip.js";
import type { ClusterView } from "../cluster-view.js";
import type { PodState } from "../state.js";
import { lookup, upstreamLookup, type DNSQuery, type RecordType } from "./records.js";
import { resolvConf, upstreamResolver, usesClusterDNS, type ResolvConf } from "./resolv-conf.js";

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
 * Resolves `name` from inside `pod` as its resolver would, recording every query. CNAMEs are
 * followed; an ExternalName's target outside the cluster does not resolve (no internet).
 */
export function resolveHost(sim: ClusterView, pod: PodState, name: string, type: RecordType = "A"): Resolution {
  const conf = resolvConf(sim, pod);
  const nameserver = conf.nameservers[0] ?? upstreamResolver(sim);
  const queries: DNSQuery[] = [];
  const clusterDNS = usesClusterDNS(sim, conf);
  const ask = (candidate: string, t: RecordType): DNSQuery => {
    const result = clusterDNS ? lookup(sim, candidate, t) : upstreamLookup();
    const q: DNSQuery = { name: candidate, type: t, rcode: result.rcode, answers: result.answers, answeredBy: result.answeredBy };
    queries.push(q);
    return q;
  };
  for (const candidate of candidateNames(name, conf)) {
    const q = ask(candidate, type);
    if (q.rcode !== "NOERROR" || q.answers.length === 0) continue;
    if (type !== "A") return { queries, addresses: [], answeredName: candidate, nameserver };
    let answers = q.answers;
    for (let depth = 0; depth < 8 && answers[0]?.type === "CNAME"; depth++) {
      const next = ask(answers[0].data, "A");
      answers = [...answers.filter((a) => a.type === "CNAME"), ...next.answers];
      if (next.rcode !== "NOERROR") break;
    }
    const addresses = answers.filter((a) => a.type === "A").map((a) => ipToInt(a.data));
    if (addresses.length) return { queries, addresses, answeredName: candidate, nameserver };
    return { queries, addresses: [], answeredName: undefined, nameserver };
  }
  return { queries, addresses: [], answeredName: undefined, nameserver };
}

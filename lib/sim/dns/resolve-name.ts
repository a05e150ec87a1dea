/**
 * The glibc resolver inside a Pod: the search-list expansion of a name and the queries it sends,
 * following CNAMEs.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#namespaces-of-services
 */
import { ipToInt } from "../ip.js";
import type { ClusterView } from "../cluster-view.js";
import type { PodState } from "../state.js";
import type { Rng } from "../rng.js";
import { loadbalance } from "./loadbalance.js";
import { lookup, upstreamLookup, type DNSQuery, type RecordType, type ServerAnswer } from "./records.js";
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
 * What the Pod's nameserver answers to one query: CoreDNS (its zone, or forwarded upstream) when
 * the Pod uses the cluster DNS, else the node's upstream resolver. With `answerOrder`, CoreDNS's
 * `loadbalance` shuffles the answer as it does for every response.
 */
export function askServer(sim: ClusterView, clusterDNS: boolean, fqdn: string, type: RecordType, answerOrder?: Rng): DNSQuery {
  const result: ServerAnswer = clusterDNS ? lookup(sim, fqdn, type) : upstreamLookup();
  const shuffled = clusterDNS && answerOrder ? loadbalance(result, answerOrder) : result;
  return { name: fqdn, type, ...shuffled };
}

/**
 * Resolves `name` from inside `pod` as its resolver would, recording every query. CNAMEs are
 * followed; an ExternalName's target outside the cluster does not resolve (no internet).
 * `answerOrder` is the random stream CoreDNS's `loadbalance` shuffles answers with; without it the
 * records come in the order the kubernetes plugin lists them.
 */
export function resolveHost(sim: ClusterView, pod: PodState, name: string, type: RecordType = "A", answerOrder?: Rng): Resolution {
  const conf = resolvConf(sim, pod);
  const nameserver = conf.nameservers[0] ?? upstreamResolver(sim);
  const queries: DNSQuery[] = [];
  const clusterDNS = usesClusterDNS(sim, conf);
  const ask = (candidate: string, t: RecordType): DNSQuery => {
    const q = askServer(sim, clusterDNS, candidate, t, answerOrder);
    queries.push(q);
    return q;
  };
  for (const candidate of candidateNames(name, conf)) {
    const q = ask(candidate, type);
    if (q.rcode !== "NOERROR" || q.answers.length === 0) continue;
    if (type !== "A") return { queries, addresses: [], answeredName: candidate, nameserver };
    let answers = q.answers;
    // Follow the chain from its last CNAME (at most 8 links, as resolvers cap it).
    for (let depth = 0; depth < 8 && answers.at(-1)?.type === "CNAME"; depth++) {
      const next = ask(answers.at(-1)!.data, "A");
      answers = [...answers, ...next.answers];
      if (next.rcode !== "NOERROR") break;
    }
    const addresses = answers.filter((a) => a.type === "A").map((a) => ipToInt(a.data));
    if (addresses.length) return { queries, addresses, answeredName: candidate, nameserver };
    return { queries, addresses: [], answeredName: undefined, nameserver };
  }
  return { queries, addresses: [], answeredName: undefined, nameserver };
}

/**
 * One whole response of CoreDNS to `fqdn`: when the answer is a CNAME (an ExternalName Service),
 * CoreDNS resolves the target itself and appends its records, as its kubernetes plugin does.
 */
export function serverResponse(sim: ClusterView, clusterDNS: boolean, fqdn: string, type: RecordType, answerOrder?: Rng): DNSQuery {
  const first = askServer(sim, clusterDNS, fqdn, type, answerOrder);
  let answers = first.answers;
  for (let depth = 0; depth < 8 && (type === "A" || type === "AAAA") && answers.at(-1)?.type === "CNAME"; depth++) {
    const next = askServer(sim, clusterDNS, answers.at(-1)!.data, type, answerOrder);
    answers = [...answers, ...next.answers];
    if (next.answers.length === 0) break;
  }
  return { ...first, answers };
}

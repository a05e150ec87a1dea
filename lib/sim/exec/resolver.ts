/**
 * Name lookup as a container's C library does it: literal addresses, `localhost` and the Pod's own
 * name from /etc/hosts, then DNS through resolv.conf. Each DNS query becomes a hop of the Trace,
 * and a name that did not resolve gets a reason and a fix.
 */
import { chooseEndpoint, proxyModeFor, scopedPort, servicePort } from "../kube-proxy/index.js";
import { intToIp, ipToInt, isIPv4 } from "../ip.js";
import type { ClusterView } from "../cluster-view.js";
import type { PodState, ServiceState } from "../state.js";
import type { Hop } from "../datapath/hops.js";
import { dnsPolicy, type DNSPolicy } from "../datapath/policy-steps.js";
import { resolveHost, type Resolution } from "../dns/resolve-name.js";
import type { ExecRandom, ExecScope } from "./tool.js";
import { DNS_HOPS } from "./messages.js";

/**
 * How long the resolver waits for queries that get no answer before the lookup fails: resolv.conf's
 * defaults, `timeout:5` and `attempts:2` (resolv.conf(5)), as glibc spends them on the first name;
 * musl spends the 5 s in total.
 */
export const RESOLVER_GIVES_UP_MS = 10_000;

/** The addresses a host name stands for, the DNS hops it took, and the resolution when DNS was asked. */
export interface HostLookup {
  readonly addresses: readonly number[];
  readonly hops: readonly Hop[];
  readonly resolution?: Resolution;
  /** True when a NetworkPolicy dropped the queries: the resolver timed out, no answer came. */
  readonly timedOut?: boolean;
}

/**
 * The CoreDNS Pod a query to the cluster's nameserver is judged against on the ingress side: the
 * first ready endpoint of the kube-dns Service (policy verdicts do not differ between its Pods
 * unless their labels do).
 */
function coreDNSPod(cluster: ClusterView, nameserver: number): PodState | undefined {
  const service = cluster.serviceByClusterIP(nameserver);
  if (!service) return undefined;
  const ready = cluster.endpoints(service, 0).find((e) => e.ready && e.pod !== undefined);
  return ready?.pod;
}

/**
 * The address a literal or /etc/hosts gives `host` without asking DNS: an IPv4 literal,
 * `localhost`, and the Pod's own entry (its name, its hostname, and `<hostname>.<subdomain>…`
 * when it has a subdomain), as the kubelet writes /etc/hosts.
 */
export function hostsLookup(cluster: ClusterView, pod: PodState, host: string): number | undefined {
  if (isIPv4(host)) return ipToInt(host);
  if (host === "localhost") return ipToInt("127.0.0.1");
  const hostname = pod.spec.hostname ?? pod.name;
  if (host === hostname) return pod.podIP;
  const { subdomain } = pod.spec;
  if (subdomain && host === `${hostname}.${subdomain}.${pod.namespace}.svc.${cluster.options.clusterDomain}`) return pod.podIP;
  return undefined;
}

/** Looks a name up the way libc does: /etc/hosts first, then DNS through resolv.conf. */
export function lookupHost(scope: ExecScope, host: string): HostLookup {
  const { cluster, pod } = scope;
  const local = hostsLookup(cluster, pod, host);
  if (local !== undefined) return { addresses: [local], hops: [] };
  const resolution = resolveHost(cluster, pod, host, "A", scope.random.answers);
  if (resolution.queries.length === 0) return { addresses: [...resolution.addresses], hops: [], resolution };
  const ns = ipToInt(resolution.nameserver);
  const judged = coreDNSPod(cluster, ns);
  let policy = dnsPolicy(cluster, pod, ns, judged);
  // A dropped query gets no answer: the resolver retries, times out, and the name does not resolve.
  if (policy.dropped) return { addresses: [], hops: policy.hops, timedOut: true };
  let answering: PodState | undefined;
  const queries = dnsHops(scope, resolution, host, (p) => {
    answering ??= p;
  });
  // The policy hop names the CoreDNS Pod that kube-proxy sent the first query to, as the query hop does.
  if (answering && answering !== judged) {
    policy = dnsPolicy(cluster, pod, ns, answering);
    // Policies may tell CoreDNS Pods apart (an ipBlock of one of them, different labels).
    if (policy.dropped) return { addresses: [], hops: policy.hops, timedOut: true };
  }
  return { addresses: [...resolution.addresses], hops: [...policy.hops, ...queries], resolution };
}

/** The NetworkPolicy verdict on the Pod's DNS queries to `nameserver` (its hops, and whether they are dropped). */
export function queryPolicy(scope: ExecScope, nameserver: string): DNSPolicy {
  const ns = ipToInt(nameserver);
  return dnsPolicy(scope.cluster, scope.pod, ns, coreDNSPod(scope.cluster, ns));
}

/** The CoreDNS Pod that answers one query sent to the kube-dns ClusterIP, and the rules that chose it. */
interface CoreDNSChoice {
  /** `CoreDNS Pod name (ip)`, or undefined when the Service has no ready endpoint. */
  readonly pod: string | undefined;
  readonly rule: string | undefined;
  /** The CoreDNS Pod itself. */
  readonly state: PodState | undefined;
}

/**
 * kube-proxy picks a CoreDNS endpoint for a query to the kube-dns Service (port 0: dns/UDP) on the
 * client's node, the way the cluster's proxy mode does (iptables: at random; IPVS: the node's rr
 * turn), and the rules that did it as that mode's tool prints them.
 */
function chooseCoreDNSPod(cluster: ClusterView, pod: PodState, dnsService: ServiceState, random: ExecRandom): CoreDNSChoice {
  const mode = proxyModeFor(cluster.options.proxyMode);
  const node = cluster.node(pod.nodeName!)!;
  const port = scopedPort(servicePort(cluster, dnsService, 0), node, false);
  const site = { dst: `${port.clusterIP}:${port.port}`, nodePort: false, node };
  const choice = chooseEndpoint(cluster, mode, port, { ip: intToIp(pod.podIP!), state: random.proxy, rng: random.dns, node });
  if (!choice) return { pod: undefined, rule: mode.rejectRule(cluster, port, site), state: undefined };
  const ip = intToIp(choice.endpoint.ip);
  return {
    pod: DNS_HOPS.coreDNSPod(choice.endpoint.pod?.name ?? ip, ip),
    rule: mode.translation(cluster, port, choice, site).rule,
    state: choice.endpoint.pod,
  };
}

/**
 * One `dns-query` hop per query the resolver sent; the last one of a failed lookup says why and
 * what to try. `onCoreDNS` hears which CoreDNS Pod kube-proxy sent each query to.
 */
export function dnsHops(scope: ExecScope, resolution: Resolution, asked?: string, onCoreDNS?: (pod: PodState | undefined) => void): Hop[] {
  const { cluster, pod, random } = scope;
  const dnsService = cluster.serviceByClusterIP(cluster.options.dnsServiceIP);
  const viaCluster = resolution.nameserver === intToIp(cluster.options.dnsServiceIP);
  return resolution.queries.map((q, i): Hop => {
    let answeredBy: string = DNS_HOPS.upstream;
    let rule: string | undefined;
    if (viaCluster && dnsService && dnsService.clusterIP !== undefined) {
      const choice = chooseCoreDNSPod(cluster, pod, dnsService, random);
      onCoreDNS?.(choice.state);
      answeredBy = choice.pod ?? DNS_HOPS.noCoreDNSPod;
      if (choice.pod && q.answeredBy === "upstream") answeredBy += DNS_HOPS.forwardsUpstream(cluster.options.clusterDomain);
      rule = choice.rule;
    }
    const answer =
      q.rcode === "NOERROR" ? (q.answers.length ? q.answers.map((a) => `${a.type} ${a.data} (TTL ${a.ttl})`).join(", ") : DNS_HOPS.nodata) : q.rcode;
    const last = i === resolution.queries.length - 1;
    const failed = last && resolution.addresses.length === 0 && resolution.answeredName === undefined;
    return {
      kind: "dns-query",
      node: pod.nodeName,
      device: pod.veth ?? "eth0",
      point: "from-endpoint",
      src: `${intToIp(pod.podIP!)}`,
      dst: `${resolution.nameserver}:53`,
      summary: DNS_HOPS.summary(q.type, q.name, resolution.nameserver, answeredBy, answer),
      change: undefined,
      rule,
      verdict: q.rcode === "NOERROR" ? "answered" : "not-found",
      ...(failed
        ? {
            reason: DNS_HOPS.noRecordReason(resolution.queries.map((x) => x.name)),
            fix: dnsFix(cluster, pod, asked ?? resolution.queries[0]?.name ?? "", viaCluster),
          }
        : {}),
    };
  });
}

/** What to try when a name did not resolve: the namespace it lives in, or the policy that hid it. */
function dnsFix(cluster: ClusterView, pod: PodState, asked: string, viaCluster: boolean): string {
  if (!viaCluster) return DNS_HOPS.notClusterDNSFix(pod.spec.dnsPolicy, !!pod.spec.hostNetwork);
  const first = asked.split(".")[0]!;
  const elsewhere = cluster.services().filter((s) => s.name === first && s.namespace !== pod.namespace);
  if (elsewhere.length && !asked.includes(".")) {
    return DNS_HOPS.otherNamespaceFix(first, pod.namespace, elsewhere[0]!.namespace, cluster.options.clusterDomain);
  }
  return DNS_HOPS.checkNameFix;
}

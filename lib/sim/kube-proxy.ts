/**
 * kube-proxy, iptables mode: the rules it writes, as data, and the walk a packet takes through them.
 *
 * Compute, then interpret: `buildServiceRules` returns the chains kube-proxy would program for one
 * Service port; the trace walks that data, and the same data renders like `iptables-save`.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier.go
 */
import { intToIp } from "./ip.js";
import { base32, sha256 } from "./internal/sha256.js";
import type { Rng } from "./rng.js";
import type { Simulation } from "./simulation.js";
import type { EndpointState, ServiceState } from "./state.js";

/** One endpoint's rule in a KUBE-SVC chain and its KUBE-SEP chain. */
export interface EndpointRule {
  readonly endpoint: EndpointState;
  /** `KUBE-SEP-<16 base32 chars>`. */
  readonly chain: string;
  /** The conditional probability on this rule; `undefined` on the last, unconditional one. */
  readonly probability: number | undefined;
  /** The rule in the KUBE-SVC chain, as `iptables-save` prints it. */
  readonly jumpRule: string;
  /** The DNAT rule in the KUBE-SEP chain. */
  readonly dnatRule: string;
}

/** The rules for one Service port. */
export interface ServicePortRules {
  readonly service: ServiceState;
  readonly portIndex: number;
  /** `ns/name` or `ns/name:portname`, kube-proxy's ServicePortName string. */
  readonly portName: string;
  /** `KUBE-SVC-<16 base32 chars>`. */
  readonly chain: string;
  /** The KUBE-SERVICES rule that matches the ClusterIP and port. */
  readonly serviceRule: string;
  /** Ready endpoints in kube-proxy's order, each with its rules. */
  readonly endpoints: readonly EndpointRule[];
  /** With no ready endpoints: the filter-table REJECT rule. */
  readonly rejectRule: string | undefined;
}

/** kube-proxy's ServicePortName string: `namespace/name` plus `:port-name` when the port is named. */
export function servicePortName(service: ServiceState, portIndex: number): string {
  const name = service.ports[portIndex]?.name;
  return `${service.namespace}/${service.name}${name ? `:${name}` : ""}`;
}

/** `KUBE-SVC-…` for a Service port: base32(sha256(portName + protocol))[:16]. */
export function serviceChainName(portName: string, protocol: string): string {
  return `KUBE-SVC-${base32(sha256(portName + protocol.toLowerCase())).slice(0, 16)}`;
}

/** `KUBE-SEP-…` for one endpoint (`ip:port`) of a Service port. */
export function endpointChainName(portName: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${base32(sha256(portName + protocol.toLowerCase() + endpoint)).slice(0, 16)}`;
}

/** Builds the iptables rules for one port of a Service with a ClusterIP (not headless, not ExternalName). */
export function buildServiceRules(sim: Simulation, service: ServiceState, portIndex: number): ServicePortRules {
  const port = service.ports[portIndex]!;
  const portName = servicePortName(service, portIndex);
  const proto = port.protocol.toLowerCase();
  const chain = serviceChainName(portName, port.protocol);
  const ready = sim.endpoints(service, portIndex).filter((e) => e.ready);
  const vip = intToIp(service.clusterIP!);
  const serviceRule = `-A KUBE-SERVICES -d ${vip}/32 -p ${proto} -m comment --comment "${portName} cluster IP" -m ${proto} --dport ${port.port} -j ${chain}`;
  const n = ready.length;
  const endpoints = ready.map((endpoint, i): EndpointRule => {
    const ep = `${intToIp(endpoint.ip)}:${endpoint.port}`;
    const sep = endpointChainName(portName, port.protocol, ep);
    const probability = i < n - 1 ? 1 / (n - i) : undefined;
    const stat = probability === undefined ? "" : ` -m statistic --mode random --probability ${probability.toFixed(10)}`;
    return {
      endpoint,
      chain: sep,
      probability,
      jumpRule: `-A ${chain} -m comment --comment "${portName} -> ${ep}"${stat} -j ${sep}`,
      dnatRule: `-A ${sep} -p ${proto} -m comment --comment ${portName} -m ${proto} -j DNAT --to-destination ${ep}`,
    };
  });
  const rejectRule =
    n === 0
      ? `-A KUBE-SERVICES -d ${vip}/32 -p ${proto} -m comment --comment "${portName} has no endpoints" -m ${proto} --dport ${port.port} -j REJECT --reject-with icmp-port-unreachable`
      : undefined;
  return { service, portIndex, portName, chain, serviceRule, endpoints, rejectRule };
}

/**
 * Walks a KUBE-SVC chain as the kernel does in iptables mode: each rule's `statistic` match is an
 * independent draw with its conditional probability, so every endpoint gets 1/n overall.
 */
export function pickEndpoint(rules: ServicePortRules, rng: Rng): EndpointRule | undefined {
  for (const rule of rules.endpoints) {
    if (rule.probability === undefined || rng.next() < rule.probability) return rule;
  }
  return undefined;
}

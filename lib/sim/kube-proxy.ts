/**
 * kube-proxy: the rules it programs on each node, as data, and how a connection walks them.
 *
 * Compute, then interpret: `buildProxyRules(sim, node)` returns the rules kube-proxy would write
 * (iptables chains, or IPVS virtual servers); a trace walks that data, and the same data renders
 * as `iptables-save` or `ipvsadm -Ln` prints it.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier.go
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/
 */
import { intToIp } from "./ip.js";
import { base32, sha256 } from "./internal/sha256.js";
import type { Rng } from "./rng.js";
import type { ClusterView } from "./cluster-view.js";
import type { EndpointState, NodeState, ServiceState } from "./state.js";

/** One endpoint's rule in a KUBE-SVC chain and its KUBE-SEP chain. */
export interface EndpointRule {
  readonly endpoint: EndpointState;
  /** `ip:port`. */
  readonly address: string;
  /** `KUBE-SEP-<16 base32 chars>`. */
  readonly chain: string;
  /** The conditional probability on this rule; `undefined` on the last, unconditional one. */
  readonly probability: number | undefined;
  /** The rule in the KUBE-SVC chain, as `iptables-save` prints it. */
  readonly jumpRule: string;
  /** The KUBE-SEP chain's rules: hairpin masquerade, then DNAT. */
  readonly sepRules: readonly string[];
  /** With ClientIP affinity: the `recent` rule that sends a returning client back here. */
  readonly affinityRule: string | undefined;
}

/** The rules for one Service port. */
export interface ServicePortRules {
  readonly service: ServiceState;
  readonly portIndex: number;
  /** `ns/name` or `ns/name:portname`, kube-proxy's ServicePortName string. */
  readonly portName: string;
  readonly protocol: string;
  /** `KUBE-SVC-<16 base32 chars>`. */
  readonly chain: string;
  /** The KUBE-SERVICES rule that matches the ClusterIP and port. */
  readonly serviceRule: string;
  /** Ready endpoints in kube-proxy's order (sorted by `ip:port` text), each with its rules. */
  readonly endpoints: readonly EndpointRule[];
  /** With no ready endpoints: the filter-table REJECT rule. */
  readonly rejectRule: string | undefined;
  /** Endpoints kube-proxy leaves out because they are not ready. */
  readonly notReady: number;
  /** All endpoints, ready or not. */
  readonly total: number;
  /** NodePort Services: the port every node forwards, with its KUBE-NODEPORTS and KUBE-EXT rules. */
  readonly nodePort: { readonly port: number; readonly chain: string; readonly rules: readonly string[] } | undefined;
}

/** Everything kube-proxy programs on one node. */
export interface ProxyRules {
  readonly node: NodeState;
  readonly mode: "iptables" | "ipvs";
  readonly services: readonly ServicePortRules[];
}

/** kube-proxy's ServicePortName string: `namespace/name` plus `:port-name` when the port is named. */
export function servicePortName(service: ServiceState, portIndex: number): string {
  const name = service.ports[portIndex]?.name;
  return `${service.namespace}/${service.name}${name ? `:${name}` : ""}`;
}

function portProtoHash(portName: string, protocol: string): string {
  return base32(sha256(portName + protocol.toLowerCase())).slice(0, 16);
}

/** `KUBE-SVC-…` for a Service port: base32(sha256(portName + protocol))[:16]. */
export function serviceChainName(portName: string, protocol: string): string {
  return `KUBE-SVC-${portProtoHash(portName, protocol)}`;
}

/** `KUBE-EXT-…` for a Service port's external (NodePort) traffic. */
export function externalChainName(portName: string, protocol: string): string {
  return `KUBE-EXT-${portProtoHash(portName, protocol)}`;
}

/** `KUBE-SEP-…` for one endpoint (`ip:port`) of a Service port. */
export function endpointChainName(portName: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${base32(sha256(portName + protocol.toLowerCase() + endpoint)).slice(0, 16)}`;
}

const cache = new WeakMap<ClusterView, { revision: number; rules: Map<string, ServicePortRules> }>();

/**
 * The rules for one port of a Service with a ClusterIP, rebuilt only when the cluster changed
 * (kube-proxy, too, recomputes from its caches on every sync).
 */
export function buildServiceRules(sim: ClusterView, service: ServiceState, portIndex: number): ServicePortRules {
  let entry = cache.get(sim);
  if (!entry || entry.revision !== sim.revision) {
    entry = { revision: sim.revision, rules: new Map() };
    cache.set(sim, entry);
  }
  const k = `${service.namespace}/${service.name}#${portIndex}`;
  let rules = entry.rules.get(k);
  if (!rules || rules.service !== service) {
    rules = computeServiceRules(sim, service, portIndex);
    entry.rules.set(k, rules);
  }
  return rules;
}

function computeServiceRules(sim: ClusterView, service: ServiceState, portIndex: number): ServicePortRules {
  const port = service.ports[portIndex]!;
  const portName = servicePortName(service, portIndex);
  const proto = port.protocol.toLowerCase();
  const chain = serviceChainName(portName, port.protocol);
  const all = sim.endpoints(service, portIndex);
  const ready = all.filter((e) => e.ready);
  const vip = intToIp(service.clusterIP!);
  const serviceRule = `-A KUBE-SERVICES -d ${vip}/32 -p ${proto} -m comment --comment "${portName} cluster IP" -m ${proto} --dport ${port.port} -j ${chain}`;
  const n = ready.length;
  const affinity = service.sessionAffinity === "ClientIP";
  const endpoints = ready.map((endpoint, i): EndpointRule => {
    const address = `${intToIp(endpoint.ip)}:${endpoint.port}`;
    const sep = endpointChainName(portName, port.protocol, address);
    const probability = i < n - 1 ? 1 / (n - i) : undefined;
    const stat = probability === undefined ? "" : ` -m statistic --mode random --probability ${probability.toFixed(10)}`;
    const recent = affinity ? ` -m recent --name ${sep} --set` : "";
    return {
      endpoint,
      address,
      chain: sep,
      probability,
      jumpRule: `-A ${chain} -m comment --comment "${portName} -> ${address}"${stat} -j ${sep}`,
      sepRules: [
        `-A ${sep} -s ${intToIp(endpoint.ip)}/32 -m comment --comment ${portName} -j KUBE-MARK-MASQ`,
        `-A ${sep} -p ${proto} -m comment --comment ${portName}${recent} -m ${proto} -j DNAT --to-destination ${address}`,
      ],
      affinityRule: affinity
        ? `-A ${chain} -m comment --comment "${portName} -> ${address}" -m recent --name ${sep} --rcheck --seconds ${service.sessionAffinityTimeout} --reap -j ${sep}`
        : undefined,
    };
  });
  const rejectRule =
    n === 0
      ? `-A KUBE-SERVICES -d ${vip}/32 -p ${proto} -m comment --comment "${portName} has no endpoints" -m ${proto} --dport ${port.port} -j REJECT --reject-with icmp-port-unreachable`
      : undefined;
  const np = service.nodePorts[portIndex];
  const ext = externalChainName(portName, port.protocol);
  const nodePort =
    np === undefined
      ? undefined
      : {
          port: np,
          chain: ext,
          rules: [
            `-A KUBE-NODEPORTS -p ${proto} -m comment --comment "${portName}" -m ${proto} --dport ${np} -j ${ext}`,
            `-A ${ext} -m comment --comment "masquerade traffic for ${portName} external destinations" -j KUBE-MARK-MASQ`,
            `-A ${ext} -j ${chain}`,
          ],
        };
  return { service, portIndex, portName, protocol: port.protocol, chain, serviceRule, endpoints, rejectRule, nodePort, notReady: all.length - ready.length, total: all.length };
}

/** Every Service port kube-proxy programs on `node` (Services with a ClusterIP), in name order. */
export function buildProxyRules(sim: ClusterView, node: NodeState): ProxyRules {
  const services: ServicePortRules[] = [];
  for (const svc of sim.services()) {
    if (svc.clusterIP === undefined) continue;
    svc.ports.forEach((_, i) => services.push(buildServiceRules(sim, svc, i)));
  }
  return { node, mode: sim.options.proxyMode, services };
}

/** The nat and filter tables as `iptables-save` prints kube-proxy's part of them. */
export function renderIptablesSave(rules: ProxyRules): string {
  const chains = new Set<string>(["KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ"]);
  const nat: string[] = [];
  const filter: string[] = [];
  for (const s of rules.services) {
    if (s.rejectRule) filter.push(s.rejectRule);
    else nat.push(s.serviceRule);
  }
  nat.push(`-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`);
  for (const s of rules.services) {
    if (s.nodePort && s.endpoints.length) nat.push(...s.nodePort.rules);
  }
  nat.push(`-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000`);
  nat.push(`-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN`);
  nat.push(`-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0`);
  nat.push(`-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully`);
  for (const s of rules.services) {
    if (s.endpoints.length === 0) continue;
    chains.add(s.chain);
    if (s.nodePort) chains.add(s.nodePort.chain);
    for (const e of s.endpoints) if (e.affinityRule) nat.push(e.affinityRule);
    for (const e of s.endpoints) {
      chains.add(e.chain);
      nat.push(e.jumpRule);
    }
    for (const e of s.endpoints) nat.push(...e.sepRules);
  }
  return [
    `# Generated by iptables-save on ${rules.node.name} (kube-proxy mode iptables)`,
    "*nat",
    ...[...chains].map((c) => `:${c} - [0:0]`),
    ...nat,
    "COMMIT",
    "*filter",
    ":KUBE-SERVICES - [0:0]",
    ...filter,
    "COMMIT",
    "",
  ].join("\n");
}

/** The IPVS virtual servers as `ipvsadm -Ln` lists them. */
export function renderIpvsadm(rules: ProxyRules): string {
  const lines = [
    "IP Virtual Server version 1.2.1 (size=4096)",
    "Prot LocalAddress:Port Scheduler Flags",
    "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
  ];
  const add = (s: ServicePortRules, address: string) => {
    const persistent = s.service.sessionAffinity === "ClientIP" ? ` persistent ${s.service.sessionAffinityTimeout}` : "";
    lines.push(`${s.protocol.padEnd(4)} ${address} rr${persistent}`);
    for (const e of s.endpoints) lines.push(`  -> ${e.address.padEnd(28)} Masq    1      0          0`);
  };
  for (const s of rules.services) {
    add(s, `${intToIp(s.service.clusterIP!)}:${s.service.ports[s.portIndex]!.port}`);
    if (s.nodePort) add(s, `${intToIp(rules.node.internalIP)}:${s.nodePort.port}`);
  }
  return lines.join("\n") + "\n";
}

/** The state kube-proxy's datapath keeps between connections: IPVS rotation and client affinity. */
export class ProxyState {
  /** Next real server per virtual server (IPVS `rr`). */
  readonly rotation = new Map<string, number>();
  /** Service port + client IP → the endpoint it went to and when (ClientIP affinity). */
  readonly affinity = new Map<string, { address: string; last: number }>();
}

/** How an endpoint was chosen. */
export type ChoiceKind = "random" | "round-robin" | "affinity";

/**
 * Chooses the endpoint for a new connection from `clientIP`: a returning client within the
 * affinity timeout goes back to its endpoint; otherwise iptables mode draws at random through
 * the statistic rules (each endpoint 1/n overall) and IPVS rotates strictly (rr).
 */
export function chooseEndpoint(
  sim: ClusterView,
  rules: ServicePortRules,
  clientIP: string,
  state: ProxyState,
  rng: Rng,
): { rule: EndpointRule; how: ChoiceKind } | undefined {
  if (rules.endpoints.length === 0) return undefined;
  const key = `${rules.portName}/${rules.protocol}`;
  const svc = rules.service;
  if (svc.sessionAffinity === "ClientIP") {
    const seen = state.affinity.get(`${key}|${clientIP}`);
    if (seen && sim.now - seen.last <= svc.sessionAffinityTimeout) {
      const rule = rules.endpoints.find((e) => e.address === seen.address);
      if (rule) {
        state.affinity.set(`${key}|${clientIP}`, { address: rule.address, last: sim.now });
        return { rule, how: "affinity" };
      }
    }
  }
  let rule: EndpointRule;
  let how: ChoiceKind;
  if (sim.options.proxyMode === "ipvs") {
    const next = state.rotation.get(key) ?? 0;
    rule = rules.endpoints[next % rules.endpoints.length]!;
    state.rotation.set(key, (next + 1) % rules.endpoints.length);
    how = "round-robin";
  } else {
    rule = rules.endpoints[rules.endpoints.length - 1]!;
    for (const r of rules.endpoints) {
      if (r.probability === undefined || rng.next() < r.probability) {
        rule = r;
        break;
      }
    }
    how = "random";
  }
  if (svc.sessionAffinity === "ClientIP") state.affinity.set(`${key}|${clientIP}`, { address: rule.address, last: sim.now });
  return { rule, how };
}

/** Walks a KUBE-SVC chain in iptables mode (no affinity): each rule's draw with its probability. */
export function pickEndpoint(rules: ServicePortRules, rng: Rng): EndpointRule | undefined {
  for (const rule of rules.endpoints) {
    if (rule.probability === undefined || rng.next() < rule.probability) return rule;
  }
  return undefined;
}

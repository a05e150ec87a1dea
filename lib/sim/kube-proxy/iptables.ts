/**
 * kube-proxy's iptables mode: the nat and filter rules it writes, as data, then printed the way
 * `iptables-save` prints them. A Service port's KUBE-SVC chain jumps to one KUBE-SEP chain per
 * ready endpoint through `statistic` matches with probabilities 1/n, 1/(n-1), …, so each
 * endpoint gets 1/n of new connections. With `internalTrafficPolicy: Local` the ClusterIP jumps to
 * a KUBE-SVL chain instead, which lists only this node's endpoints; without any, a filter rule
 * drops the traffic.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier.go
 */
import { formatCIDR, intToIp } from "../ip.js";
import type { Rng } from "../rng.js";
import type { EndpointState, NodeState } from "../state.js";
import * as msg from "../datapath/hop-messages.js";
import { endpointChainName, localChainName, serviceChainName } from "./chain-names.js";
import { addressOf, endpointLabel } from "./choose-endpoint.js";
import {
  FILTER_CHAINS,
  FILTER_ENTRY_RULES,
  FILTER_FIXED_RULES,
  MARK_RULES,
  MASQUERADE_RULE,
  NAT_CHAINS,
  NAT_ENTRY_RULES,
  NODEPORTS_JUMP,
} from "./iptables-base.js";
import { type NodePortRules, nodePortRules } from "./iptables-nodeport.js";
import { renderSave, rule, savedProbability, saveOrder, type IptablesRule, type SavedTable } from "./iptables-save.js";
import type { EndpointChoice, NodeProxyRules, ProxyModeImpl, RulesTable, TranslationSite } from "./proxy-mode.js";
import type { ProxyView } from "./proxy-view.js";
import { ServicePortCache, localEndpoints, scopedPort, servicePort, servicePorts, usesLocalEndpoints, type ServicePort } from "./service-ports.js";

export type { NodePortRules } from "./iptables-nodeport.js";
export type { IptablesRule } from "./iptables-save.js";
export { MASQUERADE_RULE } from "./iptables-base.js";

/** One endpoint's rule in a KUBE-SVC (or KUBE-SVL) chain and its KUBE-SEP chain. */
export interface EndpointRule {
  readonly endpoint: EndpointState;
  /** `ip:port`. */
  readonly address: string;
  /** `KUBE-SEP-<16 base32 chars>`. */
  readonly chain: string;
  /** The conditional probability on this rule; `undefined` on the last, unconditional one. */
  readonly probability: number | undefined;
  /** The rule in the KUBE-SVC or KUBE-SVL chain. */
  readonly jumpRule: IptablesRule;
  /** The KUBE-SEP chain's rules: hairpin masquerade, then DNAT. */
  readonly sepRules: readonly IptablesRule[];
  /** With ClientIP affinity: the `recent` rule that sends a returning client back here. */
  readonly affinityRule: IptablesRule | undefined;
}

/** The rules for one Service port on one node. */
export interface ServicePortRules {
  readonly port: ServicePort;
  /** `KUBE-SVC-<16 base32 chars>`: every ready endpoint. */
  readonly chain: string;
  /** `KUBE-SVL-<16 base32 chars>`: this node's ready endpoints (written only for a Local traffic policy). */
  readonly localChain: string;
  /** The chain ClusterIP traffic goes to: KUBE-SVL with `internalTrafficPolicy: Local`, else KUBE-SVC. */
  readonly internalChain: string;
  /** The nat KUBE-SERVICES rule that matches the ClusterIP and port (absent when the filter rule refuses instead). */
  readonly serviceRule: IptablesRule;
  /** `! -s <clusterCIDR> … -j KUBE-MARK-MASQ`: traffic from outside the Pod network is masqueraded. */
  readonly masqueradeRule: IptablesRule;
  /** Ready endpoints in kube-proxy's order, each with its rules in KUBE-SVC. */
  readonly endpoints: readonly EndpointRule[];
  /** This node's ready endpoints, each with its rule in KUBE-SVL (empty unless a policy is Local). */
  readonly localEndpoints: readonly EndpointRule[];
  /** Whether ClusterIP traffic finds an endpoint (with `internalTrafficPolicy: Local`: one on this node). */
  readonly hasInternalEndpoints: boolean;
  /** The filter KUBE-SERVICES rule for ClusterIP traffic without endpoints: REJECT (none at all) or DROP (none on this node). */
  readonly rejectRule: IptablesRule | undefined;
  /** NodePort Services: the port every node forwards, with its KUBE-NODEPORTS and KUBE-EXT rules. */
  readonly nodePort: NodePortRules | undefined;
}

/** Everything iptables-mode kube-proxy programs on one node. */
export interface IptablesRules extends NodeProxyRules {
  readonly services: readonly ServicePortRules[];
  /** The simulated second the rules were read, for iptables-save's header. */
  readonly now: number;
  /** The cluster's Pod network (kube-proxy's `clusterCIDR`), dotted. */
  readonly clusterCIDR: string;
}

/** The filter-table rule for a Service port without ready endpoints (REJECT), or without local ones (DROP). */
export function rejectRule(port: ServicePort, noLocal = false): IptablesRule {
  const proto = port.protocol.toLowerCase();
  return rule("filter", "KUBE-SERVICES", {
    match: `-d ${port.clusterIP}/32 -p ${proto}`,
    comment: `${port.portName} has no ${noLocal ? "local " : ""}endpoints`,
    matchAfter: `-m ${proto} --dport ${port.port}`,
    target: noLocal ? "DROP" : "REJECT --reject-with icmp-port-unreachable",
  });
}

const cache = new ServicePortCache<Map<string, ServicePortRules>>();

/**
 * The rules for one port of a Service with a ClusterIP on `node`, rebuilt only when the cluster
 * changed. Without a node (or with a Cluster traffic policy) every node's rules are the same.
 */
export function buildServiceRules(view: ProxyView, service: ServicePort["service"], portIndex: number, node?: NodeState, local = false): ServicePortRules {
  const perNode = cache.get(view, service, portIndex, () => new Map());
  const port = servicePort(view, service, portIndex);
  // KUBE-SVC lists the endpoints topology-aware routing leaves to this node (every ready one without trafficDistribution).
  const cluster = node ? scopedPort(port, node, false, false) : port;
  const key = (local || usesLocalEndpoints(port) || cluster !== port) && node ? node.name : "";
  let rules = perNode.get(key);
  if (!rules) {
    rules = computeServiceRules(port, cluster.endpoints, key === "" ? undefined : key, formatCIDR(view.options.clusterCIDR));
    perNode.set(key, rules);
  }
  return rules;
}

function endpointRules(port: ServicePort, chain: string, endpoints: readonly EndpointState[]): EndpointRule[] {
  const { portName, service } = port;
  const proto = port.protocol.toLowerCase();
  const affinity = service.sessionAffinity === "ClientIP";
  const n = endpoints.length;
  return endpoints.map((endpoint, i): EndpointRule => {
    const address = addressOf(endpoint);
    const sep = endpointChainName(portName, port.protocol, address);
    const probability = i < n - 1 ? 1 / (n - i) : undefined;
    const comment = `${portName} -> ${address}`;
    return {
      endpoint,
      address,
      chain: sep,
      probability,
      jumpRule: rule("nat", chain, {
        comment,
        matchAfter: probability === undefined ? "" : `-m statistic --mode random --probability ${savedProbability(probability)}`,
        target: sep,
      }),
      sepRules: [
        rule("nat", sep, { match: `-s ${intToIp(endpoint.ip)}/32`, comment: portName, target: "KUBE-MARK-MASQ" }),
        rule("nat", sep, {
          match: `-p ${proto}`,
          comment: portName,
          matchAfter: `${affinity ? `-m recent --name ${sep} --set --mask 255.255.255.255 --rsource ` : ""}-m ${proto}`,
          target: `DNAT --to-destination ${address}`,
        }),
      ],
      affinityRule: affinity
        ? rule("nat", chain, {
            comment,
            matchAfter: `-m recent --rcheck --seconds ${service.sessionAffinityTimeout} --reap --name ${sep} --mask 255.255.255.255 --rsource`,
            target: sep,
          })
        : undefined,
    };
  });
}

function computeServiceRules(port: ServicePort, clusterEndpoints: readonly EndpointState[], node: string | undefined, clusterCIDR: string): ServicePortRules {
  const { portName, service } = port;
  const proto = port.protocol.toLowerCase();
  const chain = serviceChainName(portName, port.protocol);
  const localChain = localChainName(portName, port.protocol);
  const itpLocal = service.internalTrafficPolicy === "Local";
  const internalChain = itpLocal ? localChain : chain;
  const vip = `-d ${port.clusterIP}/32 -p ${proto}`;
  const serviceRule = rule("nat", "KUBE-SERVICES", {
    match: vip,
    comment: `${portName} cluster IP`,
    matchAfter: `-m ${proto} --dport ${port.port}`,
    target: internalChain,
  });
  const masqueradeRule = rule("nat", internalChain, {
    match: `! -s ${clusterCIDR} ${vip}`,
    comment: `${portName} cluster IP`,
    matchAfter: `-m ${proto} --dport ${port.port}`,
    target: "KUBE-MARK-MASQ",
  });
  const local = node === undefined ? [] : localEndpoints(port, node);
  const hasEndpoints = port.endpoints.length > 0;
  const hasInternalEndpoints = itpLocal ? local.length > 0 : hasEndpoints;
  const nodePort = nodePortRules(port, chain, localChain, clusterCIDR, hasEndpoints, local.length > 0);
  return {
    port,
    chain,
    localChain,
    internalChain,
    serviceRule,
    masqueradeRule,
    endpoints: endpointRules(port, chain, clusterEndpoints),
    localEndpoints: endpointRules(port, localChain, local),
    hasInternalEndpoints,
    rejectRule: hasInternalEndpoints ? undefined : rejectRule(port, hasEndpoints),
    nodePort,
  };
}

/** Walks a KUBE-SVC chain (no affinity): each rule's draw with its probability. */
export function pickEndpoint(rules: ServicePortRules, rng: Rng): EndpointRule | undefined {
  for (const r of rules.endpoints) {
    if (r.probability === undefined || rng.next() < r.probability) return r;
  }
  return undefined;
}

/** The chain rules of one chain in the order kube-proxy writes them: affinity checks, then the jumps. */
function chainRules(endpoints: readonly EndpointRule[]): IptablesRule[] {
  return [...endpoints.flatMap((e) => (e.affinityRule ? [e.affinityRule] : [])), ...endpoints.map((e) => e.jumpRule)];
}

/** The nat and filter tables in `iptables-save`'s order. */
function savedTables(rules: IptablesRules): readonly SavedTable[] {
  const nat: IptablesRule[] = [...NAT_ENTRY_RULES];
  const filter: IptablesRule[] = [...FILTER_ENTRY_RULES, ...FILTER_FIXED_RULES];
  const natChains = new Set(NAT_CHAINS);
  for (const s of rules.services) {
    if (s.rejectRule) filter.push(s.rejectRule);
    else nat.push(s.serviceRule);
    if (s.nodePort?.rejectRule) filter.push(s.nodePort.rejectRule);
    if (s.nodePort?.healthCheckRule) filter.push(s.nodePort.healthCheckRule);
  }
  nat.push(NODEPORTS_JUMP, ...MARK_RULES, MASQUERADE_RULE);
  for (const s of rules.services) {
    const sep = new Map<string, EndpointRule>();
    // kube-proxy captures a NodePort whenever the Service has endpoints anywhere (hasEndpoints).
    if (s.nodePort && s.endpoints.length > 0) {
      nat.push(...s.nodePort.rules);
      natChains.add(s.nodePort.chain);
    }
    const etpLocal = s.nodePort !== undefined && s.port.service.externalTrafficPolicy === "Local";
    // The cluster chain serves ClusterIP traffic (Cluster policy) and NodePort traffic (Cluster policy, or Pod and local sources under Local).
    const usesCluster = s.endpoints.length > 0 && (s.port.service.internalTrafficPolicy === "Cluster" || s.nodePort !== undefined);
    if (usesCluster) {
      natChains.add(s.chain);
      if (s.internalChain === s.chain) nat.push(s.masqueradeRule);
      nat.push(...chainRules(s.endpoints));
      for (const e of s.endpoints) sep.set(e.chain, e);
    }
    if (s.localEndpoints.length && (s.internalChain === s.localChain || etpLocal)) {
      natChains.add(s.localChain);
      if (s.internalChain === s.localChain) nat.push(s.masqueradeRule);
      nat.push(...chainRules(s.localEndpoints));
      for (const e of s.localEndpoints) sep.set(e.chain, e);
    }
    for (const e of sep.values()) {
      natChains.add(e.chain);
      nat.push(...e.sepRules);
    }
  }
  return [saveOrder("filter", filter, FILTER_CHAINS), saveOrder("nat", nat, natChains)];
}

/** The filter and nat tables as `iptables-save` prints them. */
export function renderIptablesSave(rules: IptablesRules): string {
  return renderSave(savedTables(rules), rules.now);
}

/** One table row per rule: table, chain, matches without the comment, target, comment. */
function rulesTable(rules: IptablesRules): RulesTable {
  const rows = savedTables(rules).flatMap((t) =>
    t.rules.map((r) => {
      const match = [r.match, r.matchAfter].filter(Boolean).join(" ");
      return { TABLE: t.name, CHAIN: r.chain, MATCH: match || "(all)", TARGET: r.target, COMMENT: r.comment ?? "" };
    }),
  );
  return { columns: ["TABLE", "CHAIN", "MATCH", "TARGET", "COMMENT"], rows, caption: `iptables-save on ${rules.node.name} (kube-proxy's chains)` };
}

/** The endpoints a connection chooses among on `node`: KUBE-SVL's under a Local policy, else KUBE-SVC's. */
function chainFor(rules: ServicePortRules, local: boolean): readonly EndpointRule[] {
  return local ? rules.localEndpoints : rules.endpoints;
}

/** kube-proxy's iptables mode. */
export const iptablesMode: ProxyModeImpl<IptablesRules> = {
  name: "iptables",
  tool: "iptables-save",
  clusterIPDevice: undefined,
  dropsWithoutLocalEndpoints: true,
  localhostNodePorts: true,
  build(view: ProxyView, node: NodeState): IptablesRules {
    return {
      node,
      mode: "iptables",
      services: servicePorts(view).map((p) => buildServiceRules(view, p.service, p.portIndex, node)),
      now: view.now,
      clusterCIDR: formatCIDR(view.options.clusterCIDR),
    };
  },
  render: renderIptablesSave,
  table: rulesTable,
  healthCheckRule: (view, port, node) => buildServiceRules(view, port.service, port.portIndex, node).nodePort?.healthCheckRule?.text,
  choose(view: ProxyView, port: ServicePort, _state, rng: Rng, node?: NodeState): EndpointChoice {
    const rules = buildServiceRules(view, port.service, port.portIndex, node, port.localTo !== undefined);
    const chain = port.localTo ? rules.localEndpoints : rules.endpoints;
    const index = chain.findIndex((r) => r.probability === undefined || rng.next() < r.probability);
    const chosen = chain[index]!;
    return { index, endpoint: chosen.endpoint, address: chosen.address, how: "random" };
  },
  rejectRule(view: ProxyView, port: ServicePort, site?: TranslationSite): string | undefined {
    const rules = buildServiceRules(view, port.service, port.portIndex, site?.node);
    return (site?.nodePort ? rules.nodePort?.rejectRule : rules.rejectRule)?.text;
  },
  translation(view, port, choice, site) {
    const local = port.localTo !== undefined;
    const rules = buildServiceRules(view, port.service, port.portIndex, site.node, local);
    const chosen = chainFor(rules, local)[choice.index]!;
    const np = site.nodePort ? rules.nodePort : undefined;
    const who = endpointLabel(choice);
    const chain = local ? rules.localChain : rules.chain;
    const summary =
      choice.how === "affinity"
        ? msg.affinityChoice(who, port.service.sessionAffinityTimeout)
        : msg.iptablesChoice(site.dst, np !== undefined, chain, who, port.endpoints.length, msg.notReadySuffix(port.notReady), !choice.endpoint.ready);
    const walk = np ? np.walk[site.source ?? "external"] : [rules.serviceRule];
    const walked = [
      ...(np && site.localhost ? [np.localhostEntry, ...walk.slice(1)] : walk),
      ...(site.masquerade && !np ? [rules.masqueradeRule] : []),
      choice.how === "affinity" ? chosen.affinityRule! : chosen.jumpRule,
      ...chosen.sepRules,
    ];
    return { device: undefined, summary, rule: walked.map((r) => r.text).join("\n") };
  },
};

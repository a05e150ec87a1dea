/**
 * kube-proxy's nftables mode (GA since v1.33, KEP-3866): one table, `ip kube-proxy`, where a
 * packet to a Service is dispatched by ONE lookup in a verdict map (`service-ips`: ClusterIP .
 * protocol . port, `service-nodeports`: protocol . NodePort) to the Service port's chain, which
 * picks an endpoint with `numgen random mod N vmap { … }` and jumps to the endpoint's chain that
 * DNATs; iptables mode walks KUBE-SERVICES rule by rule instead. Printed as
 * `nft list table ip kube-proxy` prints it.
 *
 * Where it differs from iptables mode for a user: NodePorts answer on the node's primary address
 * only (`nodeport-ips`), not on 127.0.0.1; a ClusterIP's undefined port is rejected
 * (`cluster-ips-check`) instead of going unanswered; there are no KUBE-MARK-MASQ jumps but one
 * `mark-for-masquerade` chain.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/release-1.35/pkg/proxy/nftables/proxier.go
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#proxy-mode-nftables
 */
import { formatCIDR, intToIp } from "../ip.js";
import type { NodeState } from "../state.js";
import * as msg from "../datapath/hop-messages.js";
import { endpointLabel } from "./choose-endpoint.js";
import {
  nftElementText,
  nftRuleParts,
  nftRuleText,
  renderNftTable,
  type NftChain,
  type NftElement,
  type NftRule,
  type NftSet,
  type NftTable,
} from "./nft-text.js";
import {
  CLUSTER_IP_REJECT_RULE,
  NFT,
  NFT_MASQUERADE_RULE,
  NO_ENDPOINT_NODEPORTS_RULE,
  NO_ENDPOINT_SERVICES_RULE,
  REJECT_RULE,
  SERVICE_IPS_RULE,
  SERVICE_NODEPORTS_RULE,
  SET_DECLARATIONS,
  fixedChains,
  unallocatedRule,
  type NftSetName,
} from "./nftables-base.js";
import { nftServiceRules, numgenRule, type NftEndpoint, type NftMapEntry, type NftServicePortRules } from "./nftables-ruleset.js";
import type { EndpointChoice, NodeProxyRules, ProxyModeImpl, RulesTable, TranslationSite } from "./proxy-mode.js";
import type { ProxyView } from "./proxy-view.js";
import { externalLocalScope, servicePorts, type ServicePort } from "./service-ports.js";

export type { NftChain, NftElement, NftRule, NftSet, NftTable } from "./nft-text.js";
export type { NftEndpoint, NftMapEntry, NftServicePortRules } from "./nftables-ruleset.js";

/** Everything nftables-mode kube-proxy programs on one node. */
export interface NftablesRules extends NodeProxyRules {
  readonly services: readonly NftServicePortRules[];
  /** The addresses NodePorts answer on (`nodeport-ips`): the node's primary address. */
  readonly nodePortIPs: readonly string[];
  /** The cluster's service range, dotted (the `cluster-ips-check` drop rule). */
  readonly serviceCIDR: string;
}

/** kubeadm's default service range, when a view does not say. */
const DEFAULT_SERVICE_CIDR = "10.96.0.0/12";

/** A line of a trace's rule text: `chain: rule`, or `@map: element`. */
const inChain = (r: NftRule): string => `${r.chain}: ${nftRuleText(r)}`;
const inMap = (e: NftMapEntry): string => `@${e.map}: ${nftElementText(e.element)}`;

/** The whole table in creation order: sets and maps, then fixed chains, then each Service port's chains. */
export function nftablesTable(rules: NftablesRules): NftTable {
  const elements = new Map<NftSetName, NftElement[]>(Object.keys(SET_DECLARATIONS).map((n) => [n as NftSetName, []]));
  const clusterIPs = new Set<string>();
  for (const s of rules.services) {
    if (!clusterIPs.has(s.port.clusterIP)) {
      clusterIPs.add(s.port.clusterIP);
      elements.get("cluster-ips")!.push({ key: s.port.clusterIP });
    }
    elements.get(s.clusterIP.map)!.push(s.clusterIP.element);
    for (const np of s.nodePort) elements.get(np.map)!.push(np.element);
  }
  for (const ip of rules.nodePortIPs) elements.get("nodeport-ips")!.push({ key: ip });
  const sets: NftSet[] = Object.entries(SET_DECLARATIONS).map(([name, d]) => ({ ...d, name, elements: elements.get(name as NftSetName)! }));
  sets.push(...rules.services.flatMap((s) => s.affinitySets));
  const chains: NftChain[] = [...fixedChains(rules.serviceCIDR), ...rules.services.flatMap((s) => s.chains)];
  return { family: "ip", name: "kube-proxy", comment: "rules for kube-proxy", sets, chains };
}

/** `nft list table ip kube-proxy`. */
export function renderNftables(rules: NftablesRules): string {
  return renderNftTable(nftablesTable(rules));
}

/** A rules-table row: where (a chain, or `@map` for an element), what it matches, what it does. */
function row(where: string, match: string, target: string, comment: string): Readonly<Record<string, string>> {
  return { CHAIN: where, MATCH: match || "(all)", TARGET: target, COMMENT: comment };
}

/** A chain's rules as rows; a rule without a comment of its own is labelled with `label` (its Service port). */
function chainRows(chain: NftChain, label = ""): Readonly<Record<string, string>>[] {
  return chain.rules.map((r) => {
    const { match, action } = nftRuleParts(r);
    return row(chain.name, match, action, r.comment ?? label);
  });
}

/**
 * The rules as rows in the columns iptables mode's table has (CHAIN, MATCH, TARGET, COMMENT): the
 * fixed chains, then per Service port its verdict-map elements (CHAIN `@service-ips`, MATCH the
 * key) and its chains, with the Service port as COMMENT where the rule carries none.
 */
function rulesTable(rules: NftablesRules): RulesTable {
  const rows = fixedChains(rules.serviceCIDR).flatMap((c) => chainRows(c));
  for (const s of rules.services) {
    for (const e of [s.clusterIP, ...s.nodePort]) rows.push(row(`@${e.map}`, e.element.key, e.element.verdict ?? "", s.port.portName));
    for (const c of s.chains) rows.push(...chainRows(c, s.port.portName));
  }
  return {
    columns: ["CHAIN", "MATCH", "TARGET", "COMMENT"],
    rows,
    caption: `nft list table ip kube-proxy on ${rules.node.name} (kube-proxy's chains and verdict-map elements)`,
  };
}

/** The endpoint chain of `address` among the chain's endpoints, as the rules name it. */
function endpointChain(list: readonly NftEndpoint[], address: string): NftEndpoint | undefined {
  return list.find((e) => e.address === address);
}

/** The lines a trace shows for the refusal of a Service port without (local) endpoints. */
function refusalLines(rules: NftServicePortRules, nodePort: boolean): string | undefined {
  const entry = nodePort
    ? rules.nodePort.find((e) => e.map === "no-endpoint-nodeports")
    : rules.clusterIP.map === "no-endpoint-services"
      ? rules.clusterIP
      : undefined;
  if (!entry) return undefined;
  const check = nodePort ? NO_ENDPOINT_NODEPORTS_RULE : NO_ENDPOINT_SERVICES_RULE;
  const lines = [inChain(check), inMap(entry)];
  if (entry.element.verdict === "goto reject-chain") lines.push(inChain(REJECT_RULE));
  return lines.join("\n");
}

/** kube-proxy's nftables mode. */
export const nftablesMode: ProxyModeImpl<NftablesRules> = {
  name: "nftables",
  tool: "nft list table ip kube-proxy",
  clusterIPDevice: undefined,
  vipFilterRule: inChain(CLUSTER_IP_REJECT_RULE),
  // no-endpoint-services maps a Local policy without local endpoints to `drop`.
  dropsWithoutLocalEndpoints: true,
  // The external- chain: Pod sources short-circuit to the service- chain, the node's own traffic is
  // masqueraded to it, anything else goes to the local- chain only.
  externalLocalScope,
  // createProxier in cmd/kube-proxy/app/server_linux.go (v1.35: 60 lines below "Using ipvs Proxier" at line 193).
  startupLog: { source: "server_linux.go:253", message: "Using nftables Proxier" },
  texts: {
    noEndpoints: msg.nftables.noEndpoints,
    noLocalEndpoints: msg.nftables.noLocalEndpoints,
    vipFiltered: msg.nftables.vipFiltered,
    pingFiltered: msg.nftables.pingRejected,
    clusterIPMasquerade: msg.nftables.clusterIPMasquerade,
    nodePortMasquerade: msg.nftables.nodePortMasquerade,
    masqueradeRule: NFT_MASQUERADE_RULE,
    localhostNodePort: msg.nftables.localhostNodePort,
    unallocated: { rule: (cidr) => inChain(unallocatedRule(cidr)), summary: msg.nftables.unallocated },
  },
  build(view: ProxyView, node: NodeState): NftablesRules {
    return {
      node,
      mode: "nftables",
      services: servicePorts(view).map((p) => nftServiceRules(view, p.service, p.portIndex, node)),
      nodePortIPs: [intToIp(node.internalIP)],
      serviceCIDR: view.options.serviceCIDR ? formatCIDR(view.options.serviceCIDR) : DEFAULT_SERVICE_CIDR,
    };
  },
  render: renderNftables,
  table: rulesTable,
  // `numgen random mod N`: every ready endpoint equally likely, whatever came before.
  choose(_view, port: ServicePort, _state, rng): EndpointChoice {
    const index = rng.int(port.endpoints.length);
    const endpoint = port.endpoints[index]!;
    return { index, endpoint, address: `${intToIp(endpoint.ip)}:${endpoint.port}`, how: "random" };
  },
  rejectRule(view: ProxyView, port: ServicePort, site?: TranslationSite): string | undefined {
    return refusalLines(nftServiceRules(view, port.service, port.portIndex, site?.node), site?.nodePort === true);
  },
  translation(view, port, choice, site) {
    const rules = nftServiceRules(view, port.service, port.portIndex, site.node);
    const local = port.localTo !== undefined;
    const chain = local ? rules.localChain : rules.clusterChain;
    const list = local ? rules.localEndpoints : rules.clusterEndpoints;
    const ep = endpointChain(list, choice.address);
    const lines: string[] = [];
    let map: string;
    let key: string;
    if (site.nodePort) {
      const entry = rules.nodePort.find((e) => e.map === "service-nodeports")!;
      map = entry.map;
      key = entry.element.key;
      lines.push(inChain(SERVICE_NODEPORTS_RULE), inMap(entry), ...(rules.externalWalk?.[site.source ?? "external"] ?? []).map(inChain));
    } else {
      map = rules.clusterIP.map;
      key = rules.clusterIP.element.key;
      lines.push(inChain(SERVICE_IPS_RULE), inMap(rules.clusterIP));
      const masq = chainRules(rules, chain)[0];
      if (site.masquerade && masq?.text.includes(NFT.markMasq)) lines.push(inChain(masq));
    }
    if (choice.how === "affinity" && ep?.affinitySet) lines.push(`${chain}: ip saddr @${ep.affinitySet} goto ${ep.chain}`);
    else lines.push(inChain(numgenRule(chain, list)));
    if (ep) lines.push(...ep.rules.filter((r) => r !== ep.rules[0]).map(inChain));
    const who = endpointLabel(choice);
    const summary =
      choice.how === "affinity"
        ? msg.affinityChoice(who, port.service.sessionAffinityTimeout)
        : msg.nftables.choice(site.dst, map, key, chain, who, port.endpoints.length, msg.notReadySuffix(port.notReady));
    return { device: undefined, summary, rule: lines.join("\n") };
  },
};

/** The rules of one of the Service port's chains. */
function chainRules(rules: NftServicePortRules, name: string): readonly NftRule[] {
  return rules.chains.find((c) => c.name === name)?.rules ?? [];
}

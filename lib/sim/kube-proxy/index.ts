/**
 * @module
 * kube-proxy: the rules it programs on each node, as data, and how a new connection picks its
 * endpoint. Each proxy mode is one module behind {@link ProxyModeImpl} (iptables, IPVS),
 * registered in `registry.ts`; what every mode shares (Service ports, chain names, affinity)
 * lives beside them. Nothing here reads the engine: modes see the cluster through `ProxyView`.
 */
import type { ClusterView } from "../cluster-view.js";
import type { NodeState } from "../state.js";
import type { NodeProxyRules } from "./proxy-mode.js";
import { proxyModeFor } from "./registry.js";

export { endpointChainName, externalChainName, localChainName, serviceChainName, servicePortName } from "./chain-names.js";
export { addressOf, chooseEndpoint, endpointLabel } from "./choose-endpoint.js";
export { MASQUERADE_RULE, buildServiceRules, iptablesMode, pickEndpoint, rejectRule, renderIptablesSave } from "./iptables.js";
export type { EndpointRule, IptablesRule, IptablesRules, ServicePortRules } from "./iptables.js";
export { IPTABLES_VERSION, ctime, saveString, savedProbability } from "./iptables-save.js";
export { IPVS_FILTER_RULES, ipvsMode, nodePortAddresses, renderIpvsadm } from "./ipvs.js";
export type { IpvsRules, RealServer, VirtualServer } from "./ipvs.js";
export { nftablesMode, nftablesTable, renderNftables } from "./nftables.js";
export type { NftChain, NftElement, NftEndpoint, NftMapEntry, NftRule, NftServicePortRules, NftSet, NftTable, NftablesRules } from "./nftables.js";
export { hashAndTruncate } from "./nftables-names.js";
export type { ChoiceKind, EndpointChoice, NodeProxyRules, ProxyModeImpl, ProxyModeTexts, RulesTable, Translation, TranslationSite } from "./proxy-mode.js";
export { ProxyState } from "./proxy-state.js";
export type { ProxyView } from "./proxy-view.js";
export { proxyModeFor, proxyModes, registerProxyMode } from "./registry.js";
export { ServicePortCache, scopedPort, servicePort, servicePorts, usesLocalEndpoints } from "./service-ports.js";
export type { ServicePort } from "./service-ports.js";

/** Everything the cluster's proxy mode programs on `node`, as that mode's data. */
export function buildProxyRules(view: ClusterView, node: NodeState): NodeProxyRules {
  return proxyModeFor(view.options.proxyMode).build(view, node);
}

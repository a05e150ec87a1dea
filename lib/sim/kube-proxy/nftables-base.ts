/**
 * What kube-proxy's nftables mode writes on every node whatever the Services (setupNFTables): the
 * base chains hooked into netfilter, the top-level chains they jump to, the masquerade mark
 * (0x4000), the helper chain that rejects, and the sets and maps the per-Service elements go in,
 * each in the order kube-proxy creates them (nft lists a table's sets and chains in that order).
 *
 * With kubeadm's configuration (`nodePortAddresses` unset), nftables mode accepts NodePorts on the
 * node's primary address only, so the `nodeport-ips` set exists and holds the node IP.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/release-1.35/pkg/proxy/nftables/proxier.go
 *   (nftablesBaseChains, nftablesJumpChains, setupNFTables)
 */
import type { NftChain, NftRule } from "./nft-text.js";

/** kube-proxy's masquerade bit 14, as nft prints the mark. */
const MARK = "0x00004000";

const rule = (chain: string, text: string, comment?: string): NftRule => (comment === undefined ? { chain, text } : { chain, text, comment });

/** The chain names kube-proxy's rules refer to. */
export const NFT = {
  services: "services",
  serviceEndpointsCheck: "service-endpoints-check",
  nodePortEndpointsCheck: "nodeport-endpoints-check",
  firewallCheck: "firewall-check",
  clusterIPsCheck: "cluster-ips-check",
  masquerading: "masquerading",
  markMasq: "mark-for-masquerade",
  reject: "reject-chain",
} as const;

/** `services`: one verdict-map lookup for Service IPs, one for NodePorts on the node's addresses. */
export const SERVICE_IPS_RULE = rule(NFT.services, "ip daddr . meta l4proto . th dport vmap @service-ips");
export const SERVICE_NODEPORTS_RULE = rule(NFT.services, "ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports");

/** The filter hooks' checks for Services without endpoints. */
export const NO_ENDPOINT_SERVICES_RULE = rule(NFT.serviceEndpointsCheck, "ip daddr . meta l4proto . th dport vmap @no-endpoint-services");
export const NO_ENDPOINT_NODEPORTS_RULE = rule(NFT.nodePortEndpointsCheck, "ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports");
export const REJECT_RULE = rule(NFT.reject, "reject");

/** `cluster-ips-check`: a port a ClusterIP does not define is rejected. */
export const CLUSTER_IP_REJECT_RULE = rule(NFT.clusterIPsCheck, "ip daddr @cluster-ips reject", "Reject traffic to invalid ports of ClusterIPs");

/** `cluster-ips-check`'s second rule: an address of the service range no Service holds is dropped. */
export function unallocatedRule(serviceCIDR: string): NftRule {
  return rule(NFT.clusterIPsCheck, `ip daddr ${serviceCIDR} drop`, "Drop traffic to unallocated ClusterIPs");
}

/** `mark-for-masquerade` sets the bit; `masquerading` masquerades what carries it, clearing it. */
export const MARK_MASQ_RULE = rule(NFT.markMasq, `meta mark set meta mark | ${MARK}`);
export const MASQUERADING_RULES: readonly NftRule[] = [
  rule(NFT.masquerading, `meta mark & ${MARK} == 0x00000000 return`),
  rule(NFT.masquerading, `meta mark set meta mark ^ ${MARK}`),
  rule(NFT.masquerading, "masquerade fully-random"),
];

/** The masquerade rule a trace shows for SNAT in nftables mode. */
export const NFT_MASQUERADE_RULE = `${NFT.masquerading}: ${MASQUERADING_RULES[2]!.text}`;

const jump = (from: string, to: string, newOnly = true): NftRule => rule(from, `${newOnly ? "ct state new " : ""}jump ${to}`);

/**
 * The base chains in creation order, with their jumps. The filter chains that must see the
 * address before DNAT hook in at dstnat - 10; the others at filter priority, after DNAT (v1.35,
 * kubernetes/kubernetes PR #132456). nft names a priority only where the name is valid for the
 * hook, so the output hook's -110 and -100 print as numbers.
 */
function baseChains(): NftChain[] {
  const base = (name: string, hook: string, rules: NftRule[]): NftChain => ({ name, hook: `${hook}; policy accept;`, rules });
  return [
    base("filter-prerouting-pre-dnat", "type filter hook prerouting priority dstnat - 10", [jump("filter-prerouting-pre-dnat", NFT.firewallCheck)]),
    base("filter-output-pre-dnat", "type filter hook output priority -110", [jump("filter-output-pre-dnat", NFT.firewallCheck)]),
    base("filter-input", "type filter hook input priority filter", [
      jump("filter-input", NFT.nodePortEndpointsCheck),
      jump("filter-input", NFT.serviceEndpointsCheck),
    ]),
    base("filter-forward", "type filter hook forward priority filter", [
      jump("filter-forward", NFT.serviceEndpointsCheck),
      jump("filter-forward", NFT.clusterIPsCheck),
    ]),
    base("filter-output", "type filter hook output priority filter", [
      jump("filter-output", NFT.serviceEndpointsCheck),
      jump("filter-output", NFT.clusterIPsCheck),
    ]),
    base("nat-prerouting", "type nat hook prerouting priority dstnat", [jump("nat-prerouting", NFT.services, false)]),
    base("nat-output", "type nat hook output priority -100", [jump("nat-output", NFT.services, false)]),
    base("nat-postrouting", "type nat hook postrouting priority srcnat", [jump("nat-postrouting", NFT.masquerading, false)]),
  ];
}

/** Every chain that does not depend on a Service, in the order kube-proxy creates them. */
export function fixedChains(serviceCIDR: string): NftChain[] {
  return [
    ...baseChains(),
    { name: NFT.nodePortEndpointsCheck, rules: [NO_ENDPOINT_NODEPORTS_RULE] },
    { name: NFT.serviceEndpointsCheck, rules: [NO_ENDPOINT_SERVICES_RULE] },
    { name: NFT.firewallCheck, rules: [rule(NFT.firewallCheck, "ip daddr . meta l4proto . th dport vmap @firewall-ips")] },
    { name: NFT.services, rules: [SERVICE_IPS_RULE, SERVICE_NODEPORTS_RULE] },
    { name: NFT.masquerading, rules: MASQUERADING_RULES },
    { name: NFT.clusterIPsCheck, rules: [CLUSTER_IP_REJECT_RULE, unallocatedRule(serviceCIDR)] },
    { name: NFT.markMasq, rules: [MARK_MASQ_RULE] },
    { name: NFT.reject, comment: "helper for @no-endpoint-services / @no-endpoint-nodeports", rules: [REJECT_RULE] },
  ];
}

/** The sets and maps, with the comments kube-proxy gives them, in creation order. */
export const SET_DECLARATIONS = {
  "cluster-ips": { kind: "set", type: "ipv4_addr", comment: "Active ClusterIPs" },
  "nodeport-ips": { kind: "set", type: "ipv4_addr", comment: "IPs that accept NodePort traffic" },
  "no-endpoint-services": {
    kind: "map",
    type: "ipv4_addr . inet_proto . inet_service : verdict",
    comment: "vmap to drop or reject packets to services with no endpoints",
  },
  "no-endpoint-nodeports": {
    kind: "map",
    type: "inet_proto . inet_service : verdict",
    comment: "vmap to drop or reject packets to service nodeports with no endpoints",
  },
  "firewall-ips": {
    kind: "map",
    type: "ipv4_addr . inet_proto . inet_service : verdict",
    comment: "destinations that are subject to LoadBalancerSourceRanges",
  },
  "service-ips": { kind: "map", type: "ipv4_addr . inet_proto . inet_service : verdict", comment: "ClusterIP, ExternalIP and LoadBalancer IP traffic" },
  "service-nodeports": { kind: "map", type: "inet_proto . inet_service : verdict", comment: "NodePort traffic" },
} as const;

export type NftSetName = keyof typeof SET_DECLARATIONS;

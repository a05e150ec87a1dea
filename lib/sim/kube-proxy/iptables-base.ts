/**
 * The iptables rules on every node that do not depend on any Service: how packets reach
 * kube-proxy's chains from the builtin ones, its masquerade marks, its forwarding rules, and the
 * kubelet's KUBE-FIREWALL.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier.go (iptablesJumpChains, syncProxyRules)
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kubelet_network_linux.go (KUBE-FIREWALL)
 */
import { rule, type IptablesRule } from "./iptables-save.js";

const NEW = "-m conntrack --ctstate NEW";

/** The jumps from the nat table's builtin chains into kube-proxy's (iptables mode). */
export const NAT_ENTRY_RULES: readonly IptablesRule[] = [
  rule("nat", "PREROUTING", { comment: "kubernetes service portals", target: "KUBE-SERVICES" }),
  rule("nat", "OUTPUT", { comment: "kubernetes service portals", target: "KUBE-SERVICES" }),
  rule("nat", "POSTROUTING", { comment: "kubernetes postrouting rules", target: "KUBE-POSTROUTING" }),
];

/** kube-proxy's marks: KUBE-MARK-MASQ sets 0x4000, KUBE-POSTROUTING masquerades what carries it. */
export const MARK_RULES: readonly IptablesRule[] = [
  rule("nat", "KUBE-MARK-MASQ", { target: "MARK --set-xmark 0x4000/0x4000" }),
  rule("nat", "KUBE-POSTROUTING", { match: "-m mark ! --mark 0x4000/0x4000", target: "RETURN" }),
  rule("nat", "KUBE-POSTROUTING", { target: "MARK --set-xmark 0x4000/0x0" }),
];

/**
 * The rule that masquerades marked traffic. IPVS mode installs it too: kube-proxy keeps iptables
 * for what IPVS does not do.
 */
export const MASQUERADE_RULE = rule("nat", "KUBE-POSTROUTING", { comment: "kubernetes service traffic requiring SNAT", target: "MASQUERADE --random-fully" });

/** The last rule of the nat KUBE-SERVICES chain: anything addressed to the node goes on to KUBE-NODEPORTS. */
export const NODEPORTS_JUMP = rule("nat", "KUBE-SERVICES", {
  comment: "kubernetes service nodeports; NOTE: this must be the last rule in this chain",
  matchAfter: "-m addrtype --dst-type LOCAL",
  target: "KUBE-NODEPORTS",
});

/** The jumps from the filter table's builtin chains (kube-proxy prepends its own, so the last written comes first), and kubelet's firewall. */
export const FILTER_ENTRY_RULES: readonly IptablesRule[] = [
  rule("filter", "INPUT", { match: NEW, comment: "kubernetes load balancer firewall", target: "KUBE-PROXY-FIREWALL" }),
  rule("filter", "INPUT", { comment: "kubernetes health check service ports", target: "KUBE-NODEPORTS" }),
  rule("filter", "INPUT", { match: NEW, comment: "kubernetes externally-visible service portals", target: "KUBE-EXTERNAL-SERVICES" }),
  rule("filter", "INPUT", { target: "KUBE-FIREWALL" }),
  rule("filter", "FORWARD", { match: NEW, comment: "kubernetes load balancer firewall", target: "KUBE-PROXY-FIREWALL" }),
  rule("filter", "FORWARD", { comment: "kubernetes forwarding rules", target: "KUBE-FORWARD" }),
  rule("filter", "FORWARD", { match: NEW, comment: "kubernetes service portals", target: "KUBE-SERVICES" }),
  rule("filter", "FORWARD", { match: NEW, comment: "kubernetes externally-visible service portals", target: "KUBE-EXTERNAL-SERVICES" }),
  rule("filter", "OUTPUT", { match: NEW, comment: "kubernetes load balancer firewall", target: "KUBE-PROXY-FIREWALL" }),
  rule("filter", "OUTPUT", { match: NEW, comment: "kubernetes service portals", target: "KUBE-SERVICES" }),
  rule("filter", "OUTPUT", { target: "KUBE-FIREWALL" }),
];

/** KUBE-FORWARD (kube-proxy) and KUBE-FIREWALL (kubelet: nothing from outside may reach 127.0.0.0/8). */
export const FILTER_FIXED_RULES: readonly IptablesRule[] = [
  rule("filter", "KUBE-FIREWALL", {
    match: "! -s 127.0.0.0/8 -d 127.0.0.0/8",
    comment: "block incoming localnet connections",
    matchAfter: "-m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT",
    target: "DROP",
  }),
  rule("filter", "KUBE-FORWARD", { match: "-m conntrack --ctstate INVALID", target: "DROP" }),
  rule("filter", "KUBE-FORWARD", { comment: "kubernetes forwarding rules", matchAfter: "-m mark --mark 0x4000/0x4000", target: "ACCEPT" }),
  rule("filter", "KUBE-FORWARD", {
    comment: "kubernetes forwarding conntrack rule",
    matchAfter: "-m conntrack --ctstate RELATED,ESTABLISHED",
    target: "ACCEPT",
  }),
];

/** The filter chains kube-proxy and kubelet create even when empty. */
export const FILTER_CHAINS = ["KUBE-EXTERNAL-SERVICES", "KUBE-FIREWALL", "KUBE-FORWARD", "KUBE-NODEPORTS", "KUBE-PROXY-FIREWALL", "KUBE-SERVICES"];

/** The nat chains kube-proxy creates even when empty. */
export const NAT_CHAINS = ["KUBE-MARK-MASQ", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-SERVICES"];

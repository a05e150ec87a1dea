/**
 * `networkPolicy: "kube-network-policies"`: SIG Network's reference implementation, the one kind
 * bundles (kubernetes-sigs/kube-network-policies). A DaemonSet agent puts the first packet of each
 * new connection to or from a Pod that a policy selects into an nfqueue and answers accept or drop
 * from userspace; established and related packets (replies) are accepted by conntrack.
 *
 * Where it acts (pkg/dataplane/controller.go, syncNFTablesRules): table `inet kube-network-policies`,
 * chain `postrouting` (filter, hook postrouting, priority srcnat - 5), so after kube-proxy's DNAT
 * and before any SNAT: egress is judged on the Pod behind the ClusterIP. DNS (UDP 53) is queued in
 * a `prerouting` chain at dstnat + 5 instead (`--netfilter-bug-1766-fix`, on by default), still
 * after the DNAT to a CoreDNS Pod. The first node that queues a packet evaluates the client's egress
 * and the server's ingress together. `meta skuid 0 accept` lets traffic from root processes of the
 * node through (kubelet probes, hostNetwork Pods running as root on their own node); hostNetwork
 * Pods are not indexed by IP, so they are never selected and count as non-Pod peers.
 *
 * A drop is an nfqueue verdict: the SYN vanishes, the client retransmits and times out.
 */
import { evaluate } from "./evaluate.js";
import type { NetworkPolicyImpl } from "./policy-impl.js";
import { policiesSelecting } from "./selection.js";

/**
 * The rule that queued a packet to the agent (`--nfqueue-id` 100 by default), as
 * `nft list table inet kube-network-policies` prints it: the isolated Pod's address is in the
 * node's set of Pods that policies select, as the source for egress, as the destination for ingress.
 */
function queueRule(chain: "postrouting" | "prerouting", direction: "Ingress" | "Egress"): string {
  return `inet kube-network-policies ${chain}: ip ${direction === "Egress" ? "saddr" : "daddr"} @podips-v4 queue to 100`;
}

export const kubeNetworkPolicies: NetworkPolicyImpl = {
  name: "kube-network-policies",
  enforces: true,
  decide(view, q) {
    const peer = view.podByIP(q.peerIP);
    const e = evaluate(view, { direction: q.direction, pod: q.pod, peerIP: q.peerIP, peer, port: q.port, protocol: q.protocol });
    if (e.isolating.length === 0) return undefined;
    const at = queueRule(q.protocol === "UDP" && q.port === 53 ? "prerouting" : "postrouting", q.direction);
    if (e.allowedBy) return { verdict: "allowed", policies: e.isolating, rule: e.allowedBy, at };
    return { verdict: "dropped", policies: e.isolating, misses: e.misses, at };
  },
  // pkg/dataplane/controller.go: "Don't process traffic generated from the root user in the Node".
  nodeTrafficRule: "inet kube-network-policies postrouting: meta skuid 0 accept",
  decidesIngressAtSource(view, client) {
    // The client's address is in the node's @podips-v4 set when any policy selects it.
    return !client.spec.hostNetwork && (policiesSelecting(view, client, "Ingress").length > 0 || policiesSelecting(view, client, "Egress").length > 0);
  },
};

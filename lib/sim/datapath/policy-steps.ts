/**
 * The NetworkPolicy steps of a connection: the client Pod's egress, once the destination is known
 * (after kube-proxy's DNAT, as policy agents see it), and the server Pod's ingress, decided on the
 * client's node when the implementation judges both directions there (kube-network-policies), else
 * on the server's node before delivery. The cluster's policy implementation decides
 * (`network-policy/`); these steps only turn its decision into a hop, or end the connection when
 * it drops the SYN. Replies of an allowed connection are conntrack's: no step polices them.
 */
import { intToIp, ipToInt } from "../ip.js";
import { networkPolicyFor } from "../network-policy/registry.js";
import type { NetworkPolicyImpl, PolicyDecision, PolicyQuestion } from "../network-policy/policy-impl.js";
import type { ClusterView } from "../cluster-view.js";
import type { PodState } from "../state.js";
import { ended, SYN_TIMEOUT_MS, type Flow, type Packet, type Step } from "./flow.js";
import * as msg from "./hop-messages.js";
import { hop, type Hop } from "./hops.js";
import { networkModelFor } from "./registry.js";

/** Where a policy hop is observed. */
interface At {
  readonly node: string;
  readonly device: string | undefined;
  readonly src: string;
  readonly dst: string;
}

/**
 * The client's egress on its node (a client on the node's network, hostNetwork, is never
 * selected), and the server's ingress there too when the implementation decides it at the source.
 */
export function egressPolicy(flow: Flow, packet: Packet): Step {
  const { view } = flow;
  const impl = networkPolicyFor(view.options.networkPolicy);
  const question: PolicyQuestion = { direction: "Egress", pod: flow.client, peerIP: packet.target, port: packet.targetPort, protocol: "TCP" };
  // An enforcing agent acts in the postrouting hook (its output device); `none` only notes the Pod's side.
  const at = {
    node: flow.node.name,
    device: impl.enforces ? outDevice(flow, packet) : flow.device,
    src: packet.src,
    dst: `${intToIp(packet.target)}:${packet.targetPort}`,
  };
  const egress = policyStep(impl, view, packet, question, at);
  if ("end" in egress || !impl.decidesIngressAtSource?.(view, flow.client)) return egress;
  const server = view.podByIP(packet.target);
  if (!server) return egress;
  const ingress = policyStep(impl, view, packet, ingressQuestion(server, packet), at);
  const hops = [...egress.hops, ...ingress.hops];
  if ("end" in ingress) return { ...ingress, hops };
  return { hops, next: { ...packet, ingressDecided: true } };
}

/** The server's ingress, on the node it runs on, unless it was decided on the client's node. */
export function ingressPolicy(flow: Flow, packet: Packet): Step {
  const server = flow.view.podByIP(packet.target);
  if (!server || packet.ingressDecided) return { hops: [], next: packet };
  const impl = networkPolicyFor(flow.view.options.networkPolicy);
  const at = { node: packet.here.name, device: server.veth, src: packet.src, dst: `${intToIp(packet.target)}:${packet.targetPort}` };
  if (impl.enforces && impl.nodeTrafficRule && flow.client.spec.hostNetwork && flow.node.name === packet.here.name) {
    // A process of this very node (a hostNetwork Pod runs as root here) sends it: not policed.
    const decision = impl.decide(flow.view, ingressQuestion(server, packet));
    if (!decision) return { hops: [], next: packet };
    const h = hop({
      kind: "network-policy",
      ...at,
      summary: msg.networkPolicy.nodeTraffic(server.name, flow.node.name),
      rule: impl.nodeTrafficRule,
      verdict: "forwarded",
    });
    return { hops: [h], next: packet };
  }
  return policyStep(impl, flow.view, packet, ingressQuestion(server, packet), at);
}

function ingressQuestion(server: PodState, packet: Packet): PolicyQuestion {
  // The source as the server sees it: the client Pod's address, or the node's after an SNAT.
  const srcIP = ipToInt(packet.src.slice(0, packet.src.lastIndexOf(":")));
  return { direction: "Ingress", pod: server, peerIP: srcIP, port: packet.targetPort, protocol: "TCP" };
}

/** The device a packet leaves the client's node by (the postrouting hook's output device). */
function outDevice(flow: Flow, packet: Packet): string | undefined {
  const { view } = flow;
  const dstNode = view.nodeForPodIP(packet.target);
  if (!dstNode) return flow.device;
  if (dstNode.name === flow.node.name) return "cni0";
  return networkModelFor(view.options.network).routeTo(flow.node, dstNode).device;
}

function policyStep(impl: NetworkPolicyImpl, view: ClusterView, packet: Packet, question: PolicyQuestion, at: At): Step {
  const decision = impl.decide(view, question);
  if (!decision) return { hops: [], next: packet };
  const h = policyHop(decision, question, at);
  if (decision.verdict === "dropped") return ended([h], packet.src, { outcome: "timeout", elapsedMs: SYN_TIMEOUT_MS });
  return { hops: [h], next: packet };
}

/**
 * The policy hops of ping's echo requests from `pod` to the Pod `target`: the client's egress and
 * the target's ingress, judged on the client's node when the implementation queues the client's
 * packets there, else on the target's.
 */
export function icmpPolicy(view: ClusterView, pod: PodState, target: PodState): DNSPolicy {
  const impl = networkPolicyFor(view.options.networkPolicy);
  if (!impl.enforces || pod.podIP === undefined || target.podIP === undefined) return { hops: [], dropped: false };
  const at = { node: pod.nodeName ?? "", device: pod.veth, src: intToIp(pod.podIP), dst: intToIp(target.podIP) };
  const hops: Hop[] = [];
  const eq: PolicyQuestion = { direction: "Egress", pod, peerIP: target.podIP, port: 0, protocol: "ICMP" };
  const egress = impl.decide(view, eq);
  if (egress) hops.push(policyHop(egress, eq, at));
  if (egress?.verdict === "dropped") return { hops, dropped: true };
  const iq: PolicyQuestion = { direction: "Ingress", pod: target, peerIP: pod.podIP, port: 0, protocol: "ICMP" };
  const ingress = impl.decide(view, iq);
  const there = impl.decidesIngressAtSource?.(view, pod) ? at : { ...at, node: target.nodeName ?? at.node, device: target.veth };
  if (ingress) hops.push(policyHop(ingress, iq, there));
  return { hops, dropped: ingress?.verdict === "dropped" };
}

/** The decision on a DNS query (UDP to the cluster's nameserver, after the DNAT to a CoreDNS Pod). */
export interface DNSPolicy {
  readonly hops: readonly Hop[];
  /** True when a policy dropped the query: the resolver waits and gives up. */
  readonly dropped: boolean;
}

/**
 * The policy hops of a DNS lookup's queries from the client's side: its egress towards the
 * nameserver, and CoreDNS's ingress when `coreDNS` (the Pod kube-proxy sent the query to) is
 * given. kube-network-policies judges DNS on the client's node, after the DNAT.
 */
export function dnsPolicy(view: ClusterView, pod: PodState, nameserver: number, coreDNS: PodState | undefined): DNSPolicy {
  const impl = networkPolicyFor(view.options.networkPolicy);
  const target = (impl.enforces ? coreDNS?.podIP : undefined) ?? nameserver;
  const src = intToIp(pod.podIP ?? 0);
  const at = { node: pod.nodeName ?? "", device: pod.veth ?? "eth0", src, dst: `${intToIp(target)}:53` };
  const hops: Hop[] = [];
  const egress = impl.decide(view, { direction: "Egress", pod, peerIP: target, port: 53, protocol: "UDP" });
  if (egress) hops.push(policyHop(egress, { direction: "Egress", pod, peerIP: target, port: 53, protocol: "UDP" }, at));
  if (egress?.verdict === "dropped") return { hops, dropped: true };
  if (impl.enforces && coreDNS && pod.podIP !== undefined) {
    const q: PolicyQuestion = { direction: "Ingress", pod: coreDNS, peerIP: pod.podIP, port: 53, protocol: "UDP" };
    const ingress = impl.decide(view, q);
    // Judged on the client's node when the implementation queues the client's packets there, else
    // where the query reaches the CoreDNS Pod.
    const there = impl.decidesIngressAtSource?.(view, pod) ? at : { ...at, node: coreDNS.nodeName ?? at.node, device: coreDNS.veth ?? at.device };
    if (ingress) hops.push(policyHop(ingress, q, there));
    if (ingress?.verdict === "dropped") return { hops, dropped: true };
  }
  return { hops, dropped: false };
}

function policyHop(decision: PolicyDecision, q: PolicyQuestion, at: At): Hop {
  const dir = q.direction === "Ingress" ? "ingress" : "egress";
  const { pod } = q;
  const base = { kind: "network-policy" as const, node: at.node, device: at.device, src: at.src, dst: at.dst };
  switch (decision.verdict) {
    case "not-enforced":
      return hop({ ...base, summary: msg.networkPolicy.notEnforced(decision.policies, pod.name, dir), verdict: "forwarded" });
    case "allowed":
      return hop({
        ...base,
        summary: msg.networkPolicy.allowed(pod.name, dir, decision.rule ?? decision.policies.join(", ")),
        rule: decision.rule,
        verdict: "forwarded",
      });
    case "dropped":
      return hop({
        ...base,
        summary: msg.networkPolicy.dropped.summary(pod.name, dir, q.protocol === "ICMP" ? "echo" : q.protocol === "UDP" ? "query" : "syn"),
        rule: decision.at,
        verdict: "dropped",
        reason: msg.networkPolicy.dropped.reason(decision.policies, pod.name, dir, decision.misses),
        fix:
          q.protocol === "ICMP"
            ? msg.networkPolicy.dropped.icmpFix
            : q.protocol === "UDP" && q.port === 53
              ? msg.networkPolicy.dropped.dnsFix(dir)
              : msg.networkPolicy.dropped.fix(dir),
      });
  }
}

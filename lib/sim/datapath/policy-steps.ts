/**
 * The NetworkPolicy steps of a connection: the client Pod's egress, once the destination is known
 * (after kube-proxy's DNAT, as policy agents see it), and the server Pod's ingress, before
 * delivery. The cluster's policy implementation decides (`network-policy/`); these steps only turn
 * its decision into a hop, or end the connection when it drops the SYN.
 */
import { intToIp } from "../ip.js";
import { networkPolicyFor } from "../network-policy/registry.js";
import type { PolicyDecision, PolicyQuestion } from "../network-policy/policy-impl.js";
import type { ClusterView } from "../cluster-view.js";
import type { PodState } from "../state.js";
import { ended, SYN_TIMEOUT_MS, type Flow, type Packet, type Step } from "./flow.js";
import * as msg from "./hop-messages.js";
import { hop, type Hop } from "./hops.js";

/** The client's egress; a client on the node's network (hostNetwork) is not policed. */
export function egressPolicy(flow: Flow, packet: Packet): Step {
  const question: PolicyQuestion = { direction: "Egress", pod: flow.client, peerIP: packet.target, port: packet.targetPort, protocol: "TCP" };
  return policyStep(flow, packet, question, flow.node.name, flow.device);
}

/** The server's ingress, on the node it runs on. */
export function ingressPolicy(flow: Flow, packet: Packet): Step {
  const server = flow.view.podByIP(packet.target);
  if (!server) return { hops: [], next: packet };
  const clientIP = flow.client.podIP ?? 0;
  const question: PolicyQuestion = { direction: "Ingress", pod: server, peerIP: clientIP, port: packet.targetPort, protocol: "TCP" };
  return policyStep(flow, packet, question, packet.here.name, server.veth);
}

function policyStep(flow: Flow, packet: Packet, question: PolicyQuestion, node: string, device: string | undefined): Step {
  const decision = networkPolicyFor(flow.view.options.networkPolicy).decide(flow.view, question);
  if (!decision) return { hops: [], next: packet };
  const h = policyHop(decision, question.pod, question.direction, { node, device, src: packet.src, dst: `${intToIp(packet.target)}:${packet.targetPort}` });
  if (decision.verdict === "dropped") return ended([h], packet.src, { outcome: "timeout", elapsedMs: SYN_TIMEOUT_MS });
  return { hops: [h], next: packet };
}

/**
 * The policy hop of a DNS lookup's queries (UDP to the cluster's nameserver), from the client's
 * egress side. Only a decision that lets the query through is shown here: enforcing a drop on
 * DNS is left to the implementation that can drop (see docs/fidelity.md, "NetworkPolicy").
 */
export function dnsEgressPolicyHop(view: ClusterView, pod: PodState, nameserver: number): Hop | undefined {
  const question: PolicyQuestion = { direction: "Egress", pod, peerIP: nameserver, port: 53, protocol: "UDP" };
  const decision = networkPolicyFor(view.options.networkPolicy).decide(view, question);
  if (!decision || decision.verdict === "dropped") return undefined;
  const at = { node: pod.nodeName ?? "", device: pod.veth ?? "eth0", src: intToIp(pod.podIP ?? 0), dst: `${intToIp(nameserver)}:53` };
  return policyHop(decision, pod, "Egress", at);
}

function policyHop(
  decision: PolicyDecision,
  pod: PodState,
  direction: PolicyQuestion["direction"],
  at: { node: string; device: string | undefined; src: string; dst: string },
): Hop {
  const dir = direction === "Ingress" ? "ingress" : "egress";
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
        summary: msg.networkPolicy.dropped.summary(pod.name, dir),
        verdict: "dropped",
        reason: msg.networkPolicy.dropped.reason(decision.policies, pod.name, dir),
        fix: msg.networkPolicy.dropped.fix(dir),
      });
  }
}

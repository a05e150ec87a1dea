/**
 * The NetworkPolicy semantics every enforcing implementation shares, as a pure function of the
 * policies, the Pod a direction concerns and its peer: which policies isolate the Pod, the first
 * rule (policy by policy, in name order) that allows the traffic, and for each isolating policy
 * why none of its rules matched. Allows are a union: one matching rule of one policy is enough.
 *
 * It follows kube-network-policies' evaluator (kubernetes-sigs/kube-network-policies,
 * pkg/networkpolicy/networkpolicy.go: evaluator, evaluateIngress/Egress, evaluateSelectors,
 * evaluateIPBlocks, evaluatePorts), which implements
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/ :
 * - a peer's `podSelector` alone selects Pods of the policy's namespace; `namespaceSelector` alone
 *   every Pod of the namespaces it selects; both together the Pods matching both (AND);
 * - `ipBlock` is matched against the peer's address whatever it is, a Pod's included;
 * - selectors never match a peer that is not a Pod (a node, a hostNetwork Pod, an outside address);
 * - a named port is looked up in the destination Pod's container ports (name, number, protocol);
 * - `endPort` makes `port`..`endPort` a range; the protocol must match (TCP by default).
 */
import { intToIp, ipToInt, isIPv4 } from "../ip.js";
import { formatSelector, matchesSelector } from "../../model/selectors.js";
import type { IPBlockN, LabelSelectorN, Labels, NetworkPolicyPeerN, NetworkPolicyPortN, NetworkPolicyRuleN, Protocol } from "../../model/objects.js";
import type { NamespaceState, NetworkPolicyState, PodState } from "../state.js";
import type { PolicyView } from "./policy-view.js";
import type { PolicyDirection } from "./policy-impl.js";
import { policiesSelecting } from "./selection.js";
import { networkPolicy } from "../datapath/hop-messages.js";

const why = networkPolicy.miss;

/** One side of a connection, resolved: the Pod the direction concerns and the other end. */
export interface Traffic {
  readonly direction: PolicyDirection;
  /** The Pod being policed: the client for Egress, the server for Ingress. */
  readonly pod: PodState;
  /** The other end's address. */
  readonly peerIP: number;
  /** The other end when it is a Pod in the Pod network (hostNetwork Pods are not). */
  readonly peer: PodState | undefined;
  /** The destination port and protocol (ICMP: port 0; it matches only rules without ports). */
  readonly port: number;
  readonly protocol: Protocol | "ICMP";
}

/** What the policies say about one side. */
export interface Evaluation {
  /** The policies that isolate the Pod for this direction (`namespace/name`), sorted. */
  readonly isolating: readonly string[];
  /** The rule that allowed it, `namespace/name ingress[0]`; undefined when none did. */
  readonly allowedBy: string | undefined;
  /** For a drop: why each rule of each isolating policy did not match (`ns/name ingress[0]: …`). */
  readonly misses: readonly string[];
}

/** The labels a namespace carries, with the `kubernetes.io/metadata.name` label the API server adds. */
export function namespaceLabels(ns: NamespaceState | undefined, name: string): Labels {
  const meta = ns?.source?.["metadata"] as { labels?: Labels } | undefined;
  return { ...(meta?.labels ?? {}), "kubernetes.io/metadata.name": name };
}

/** Evaluates one side of a connection against the policies of the Pod's namespace. */
export function evaluate(view: PolicyView, t: Traffic): Evaluation {
  const policies = policiesSelecting(view, t.pod, t.direction);
  const isolating = policies.map((p) => `${p.namespace}/${p.name}`);
  const misses: string[] = [];
  const field = t.direction === "Ingress" ? "ingress" : "egress";
  for (const p of policies) {
    const rules = p.spec[field];
    if (rules.length === 0) {
      misses.push(why.noRules(`${p.namespace}/${p.name}`, field));
      continue;
    }
    for (const [i, rule] of rules.entries()) {
      const miss = ruleMiss(view, p, rule, t);
      if (miss === undefined) return { isolating, allowedBy: `${p.namespace}/${p.name} ${field}[${i}]`, misses: [] };
      misses.push(`${p.namespace}/${p.name} ${field}[${i}]: ${miss}`);
    }
  }
  return { isolating, allowedBy: undefined, misses };
}

/** Why `rule` does not match (ports first, then peers), or undefined when it does. */
function ruleMiss(view: PolicyView, policy: NetworkPolicyState, rule: NetworkPolicyRuleN, t: Traffic): string | undefined {
  // The Pod whose container ports name a port: the destination (the policed Pod for ingress).
  const destination = t.direction === "Ingress" ? t.pod : t.peer;
  if (rule.ports.length > 0 && !rule.ports.some((p) => portMatches(p, destination, t.port, t.protocol))) {
    return why.wrongPort(rule.ports.map(formatPort), t.protocol === "ICMP" ? "ICMP" : `${t.port}/${t.protocol}`);
  }
  if (rule.peers.length === 0) return undefined;
  const peerMisses: string[] = [];
  for (const peer of rule.peers) {
    const miss = peerMiss(view, policy, peer, t);
    if (miss === undefined) return undefined;
    peerMisses.push(miss);
  }
  return [...new Set(peerMisses)].join(", and ");
}

/** True when the port entry allows `port`/`protocol` on `destination`. */
export function portMatches(p: NetworkPolicyPortN, destination: PodState | undefined, port: number, protocol: Protocol | "ICMP"): boolean {
  if (p.protocol !== protocol) return false;
  if (p.port === undefined) return true;
  if (typeof p.port === "number") return p.endPort === undefined ? port === p.port : port >= p.port && port <= p.endPort;
  // A named port: one of the destination Pod's containers declares it with this number and protocol.
  if (!destination) return false;
  return destination.spec.containers.some((c) => c.ports.some((cp) => cp.name === p.port && cp.containerPort === port && cp.protocol === protocol));
}

/** Why `peer` does not match the other end, or undefined when it does. */
function peerMiss(view: PolicyView, policy: NetworkPolicyState, peer: NetworkPolicyPeerN, t: Traffic): string | undefined {
  const side = t.direction === "Ingress" ? "source" : "destination";
  if (peer.ipBlock) return ipBlockContains(peer.ipBlock, t.peerIP) ? undefined : why.notInIPBlock(intToIp(t.peerIP), formatIPBlock(peer.ipBlock));
  const other = t.peer;
  if (!other) return why.notAPod(side, intToIp(t.peerIP));
  if (peer.podSelector && !matchesSelector(peer.podSelector, other.labels)) return why.podLabels(other.name, braces(peer.podSelector));
  if (!peer.namespaceSelector) {
    return other.namespace === policy.namespace ? undefined : why.otherNamespace(other.name, other.namespace, policy.namespace);
  }
  const labels = namespaceLabels(view.namespace(other.namespace), other.namespace);
  return matchesSelector(peer.namespaceSelector, labels) ? undefined : why.namespaceLabels(other.namespace, braces(peer.namespaceSelector));
}

/** True when `ip` is in the block's CIDR and in none of its exceptions (IPv6 blocks never match). */
export function ipBlockContains(block: IPBlockN, ip: number): boolean {
  return inCIDR(block.cidr, ip) && !block.except.some((e) => inCIDR(e, ip));
}

function inCIDR(cidr: string, ip: number): boolean {
  const [address = "", bits = "32"] = cidr.split("/");
  if (!isIPv4(address)) return false;
  const prefix = Number(bits);
  if (prefix === 0) return true;
  const mask = (~0 << (32 - prefix)) >>> 0;
  return (ipToInt(address) & mask) >>> 0 === (ip & mask) >>> 0;
}

/** A port entry as kubectl describe prints it: `80/TCP`, `http/TCP`, `8000-8080/TCP`, `<any>/UDP`. */
function formatPort(p: NetworkPolicyPortN): string {
  if (p.port === undefined) return `<any>/${p.protocol}`;
  return `${p.endPort !== undefined ? `${p.port}-${p.endPort}` : p.port}/${p.protocol}`;
}

function formatIPBlock(b: IPBlockN): string {
  return b.except.length ? `${b.cidr} except ${b.except.join(", ")}` : b.cidr;
}

/** A selector in the manifest's own notation: `{app: frontend}`; kubectl's for expressions. */
function braces(s: LabelSelectorN): string {
  const keys = Object.keys(s.matchLabels);
  if (s.matchExpressions.length === 0) return `{${keys.map((k) => `${k}: ${s.matchLabels[k]}`).join(", ")}}`;
  return `{${formatSelector(s)}}`;
}

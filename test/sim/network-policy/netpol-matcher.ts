/**
 * A reference matcher: the truth table NetworkPolicy's API semantics give for the model, computed
 * from the policies and the Pods' and namespaces' labels, as cyclonus's pkg/matcher computes the
 * expectations of its generated cases. It is written from the API reference alone and shares no
 * code with podtalk; the conformance tests check that it reproduces every truth table the upstream
 * e2e suite writes by hand before trusting it for cyclonus's cases.
 *
 * Semantics: a Pod is isolated for a direction when a policy of its namespace selects it and
 * names that direction in `policyTypes`; a connection needs the client's egress and the server's
 * ingress allowed; an isolated side is allowed when a rule of one of those policies matches (rules
 * are a union). A rule matches when one of its ports does (none: every port; a port's protocol
 * defaults to TCP; a name is looked up among the destination Pod's container ports) and one of its
 * peers does (none: everyone; `ipBlock` by the other end's Pod IP, `except` carved out;
 * `namespaceSelector` unset means the policy's namespace, `podSelector` unset every Pod there).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * @see https://github.com/mattfenwick/cyclonus/tree/master/pkg/matcher
 */
import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from "kubernetes-types/networking/v1";
import { MODEL_PORTS, type ModelPort, portName } from "./netpol-model.js";
import { PODS, type PodString, TruthTable } from "./netpol-truth-table.js";

/** What the matcher reads: labels, addresses and the policies in force. */
export interface MatcherState {
  readonly namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly podLabels: ReadonlyMap<PodString, Readonly<Record<string, string>>>;
  podIP(pod: PodString): string;
  readonly policies: readonly NetworkPolicy[];
}

export type Direction = "Ingress" | "Egress";

/** `metav1.LabelSelectorAsSelector` on a label map: every matchLabel and every expression must hold. */
export function selectorMatches(selector: LabelSelector, labelMap: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labelMap[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labelMap, e.key);
    const values = e.values ?? [];
    const ok =
      e.operator === "In"
        ? has && values.includes(labelMap[e.key]!)
        : e.operator === "NotIn"
          ? !has || !values.includes(labelMap[e.key]!)
          : e.operator === "Exists"
            ? has
            : e.operator === "DoesNotExist"
              ? !has
              : false;
    if (!ok) return false;
  }
  return true;
}

function ipToInt(ip: string): number {
  return ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
}

function inCIDR(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split("/") as [string, string];
  const size = 2 ** (32 - Number(bitsText));
  const start = ipToInt(base) - (ipToInt(base) % size);
  const n = ipToInt(ip);
  return n >= start && n < start + size;
}

function namespaceOf(pod: PodString): string {
  return pod.split("/")[0]!;
}

function policyTypes(p: NetworkPolicy): readonly string[] {
  const types = p.spec?.policyTypes;
  if (types && types.length > 0) return types;
  return (p.spec?.egress ?? []).length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

function peerMatches(state: MatcherState, policy: NetworkPolicy, peer: NetworkPolicyPeer, other: PodString): boolean {
  if (peer.ipBlock) {
    const ip = state.podIP(other);
    return inCIDR(ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((e) => inCIDR(ip, e));
  }
  const ns = namespaceOf(other);
  const nsOK = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, state.namespaceLabels.get(ns) ?? {}) : ns === policy.metadata!.namespace;
  if (!nsOK) return false;
  return peer.podSelector ? selectorMatches(peer.podSelector, state.podLabels.get(other) ?? {}) : true;
}

/** The model's container ports: `serve-80-tcp` → 80/TCP, `serve-81-tcp` → 81/TCP, on every Pod. */
function namedPort(name: string): { port: number; protocol: string } | undefined {
  const port = MODEL_PORTS.find((p) => portName(p) === name);
  return port === undefined ? undefined : { port, protocol: "TCP" };
}

function portMatches(rulePort: NetworkPolicyPort, port: ModelPort): boolean {
  const protocol = rulePort.protocol ?? "TCP";
  if (protocol !== "TCP") return false;
  if (rulePort.port === undefined) return true;
  if (typeof rulePort.port === "string") {
    const named = namedPort(rulePort.port);
    return named !== undefined && named.protocol === protocol && named.port === port;
  }
  return rulePort.endPort === undefined ? rulePort.port === port : port >= rulePort.port && port <= rulePort.endPort;
}

/** The policies that isolate `pod` for `direction`: those of its namespace that select it and name the direction. */
export function isolating(state: MatcherState, pod: PodString, direction: Direction): NetworkPolicy[] {
  const ns = namespaceOf(pod);
  return state.policies.filter(
    (p) => p.metadata!.namespace === ns && policyTypes(p).includes(direction) && selectorMatches(p.spec?.podSelector ?? {}, state.podLabels.get(pod) ?? {}),
  );
}

/** Whether `pod`'s side of a connection with `other` on TCP `port` is allowed in `direction` (`other` is the server for Egress, the client for Ingress). */
export function sideAllowed(state: MatcherState, pod: PodString, other: PodString, port: ModelPort, direction: Direction): boolean {
  const selecting = isolating(state, pod, direction);
  if (selecting.length === 0) return true;
  return selecting.some((p) => {
    const rules =
      direction === "Ingress"
        ? (p.spec?.ingress ?? []).map((r) => ({ ports: r.ports, peers: r.from }))
        : (p.spec?.egress ?? []).map((r) => ({ ports: r.ports, peers: r.to }));
    return rules.some(
      (r) =>
        (r.ports === undefined || r.ports.length === 0 || r.ports.some((rp) => portMatches(rp, port))) &&
        (r.peers === undefined || r.peers.length === 0 || r.peers.some((peer) => peerMatches(state, p, peer, other))),
    );
  });
}

/** The truth table the policies give on TCP `port`. */
export function expectedTable(state: MatcherState, port: ModelPort): TruthTable {
  return new TruthTable(
    PODS.flatMap((from) => PODS.map((to) => sideAllowed(state, from, to, port, "Egress") && sideAllowed(state, to, from, port, "Ingress"))),
  );
}

/**
 * `kubectl describe networkpolicy`, line for line as kubectl's describeNetworkPolicy prints it
 * (kubectl/pkg/describe/describe.go): the header, then the spec with each direction either
 * "Allowing … traffic:" and its rules or "Not affecting … traffic".
 */
import { notFoundError } from "../model/errors.js";
import type { LabelSelectorN, Labels, NetworkPolicyPeerN, NetworkPolicyRuleN } from "../model/objects.js";
import { formatSelector } from "../model/selectors.js";
import { type ClusterView, wallClockMs } from "../sim/index.js";

/** The tab-separated lines of one NetworkPolicy. */
export function describeNetworkPolicy(sim: ClusterView, name: string, namespace: string): string {
  const p = sim.networkPolicy(namespace, name);
  if (!p) throw notFoundError("networkpolicies.networking.k8s.io", name);
  const { spec } = p;
  const selector = isEmpty(spec.podSelector) ? "<none> (Allowing the specific traffic to all pods in this namespace)" : formatSelector(spec.podSelector);
  const ingress = spec.policyTypes.includes("Ingress");
  const egress = spec.policyTypes.includes("Egress");
  return [
    `Name:\t${p.name}`,
    `Namespace:\t${p.namespace}`,
    `Created on:\t${goTime(wallClockMs(p.creation))}`,
    ...mapLines("Labels", p.labels, "="),
    ...mapLines("Annotations", p.annotations, ": "),
    "Spec:",
    // "PodSelector: " then the level-2 prefix (4 spaces), as kubectl's PrefixWriter writes them.
    `  PodSelector:     ${selector}`,
    ...(ingress ? ["  Allowing ingress traffic:", ...ruleLines(spec.ingress, "ingress")] : ["  Not affecting ingress traffic"]),
    ...(egress ? ["  Allowing egress traffic:", ...ruleLines(spec.egress, "egress")] : ["  Not affecting egress traffic"]),
    `  Policy Types: ${spec.policyTypes.join(", ")}`,
  ].join("\n");
}

function ruleLines(rules: readonly NetworkPolicyRuleN[], direction: "ingress" | "egress"): string[] {
  const indent = "    ";
  if (rules.length === 0) return [`${indent}<none> (Selected pods are isolated for ${direction} connectivity)`];
  const peerWord = direction === "ingress" ? "From" : "To";
  const out: string[] = [];
  rules.forEach((rule, i) => {
    if (rule.ports.length === 0) out.push(`${indent}To Port: <any> (traffic allowed to all ports)`);
    // An unset port prints as Go prints a nil *IntOrString; a range as `To Port Range: 8000-8080/TCP`.
    for (const port of rule.ports) {
      if (port.endPort === undefined) out.push(`${indent}To Port: ${port.port ?? "<nil>"}/${port.protocol}`);
      else out.push(`${indent}To Port Range: ${port.port ?? "<nil>"}-${port.endPort}/${port.protocol}`);
    }
    if (rule.peers.length === 0) {
      out.push(`${indent}${peerWord}: <any> (traffic not restricted by ${direction === "ingress" ? "source" : "destination"})`);
    }
    for (const peer of rule.peers) out.push(`${indent}${peerWord}:`, ...peerLines(peer, indent));
    if (i !== rules.length - 1) out.push(`${indent}----------`);
  });
  return out;
}

function peerLines(peer: NetworkPolicyPeerN, indent: string): string[] {
  const l1 = `${indent}  `;
  if (peer.podSelector && peer.namespaceSelector) {
    return [`${l1}NamespaceSelector: ${formatSelector(peer.namespaceSelector)}`, `${l1}PodSelector: ${formatSelector(peer.podSelector)}`];
  }
  if (peer.podSelector) return [`${l1}PodSelector: ${formatSelector(peer.podSelector)}`];
  if (peer.namespaceSelector) return [`${l1}NamespaceSelector: ${formatSelector(peer.namespaceSelector)}`];
  if (peer.ipBlock) return [`${l1}IPBlock:`, `${l1}  CIDR: ${peer.ipBlock.cidr}`, `${l1}  Except: ${peer.ipBlock.except.join(", ")}`];
  return [];
}

function isEmpty(s: LabelSelectorN): boolean {
  return Object.keys(s.matchLabels).length === 0 && s.matchExpressions.length === 0;
}

/** kubectl's printLabelsMultiline (`k=v`) and printAnnotationsMultiline (`k: v`), keys sorted. */
function mapLines(title: string, map: Labels, sep: string): string[] {
  const keys = Object.keys(map).sort();
  if (keys.length === 0) return [`${title}:\t<none>`];
  return keys.map((k, i) => `${i === 0 ? `${title}:` : ""}\t${k}${sep}${map[k]}`);
}

/** Go's time.Time String() in UTC, as kubectl prints `Created on`: `2025-01-06 09:10:00 +0000 UTC`. */
function goTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`;
}

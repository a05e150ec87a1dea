/**
 * How a conformance case is written: named after its upstream test, a list of steps, each a few
 * actions (create, update or delete a policy; relabel a Pod or a namespace) followed by probes on
 * a port with the expected truth table. A probe without an expected table takes it from the
 * reference matcher (netpol-matcher.ts), as cyclonus computes its expectations.
 *
 * The policy builders follow upstream's policies.go: `ingress` / `egress` given (even empty) add
 * that direction to `policyTypes`, in the order upstream's setters add them.
 */
import type { LabelSelector, LabelSelectorRequirement } from "kubernetes-types/meta/v1";
import type { NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicySpec } from "kubernetes-types/networking/v1";
import type { ModelPort } from "./netpol-model.js";
import type { ModelNamespace, PodString, TruthTable } from "./netpol-truth-table.js";

/** What a policy may need to know of the model: its Pods' addresses (for `ipBlock`). */
export interface ModelAddresses {
  podIP(pod: PodString): string;
}

/** A policy, or one built from the model's addresses. */
export type PolicySource = NetworkPolicy | ((model: ModelAddresses) => NetworkPolicy);

/** One change to the cluster. */
export type Action =
  | { readonly kind: "create-policy" | "update-policy"; readonly policy: PolicySource }
  | { readonly kind: "delete-policy"; readonly namespace: string; readonly name: string }
  | { readonly kind: "delete-all-policies" }
  | { readonly kind: "pod-labels"; readonly pod: PodString; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: "namespace-labels"; readonly namespace: ModelNamespace; readonly labels: Readonly<Record<string, string>> };

/** A TCP probe of every pair on `port`; `expected` unset: the reference matcher's table. */
export interface Probe {
  readonly port: ModelPort;
  readonly expected?: TruthTable;
}

/** Actions, then probes. */
export interface Step {
  readonly actions: readonly Action[];
  readonly probes: readonly Probe[];
}

/** Where a case comes from. */
export type CaseSource = "kubernetes e2e" | "cyclonus";

/** One scenario: the upstream test it ports and its steps. */
export interface ConformanceCase {
  /** The upstream test's name (its `It(...)` text, or cyclonus's description). */
  readonly name: string;
  readonly source: CaseSource;
  /** The upstream file, repository-relative. */
  readonly file: string;
  readonly steps: readonly Step[];
  /** What of the upstream test is not ported, and why (UDP or SCTP probes). */
  readonly notPorted?: string;
}

/** `{matchLabels: labels}`. */
export function labels(matchLabels: Record<string, string>): LabelSelector {
  return { matchLabels };
}

/** `{matchExpressions: [{key, operator, values}]}`. */
export function expression(key: string, operator: "In" | "NotIn" | "Exists" | "DoesNotExist", values?: string[]): LabelSelector {
  const requirement: LabelSelectorRequirement = values === undefined ? { key, operator } : { key, operator, values };
  return { matchExpressions: [requirement] };
}

/** The label every namespace carries with its name (`v1.LabelMetadataName`). */
export const NAME_LABEL = "kubernetes.io/metadata.name";

/** The parts of a policy's spec besides its target. */
export interface PolicyRules {
  readonly ingress?: readonly NetworkPolicyIngressRule[];
  readonly egress?: readonly NetworkPolicyEgressRule[];
  /** Set when upstream sets them explicitly; otherwise from which of `ingress` / `egress` is given. */
  readonly policyTypes?: readonly ("Ingress" | "Egress")[];
}

/** A NetworkPolicy named `name` in `namespace` selecting `podSelector`. */
export function netpol(namespace: string, name: string, podSelector: LabelSelector, rules: PolicyRules): NetworkPolicy {
  const types = rules.policyTypes ?? [...(rules.ingress ? ["Ingress" as const] : []), ...(rules.egress ? ["Egress" as const] : [])];
  const spec: NetworkPolicySpec = {
    podSelector,
    ...(rules.ingress ? { ingress: rules.ingress.map((r) => ({ ...r })) } : {}),
    ...(rules.egress ? { egress: rules.egress.map((r) => ({ ...r })) } : {}),
    policyTypes: [...types],
  };
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec };
}

/** Creates a policy. */
export function create(policy: PolicySource): Action {
  return { kind: "create-policy", policy };
}

/** Replaces a policy of the same name. */
export function update(policy: PolicySource): Action {
  return { kind: "update-policy", policy };
}

/** A step. */
export function step(actions: readonly Action[], ...probes: Probe[]): Step {
  return { actions, probes };
}

/** A probe on `port` expecting `expected` (or the reference matcher's table when omitted). */
export function probeOn(port: ModelPort, expected?: TruthTable): Probe {
  return expected ? { port, expected } : { port };
}

/** The policy an action applies, built with the model's addresses. */
export function resolvePolicy(source: PolicySource, model: ModelAddresses): NetworkPolicy {
  return typeof source === "function" ? source(model) : source;
}

/** The network address of the /`bits` block holding `ip`: `10.244.1.7`, 24 → `10.244.1.0/24`. */
export function blockOf(ip: string, bits: number): string {
  const n = ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
  const base = bits === 0 ? 0 : n - (n % 2 ** (32 - bits));
  return `${[24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join(".")}/${bits}`;
}

/**
 * NetworkPolicy (`networking.k8s.io/v1`) after validation and defaulting: which Pods a policy
 * selects, the directions it isolates and its allow rules, as the API server stores them.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import type { LabelSelectorN, ObjectMetaN, Protocol } from "./objects.js";

/** A direction a policy may isolate. */
export type PolicyType = "Ingress" | "Egress";

/** One port of a rule: unset `port` means every port of the protocol. */
export interface NetworkPolicyPortN {
  readonly protocol: Protocol;
  /** A number, or a named container port looked up per destination Pod. */
  readonly port: number | string | undefined;
  /** The last port of a range (`port` is then a number). */
  readonly endPort: number | undefined;
}

/** An IP block peer: `cidr` minus each of `except`. */
export interface IPBlockN {
  readonly cidr: string;
  readonly except: readonly string[];
}

/**
 * A peer of a rule. An unset selector is absent (not "every"): `podSelector` alone means Pods of
 * the policy's namespace, `namespaceSelector` alone every Pod of the namespaces it selects.
 */
export interface NetworkPolicyPeerN {
  readonly podSelector: LabelSelectorN | undefined;
  readonly namespaceSelector: LabelSelectorN | undefined;
  readonly ipBlock: IPBlockN | undefined;
}

/** One allow rule: traffic matching one of `ports` (none: every port) and one of `peers` (none: anyone). */
export interface NetworkPolicyRuleN {
  readonly ports: readonly NetworkPolicyPortN[];
  readonly peers: readonly NetworkPolicyPeerN[];
}

/** A NetworkPolicy's spec after defaulting. */
export interface NetworkPolicySpecN {
  readonly podSelector: LabelSelectorN;
  readonly ingress: readonly NetworkPolicyRuleN[];
  readonly egress: readonly NetworkPolicyRuleN[];
  /** As written, or defaulted: `Ingress`, plus `Egress` when there are egress rules. */
  readonly policyTypes: readonly PolicyType[];
}

/** A validated NetworkPolicy. */
export interface NetworkPolicyN {
  readonly kind: "NetworkPolicy";
  readonly metadata: ObjectMetaN;
  readonly spec: NetworkPolicySpecN;
  readonly source: Readonly<Record<string, unknown>>;
}

/**
 * What a NetworkPolicy implementation may read of the cluster: the policies, the namespaces (their
 * labels, for `namespaceSelector`) and the Pods by address (for `podSelector` peers). A
 * `ClusterView` is one; keeping the interface this narrow keeps the registry free of import
 * cycles with the options that name an implementation.
 */
import type { NamespaceState, NetworkPolicyState, PodState } from "../state.js";

/** The part of the cluster a NetworkPolicy implementation reads. */
export interface PolicyView {
  /** NetworkPolicies sorted by namespace then name. */
  networkPolicies(namespace?: string): readonly NetworkPolicyState[];
  /** A namespace by name. */
  namespace(name: string): NamespaceState | undefined;
  /** The Pod holding a Pod IP, if any (hostNetwork Pods are not indexed). */
  podByIP(ip: number): PodState | undefined;
}

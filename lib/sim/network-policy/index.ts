/**
 * NetworkPolicy implementations: the interface an implementation fills in, the registry a
 * cluster's `networkPolicy` option names one from, which policies select a Pod, and the Pod × Pod
 * reachability matrix of a port.
 */
export type { NetworkPolicyImpl, PolicyDecision, PolicyDirection, PolicyQuestion } from "./policy-impl.js";
export type { PolicyView } from "./policy-view.js";
export { networkPolicyFor, networkPolicyImpls, registerNetworkPolicy } from "./registry.js";
export { policiesSelecting } from "./selection.js";
export { namespaceLabels } from "./evaluate.js";
export { reachability, reachabilityPods, SYSTEM_NAMESPACES } from "./reachability.js";
export type { ReachabilityCell, ReachabilityRecord } from "./reachability.js";

/**
 * NetworkPolicy implementations: the interface an implementation fills in, the registry a
 * cluster's `networkPolicy` option names one from, and which policies select a Pod.
 */
export type { NetworkPolicyImpl, PolicyDecision, PolicyDirection, PolicyQuestion } from "./policy-impl.js";
export type { PolicyView } from "./policy-view.js";
export { networkPolicyFor, networkPolicyImpls, registerNetworkPolicy } from "./registry.js";
export { policiesSelecting } from "./selection.js";

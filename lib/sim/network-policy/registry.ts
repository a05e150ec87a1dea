/**
 * The one place NetworkPolicy implementations are registered. Options validation asks it which
 * names exist; the datapath asks it for a cluster's implementation. Built in: `none` (plain
 * flannel) and `kube-network-policies` (the SIG Network reference implementation); another
 * implementation registers here and needs no other change.
 */
import { Registry } from "../internal/registry.js";
import { kubeNetworkPolicies } from "./kube-network-policies.js";
import { noNetworkPolicy } from "./none.js";
import type { NetworkPolicyImpl } from "./policy-impl.js";

/** Every registered implementation, the built-in one first. */
export const networkPolicyImpls = new Registry<NetworkPolicyImpl>("NetworkPolicy implementation");

/**
 * Makes an implementation available as `new Cluster({ networkPolicy: impl.name })`. Registering a
 * name again replaces the earlier one. Returns a function that removes this registration.
 */
export function registerNetworkPolicy(impl: NetworkPolicyImpl): () => void {
  return networkPolicyImpls.register(impl);
}

/** The registered implementation of that name; throws for a name validation would have refused. */
export function networkPolicyFor(name: string): NetworkPolicyImpl {
  return networkPolicyImpls.get(name);
}

registerNetworkPolicy(noNetworkPolicy);
registerNetworkPolicy(kubeNetworkPolicies);

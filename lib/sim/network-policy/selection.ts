/**
 * Which NetworkPolicies apply to a Pod: those of its namespace whose `podSelector` matches its
 * labels and whose `policyTypes` name the direction. Shared by every implementation.
 */
import { matchesSelector } from "../../model/selectors.js";
import type { PolicyView } from "./policy-view.js";
import type { NetworkPolicyState, PodState } from "../state.js";
import type { PolicyDirection } from "./policy-impl.js";

/**
 * The policies that isolate `pod` for `direction`, sorted by name. hostNetwork Pods share the
 * node's network namespace, which Pod-level policy implementations leave alone: none apply.
 */
export function policiesSelecting(view: PolicyView, pod: PodState, direction: PolicyDirection): readonly NetworkPolicyState[] {
  if (pod.spec.hostNetwork) return [];
  return view.networkPolicies(pod.namespace).filter((p) => p.spec.policyTypes.includes(direction) && matchesSelector(p.spec.podSelector, pod.labels));
}

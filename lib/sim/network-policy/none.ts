/**
 * `networkPolicy: "none"`: plain flannel. Policies are stored and select Pods, but no agent turns
 * them into filters, so every packet passes; a trace says so on each side a policy selects.
 *
 * @see https://github.com/flannel-io/flannel#networking-details (flannel leaves policy to other projects)
 */
import type { NetworkPolicyImpl } from "./policy-impl.js";
import { policiesSelecting } from "./selection.js";

export const noNetworkPolicy: NetworkPolicyImpl = {
  name: "none",
  enforces: false,
  decide(view, question) {
    const selecting = policiesSelecting(view, question.pod, question.direction);
    if (selecting.length === 0) return undefined;
    return { verdict: "not-enforced", policies: selecting.map((p) => `${p.namespace}/${p.name}`) };
  },
};

/**
 * NetworkPolicies on the API server's side: stored as validated (and defaulted), configured when
 * the manifest changes, deleted on request or with their namespace. No controller reconciles
 * them: whether they take effect is the policy implementation's business (`network-policy/`).
 */
import { notFoundError } from "../../model/errors.js";
import type { NetworkPolicyN } from "../../model/objects.js";
import { canonicalJSON, generateUID } from "../names.js";
import type { NetworkPolicyState } from "../state.js";
import { key } from "../store/keys.js";
import type { ApiServerContext } from "./context.js";

/** Creates or updates a NetworkPolicy; kubectl's word for what happened. */
export function applyNetworkPolicy(ctx: ApiServerContext, obj: NetworkPolicyN): "created" | "configured" | "unchanged" {
  const { name, namespace, labels, annotations } = obj.metadata;
  const k = key(namespace, name);
  const existing = ctx.store.networkPolicies.get(k);
  const next: NetworkPolicyState = {
    uid: existing?.uid ?? generateUID(ctx.rng.uids),
    name,
    namespace,
    labels,
    annotations,
    spec: obj.spec,
    creation: existing?.creation ?? ctx.clock.now,
    source: obj.source,
  };
  if (existing && canonicalJSON(existing) === canonicalJSON(next)) return "unchanged";
  ctx.tx.j.set(ctx.store.networkPolicies, k, next);
  return existing ? "configured" : "created";
}

/** Deletes a NetworkPolicy; NotFound as the API server says it when there is none. */
export function deleteNetworkPolicy(ctx: ApiServerContext, name: string, namespace: string): void {
  const k = key(namespace, name);
  if (!ctx.store.networkPolicies.has(k)) throw notFoundError("networkpolicies.networking.k8s.io", name);
  ctx.tx.j.delete(ctx.store.networkPolicies, k);
}

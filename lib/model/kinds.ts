/**
 * The kinds podtalk simulates: the apiVersion each is served at and kubectl's resource name for
 * it (`deployment.apps/web created`). kubectl's aliases for resources live in `resources.ts`.
 */
import type { ObjectN } from "./objects.js";

/** The apiVersion of each kind podtalk simulates. */
export const KINDS: Readonly<Record<string, string>> = {
  Namespace: "v1",
  Pod: "v1",
  Service: "v1",
  Deployment: "apps/v1",
  ReplicaSet: "apps/v1",
  StatefulSet: "apps/v1",
  NetworkPolicy: "networking.k8s.io/v1",
  DaemonSet: "apps/v1",
};

/** kubectl's resource name of a kind, as in `deployment.apps/web created`. */
export function resourceOf(kind: ObjectN["kind"]): string {
  return {
    Namespace: "namespace",
    Pod: "pod",
    Service: "service",
    Deployment: "deployment.apps",
    ReplicaSet: "replicaset.apps",
    StatefulSet: "statefulset.apps",
    NetworkPolicy: "networkpolicy.networking.k8s.io",
    DaemonSet: "daemonset.apps",
  }[kind];
}

/**
 * Kinds the cluster has but a manifest may not create in podtalk: the API server writes them
 * itself (networking.k8s.io/v1 ServiceCIDR and IPAddress, KEP-1880). `get` and `describe` show
 * them; `apply` refuses them with a message that says why.
 */
export const SERVER_MANAGED_KINDS: Readonly<Record<string, string>> = {
  ServiceCIDR: "networking.k8s.io/v1",
  IPAddress: "networking.k8s.io/v1",
};

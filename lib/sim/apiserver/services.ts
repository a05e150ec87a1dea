/**
 * Services through the API server: create, update (keeping the addresses held), delete. Each
 * change (re)indexes the Service's selector and queues it for the EndpointSlice controller.
 */
import { notFoundError } from "../../model/errors.js";
import type { ServiceN } from "../../model/objects.js";
import { generateUID, canonicalJSON } from "../names.js";
import type { ServiceState } from "../state.js";
import { key } from "../store/keys.js";
import type { ApiServerContext } from "./context.js";
import { checkClusterIPUnchanged } from "./immutability.js";

/** Creates or updates a Service; kubectl's word for what happened. */
export function applyService(ctx: ApiServerContext, obj: ServiceN): string {
  const { store, tx, queues } = ctx;
  const { name, namespace } = obj.metadata;
  const existing = store.services.get(key(namespace, name));
  if (!existing) {
    addService(ctx, obj);
    return "created";
  }
  checkClusterIPUnchanged(existing, obj);
  // Rebuild, keeping the addresses it already holds.
  const next = buildService(ctx, obj, existing);
  if (canonicalJSON(next) === canonicalJSON(existing)) return "unchanged";
  store.unindexService(existing);
  tx.j.set(store.services, key(namespace, name), next);
  store.indexService(next);
  queues.services.add(key(namespace, name));
  return "configured";
}

/** Stores a new Service (its addresses allocated). */
export function addService(ctx: ApiServerContext, obj: ServiceN): ServiceState {
  const { store, tx, queues } = ctx;
  const svc = buildService(ctx, obj, undefined);
  tx.j.set(store.services, key(svc.namespace, svc.name), svc);
  store.indexService(svc);
  queues.services.add(key(svc.namespace, svc.name));
  return svc;
}

/** A Service record from its manifest, allocating (or keeping) its ClusterIP and nodePorts. */
function buildService(ctx: ApiServerContext, obj: ServiceN, existing: ServiceState | undefined): ServiceState {
  const { name, namespace } = obj.metadata;
  const spec = obj.spec;
  const { headless, clusterIP, nodePorts, healthCheckNodePort } = ctx.addresses.assign(obj, key(namespace, name), existing, ctx.rng);
  return {
    uid: existing?.uid ?? generateUID(ctx.rng.uids),
    name,
    namespace,
    labels: obj.metadata.labels,
    type: spec.type,
    clusterIP,
    headless,
    selector: spec.type === "ExternalName" ? undefined : spec.selector,
    ports: spec.ports,
    nodePorts,
    externalName: spec.externalName,
    sessionAffinity: spec.sessionAffinity,
    sessionAffinityTimeout: spec.sessionAffinityTimeout,
    publishNotReadyAddresses: spec.publishNotReadyAddresses,
    internalTrafficPolicy: spec.internalTrafficPolicy,
    externalTrafficPolicy: spec.externalTrafficPolicy,
    healthCheckNodePort,
    ...(spec.trafficDistribution === undefined ? {} : { trafficDistribution: spec.trafficDistribution }),
    creation: existing?.creation ?? ctx.clock.now,
    source: Object.keys(obj.source).length ? obj.source : existing?.source,
  };
}

/** Deletes a Service: its addresses are freed, its EndpointSlices go with it. */
export function deleteService(ctx: ApiServerContext, name: string, namespace: string): void {
  const { store, tx } = ctx;
  const svc = store.services.get(key(namespace, name));
  if (!svc) throw notFoundError("services", name);
  ctx.addresses.release(svc);
  store.unindexService(svc);
  tx.j.delete(store.services, key(namespace, name));
  tx.j.delete(store.slices, key(namespace, name));
}

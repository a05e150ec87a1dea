/**
 * The EndpointSlice controller's hints for `spec.trafficDistribution` (the endpointslice
 * library's `trafficdist` package): with PreferSameZone (or its old name PreferClose) every ready
 * endpoint gets a hint for its own zone, and with PreferSameNode also one for its own node.
 * Endpoints that are not ready, and every endpoint of a Service without the field, get none.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/endpointslice/trafficdist/trafficdist.go
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#traffic-distribution
 */
import type { TrafficDistribution } from "../../model/objects.js";
import type { EndpointHints } from "../state.js";

/** The hints one endpoint gets, or undefined (no `hints` field at all). */
export function hintsFor(
  distribution: TrafficDistribution | undefined,
  endpoint: { readonly ready: boolean; readonly zone: string | undefined; readonly nodeName: string | undefined },
): EndpointHints | undefined {
  if (distribution === undefined || !endpoint.ready) return undefined;
  const forZones = endpoint.zone === undefined ? undefined : [endpoint.zone];
  const forNodes = distribution === "PreferSameNode" && endpoint.nodeName !== undefined ? [endpoint.nodeName] : undefined;
  if (!forZones && !forNodes) return undefined;
  return { ...(forZones ? { forZones } : {}), ...(forNodes ? { forNodes } : {}) };
}

/** True when two endpoints' hints say the same. */
export function sameHints(a: EndpointHints | undefined, b: EndpointHints | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return sameList(a.forZones, b.forZones) && sameList(a.forNodes, b.forNodes);
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

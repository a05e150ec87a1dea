/**
 * The EndpointSlice controller: Pods matching a Service's selector become endpoints, grouped by
 * their resolved ports, at most 100 per slice; existing slices keep their endpoints (no
 * rebalancing) and new endpoints fill the slices with room first.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/
 */
import type { PodSpecN } from "../../model/objects.js";
import { byName } from "../internal/compare-text.js";
import { generateName } from "../names.js";
import type { EndpointSliceState, PodState, SliceEndpoint } from "../state.js";
import { inOthers } from "../store/label-index.js";
import { ZONE_LABEL } from "../bootstrap/nodes.js";
import type { ControllerContext } from "./context.js";
import { hintsFor, sameHints } from "./traffic-distribution.js";

/** EndpointSlice controller's default `--max-endpoints-per-slice`. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

/** The number a named targetPort means on one Pod (matching name and protocol), if any. */
export function resolveTargetPort(pod: PodState, targetPort: number | string, protocol: string): number | undefined {
  if (typeof targetPort === "number") return targetPort;
  for (const c of pod.spec.containers) {
    for (const p of c.ports) if (p.name === targetPort && p.protocol === protocol) return p.containerPort;
  }
  return undefined;
}

/** A slice being rebuilt. */
interface SliceDraft {
  name: string;
  creation: number;
  ports: EndpointSliceState["ports"];
  signature: string;
  endpoints: SliceEndpoint[];
}

/** Rebuilds the EndpointSlices of the Service stored under `k`. */
export function syncEndpointSlices(ctx: ControllerContext, k: string): void {
  const { store, tx, clock } = ctx;
  const svc = store.services.get(k);
  if (!svc?.selector) return;
  const sets = store.podLabelSets(svc.namespace, svc.selector);
  // The Pods the selector matches, by name (as their keys sort: they share the namespace).
  const candidates: PodState[] = [];
  if (sets.length > 0) for (const pk of sets[0]!) if (inOthers(sets, pk)) candidates.push(store.pods.get(pk)!);
  candidates.sort(byName);
  const desired = new Map<string, { uid: string; endpoint: SliceEndpoint; ports: EndpointSliceState["ports"]; signature: string }>();
  // Pods of one template share their spec, and so their resolved ports.
  let lastSpec: PodSpecN | undefined;
  let lastPorts: { ports: EndpointSliceState["ports"]; signature: string } | undefined;
  for (const pod of candidates) {
    if (pod.podIP === undefined || pod.phase === "Succeeded" || pod.phase === "Failed") continue;
    if (pod.spec !== lastSpec || !lastPorts) {
      const ports: { name: string | undefined; port: number; protocol: string }[] = [];
      for (const sp of svc.ports) {
        const target = resolveTargetPort(pod, sp.targetPort, sp.protocol);
        if (target !== undefined) ports.push({ name: sp.name, port: target, protocol: sp.protocol });
      }
      lastSpec = pod.spec;
      lastPorts = { ports, signature: portsSignature(ports) };
    }
    const { ports, signature } = lastPorts;
    if (ports.length === 0 && svc.ports.length > 0) continue;
    const serving = pod.phase === "Running" && pod.containers.every((c) => c.ready);
    const terminating = pod.deletion !== undefined;
    const ready = svc.publishNotReadyAddresses || (serving && !terminating);
    // podToEndpoint: the zone comes from the node's label; trafficdist adds the hints.
    const zone = pod.nodeName === undefined ? undefined : store.nodesByName.get(pod.nodeName)?.labels[ZONE_LABEL];
    const hints = hintsFor(svc.trafficDistribution, { ready, zone, nodeName: pod.nodeName });
    desired.set(pod.uid, {
      uid: pod.uid,
      endpoint: {
        ip: pod.podIP,
        ready,
        serving: svc.publishNotReadyAddresses || serving,
        terminating,
        podName: pod.name,
        podUID: pod.uid,
        nodeName: pod.nodeName,
        hostname: pod.spec.subdomain === svc.name ? (pod.spec.hostname ?? undefined) : undefined,
        ...(zone === undefined ? {} : { zone }),
        ...(hints === undefined ? {} : { hints }),
      },
      ports,
      signature,
    });
  }
  const existing = store.slices.get(k) ?? [];
  const placed = new Set<string>();
  // Slices being rebuilt, in order: existing ones keep the endpoints still wanted with the same ports.
  const slices: SliceDraft[] = [];
  for (const slice of existing) {
    const signature = portsSignature(slice.ports);
    const endpoints: SliceEndpoint[] = [];
    for (const e of slice.endpoints) {
      const want = e.podUID ? desired.get(e.podUID) : undefined;
      if (!want || want.signature !== signature || placed.has(e.podUID!)) continue;
      endpoints.push(want.endpoint);
      placed.add(e.podUID!);
    }
    slices.push({ name: slice.name, creation: slice.creation, ports: slice.ports, signature, endpoints });
  }
  for (const want of desired.values()) {
    const uid = want.uid;
    if (placed.has(uid)) continue;
    let slice = slices.find((s) => s.signature === want.signature && s.endpoints.length < MAX_ENDPOINTS_PER_SLICE);
    if (!slice) {
      slice = slices.find((s) => s.endpoints.length === 0);
      if (slice) {
        slice.ports = want.ports;
        slice.signature = want.signature;
      } else {
        slice = { name: generateName(`${svc.name}-`, ctx.rng.slices), creation: clock.now, ports: want.ports, signature: want.signature, endpoints: [] };
        slices.push(slice);
      }
    }
    slice.endpoints.push(want.endpoint);
    placed.add(uid);
  }
  // Empty slices go, except one placeholder (with no ports) for a Service with no endpoints.
  const sliceState = (s: { name: string; creation: number; ports: EndpointSliceState["ports"]; endpoints: SliceEndpoint[] }): EndpointSliceState => ({
    name: s.name,
    namespace: svc.namespace,
    service: svc.name,
    ports: s.ports,
    endpoints: s.endpoints,
    creation: s.creation,
  });
  const result: EndpointSliceState[] = [];
  for (const s of slices) if (s.endpoints.length > 0) result.push(sliceState(s));
  if (result.length === 0) {
    const keep = slices[0];
    result.push(
      sliceState(keep ? { ...keep, ports: [] } : { name: generateName(`${svc.name}-`, ctx.rng.slices), creation: clock.now, ports: [], endpoints: [] }),
    );
  }
  if (!sameSlices(result, existing)) tx.j.set(store.slices, k, result);
}

/** Ports of an EndpointSlice as one comparable string. */
function portsSignature(ports: EndpointSliceState["ports"]): string {
  let out = "";
  for (const p of ports) out += `${p.name ?? ""}:${p.port}/${p.protocol};`;
  return out;
}

/** True when two port lists of EndpointSlices are equal. */
function samePorts(a: EndpointSliceState["ports"], b: EndpointSliceState["ports"]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = b[i]!;
    if ((p.name ?? "") !== (q.name ?? "") || p.port !== q.port || p.protocol !== q.protocol) return false;
  }
  return true;
}

/** True when two lists of EndpointSlices hold the same data. */
function sameSlices(a: readonly EndpointSliceState[], b: readonly EndpointSliceState[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name || !samePorts(x.ports, y.ports) || x.endpoints.length !== y.endpoints.length) return false;
    for (let j = 0; j < x.endpoints.length; j++) {
      const e = x.endpoints[j]!;
      const f = y.endpoints[j]!;
      if (
        e.ip !== f.ip ||
        e.ready !== f.ready ||
        e.serving !== f.serving ||
        e.terminating !== f.terminating ||
        e.podUID !== f.podUID ||
        e.hostname !== f.hostname ||
        e.nodeName !== f.nodeName ||
        e.zone !== f.zone ||
        !sameHints(e.hints, f.hints)
      )
        return false;
    }
  }
  return true;
}

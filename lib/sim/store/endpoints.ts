/**
 * Endpoints as kube-proxy reads them: from a Service's EndpointSlices, one port at a time.
 */
import { compareText } from "../internal/compare-text.js";
import { intToIp } from "../ip.js";
import type { EndpointState, PodState, ServiceState } from "../state.js";
import { key } from "./keys.js";
import type { ObjectStore } from "./object-store.js";

/** The endpoints of one Service port, sorted by `ip:port` text as kube-proxy sorts them. */
export function endpointsOf(store: ObjectStore, service: ServiceState, portIndex: number): EndpointState[] {
  const port = service.ports[portIndex];
  if (!port) return [];
  const out: EndpointState[] = [];
  for (const slice of store.slices.get(key(service.namespace, service.name)) ?? []) {
    const p = slice.ports.find((sp) => sp.name === port.name && sp.protocol === port.protocol);
    if (!p) continue;
    for (const e of slice.endpoints) {
      out.push({
        ip: e.ip,
        port: p.port,
        ready: e.ready,
        serving: e.serving,
        terminating: e.terminating,
        pod: e.podUID ? endpointPod(store, slice.namespace, e.podName, e.podUID) : undefined,
        nodeName: e.nodeName,
        hostname: e.hostname,
        zone: e.zone,
        hints: e.hints,
      });
    }
  }
  return out.sort((a, b) => compareText(`${intToIp(a.ip)}:${a.port}`, `${intToIp(b.ip)}:${b.port}`));
}

/** The Pod behind an endpoint: the one of that name, if it is still the one of that UID. */
function endpointPod(store: ObjectStore, namespace: string, name: string | undefined, uid: string): PodState | undefined {
  if (name === undefined) return store.podByUID(uid);
  const pod = store.pods.get(key(namespace, name));
  return pod?.uid === uid ? pod : undefined;
}

/**
 * What every proxy mode starts from: the Service ports with a ClusterIP and their endpoints, read
 * from EndpointSlices (kube-proxy's ServiceChangeTracker and EndpointsChangeTracker, simplified).
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/servicechangetracker.go
 */
import { intToIp } from "../ip.js";
import type { EndpointState, ServiceState } from "../state.js";
import { servicePortName } from "./chain-names.js";
import type { ProxyView } from "./proxy-view.js";
import { filterByTopology, type TopologyDecision, type TopologyNode } from "./topology.js";

/** One port of a Service, with the endpoints kube-proxy sends it to. */
export interface ServicePort {
  readonly service: ServiceState;
  readonly portIndex: number;
  /** `ns/name` or `ns/name:portname`, kube-proxy's ServicePortName string. */
  readonly portName: string;
  readonly protocol: string;
  /** The Service's port (`port:`). */
  readonly port: number;
  /** The ClusterIP, dotted. */
  readonly clusterIP: string;
  /** NodePort Services: the port every node forwards. */
  readonly nodePort: number | undefined;
  /**
   * The endpoints kube-proxy sends new connections to, in its order (sorted by `ip:port` text):
   * the ready ones or, when none is ready anywhere, the serving ones that are terminating (Pods in
   * their grace period that still pass their readiness probe).
   */
  readonly endpoints: readonly EndpointState[];
  /** Every endpoint that is serving and terminating, the fallback when none is ready (here, or on a node under a Local policy). */
  readonly servingTerminating: readonly EndpointState[];
  /** Endpoints kube-proxy leaves out (not ready, and not a serving fallback). */
  readonly notReady: number;
  /** All endpoints, ready or not. */
  readonly total: number;
  /**
   * Set when a Local traffic policy narrowed `endpoints` to one node's (`internalTrafficPolicy:
   * Local` for ClusterIP traffic): that node's name.
   */
  readonly localTo?: string;
  /**
   * Set when the Service has `trafficDistribution` and `endpoints` went through topology-aware
   * routing on one node (topology.ts): what that node's kube-proxy decided.
   */
  readonly topology?: TopologyDecision;
}

/** Whether kube-proxy writes node-specific rules for this Service port (a Local traffic policy). */
export function usesLocalEndpoints(port: ServicePort): boolean {
  return port.service.internalTrafficPolicy === "Local" || (port.nodePort !== undefined && port.service.externalTrafficPolicy === "Local");
}

/** Where a NodePort connection comes from, as kube-proxy's KUBE-EXT rules tell them apart. */
export type NodePortSource = "pod" | "local" | "external";

/**
 * How iptables mode treats NodePort traffic under `externalTrafficPolicy: Local`: Pod traffic
 * (`-s <clusterCIDR>`) goes to every endpoint unmasqueraded, the node's own traffic
 * (`--src-type LOCAL`) to every endpoint masqueraded, anything else only to this node's endpoints
 * with its source kept.
 */
export function externalLocalScope(source: NodePortSource): { readonly local: boolean; readonly masquerade: boolean } {
  return { local: source === "external", masquerade: source === "local" };
}

/**
 * The Service port as a connection through `node` sees it, and as every proxy mode programs it
 * there: under a Local traffic policy (`internalTrafficPolicy: Local` for ClusterIP traffic, or
 * `local` for NodePort traffic) only that node's ready endpoints; otherwise the endpoints
 * topology-aware routing leaves to that node when the Service has `trafficDistribution`
 * (topology.ts). Pass the NodeState: a bare name carries no zone label.
 */
export function scopedPort(
  port: ServicePort,
  node: TopologyNode,
  viaNodePort: boolean,
  local = !viaNodePort && port.service.internalTrafficPolicy === "Local",
): ServicePort {
  const name = typeof node === "string" ? node : node.name;
  if (local) return { ...port, endpoints: localEndpoints(port, name), localTo: name };
  // The EndpointSlice controller writes hints only for Services with trafficDistribution.
  if (port.service.trafficDistribution === undefined) return port;
  // Falling back to terminating endpoints, kube-proxy ignores topology (CategorizeEndpoints).
  if (port.endpoints.some((e) => !e.ready)) return port;
  const { endpoints, decision } = filterByTopology(port.endpoints, node);
  return { ...port, endpoints, topology: decision };
}

/**
 * The endpoints a Local traffic policy uses on `node`: its ready ones or, without any, its
 * serving terminating ones (kube-proxy's CategorizeEndpoints).
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/topology.go
 */
export function localEndpoints(port: ServicePort, node: string): readonly EndpointState[] {
  const ready = port.endpoints.filter((e) => e.nodeName === node && e.ready);
  return ready.length > 0 ? ready : port.servingTerminating.filter((e) => e.nodeName === node);
}

/**
 * Data derived per Service port, rebuilt only when the cluster changed (kube-proxy, too,
 * recomputes from its caches on every sync). Each proxy mode keeps one for its own rules.
 */
export class ServicePortCache<T> {
  readonly #entries = new WeakMap<ProxyView, { revision: number; values: WeakMap<ServiceState, (T | undefined)[]> }>();

  /** The cached value for one Service port, or `compute()`'s when the cluster or the Service changed. */
  get(view: ProxyView, service: ServiceState, portIndex: number, compute: () => T): T {
    let entry = this.#entries.get(view);
    if (!entry || entry.revision !== view.revision) {
      entry = { revision: view.revision, values: new WeakMap() };
      this.#entries.set(view, entry);
    }
    // Keyed by the Service object itself: a changed Service is a new object, so a new entry.
    let perPort = entry.values.get(service);
    if (!perPort) {
      perPort = [];
      entry.values.set(service, perPort);
    }
    let value = perPort[portIndex];
    if (value === undefined) {
      value = compute();
      perPort[portIndex] = value;
    }
    return value;
  }
}

const ports = new ServicePortCache<ServicePort>();

/** One port of a Service with a ClusterIP, with its endpoints. */
export function servicePort(view: ProxyView, service: ServiceState, portIndex: number): ServicePort {
  return ports.get(view, service, portIndex, () => {
    const port = service.ports[portIndex]!;
    const all = view.endpoints(service, portIndex);
    const ready = all.filter((e) => e.ready);
    // Since Kubernetes 1.28 (KEP-1669, ProxyTerminatingEndpoints) a Service whose endpoints are all
    // terminating keeps sending new connections to those still serving, rather than refusing them.
    const servingTerminating = all.filter((e) => e.serving && e.terminating);
    const endpoints = ready.length > 0 ? ready : servingTerminating;
    return {
      service,
      portIndex,
      portName: servicePortName(service, portIndex),
      protocol: port.protocol,
      port: port.port,
      clusterIP: intToIp(service.clusterIP!),
      nodePort: service.nodePorts[portIndex],
      endpoints,
      servingTerminating,
      notReady: all.length - endpoints.length,
      total: all.length,
    };
  });
}

/** Every Service port kube-proxy programs (Services with a ClusterIP), in name order. */
export function servicePorts(view: ProxyView): ServicePort[] {
  const out: ServicePort[] = [];
  for (const svc of view.services()) {
    if (svc.clusterIP === undefined) continue;
    for (let i = 0; i < svc.ports.length; i++) out.push(servicePort(view, svc, i));
  }
  return out;
}

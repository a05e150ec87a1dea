/**
 * `cluster.node()`, `cluster.nodes()`, `cluster.service()` and `cluster.services()`: nodes and
 * Services as plain, frozen data, with the values `kubectl describe node`, `kubectl get services`
 * and `kubectl get endpointslices` print, and a Service's endpoints as kube-proxy reads them from
 * its EndpointSlices.
 */
import { notFoundError, ErrorCode, PodtalkError } from "../model/errors.js";
import { nodeNotFound } from "../model/messages.js";
import { NODE_INFO } from "../model/version.js";
import { type ClusterView, type NodeState, type ServiceState, formatCIDR, intToIp } from "../sim/index.js";
import { deepFreeze } from "./freeze.js";
import { labelTest, selectorRequirements, type PodsQuery } from "./pods.js";

/** The well-known label that holds a node's zone. */
const ZONE_LABEL = "topology.kubernetes.io/zone";

/**
 * A node as a notebook reads it.
 *
 * @example
 * const n = cluster.node("node-2");
 * n.podCIDR;               // "10.244.1.0/24"
 * n.addresses.internalIP;  // "192.168.56.11"
 */
export interface NodeInfo {
  readonly name: string;
  /** `["control-plane"]` on the first node, else empty (the ROLES column's `<none>`). */
  readonly roles: readonly string[];
  readonly podCIDR: string;
  readonly podCIDRs: readonly string[];
  readonly addresses: { readonly internalIP: string; readonly hostname: string };
  /** `topology.kubernetes.io/zone`, when the cluster has zones. */
  readonly zone: string | undefined;
  readonly taints: readonly { readonly key: string; readonly value: string; readonly effect: string }[];
  /** The Ready condition (every simulated node is Ready). */
  readonly ready: boolean;
  readonly kubeletVersion: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * One port of a Service.
 *
 * @example cluster.service("web").ports[0]!.nodePort // 30080
 */
export interface ServicePortInfo {
  readonly name: string | undefined;
  readonly protocol: string;
  readonly port: number;
  /** A number, or the name of a container port. */
  readonly targetPort: number | string;
  /** NodePort and LoadBalancer Services: the allocated nodePort. */
  readonly nodePort: number | undefined;
}

/**
 * One endpoint of a Service port, from its EndpointSlices as kube-proxy reads them.
 *
 * @example cluster.service("api").endpoints.filter((e) => e.ready).map((e) => `${e.ip}:${e.port}`)
 */
export interface ServiceEndpointInfo {
  readonly ip: string;
  readonly port: number;
  /** The Service port's name (`undefined` for an unnamed port). */
  readonly portName: string | undefined;
  /** The Pod behind it (`targetRef`). */
  readonly pod: string | undefined;
  readonly node: string | undefined;
  readonly zone: string | undefined;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
}

/**
 * A Service as a notebook reads it.
 *
 * @example
 * const api = cluster.service("api");
 * api.clusterIP;                      // "10.96.123.45" ("None" for a headless Service)
 * api.endpoints.filter((e) => e.ready).map((e) => e.pod);
 */
export interface ServiceInfo {
  readonly name: string;
  readonly namespace: string;
  readonly type: string;
  /** Dotted, `"None"` for a headless Service, `undefined` for ExternalName. */
  readonly clusterIP: string | undefined;
  readonly clusterIPs: readonly string[];
  readonly ports: readonly ServicePortInfo[];
  /** The allocated nodePorts, in port order. */
  readonly nodePorts: readonly number[];
  readonly selector: Readonly<Record<string, string>> | undefined;
  readonly sessionAffinity: "None" | "ClientIP";
  readonly trafficDistribution: string | undefined;
  /** Every endpoint of every port, ports in spec order, each port's endpoints in kube-proxy's order. */
  readonly endpoints: readonly ServiceEndpointInfo[];
}

/**
 * What `cluster.services()` filters on.
 *
 * @example cluster.services({ allNamespaces: true })
 */
export type ServicesQuery = Pick<PodsQuery, "selector" | "namespace" | "allNamespaces">;

function nodeInfo(n: NodeState): NodeInfo {
  const cidr = formatCIDR(n.podCIDR);
  return deepFreeze<NodeInfo>({
    name: n.name,
    roles: n.index === 0 ? ["control-plane"] : [],
    podCIDR: cidr,
    podCIDRs: [cidr],
    addresses: { internalIP: intToIp(n.internalIP), hostname: n.name },
    zone: n.labels[ZONE_LABEL],
    taints: n.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
    ready: true,
    kubeletVersion: NODE_INFO.version,
    labels: { ...n.labels },
  });
}

/** A node as NodeInfo, or kubectl's NotFound naming the nodes there are. */
export function findNode(view: ClusterView, name: string): NodeInfo {
  const n = view.node(name);
  if (!n)
    throw new PodtalkError(
      ErrorCode.NotFound,
      nodeNotFound(
        name,
        view.nodes().map((x) => x.name),
      ),
    );
  return nodeInfo(n);
}

/** Every node, in creation order (as `kubectl get nodes` lists them). */
export function listNodes(view: ClusterView): NodeInfo[] {
  return view.nodes().map(nodeInfo);
}

function serviceInfo(view: ClusterView, s: ServiceState): ServiceInfo {
  const ip = s.clusterIP === undefined ? undefined : intToIp(s.clusterIP);
  const endpoints: ServiceEndpointInfo[] = [];
  s.ports.forEach((port, i) => {
    for (const e of view.endpoints(s, i)) {
      endpoints.push({
        ip: intToIp(e.ip),
        port: e.port,
        portName: port.name,
        pod: e.pod?.name,
        node: e.nodeName,
        zone: e.zone,
        ready: e.ready,
        serving: e.serving,
        terminating: e.terminating,
      });
    }
  });
  return deepFreeze<ServiceInfo>({
    name: s.name,
    namespace: s.namespace,
    type: s.type,
    clusterIP: s.headless ? "None" : ip,
    clusterIPs: s.headless ? ["None"] : ip === undefined ? [] : [ip],
    ports: s.ports.map((p, i) => ({ name: p.name, protocol: p.protocol, port: p.port, targetPort: p.targetPort, nodePort: s.nodePorts[i] })),
    nodePorts: s.nodePorts.filter((n): n is number => n !== undefined),
    selector: s.selector ? { ...s.selector } : undefined,
    sessionAffinity: s.sessionAffinity,
    trafficDistribution: s.trafficDistribution,
    endpoints,
  });
}

/** The names of the Services a notebook can name, for an error. */
function serviceNames(view: ClusterView, namespace: string): string {
  const names = view.services(namespace).map((s) => s.name);
  return names.length ? `Services in namespace "${namespace}" are ${names.join(", ")}` : `namespace "${namespace}" has no Services`;
}

/** A Service as ServiceInfo, or kubectl's NotFound with the Services there are. */
export function findService(view: ClusterView, name: string, namespace: string): ServiceInfo {
  const s = view.service(namespace, name);
  if (!s) throw notFoundError("services", name, serviceNames(view, namespace));
  return serviceInfo(view, s);
}

/** The Services a query selects (by their own labels), in kubectl's order. */
export function findServices(view: ClusterView, query: ServicesQuery): ServiceInfo[] {
  const test = labelTest(selectorRequirements(query.selector));
  return view
    .services(query.allNamespaces ? undefined : (query.namespace ?? "default"))
    .filter((s) => test(s.labels))
    .map((s) => serviceInfo(view, s));
}

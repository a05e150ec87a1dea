/**
 * The cluster as its readers see it: kube-proxy, cluster DNS, the datapath, `exec` and the
 * renderers take a `ClusterView`, never the engine that changes the state. Everything here reads;
 * nothing changes the cluster.
 */
import type { AppModel } from "./kubelet/images.js";
import type { ResolvedOptions } from "./options.js";
import type {
  DeploymentState,
  EndpointSliceState,
  EndpointState,
  EventRecord,
  NamespaceState,
  NetworkPolicyState,
  NodeState,
  PodSpan,
  PodState,
  ReplicaSetState,
  ServiceState,
  StatefulSetState,
  DaemonSetState,
} from "./state.js";

/** A read-only view of a cluster's state, its options and its simulated time. */
export interface ClusterView {
  readonly options: ResolvedOptions;
  /** Simulated seconds since the cluster was bootstrapped. */
  readonly now: number;
  /** Increases with every successful change, so derived data (kube-proxy rules) can be cached. */
  readonly revision: number;
  /** Number of Pods, without sorting them. */
  readonly podTotal: number;

  /** Nodes in creation order. */
  nodes(): readonly NodeState[];
  /** A node by name. */
  node(name: string): NodeState | undefined;
  /** How many Pods run on a node. */
  podCount(node: NodeState): number;
  /** The node whose podCIDR holds `ip`. */
  nodeForPodIP(ip: number): NodeState | undefined;
  /** The node whose InternalIP is `ip`. */
  nodeByIP(ip: number): NodeState | undefined;
  /** The cni0 gateway address of a node (host-local's `.1`). */
  gatewayOf(node: NodeState): number;
  /** True when `ip` lies in the cluster CIDR. */
  isPodNetwork(ip: number): boolean;
  /** True when `ip` lies in the service CIDR. */
  isServiceNetwork(ip: number): boolean;

  /** Namespaces sorted by name. */
  namespaces(): readonly NamespaceState[];
  /** A namespace by name. */
  namespace(name: string): NamespaceState | undefined;

  /** Pods, in one namespace or all, sorted by namespace then name (kubectl's order). */
  pods(namespace?: string): readonly PodState[];
  /** A Pod by namespace and name. */
  pod(namespace: string, name: string): PodState | undefined;
  /** A Pod by UID. */
  podByUID(uid: string): PodState | undefined;
  /** The Pod holding a Pod IP, if any (hostNetwork Pods are not indexed). */
  podByIP(ip: number): PodState | undefined;
  /** The Pods a workload (by UID) owns, sorted by name. */
  podsOwnedBy(uid: string): readonly PodState[];
  /** True when a Pod counts as Ready: Running, not terminating, every container ready. */
  isPodReady(pod: PodState): boolean;
  /** The process model of a Pod's container. */
  app(pod: PodState, containerIndex: number): AppModel;
  /** The manifest a Pod was applied from (Pods a controller made have none). */
  podSource(pod: PodState): Readonly<Record<string, unknown>> | undefined;
  /** Every Pod's life so far (including removed Pods), in creation order. */
  podHistory(): readonly PodSpan[];

  /** Services sorted by namespace then name. */
  services(namespace?: string): readonly ServiceState[];
  /** A Service by namespace and name. */
  service(namespace: string, name: string): ServiceState | undefined;
  /** NetworkPolicies sorted by namespace then name. */
  networkPolicies(namespace?: string): readonly NetworkPolicyState[];
  /** A NetworkPolicy by namespace and name. */
  networkPolicy(namespace: string, name: string): NetworkPolicyState | undefined;
  /** The Service that owns a ClusterIP. */
  serviceByClusterIP(ip: number): ServiceState | undefined;
  /** The Service and port index that own a nodePort. */
  serviceByNodePort(port: number): { readonly service: ServiceState; readonly portIndex: number } | undefined;
  /** EndpointSlices, in one namespace or all, sorted by namespace then name. */
  endpointSlices(namespace?: string): readonly EndpointSliceState[];
  /** The EndpointSlices of one Service. */
  slicesOf(service: ServiceState): readonly EndpointSliceState[];
  /**
   * The endpoints of one Service port, read from its EndpointSlices as kube-proxy reads them,
   * sorted by `ip:port` text as kube-proxy sorts them.
   */
  endpoints(service: ServiceState, portIndex: number): readonly EndpointState[];

  /** Deployments sorted by namespace then name. */
  deployments(namespace?: string): readonly DeploymentState[];
  /** A Deployment by namespace and name. */
  deployment(namespace: string, name: string): DeploymentState | undefined;
  /** ReplicaSets sorted by namespace then name. */
  replicaSets(namespace?: string): readonly ReplicaSetState[];
  /** A ReplicaSet by namespace and name. */
  replicaSet(namespace: string, name: string): ReplicaSetState | undefined;
  /** DaemonSets sorted by namespace then name. */
  daemonSets(namespace?: string): readonly DaemonSetState[];
  /** What `get daemonsets` counts for a DaemonSet: nodes that should run it, run it, run it ready. */
  daemonSetStatus(ds: DaemonSetState): { desired: number; current: number; ready: number };
  /** StatefulSets sorted by namespace then name. */
  statefulSets(namespace?: string): readonly StatefulSetState[];
  /** A StatefulSet by namespace and name. */
  statefulSet(namespace: string, name: string): StatefulSetState | undefined;

  /** Every event so far, oldest first. */
  events(): readonly EventRecord[];
}

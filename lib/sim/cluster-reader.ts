/**
 * The read side of the engine: `ClusterView` answered from the store and the subsystems that
 * hold the rest (clock, allocators, event recorder, Pod history, process models). The Simulation
 * extends it with the verbs that change the cluster.
 */
import type { ServiceAddresses } from "./apiserver/service-addresses.js";
import type { Clock } from "./clock.js";
import type { ClusterView } from "./cluster-view.js";
import type { WorkQueues } from "./controllers/work-queues.js";
import { daemonSetStatus } from "./controllers/daemonset.js";
import type { EventRecorder, PodHistory } from "./events.js";
import { byName, byNamespaceName, sortedValues } from "./internal/compare-text.js";
import { contains } from "./ip.js";
import type { AppModel } from "./kubelet/images.js";
import type { Kubelet } from "./kubelet/kubelet.js";
import { isPodReady } from "./kubelet/pod-status.js";
import type { ResolvedOptions } from "./options.js";
import type { Scheduler } from "./scheduler/scheduler.js";
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
import { endpointsOf } from "./store/endpoints.js";
import { key } from "./store/keys.js";
import type { ObjectStore } from "./store/object-store.js";
import type { Transaction } from "./store/transaction.js";

/** The subsystems a reader asks. */
export interface EngineParts {
  readonly options: ResolvedOptions;
  readonly tx: Transaction;
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly events: EventRecorder;
  readonly history: PodHistory;
  readonly addresses: ServiceAddresses;
  readonly scheduler: Scheduler;
  readonly kubelet: Kubelet;
  readonly queues: WorkQueues;
}

/** `ClusterView` over the engine's subsystems. */
export class ClusterReader implements ClusterView {
  readonly options: ResolvedOptions;
  /** The engine's subsystems (for the Simulation that extends this). */
  protected readonly parts: EngineParts;

  constructor(parts: EngineParts) {
    this.parts = parts;
    this.options = parts.options;
  }

  /** Simulated seconds since the cluster was bootstrapped. */
  get now(): number {
    return this.parts.clock.now;
  }
  /** Increases with every successful change, so derived data (kube-proxy rules) can be cached. */
  get revision(): number {
    return this.parts.tx.revision;
  }
  /** Number of Pods, without sorting them. */
  get podTotal(): number {
    return this.parts.store.pods.size;
  }
  /** Nodes in creation order. */
  nodes(): readonly NodeState[] {
    return this.parts.store.nodes;
  }
  /** A node by name. */
  node(name: string): NodeState | undefined {
    return this.parts.store.nodesByName.get(name);
  }
  /** How many Pods run on a node. */
  podCount(node: NodeState): number {
    return this.parts.scheduler.load.count(node.index);
  }
  /** Namespaces sorted by name. */
  namespaces(): NamespaceState[] {
    return [...this.parts.store.namespaces.values()].sort(byName);
  }
  /** A namespace by name. */
  namespace(name: string): NamespaceState | undefined {
    return this.parts.store.namespaces.get(name);
  }
  /** Pods, in one namespace or all, sorted by namespace then name (kubectl's order). */
  pods(namespace?: string): PodState[] {
    return sortedValues(this.parts.store.pods, namespace);
  }
  /** A Pod by namespace and name. */
  pod(namespace: string, name: string): PodState | undefined {
    return this.parts.store.pods.get(key(namespace, name));
  }
  /** A Pod by UID. */
  podByUID(uid: string): PodState | undefined {
    return this.parts.store.podByUID(uid);
  }
  /** The Pod holding a Pod IP, if any (hostNetwork Pods are not indexed). */
  podByIP(ip: number): PodState | undefined {
    return this.parts.store.podsByIP.get(ip);
  }
  /** Services sorted by namespace then name. */
  services(namespace?: string): ServiceState[] {
    return sortedValues(this.parts.store.services, namespace);
  }
  /** A Service by namespace and name. */
  service(namespace: string, name: string): ServiceState | undefined {
    return this.parts.store.services.get(key(namespace, name));
  }
  /** NetworkPolicies sorted by namespace then name. */
  networkPolicies(namespace?: string): NetworkPolicyState[] {
    return sortedValues(this.parts.store.networkPolicies, namespace);
  }
  /** A NetworkPolicy by namespace and name. */
  networkPolicy(namespace: string, name: string): NetworkPolicyState | undefined {
    return this.parts.store.networkPolicies.get(key(namespace, name));
  }
  /** The Service that owns a ClusterIP. */
  serviceByClusterIP(ip: number): ServiceState | undefined {
    const owner = this.parts.addresses.clusterIPOwner(ip);
    return owner === undefined ? undefined : this.parts.store.services.get(owner);
  }
  /** The Service and port index that own a nodePort. */
  serviceByNodePort(port: number): { service: ServiceState; portIndex: number } | undefined {
    const owner = this.parts.addresses.nodePortOwner(port);
    if (owner === undefined) return undefined;
    const service = this.parts.store.services.get(owner);
    const portIndex = service?.nodePorts.indexOf(port) ?? -1;
    return service && portIndex >= 0 ? { service, portIndex } : undefined;
  }
  /** Deployments sorted by namespace then name. */
  deployments(namespace?: string): DeploymentState[] {
    return sortedValues(this.parts.store.deployments, namespace);
  }
  /** A Deployment by namespace and name. */
  deployment(namespace: string, name: string): DeploymentState | undefined {
    return this.parts.store.deployments.get(key(namespace, name));
  }
  /** ReplicaSets sorted by namespace then name. */
  replicaSets(namespace?: string): ReplicaSetState[] {
    return sortedValues(this.parts.store.replicaSets, namespace);
  }
  /** A ReplicaSet by namespace and name. */
  replicaSet(namespace: string, name: string): ReplicaSetState | undefined {
    return this.parts.store.replicaSets.get(key(namespace, name));
  }
  /** DaemonSets sorted by namespace then name. */
  daemonSets(namespace?: string): DaemonSetState[] {
    return sortedValues(this.parts.store.daemonSets, namespace);
  }
  /** What `get daemonsets` counts for a DaemonSet: nodes that should run it, run it, run it ready. */
  daemonSetStatus(ds: DaemonSetState): { desired: number; current: number; ready: number } {
    return daemonSetStatus(this.parts.store, ds);
  }
  /** StatefulSets sorted by namespace then name. */
  statefulSets(namespace?: string): StatefulSetState[] {
    return sortedValues(this.parts.store.statefulSets, namespace);
  }
  /** A StatefulSet by namespace and name. */
  statefulSet(namespace: string, name: string): StatefulSetState | undefined {
    return this.parts.store.statefulSets.get(key(namespace, name));
  }
  /** The Pods a workload (by UID) owns, sorted by name. */
  podsOwnedBy(uid: string): PodState[] {
    return this.parts.store.podsOwnedBy(uid);
  }
  /** EndpointSlices, in one namespace or all, sorted by namespace then name. */
  endpointSlices(namespace?: string): EndpointSliceState[] {
    const out: EndpointSliceState[] = [];
    for (const list of this.parts.store.slices.values()) for (const s of list) if (namespace === undefined || s.namespace === namespace) out.push(s);
    return out.sort(byNamespaceName);
  }
  /** The EndpointSlices of one Service. */
  slicesOf(service: ServiceState): readonly EndpointSliceState[] {
    return this.parts.store.slices.get(key(service.namespace, service.name)) ?? [];
  }
  /** The endpoints of one Service port, sorted by `ip:port` text as kube-proxy sorts them. */
  endpoints(service: ServiceState, portIndex: number): EndpointState[] {
    return endpointsOf(this.parts.store, service, portIndex);
  }
  /** Every Pod's life so far (including removed Pods), in creation order. */
  podHistory(): readonly PodSpan[] {
    return this.parts.history.spans();
  }
  /** Every event so far, oldest first. */
  events(): readonly EventRecord[] {
    return this.parts.events.all();
  }
  /** The cni0 gateway address of a node (host-local's `.1`). */
  gatewayOf(node: NodeState): number {
    return node.podCIDR.base + 1;
  }
  /** The node whose podCIDR holds `ip`. */
  nodeForPodIP(ip: number): NodeState | undefined {
    if (!contains(this.options.clusterCIDR, ip)) return undefined;
    const mask = 32 - this.options.nodeCIDRMaskSize;
    const index = Math.floor((ip - this.options.clusterCIDR.base) / 2 ** mask);
    // podCIDRs are handed out in node order from the start of the cluster CIDR.
    const node = this.parts.store.nodes[index];
    return node && contains(node.podCIDR, ip) ? node : this.parts.store.nodes.find((n) => contains(n.podCIDR, ip));
  }
  /** The node whose InternalIP is `ip`. */
  nodeByIP(ip: number): NodeState | undefined {
    const node = this.parts.store.nodes[ip - this.options.nodeNetwork.base - 2];
    return node && node.internalIP === ip ? node : undefined;
  }
  /** True when `ip` lies in the cluster CIDR. */
  isPodNetwork(ip: number): boolean {
    return contains(this.options.clusterCIDR, ip);
  }
  /** True when `ip` lies in the service CIDR. */
  isServiceNetwork(ip: number): boolean {
    return contains(this.options.serviceCIDR, ip);
  }
  /** True when a Pod counts as Ready: Running, not terminating, every container ready. */
  isPodReady(pod: PodState): boolean {
    return isPodReady(pod);
  }
  /** The process model of a Pod's container. */
  app(pod: PodState, containerIndex: number): AppModel {
    return this.parts.kubelet.app(pod, containerIndex);
  }
  /** The manifest a bare Pod was applied with. */
  podSource(pod: PodState): Readonly<Record<string, unknown>> | undefined {
    return pod.owner ? undefined : this.parts.store.podSources.get(key(pod.namespace, pod.name));
  }
}

/**
 * The simulation engine: wires the subsystems (store, API server, controllers, scheduler,
 * kubelets, clock) and offers the verbs a notebook uses. Every verb runs in a transaction: a
 * failure half-way leaves the cluster exactly as it was.
 */
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { parseDuration } from "../model/duration.js";
import { emptyManifest } from "../model/messages.js";
import type { ManifestInput } from "../model/objects.js";
import { parseManifests } from "../model/parse.js";
import { validateObject } from "../model/validate/index.js";
import { applyObject } from "./apiserver/apply.js";
import type { ApiServerContext } from "./apiserver/context.js";
import { deletableKind, deleteObject } from "./apiserver/delete.js";
import { PodWriter } from "./apiserver/pod-writer.js";
import { ServiceAddresses } from "./apiserver/service-addresses.js";
import { bootstrap } from "./bootstrap/kubeadm.js";
import { resolveNodeNames } from "./bootstrap/nodes.js";
import { BOOTSTRAP_AGE, Clock } from "./clock.js";
import type { ClusterView } from "./cluster-view.js";
import type { RngStreams } from "./controllers/context.js";
import { reconcile } from "./controllers/reconcile.js";
import { WorkQueues } from "./controllers/work-queues.js";
import { EventRecorder, PodHistory } from "./events.js";
import { byName, byNamespaceName, sortedValues } from "./internal/compare-text.js";
import { contains } from "./ip.js";
import { NodeCIDRAllocator } from "./ipam/node-cidr.js";
import type { AppModel } from "./kubelet/images.js";
import { Kubelet } from "./kubelet/kubelet.js";
import { isPodReady } from "./kubelet/pod-status.js";
import { ProxyState } from "./kube-proxy.js";
import { exportManifests } from "./manifests.js";
import { resolveOptions, type ClusterOptions, type ResolvedOptions } from "./options.js";
import { Rng } from "./rng.js";
import { Scheduler } from "./scheduler/scheduler.js";
import type { DeploymentState, EndpointSliceState, EndpointState, EventRecord, NamespaceState, NodeState, PodSpan, PodState, ReplicaSetState, ServiceState, StatefulSetState } from "./state.js";
import { endpointsOf } from "./store/endpoints.js";
import { key } from "./store/keys.js";
import { ObjectStore } from "./store/object-store.js";
import { Transaction } from "./store/transaction.js";
import { containerIndex, podsOwnedBy, requirePod, resolvePodTarget } from "./targets.js";

/** What `apply()` did, line by line as kubectl prints it, plus the API server's warnings. */
export interface ApplyOutcome {
  /** `deployment.apps/web created`, `service/my-api unchanged`, … */
  readonly lines: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * The cluster's state and the controllers that change it. The public `Cluster` wraps one of these;
 * views and traffic read it through `ClusterView`.
 */
export class Simulation implements ClusterView {
  readonly options: ResolvedOptions;
  /**
   * What traffic draws on and remembers: kube-proxy's random picks, CoreDNS picks, ephemeral
   * ports, and kube-proxy's datapath state (IPVS rotation, ClientIP affinity).
   */
  readonly traffic: { readonly endpoints: Rng; readonly dns: Rng; readonly ports: Rng; readonly proxy: ProxyState };
  readonly #tx = new Transaction();
  readonly #store = new ObjectStore(this.#tx);
  readonly #clock = new Clock(this.#tx);
  readonly #events = new EventRecorder(this.#tx, this.#clock);
  readonly #history = new PodHistory(this.#tx, this.#clock);
  readonly #queues = new WorkQueues(this.#store);
  readonly #addresses: ServiceAddresses;
  readonly #scheduler: Scheduler;
  readonly #kubelet: Kubelet;
  readonly #ctx: ApiServerContext;

  constructor(options: ClusterOptions = {}) {
    this.options = resolveOptions(options);
    const { seed, podEvents } = this.options;
    const nodeCIDRs = new NodeCIDRAllocator(this.options.clusterCIDR, this.options.nodeCIDRMaskSize);
    this.#addresses = new ServiceAddresses(this.options.serviceCIDR, this.#tx);
    const rng: RngStreams = {
      names: new Rng(seed, "names"),
      uids: new Rng(seed, "uids"),
      clusterIPs: new Rng(seed, "cluster-ips"),
      veths: new Rng(seed, "veths"),
      slices: new Rng(seed, "endpointslices"),
      nodePorts: new Rng(seed, "node-ports"),
    };
    this.traffic = { endpoints: new Rng(seed, "endpoints"), dns: new Rng(seed, "dns"), ports: new Rng(seed, "ports"), proxy: new ProxyState() };
    const nodeNames = resolveNodeNames(options.nodes ?? 2);
    if (nodeNames.length > this.options.nodeNetwork.size - 3) {
      throw new PodtalkError(ErrorCode.BadRequest, `${nodeNames.length} nodes do not fit in nodeNetwork ${options.nodeNetwork ?? "172.18.0.0/16"}; use a larger nodeNetwork`);
    }
    const tx = this.#tx;
    const store = this.#store;
    const clock = this.#clock;
    const events = this.#events;
    const queues = this.#queues;
    const scheduler = new Scheduler(store, tx, nodeNames.length);
    this.#scheduler = scheduler;
    const writer = new PodWriter(store, queues, podEvents ? this.#history : undefined);
    this.#kubelet = new Kubelet({ tx, store, clock, events, history: this.#history, rng, scheduler, writer, queues, podEvents });
    this.#ctx = { tx, store, events, clock, rng, queues, pods: this.#kubelet, addresses: this.#addresses };
    for (const r of Object.values(rng)) tx.enlist(r);
    tx.enlist(clock);
    tx.listen(store);
    tx.listen(queues);
    this.#run(() => bootstrap(this.#ctx, { options: this.options, nodeNames, systemPods: options.systemPods ?? true, nodeCIDRs, kubelet: this.#kubelet }));
    clock.set(BOOTSTRAP_AGE);
  }

  // ---------------------------------------------------------------- reading (ClusterView)

  /** Simulated seconds since the cluster was bootstrapped. */
  get now(): number {
    return this.#clock.now;
  }
  /** Increases with every successful change, so derived data (kube-proxy rules) can be cached. */
  get revision(): number {
    return this.#tx.revision;
  }
  /** Number of Pods, without sorting them. */
  get podTotal(): number {
    return this.#store.pods.size;
  }
  /** Nodes in creation order. */
  nodes(): readonly NodeState[] {
    return this.#store.nodes;
  }
  /** A node by name. */
  node(name: string): NodeState | undefined {
    return this.#store.nodesByName.get(name);
  }
  /** How many Pods run on a node. */
  podCount(node: NodeState): number {
    return this.#scheduler.load.count(node.index);
  }
  /** Namespaces sorted by name. */
  namespaces(): NamespaceState[] {
    return [...this.#store.namespaces.values()].sort(byName);
  }
  /** A namespace by name. */
  namespace(name: string): NamespaceState | undefined {
    return this.#store.namespaces.get(name);
  }
  /** Pods, in one namespace or all, sorted by namespace then name (kubectl's order). */
  pods(namespace?: string): PodState[] {
    return sortedValues(this.#store.pods, namespace);
  }
  /** A Pod by namespace and name. */
  pod(namespace: string, name: string): PodState | undefined {
    return this.#store.pods.get(key(namespace, name));
  }
  /** A Pod by UID. */
  podByUID(uid: string): PodState | undefined {
    return this.#store.podByUID(uid);
  }
  /** The Pod holding a Pod IP, if any (hostNetwork Pods are not indexed). */
  podByIP(ip: number): PodState | undefined {
    return this.#store.podsByIP.get(ip);
  }
  /** Services sorted by namespace then name. */
  services(namespace?: string): ServiceState[] {
    return sortedValues(this.#store.services, namespace);
  }
  /** A Service by namespace and name. */
  service(namespace: string, name: string): ServiceState | undefined {
    return this.#store.services.get(key(namespace, name));
  }
  /** The Service that owns a ClusterIP. */
  serviceByClusterIP(ip: number): ServiceState | undefined {
    const owner = this.#addresses.clusterIPOwner(ip);
    return owner === undefined ? undefined : this.#store.services.get(owner);
  }
  /** The Service and port index that own a nodePort. */
  serviceByNodePort(port: number): { service: ServiceState; portIndex: number } | undefined {
    const owner = this.#addresses.nodePortOwner(port);
    if (owner === undefined) return undefined;
    const service = this.#store.services.get(owner);
    const portIndex = service?.nodePorts.indexOf(port) ?? -1;
    return service && portIndex >= 0 ? { service, portIndex } : undefined;
  }
  /** Deployments sorted by namespace then name. */
  deployments(namespace?: string): DeploymentState[] {
    return sortedValues(this.#store.deployments, namespace);
  }
  /** A Deployment by namespace and name. */
  deployment(namespace: string, name: string): DeploymentState | undefined {
    return this.#store.deployments.get(key(namespace, name));
  }
  /** ReplicaSets sorted by namespace then name. */
  replicaSets(namespace?: string): ReplicaSetState[] {
    return sortedValues(this.#store.replicaSets, namespace);
  }
  /** A ReplicaSet by namespace and name. */
  replicaSet(namespace: string, name: string): ReplicaSetState | undefined {
    return this.#store.replicaSets.get(key(namespace, name));
  }
  /** StatefulSets sorted by namespace then name. */
  statefulSets(namespace?: string): StatefulSetState[] {
    return sortedValues(this.#store.statefulSets, namespace);
  }
  /** A StatefulSet by namespace and name. */
  statefulSet(namespace: string, name: string): StatefulSetState | undefined {
    return this.#store.statefulSets.get(key(namespace, name));
  }
  /** The Pods a workload (by UID) owns, sorted by name. */
  podsOwnedBy(uid: string): PodState[] {
    return podsOwnedBy(this.#store, uid);
  }
  /** EndpointSlices, in one namespace or all, sorted by namespace then name. */
  endpointSlices(namespace?: string): EndpointSliceState[] {
    const out: EndpointSliceState[] = [];
    for (const list of this.#store.slices.values()) for (const s of list) if (namespace === undefined || s.namespace === namespace) out.push(s);
    return out.sort(byNamespaceName);
  }
  /** The EndpointSlices of one Service. */
  slicesOf(service: ServiceState): readonly EndpointSliceState[] {
    return this.#store.slices.get(key(service.namespace, service.name)) ?? [];
  }
  /** The endpoints of one Service port, sorted by `ip:port` text as kube-proxy sorts them. */
  endpoints(service: ServiceState, portIndex: number): EndpointState[] {
    return endpointsOf(this.#store, service, portIndex);
  }
  /** Every Pod's life so far (including removed Pods), in creation order. */
  podHistory(): readonly PodSpan[] {
    return this.#history.spans();
  }
  /** Every event so far, oldest first. */
  events(): readonly EventRecord[] {
    return this.#events.all();
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
    const node = this.#store.nodes[index];
    return node && contains(node.podCIDR, ip) ? node : this.#store.nodes.find((n) => contains(n.podCIDR, ip));
  }
  /** The node whose InternalIP is `ip`. */
  nodeByIP(ip: number): NodeState | undefined {
    const node = this.#store.nodes[ip - this.options.nodeNetwork.base - 2];
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
    return this.#kubelet.app(pod, containerIndex);
  }
  /** The manifest a bare Pod was applied with. */
  podSource(pod: PodState): Readonly<Record<string, unknown>> | undefined {
    return pod.owner ? undefined : this.#store.podSources.get(key(pod.namespace, pod.name));
  }
  /** Every object applied by a notebook, as YAML a learner can `kubectl apply` to a real cluster. */
  manifests(): string {
    return exportManifests(this);
  }

  // ---------------------------------------------------------------- changing

  /**
   * Applies manifests as `kubectl apply` does: creates what is new, updates what changed, and
   * leaves identical objects unchanged. All or nothing: an invalid document, or any failure while
   * applying, leaves the cluster exactly as it was.
   */
  apply(input: ManifestInput): ApplyOutcome {
    const raws = parseManifests(input);
    if (raws.length === 0) throw new PodtalkError(ErrorCode.BadRequest, emptyManifest());
    const validated = raws.map((raw, i) => validateObject(raw, i));
    const lines: string[] = [];
    this.#run(() => {
      for (const { object } of validated) lines.push(applyObject(this.#ctx, object));
    });
    return { lines, warnings: validated.flatMap((v) => v.warnings) };
  }

  /**
   * Deletes an object as `kubectl delete` does. Pods go Terminating for their grace period;
   * deleting a workload deletes its Pods; deleting a Namespace deletes everything in it.
   *
   * @returns kubectl's line, e.g. `deployment.apps "web" deleted`
   */
  delete(kind: string, name: string, namespace = "default"): string {
    const k = deletableKind(kind);
    return this.#run(() => deleteObject(this.#ctx, k, name, namespace));
  }

  /**
   * Deletes a Pod as `kubectl delete pod` does: it is marked Terminating for its grace period and
   * its controller, if any, creates a replacement at once.
   */
  deletePod(name: string, namespace = "default"): PodState {
    this.#run(() => this.#kubelet.terminatePod(requirePod(this.#store, name, namespace)));
    return this.#store.pods.get(key(namespace, name))!;
  }

  /**
   * Restarts one container of a Pod as the kubelet does after the process exits: same Pod, same
   * IP, `restartCount` + 1, the previous run in `lastState` (exit code 137, killed).
   */
  restartContainer(podName: string, containerName: string | undefined, namespace = "default"): PodState {
    this.#run(() => {
      const pod = requirePod(this.#store, podName, namespace);
      const index = containerIndex(pod, containerName);
      const c = pod.containers[index]!;
      if (c.state !== "Running") {
        throw new PodtalkError(ErrorCode.BadRequest, `container ${c.name} of pod ${pod.name} is not running (${c.state}${c.reason ? `: ${c.reason}` : ""}); restart a running container, or advance time`);
      }
      this.#kubelet.containerExited(pod.namespace, pod.name, index, 137, "Error", undefined);
    });
    return this.#store.pods.get(key(namespace, podName))!;
  }

  /**
   * Makes a container's readiness probe succeed or fail from now on (both take effect at once).
   * A not-ready Pod leaves its Services' ready endpoints but keeps running.
   */
  setReady(podName: string, ready: boolean, options: { container?: string; namespace?: string } = {}): PodState {
    const namespace = options.namespace ?? "default";
    this.#run(() => {
      const pod = requirePod(this.#store, podName, namespace);
      const indexes = options.container === undefined ? pod.containers.map((_, i) => i) : [containerIndex(pod, options.container)];
      const containers = pod.containers.map((c, i) => {
        if (!indexes.includes(i)) return c;
        return { ...c, forcedUnready: !ready, ready: ready && c.state === "Running" && !this.#kubelet.awaitingReadiness(pod, i) };
      });
      this.#kubelet.setPod({ ...pod, containers });
      if (!ready) {
        for (const i of indexes) this.#events.record(namespace, "Warning", "Unhealthy", `pod/${pod.name}`, `Readiness probe failed: container ${pod.containers[i]!.name} is not ready`);
      }
    });
    return this.#store.pods.get(key(namespace, podName))!;
  }

  /**
   * Advances simulated time: containers exit and restart with back-off, readiness delays pass,
   * Terminating Pods go away, and controllers reconcile, in time order.
   *
   * @example sim.advance("30s")
   */
  advance(duration: string | number): void {
    const seconds = typeof duration === "number" ? duration : parseDuration(duration);
    if (!(seconds >= 0) || !Number.isFinite(seconds)) {
      throw new PodtalkError(ErrorCode.BadRequest, `Invalid duration ${String(duration)}: time only moves forward; pass "30s" or a number of seconds ≥ 0`);
    }
    this.#run(() => {
      const target = this.#clock.now + seconds;
      for (;;) {
        const next = this.#clock.nextDue(target);
        if (!next) break;
        this.#clock.set(Math.max(this.#clock.now, next.time));
        this.#clock.remove(next);
        this.#kubelet.fire(next);
        reconcile(this.#ctx);
      }
      this.#clock.set(target);
    });
  }

  /** Finds the Pod an exec target names: `name`, `pod/name`, or `deploy/name` (its first Pod). */
  resolvePodTarget(target: string, namespace = "default"): PodState {
    return resolvePodTarget(this.#store, target, namespace);
  }

  /** Runs `change` and then the controllers, in one transaction. */
  #run<T>(change: () => T): T {
    return this.#tx.run(() => {
      const result = change();
      reconcile(this.#ctx);
      return result;
    });
  }
}

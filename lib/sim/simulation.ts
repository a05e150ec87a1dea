/**
 * The simulation engine: one aggregate that owns the cluster's state, applies and deletes
 * manifests, runs the controllers (Deployment, ReplicaSet, StatefulSet, EndpointSlice), the
 * scheduler and the kubelets as simulated time advances, and records an event for every change.
 *
 * Every change runs in a transaction: a failure half-way leaves the cluster exactly as it was.
 */
import { stringify as toYAML } from "yaml";
import { ErrorCode, PodtalkError, notFoundError } from "../model/errors.js";
import { parseDuration } from "../model/duration.js";
import {
  matchesSelector,
  parseManifests,
  resourceOf,
  selects,
  validateObject,
  type DeploymentN,
  type IntOrPercent,
  type LabelSelectorN,
  type ManifestInput,
  type ObjectN,
  type PodN,
  type PodSpecN,
  type PodTemplateN,
  type ReplicaSetN,
  type ServiceN,
  type StatefulSetN,
} from "../model/manifest.js";
import { resourceFor, type Resource } from "../model/resources.js";
import { appModel, type AppModel } from "./apps.js";
import { NodeCIDRAllocator, HostLocalAllocator, ServiceIPAllocator, PortAllocator } from "./ipam.js";
import { contains, intToIp, ipToInt, isIPv4 } from "./ip.js";
import { Journal } from "./journal.js";
import { canonicalJSON, generateName, generateUID, generateVethName, podTemplateHash } from "./names.js";
import { Rng } from "./rng.js";
import { BOOTSTRAP_AGE } from "./clock.js";
import type { ClusterView } from "./cluster-view.js";
import { resolveOptions, type ClusterOptions, type ResolvedOptions } from "./options.js";
import { NodeLoad, NodeSpread } from "./scheduler.js";
import { ProxyState } from "./kube-proxy/index.js";
import type {
  ContainerState,
  DeploymentState,
  EndpointSliceState,
  EndpointState,
  EventRecord,
  NamespaceState,
  NodeState,
  OwnerRef,
  PodState,
  ReplicaSetState,
  ServiceState,
  SliceEndpoint,
  StatefulSetState,
  PodSpan,
  Termination,
} from "./state.js";

/** What `apply()` did, line by line as kubectl prints it, plus the API server's warnings. */
export interface ApplyOutcome {
  /** `deployment.apps/web created`, `service/my-api unchanged`, … */
  readonly lines: readonly string[];
  readonly warnings: readonly string[];
}

/** The kubelet's default `maxPods`. */
export const MAX_PODS_PER_NODE = 110;

/** The kubelet's crash back-off: first delay, cap, and how long a healthy run resets it. */
export const BACKOFF = { initial: 10, max: 300, resetAfter: 600 } as const;

/** EndpointSlice controller's default `--max-endpoints-per-slice`. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

const COREDNS_IMAGE = "registry.k8s.io/coredns/coredns:v1.11.3";

const keyPrefixes = new Map<string, string>();

/** `namespace/name`, the key of a namespaced object (the `namespace/` part is made once). */
function key(namespace: string, name: string): string {
  let prefix = keyPrefixes.get(namespace);
  if (prefix === undefined) {
    prefix = `${namespace}/`;
    keyPrefixes.set(namespace, prefix);
  }
  return prefix + name;
}

const ownerKeys = new WeakMap<OwnerRef, { readonly namespace: string; readonly key: string }>();

/** The key of the object an owner reference points to; the many Pods of one owner share the reference. */
function ownerKey(owner: OwnerRef, namespace: string): string {
  const known = ownerKeys.get(owner);
  if (known?.namespace === namespace) return known.key;
  const k = key(namespace, owner.name);
  ownerKeys.set(owner, { namespace, key: k });
  return k;
}

interface Timer {
  readonly id: number;
  readonly time: number;
  readonly kind: "remove-pod" | "container-exit" | "container-restart" | "container-ready";
  readonly podKey: string;
  readonly podUID: string;
  readonly container: number;
  /** For container timers: the container's restartCount when set, so stale timers are ignored. */
  readonly generation: number;
}

/** The resources `delete()` accepts (by any of kubectl's names), and their kinds. */
const DELETE_KINDS: Readonly<Partial<Record<Resource, ObjectN["kind"]>>> = {
  pods: "Pod",
  deployments: "Deployment",
  replicasets: "ReplicaSet",
  statefulsets: "StatefulSet",
  services: "Service",
  namespaces: "Namespace",
};

/**
 * The cluster's state and the controllers that change it. The public `Cluster` wraps one of these;
 * views and traffic read it through the accessors.
 */
export class Simulation implements ClusterView {
  readonly options: ResolvedOptions;
  #now = 0;
  readonly #nodes: NodeState[] = [];
  readonly #nodesByName = new Map<string, NodeState>();
  /** Each node's host-local IPAM, by node index. */
  readonly #hostLocal: HostLocalAllocator[] = [];
  readonly #nodeCIDRs: NodeCIDRAllocator;
  readonly #serviceIPs: ServiceIPAllocator;
  readonly #nodePorts = new PortAllocator(30000, 32767);
  readonly #namespaces = new Map<string, NamespaceState>();
  readonly #pods = new Map<string, PodState>();
  readonly #podsByIP = new Map<number, PodState>();
  /**
   * UID → Pod key, for `podByUID()`: made when first asked for after Pods came or went (a large
   * apply would otherwise index every Pod it creates for a lookup nothing may make).
   */
  #podsByUID: Map<string, string> | undefined;
  readonly #podsByOwner = new Map<string, Set<string>>();
  /** namespace → `key=value` → Pod keys, for Service selectors. */
  readonly #podLabelIndex = new Map<string, Map<string, Set<string>>>();
  /** namespace → `key=value` → Service keys, to find the Services a Pod change touches. */
  readonly #serviceSelectorIndex = new Map<string, Map<string, Set<string>>>();
  readonly #replicaSets = new Map<string, ReplicaSetState>();
  /** Deployment UID → keys of the ReplicaSets it owns. */
  readonly #replicaSetsByOwner = new Map<string, Set<string>>();
  readonly #deployments = new Map<string, DeploymentState>();
  readonly #statefulSets = new Map<string, StatefulSetState>();
  readonly #services = new Map<string, ServiceState>();
  readonly #slices = new Map<string, readonly EndpointSliceState[]>();
  readonly #events: EventRecord[] = [];
  readonly #timers = new Map<number, Timer>();
  /** Every Pod's life, by UID, in creation order (kept when `podEvents` is on). */
  readonly #history = new Map<string, PodSpan>();
  /** Pods waiting for a node, retried whenever a Pod leaves one. */
  readonly #unscheduled = new Set<string>();
  #capacityFreed = false;
  #nextTimer = 1;
  readonly #load: NodeLoad;
  /** Changes a node's Pod count (shared by every journal entry that takes a change back). */
  readonly #changeLoad = (index: number, delta: number): void => this.#load.add(index, delta);
  /**
   * The label index's sets for the labels of the Pod stored last (Pods of one template come one
   * after another). Within a transaction an index set, once made, stays; a rollback can remove it.
   */
  #labelIndexSets: { readonly namespace: string; readonly labels: PodState["labels"]; readonly sets: readonly Set<string>[] } | undefined;
  /** The Services whose selectors share a pair with the labels touched last; reset when a Service's selector is (un)indexed. */
  #selecting: { readonly index: Map<string, Set<string>>; readonly labels: PodState["labels"]; readonly services: readonly string[] } | undefined;
  /** Scratch for the scheduler: how many of one owner's Pods each node runs (cleared after use). */
  readonly #ownerSpread: NodeSpread;
  readonly #appModels = new WeakMap<object, AppModel>();
  readonly #rng: { names: Rng; uids: Rng; clusterIPs: Rng; veths: Rng; slices: Rng; nodePorts: Rng };
  /**
   * What traffic draws on and remembers: kube-proxy's random picks, CoreDNS picks, ephemeral
   * ports, and kube-proxy's datapath state (IPVS rotation, ClientIP affinity).
   */
  readonly traffic: { readonly endpoints: Rng; readonly dns: Rng; readonly ports: Rng; readonly proxy: ProxyState };
  #revision = 0;
  #journal: Journal | undefined;
  readonly #dirty = { deployments: new Set<string>(), replicaSets: new Set<string>(), statefulSets: new Set<string>(), services: new Set<string>(), namespaces: new Set<string>() };

  constructor(options: ClusterOptions = {}) {
    this.options = resolveOptions(options);
    const seed = this.options.seed;
    const serviceCIDR = this.options.serviceCIDR;
    this.#nodeCIDRs = new NodeCIDRAllocator(this.options.clusterCIDR, this.options.nodeCIDRMaskSize);
    this.#serviceIPs = new ServiceIPAllocator(serviceCIDR);
    this.#rng = {
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
    this.#load = new NodeLoad(nodeNames.length);
    this.#ownerSpread = new NodeSpread(nodeNames.length);
    this.#transaction(() => this.#bootstrap(nodeNames, options.systemPods ?? true));
    this.#now = BOOTSTRAP_AGE;
  }

  // ---------------------------------------------------------------- reading

  /** Simulated seconds since the cluster was bootstrapped. */
  get now(): number {
    return this.#now;
  }

  /** Increases with every successful change, so derived data (kube-proxy rules) can be cached. */
  get revision(): number {
    return this.#revision;
  }

  /** Nodes in creation order. */
  nodes(): readonly NodeState[] {
    return this.#nodes;
  }

  /** A node by name. */
  node(name: string): NodeState | undefined {
    return this.#nodesByName.get(name);
  }

  /** How many Pods run on a node. */
  podCount(node: NodeState): number {
    return this.#load.count(node.index);
  }

  /** Namespaces sorted by name. */
  namespaces(): NamespaceState[] {
    return [...this.#namespaces.values()].sort(byName);
  }

  /** A namespace by name. */
  namespace(name: string): NamespaceState | undefined {
    return this.#namespaces.get(name);
  }

  /** Pods, in one namespace or all, sorted by namespace then name (kubectl's order). */
  pods(namespace?: string): PodState[] {
    return [...this.#pods.values()].filter((p) => namespace === undefined || p.namespace === namespace).sort(byNamespaceName);
  }

  /** Number of Pods, without sorting them. */
  get podTotal(): number {
    return this.#pods.size;
  }

  /** A Pod by namespace and name. */
  pod(namespace: string, name: string): PodState | undefined {
    return this.#pods.get(key(namespace, name));
  }

  /** A Pod by UID. */
  podByUID(uid: string): PodState | undefined {
    if (!this.#podsByUID) {
      this.#podsByUID = new Map();
      for (const [k, pod] of this.#pods) this.#podsByUID.set(pod.uid, k);
    }
    const k = this.#podsByUID.get(uid);
    return k === undefined ? undefined : this.#pods.get(k);
  }

  /** The Pod holding a Pod IP, if any (hostNetwork Pods are not indexed). */
  podByIP(ip: number): PodState | undefined {
    return this.#podsByIP.get(ip);
  }

  /** Services sorted by namespace then name. */
  services(namespace?: string): ServiceState[] {
    return [...this.#services.values()].filter((s) => namespace === undefined || s.namespace === namespace).sort(byNamespaceName);
  }

  /** A Service by namespace and name. */
  service(namespace: string, name: string): ServiceState | undefined {
    return this.#services.get(key(namespace, name));
  }

  /** The Service that owns a ClusterIP. */
  serviceByClusterIP(ip: number): ServiceState | undefined {
    const owner = this.#serviceIPs.owner(ip);
    return owner === undefined ? undefined : this.#services.get(owner);
  }

  /** The Service and port index that own a nodePort. */
  serviceByNodePort(port: number): { service: ServiceState; portIndex: number } | undefined {
    const owner = this.#nodePorts.owner(port);
    if (owner === undefined) return undefined;
    const service = this.#services.get(owner);
    const portIndex = service?.nodePorts.indexOf(port) ?? -1;
    return service && portIndex >= 0 ? { service, portIndex } : undefined;
  }

  /** Deployments sorted by namespace then name. */
  deployments(namespace?: string): DeploymentState[] {
    return sortedValues(this.#deployments, namespace);
  }

  /** A Deployment by namespace and name. */
  deployment(namespace: string, name: string): DeploymentState | undefined {
    return this.#deployments.get(key(namespace, name));
  }

  /** ReplicaSets sorted by namespace then name. */
  replicaSets(namespace?: string): ReplicaSetState[] {
    return sortedValues(this.#replicaSets, namespace);
  }

  /** A ReplicaSet by namespace and name. */
  replicaSet(namespace: string, name: string): ReplicaSetState | undefined {
    return this.#replicaSets.get(key(namespace, name));
  }

  /** StatefulSets sorted by namespace then name. */
  statefulSets(namespace?: string): StatefulSetState[] {
    return sortedValues(this.#statefulSets, namespace);
  }

  /** A StatefulSet by namespace and name. */
  statefulSet(namespace: string, name: string): StatefulSetState | undefined {
    return this.#statefulSets.get(key(namespace, name));
  }

  /** The Pods a workload (by UID) owns, sorted by name. */
  podsOwnedBy(uid: string): PodState[] {
    return [...(this.#podsByOwner.get(uid) ?? [])].map((k) => this.#pods.get(k)!).sort(byNamespaceName);
  }

  /** EndpointSlices, in one namespace or all, sorted by namespace then name. */
  endpointSlices(namespace?: string): EndpointSliceState[] {
    const out: EndpointSliceState[] = [];
    for (const list of this.#slices.values()) for (const s of list) if (namespace === undefined || s.namespace === namespace) out.push(s);
    return out.sort(byNamespaceName);
  }

  /** The EndpointSlices of one Service. */
  slicesOf(service: ServiceState): readonly EndpointSliceState[] {
    return this.#slices.get(key(service.namespace, service.name)) ?? [];
  }

  /** Every Pod's life so far (including removed Pods), in creation order. */
  podHistory(): readonly PodSpan[] {
    return [...this.#history.values()];
  }

  /** Every event so far, oldest first. */
  events(): readonly EventRecord[] {
    return this.#events;
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
    const node = this.#nodes[index];
    return node && contains(node.podCIDR, ip) ? node : this.#nodes.find((n) => contains(n.podCIDR, ip));
  }

  /** The node whose InternalIP is `ip`. */
  nodeByIP(ip: number): NodeState | undefined {
    const node = this.#nodes[ip - this.options.nodeNetwork.base - 2];
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
    return pod.phase === "Running" && pod.deletion === undefined && pod.containers.every((c) => c.ready);
  }

  /** The process model of a Pod's container. */
  app(pod: PodState, containerIndex: number): AppModel {
    const spec = pod.spec.containers[containerIndex]!;
    let model = this.#appModels.get(spec);
    if (!model) {
      model = appModel(spec);
      this.#appModels.set(spec, model);
    }
    return model;
  }

  /**
   * The endpoints of one Service port, read from its EndpointSlices as kube-proxy reads them,
   * sorted by `ip:port` text as kube-proxy sorts them.
   */
  endpoints(service: ServiceState, portIndex: number): EndpointState[] {
    const port = service.ports[portIndex];
    if (!port) return [];
    const out: EndpointState[] = [];
    for (const slice of this.slicesOf(service)) {
      const p = slice.ports.find((sp) => sp.name === port.name && sp.protocol === port.protocol);
      if (!p) continue;
      for (const e of slice.endpoints) {
        out.push({
          ip: e.ip,
          port: p.port,
          ready: e.ready,
          serving: e.serving,
          terminating: e.terminating,
          pod: e.podUID ? this.#endpointPod(slice.namespace, e.podName, e.podUID) : undefined,
          nodeName: e.nodeName,
          hostname: e.hostname,
        });
      }
    }
    return out.sort((a, b) => compareText(`${intToIp(a.ip)}:${a.port}`, `${intToIp(b.ip)}:${b.port}`));
  }

  /** The Pod behind an endpoint: the one of that name, if it is still the one of that UID. */
  #endpointPod(namespace: string, name: string | undefined, uid: string): PodState | undefined {
    if (name === undefined) return this.podByUID(uid);
    const pod = this.#pods.get(key(namespace, name));
    return pod?.uid === uid ? pod : undefined;
  }

  /**
   * Every object applied by a notebook, as YAML a learner can `kubectl apply` to a real cluster
   * (Namespaces first, then workloads, then Services).
   */
  manifests(): string {
    const sources = [
      ...this.namespaces().map((n) => n.source),
      ...this.deployments().map((d) => d.source),
      ...this.statefulSets().map((s) => s.source),
      ...this.replicaSets().map((r) => r.source),
      ...this.pods().map((p) => this.podSource(p)),
      ...this.services().map((s) => s.source),
    ];
    const docs: string[] = [];
    for (const source of sources) if (source && Object.keys(source).length) docs.push(toYAML(source, { lineWidth: 0 }).trimEnd());
    return docs.length ? docs.map((d) => `---\n${d}\n`).join("") : "";
  }

  // ---------------------------------------------------------------- changing

  /**
   * Applies manifests as `kubectl apply` does: creates what is new, updates what changed, and
   * leaves identical objects unchanged. All or nothing: an invalid document, or any failure while
   * applying, leaves the cluster exactly as it was.
   */
  apply(input: ManifestInput): ApplyOutcome {
    const raws = parseManifests(input);
    if (raws.length === 0) {
      throw new PodtalkError(ErrorCode.BadRequest, "error: no objects passed to apply: the manifest is empty");
    }
    const validated = raws.map((raw, i) => validateObject(raw, i));
    const lines: string[] = [];
    this.#transaction(() => {
      for (const { object } of validated) lines.push(this.#applyOne(object));
      this.#reconcile();
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
    const resource = resourceFor(kind);
    const k = resource === undefined ? undefined : DELETE_KINDS[resource];
    if (!k) {
      throw new PodtalkError(ErrorCode.BadRequest, `error: the server doesn't have a resource type "${kind}"; podtalk deletes ${Object.values(DELETE_KINDS).join(", ")}`);
    }
    const res = resourceOf(k);
    return this.#transaction(() => {
      switch (k) {
        case "Pod":
          this.#deletePod(name, namespace);
          break;
        case "Deployment": {
          const d = this.#deployments.get(key(namespace, name));
          if (!d) throw notFoundError("deployments.apps", name);
          this.#j.delete(this.#deployments, key(namespace, name));
          for (const rk of this.#replicaSetsByOwner.get(d.uid) ?? []) {
            const rs = this.#replicaSets.get(rk);
            if (rs) this.#deleteWorkloadPods(rs.uid, () => this.#j.delete(this.#replicaSets, rk));
          }
          break;
        }
        case "ReplicaSet": {
          const rs = this.#replicaSets.get(key(namespace, name));
          if (!rs) throw notFoundError("replicasets.apps", name);
          this.#deleteWorkloadPods(rs.uid, () => this.#j.delete(this.#replicaSets, key(namespace, name)));
          break;
        }
        case "StatefulSet": {
          const sts = this.#statefulSets.get(key(namespace, name));
          if (!sts) throw notFoundError("statefulsets.apps", name);
          this.#deleteWorkloadPods(sts.uid, () => this.#j.delete(this.#statefulSets, key(namespace, name)));
          break;
        }
        case "Service":
          this.#deleteService(name, namespace);
          break;
        case "Namespace":
          this.#deleteNamespace(name);
          break;
      }
      this.#reconcile();
      return `${res} "${name}" deleted`;
    });
  }

  /**
   * Deletes a Pod as `kubectl delete pod` does: it is marked Terminating for its grace period and
   * its controller, if any, creates a replacement at once.
   */
  deletePod(name: string, namespace = "default"): PodState {
    this.#transaction(() => {
      this.#deletePod(name, namespace);
      this.#reconcile();
    });
    return this.#pods.get(key(namespace, name))!;
  }

  /**
   * Restarts one container of a Pod as the kubelet does after the process exits: same Pod, same
   * IP, `restartCount` + 1, the previous run in `lastState` (exit code 137, killed).
   */
  restartContainer(podName: string, containerName: string | undefined, namespace = "default"): PodState {
    return this.#transaction(() => {
      const pod = this.#requirePod(podName, namespace);
      const index = this.#containerIndex(pod, containerName);
      const c = pod.containers[index]!;
      if (c.state !== "Running") {
        throw new PodtalkError(ErrorCode.BadRequest, `container ${c.name} of pod ${pod.name} is not running (${c.state}${c.reason ? `: ${c.reason}` : ""}); restart a running container, or advance time`);
      }
      this.#containerExited(pod.namespace, pod.name, index, 137, "Error", undefined);
      this.#reconcile();
      return this.#pods.get(key(namespace, podName))!;
    });
  }

  /**
   * Makes a container's readiness probe succeed or fail from now on (both take effect at once).
   * A not-ready Pod leaves its Services' ready endpoints but keeps running.
   */
  setReady(podName: string, ready: boolean, options: { container?: string; namespace?: string } = {}): PodState {
    const namespace = options.namespace ?? "default";
    return this.#transaction(() => {
      const pod = this.#requirePod(podName, namespace);
      const indexes = options.container === undefined ? pod.containers.map((_, i) => i) : [this.#containerIndex(pod, options.container)];
      const containers = pod.containers.map((c, i) => {
        if (!indexes.includes(i)) return c;
        return { ...c, forcedUnready: !ready, ready: ready && c.state === "Running" && !this.#awaitingReadiness(pod, i) };
      });
      this.#setPod({ ...pod, containers });
      if (!ready) {
        for (const i of indexes) this.#event(namespace, "Warning", "Unhealthy", `pod/${pod.name}`, `Readiness probe failed: container ${pod.containers[i]!.name} is not ready`);
      }
      this.#reconcile();
      return this.#pods.get(key(namespace, podName))!;
    });
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
    this.#transaction(() => {
      const target = this.#now + seconds;
      for (;;) {
        const next = this.#nextTimer_(target);
        if (!next) break;
        this.#now = Math.max(this.#now, next.time);
        this.#j.delete(this.#timers, next.id);
        this.#fire(next);
        this.#reconcile();
      }
      this.#now = target;
      this.#reconcile();
    });
  }

  /** Finds the Pod an exec target names: `name`, `pod/name`, or `deploy/name` (its first Pod). */
  resolvePodTarget(target: string, namespace = "default"): PodState {
    const m = /^(pod|pods|po|deploy|deployment|deployments|sts|statefulset|statefulsets)\/(.+)$/.exec(target);
    if (m && !m[1]!.startsWith("po")) {
      const isSts = m[1]!.startsWith("st");
      const owner = isSts ? this.#statefulSets.get(key(namespace, m[2]!)) : this.#deployments.get(key(namespace, m[2]!));
      if (!owner) throw notFoundError(isSts ? "statefulsets.apps" : "deployments.apps", m[2]!);
      let pods: PodState[];
      if (isSts) pods = this.podsOwnedBy(owner.uid);
      else {
        const d = owner as DeploymentState;
        const rs = this.#replicaSets.get(key(namespace, `${d.name}-${d.templateHash}`));
        pods = rs ? this.podsOwnedBy(rs.uid) : [];
      }
      const pod = pods.find((p) => p.deletion === undefined && p.phase === "Running");
      if (!pod) throw new PodtalkError(ErrorCode.NotFound, `error: ${isSts ? "statefulset" : "deployment"} "${owner.name}" has no running Pods to exec into`);
      return pod;
    }
    const name = m ? m[2]! : target;
    const pod = this.#pods.get(key(namespace, name));
    if (!pod) throw notFoundError("pods", name, this.#podHint(name, namespace));
    return pod;
  }

  // ---------------------------------------------------------------- transactions

  /** Runs `change` so that it either completes or leaves no trace (state, allocators, RNGs). */
  #transaction<T>(change: () => T): T {
    if (this.#journal) return change();
    const journal = new Journal();
    const rngStates = Object.values(this.#rng).map((r) => [r, r.save()] as const);
    const now = this.#now;
    const nextTimer = this.#nextTimer;
    this.#journal = journal;
    try {
      const result = change();
      this.#revision++;
      return result;
    } catch (e) {
      journal.rollback();
      this.#podsByUID = undefined;
      for (const [r, s] of rngStates) r.restore(s);
      this.#now = now;
      this.#nextTimer = nextTimer;
      throw e;
    } finally {
      this.#journal = undefined;
      this.#labelIndexSets = undefined;
      this.#selecting = undefined;
      for (const set of Object.values(this.#dirty)) set.clear();
    }
  }

  get #j(): Journal {
    if (!this.#journal) throw new Error("podtalk internal error: state changed outside a transaction");
    return this.#journal;
  }

  #event(namespace: string, type: EventRecord["type"], reason: string, object: string, message: string): void {
    this.#j.push(this.#events, { time: this.#now, namespace, type, reason, object, message });
  }

  #addToIndex(index: Map<string, Map<string, Set<string>>>, namespace: string, pair: string, value: string): void {
    this.#j.add(this.#indexSet(index, namespace, pair), value);
  }

  /** The set an index holds for a namespace and pair, an empty one made (journaled) if there is none. */
  #indexSet(index: Map<string, Map<string, Set<string>>>, namespace: string, pair: string): Set<string> {
    let byPair = index.get(namespace);
    if (!byPair) {
      byPair = new Map();
      this.#j.set(index, namespace, byPair);
    }
    let set = byPair.get(pair);
    if (!set) {
      set = new Set();
      this.#j.set(byPair, pair, set);
    }
    return set;
  }

  #removeFromIndex(index: Map<string, Map<string, Set<string>>>, namespace: string, pair: string, value: string): void {
    const set = index.get(namespace)?.get(pair);
    if (set) this.#j.remove(set, value);
  }

  // ---------------------------------------------------------------- bootstrap and nodes

  #bootstrap(nodeNames: readonly string[], systemPods: boolean): void {
    nodeNames.forEach((name, index) => this.#addNode(name, index));
    for (const ns of ["default", "kube-node-lease", "kube-public", "kube-system"]) {
      this.#j.set(this.#namespaces, ns, { name: ns, uid: generateUID(this.#rng.uids), creation: 0, deletion: undefined, source: undefined });
    }
    const first = this.#nodes[0]!;
    const meta = (name: string, namespace: string, labels: Record<string, string>) => ({ name, namespace, labels, annotations: {} });
    const svcSpec = (over: Partial<ServiceN["spec"]>): ServiceN["spec"] => ({
      type: "ClusterIP",
      clusterIP: undefined,
      selector: undefined,
      ports: [],
      sessionAffinity: "None",
      sessionAffinityTimeout: 10800,
      externalName: undefined,
      publishNotReadyAddresses: false,
      internalTrafficPolicy: "Cluster",
      ...over,
    });
    // The API server's own Service: first address of the range, port https 443 -> 6443 on the
    // control plane (podtalk runs the control plane on the first node, as a kind cluster does).
    const kubernetes = this.#addService({
      kind: "Service",
      metadata: meta("kubernetes", "default", { component: "apiserver", provider: "kubernetes" }),
      spec: svcSpec({ clusterIP: intToIp(this.options.serviceCIDR.base + 1), ports: [{ name: "https", protocol: "TCP", port: 443, targetPort: 6443, nodePort: undefined }] }),
      source: {},
    });
    this.#j.set(this.#slices, key("default", "kubernetes"), [
      {
        name: "kubernetes",
        namespace: "default",
        service: kubernetes.name,
        ports: [{ name: "https", port: 6443, protocol: "TCP" }],
        endpoints: [{ ip: first.internalIP, ready: true, serving: true, terminating: false, podName: undefined, podUID: undefined, nodeName: undefined, hostname: undefined }],
        creation: 0,
      },
    ]);
    this.#addService({
      kind: "Service",
      metadata: meta("kube-dns", "kube-system", { "k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" }),
      spec: svcSpec({
        clusterIP: intToIp(this.options.dnsServiceIP),
        selector: { "k8s-app": "kube-dns" },
        ports: [
          { name: "dns", protocol: "UDP", port: 53, targetPort: 53, nodePort: undefined },
          { name: "dns-tcp", protocol: "TCP", port: 53, targetPort: 53, nodePort: undefined },
          { name: "metrics", protocol: "TCP", port: 9153, targetPort: 9153, nodePort: undefined },
        ],
      }),
      source: {},
    });
    if (systemPods) {
      const template: PodTemplateN = {
        labels: { "k8s-app": "kube-dns" },
        annotations: {},
        spec: {
          containers: [
            {
              name: "coredns",
              image: COREDNS_IMAGE,
              command: undefined,
              args: ["-conf", "/etc/coredns/Corefile"],
              env: [],
              ports: [
                { name: "dns", containerPort: 53, protocol: "UDP", hostPort: undefined },
                { name: "dns-tcp", containerPort: 53, protocol: "TCP", hostPort: undefined },
                { name: "metrics", containerPort: 9153, protocol: "TCP", hostPort: undefined },
              ],
              readinessProbe: undefined,
            },
          ],
          nodeName: undefined,
          restartPolicy: "Always",
          terminationGracePeriodSeconds: 30,
          dnsPolicy: "Default",
          dnsConfig: undefined,
          hostNetwork: false,
          hostname: undefined,
          subdomain: undefined,
          nodeSelector: { "kubernetes.io/os": "linux" },
        },
      };
      this.#applyDeployment(
        {
          kind: "Deployment",
          metadata: meta("coredns", "kube-system", { "k8s-app": "kube-dns" }),
          spec: { replicas: 2, selector: { matchLabels: { "k8s-app": "kube-dns" }, matchExpressions: [] }, template, maxSurge: "25%", maxUnavailable: 1 },
          source: {},
        },
        false,
      );
    }
    this.#reconcile();
  }

  #addNode(name: string, index: number): void {
    const podCIDR = this.#nodeCIDRs.allocateNext(this.#j);
    const internalIP = this.options.nodeNetwork.base + 2 + index;
    const labels: Record<string, string> = {
      "beta.kubernetes.io/arch": "amd64",
      "beta.kubernetes.io/os": "linux",
      "kubernetes.io/arch": "amd64",
      "kubernetes.io/hostname": name,
      "kubernetes.io/os": "linux",
      ...(index === 0 ? { "node-role.kubernetes.io/control-plane": "" } : {}),
    };
    const node: NodeState = { name, index, internalIP, podCIDR, creation: this.#now, labels };
    this.#j.push(this.#nodes, node);
    this.#j.set(this.#nodesByName, name, node);
    this.#j.push(this.#hostLocal, new HostLocalAllocator(podCIDR, name));
    this.#event("default", "Normal", "RegisteredNode", `node/${name}`, `Node ${name} event: Registered Node ${name} in Controller`);
  }

  // ---------------------------------------------------------------- apply

  #applyOne(object: ObjectN): string {
    const res = resourceOf(object.kind);
    const { name, namespace } = object.metadata;
    if (object.kind === "Namespace") {
      const existing = this.#namespaces.get(name);
      if (existing?.deletion !== undefined) {
        throw new PodtalkError(ErrorCode.Invalid, `Error from server (Forbidden): namespace "${name}" is being terminated; wait for it to go away (cluster.advance("30s")) before creating it again`);
      }
      if (existing) {
        if (canonicalJSON(existing.source ?? {}) === canonicalJSON(object.source)) return `${res}/${name} unchanged`;
        this.#j.set(this.#namespaces, name, { ...existing, source: object.source });
        return `${res}/${name} configured`;
      }
      this.#j.set(this.#namespaces, name, { name, uid: generateUID(this.#rng.uids), creation: this.#now, deletion: undefined, source: object.source });
      return `${res}/${name} created`;
    }
    const ns = this.#namespaces.get(namespace);
    if (!ns) {
      throw notFoundError("namespaces", namespace, `Create it first (kind: Namespace, metadata.name: ${namespace}) or apply it in the same manifest before the objects that use it`);
    }
    if (ns.deletion !== undefined) {
      throw new PodtalkError(ErrorCode.Invalid, `Error from server (Forbidden): unable to create new content in namespace ${namespace} because it is being terminated`);
    }
    switch (object.kind) {
      case "Pod":
        return this.#applyPod(object);
      case "Deployment":
        return `${res}/${name} ${this.#applyDeployment(object, true)}`;
      case "ReplicaSet":
        return `${res}/${name} ${this.#applyReplicaSet(object)}`;
      case "StatefulSet":
        return `${res}/${name} ${this.#applyStatefulSet(object)}`;
      case "Service":
        return `${res}/${name} ${this.#applyService(object)}`;
    }
  }

  #applyPod(obj: PodN): string {
    const { name, namespace } = obj.metadata;
    const existing = this.#pods.get(key(namespace, name));
    if (existing) {
      if (existing.deletion !== undefined) {
        throw new PodtalkError(ErrorCode.AlreadyExists, `Error from server (AlreadyExists): object is being deleted: pods "${name}" already exists; wait for the old Pod to go away (cluster.advance("30s"))`);
      }
      const sameSpec = canonicalJSON(existing.spec) === canonicalJSON(obj.spec);
      if (sameSpec && canonicalJSON(existing.labels) === canonicalJSON(obj.metadata.labels)) return `pod/${name} unchanged`;
      if (!sameSpec) {
        throw new PodtalkError(
          ErrorCode.Invalid,
          `The Pod "${name}" is invalid: spec: Forbidden: pod updates may not change fields other than \`spec.containers[*].image\`,\`spec.initContainers[*].image\`,\`spec.activeDeadlineSeconds\`,\`spec.tolerations\` (only additions to existing tolerations),\`spec.terminationGracePeriodSeconds\` (allow it to be set to 1 if it was previously negative); delete the Pod and apply it again`,
        );
      }
      this.#setPod({ ...existing, labels: obj.metadata.labels });
      return `pod/${name} configured`;
    }
    this.#createPod(name, namespace, obj.metadata.labels, obj.metadata.annotations, obj.spec, undefined, obj.source);
    return `pod/${name} created`;
  }

  #applyDeployment(obj: DeploymentN, userApplied: boolean): string {
    const { name, namespace, labels } = obj.metadata;
    const hash = podTemplateHash({ labels: obj.spec.template.labels, spec: obj.spec.template.spec });
    const existing = this.#deployments.get(key(namespace, name));
    if (existing && canonicalJSON(existing.selector) !== canonicalJSON(obj.spec.selector)) {
      throw new PodtalkError(
        ErrorCode.Invalid,
        `The Deployment "${name}" is invalid: spec.selector: Invalid value: ${JSON.stringify(obj.spec.selector.matchLabels)}: field is immutable; delete the Deployment to change its selector`,
      );
    }
    const next: DeploymentState = {
      uid: existing?.uid ?? generateUID(this.#rng.uids),
      name,
      namespace,
      labels,
      replicas: obj.spec.replicas,
      selector: obj.spec.selector,
      template: obj.spec.template,
      templateHash: hash,
      maxSurge: obj.spec.maxSurge,
      maxUnavailable: obj.spec.maxUnavailable,
      creation: existing?.creation ?? this.#now,
      source: userApplied ? obj.source : undefined,
    };
    return this.#storeWorkload(this.#deployments, this.#dirty.deployments, key(namespace, name), existing, next);
  }

  #applyReplicaSet(obj: ReplicaSetN): string {
    const { name, namespace, labels } = obj.metadata;
    const existing = this.#replicaSets.get(key(namespace, name));
    if (existing && canonicalJSON(existing.selector) !== canonicalJSON(obj.spec.selector)) {
      throw new PodtalkError(ErrorCode.Invalid, `The ReplicaSet "${name}" is invalid: spec.selector: Invalid value: ${JSON.stringify(obj.spec.selector.matchLabels)}: field is immutable`);
    }
    const next: ReplicaSetState = {
      uid: existing?.uid ?? generateUID(this.#rng.uids),
      name,
      namespace,
      labels,
      owner: existing?.owner,
      replicas: obj.spec.replicas,
      selector: obj.spec.selector,
      template: obj.spec.template,
      templateHash: existing?.templateHash,
      creation: existing?.creation ?? this.#now,
      source: obj.source,
    };
    return this.#storeWorkload(this.#replicaSets, this.#dirty.replicaSets, key(namespace, name), existing, next);
  }

  /**
   * Stores a workload applied again or anew and wakes its controller, unless nothing changed;
   * kubectl's word for what happened.
   */
  #storeWorkload<T>(map: Map<string, T>, dirty: Set<string>, k: string, existing: T | undefined, next: T): string {
    if (existing && canonicalJSON(existing) === canonicalJSON(next)) return "unchanged";
    this.#j.set(map, k, next);
    dirty.add(k);
    return existing ? "configured" : "created";
  }

  #applyStatefulSet(obj: StatefulSetN): string {
    const { name, namespace, labels } = obj.metadata;
    const existing = this.#statefulSets.get(key(namespace, name));
    if (existing && (canonicalJSON(existing.selector) !== canonicalJSON(obj.spec.selector) || existing.serviceName !== obj.spec.serviceName || existing.podManagementPolicy !== obj.spec.podManagementPolicy)) {
      throw new PodtalkError(
        ErrorCode.Invalid,
        `The StatefulSet "${name}" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden`,
      );
    }
    const next: StatefulSetState = {
      uid: existing?.uid ?? generateUID(this.#rng.uids),
      name,
      namespace,
      labels,
      replicas: obj.spec.replicas,
      selector: obj.spec.selector,
      template: obj.spec.template,
      serviceName: obj.spec.serviceName,
      podManagementPolicy: obj.spec.podManagementPolicy,
      revision: `${name}-${podTemplateHash({ labels: obj.spec.template.labels, spec: obj.spec.template.spec })}`,
      creation: existing?.creation ?? this.#now,
      source: obj.source,
    };
    return this.#storeWorkload(this.#statefulSets, this.#dirty.statefulSets, key(namespace, name), existing, next);
  }

  #applyService(obj: ServiceN): string {
    const { name, namespace } = obj.metadata;
    const existing = this.#services.get(key(namespace, name));
    if (!existing) {
      this.#addService(obj);
      return "created";
    }
    const wantsHeadless = obj.spec.clusterIP === "None";
    if (obj.spec.type !== "ExternalName" && existing.type !== "ExternalName") {
      const current = existing.headless ? "None" : existing.clusterIP !== undefined ? intToIp(existing.clusterIP) : undefined;
      if (obj.spec.clusterIP !== undefined && obj.spec.clusterIP !== current) {
        throw new PodtalkError(
          ErrorCode.Invalid,
          `The Service "${name}" is invalid: spec.clusterIPs[0]: Invalid value: []string{"${obj.spec.clusterIP}"}: may not change once set`,
        );
      }
    }
    if (existing.headless !== wantsHeadless && obj.spec.clusterIP !== undefined) {
      throw new PodtalkError(ErrorCode.Invalid, `The Service "${name}" is invalid: spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set`);
    }
    // Rebuild, keeping the addresses it already holds.
    const next = this.#buildService(obj, existing);
    if (canonicalJSON(next) === canonicalJSON(existing)) return "unchanged";
    this.#unindexService(existing);
    this.#j.set(this.#services, key(namespace, name), next);
    this.#indexService(next);
    this.#dirty.services.add(key(namespace, name));
    return "configured";
  }

  #addService(obj: ServiceN): ServiceState {
    const svc = this.#buildService(obj, undefined);
    this.#j.set(this.#services, key(svc.namespace, svc.name), svc);
    this.#indexService(svc);
    this.#dirty.services.add(key(svc.namespace, svc.name));
    return svc;
  }

  /** A Service record from its manifest, allocating (or keeping) its ClusterIP and nodePorts. */
  #buildService(obj: ServiceN, existing: ServiceState | undefined): ServiceState {
    const { name, namespace } = obj.metadata;
    const owner = key(namespace, name);
    const spec = obj.spec;
    const headless = spec.clusterIP === "None" || (existing?.headless === true && spec.clusterIP === undefined);
    let clusterIP: number | undefined = existing?.clusterIP;
    if (spec.type === "ExternalName") {
      if (clusterIP !== undefined) this.#serviceIPs.release(clusterIP, this.#j);
      clusterIP = undefined;
    } else if (!headless && clusterIP === undefined) {
      if (spec.clusterIP !== undefined) {
        if (!isIPv4(spec.clusterIP)) {
          throw new PodtalkError(ErrorCode.Invalid, `The Service "${name}" is invalid: spec.clusterIPs[0]: Invalid value: "${spec.clusterIP}": must be a valid IP address`);
        }
        clusterIP = ipToInt(spec.clusterIP);
        try {
          this.#serviceIPs.allocateSpecific(clusterIP, owner, this.#j);
        } catch (e) {
          throw new PodtalkError(ErrorCode.Invalid, `The Service "${name}" is invalid: ${(e as Error).message}`);
        }
      } else {
        clusterIP = this.#serviceIPs.allocateNext(owner, this.#rng.clusterIPs, this.#j);
      }
    }
    // nodePorts: keep the ones held for the same port, allocate the rest, free the leftovers.
    const nodePorts: (number | undefined)[] = [];
    const held = new Map<string, number>();
    existing?.ports.forEach((p, i) => {
      const np = existing.nodePorts[i];
      if (np !== undefined) held.set(`${p.port}/${p.protocol}`, np);
    });
    spec.ports.forEach((p, i) => {
      if (spec.type !== "NodePort") {
        nodePorts.push(undefined);
        return;
      }
      const keep = held.get(`${p.port}/${p.protocol}`);
      if (p.nodePort !== undefined && p.nodePort !== keep) {
        if (p.nodePort < 30000 || p.nodePort > 32767) {
          throw new PodtalkError(ErrorCode.Invalid, `The Service "${name}" is invalid: spec.ports[${i}].nodePort: Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is 30000-32767`);
        }
        const holder = this.#nodePorts.owner(p.nodePort);
        if (holder !== undefined && holder !== owner) {
          throw new PodtalkError(ErrorCode.Invalid, `The Service "${name}" is invalid: spec.ports[${i}].nodePort: Invalid value: ${p.nodePort}: provided port is already allocated`);
        }
        this.#nodePorts.allocateSpecific(p.nodePort, owner, this.#j);
        nodePorts.push(p.nodePort);
      } else if (keep !== undefined) {
        held.delete(`${p.port}/${p.protocol}`);
        nodePorts.push(keep);
      } else {
        nodePorts.push(this.#nodePorts.allocateNext(owner, this.#rng.nodePorts, this.#j));
      }
    });
    for (const np of held.values()) if (!nodePorts.includes(np)) this.#nodePorts.release(np, this.#j);
    return {
      uid: existing?.uid ?? generateUID(this.#rng.uids),
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
      creation: existing?.creation ?? this.#now,
      source: Object.keys(obj.source).length ? obj.source : existing?.source,
    };
  }

  #indexService(svc: ServiceState): void {
    this.#selecting = undefined;
    if (!svc.selector) return;
    for (const pair of labelPairs(svc.selector)) this.#addToIndex(this.#serviceSelectorIndex, svc.namespace, pair, key(svc.namespace, svc.name));
  }

  #unindexService(svc: ServiceState): void {
    this.#selecting = undefined;
    if (!svc.selector) return;
    for (const pair of labelPairs(svc.selector)) this.#removeFromIndex(this.#serviceSelectorIndex, svc.namespace, pair, key(svc.namespace, svc.name));
  }

  // ---------------------------------------------------------------- delete

  #requirePod(name: string, namespace: string): PodState {
    const pod = this.#pods.get(key(namespace, name));
    if (!pod) throw notFoundError("pods", name, this.#podHint(name, namespace));
    return pod;
  }

  #containerIndex(pod: PodState, name: string | undefined): number {
    if (name === undefined) return 0;
    const i = pod.containers.findIndex((c) => c.name === name);
    if (i < 0) {
      throw new PodtalkError(ErrorCode.BadRequest, `error: container ${name} not found in pod ${pod.name}; choose one of: ${pod.containers.map((c) => c.name).join(", ")}`);
    }
    return i;
  }

  #deletePod(name: string, namespace: string): void {
    const pod = this.#requirePod(name, namespace);
    this.#terminatePod(pod);
  }

  /** Marks a Pod Terminating: containers get SIGTERM, readiness drops, removal after the grace period. */
  #terminatePod(pod: PodState): void {
    if (pod.deletion !== undefined) return;
    const containers = pod.containers.map((c) => ({ ...c, ready: false }));
    this.#setPod({ ...pod, deletion: this.#now, containers });
    if (pod.nodeName === undefined || pod.spec.terminationGracePeriodSeconds <= 0) {
      this.#removePod(this.#pods.get(key(pod.namespace, pod.name))!);
      return;
    }
    this.#event(pod.namespace, "Normal", "Killing", `pod/${pod.name}`, `Stopping container ${pod.containers.map((c) => c.name).join(", ")}`);
    this.#addTimer(this.#now + pod.spec.terminationGracePeriodSeconds, "remove-pod", pod, -1, 0);
  }

  #deleteWorkloadPods(uid: string, removeOwner: () => void): void {
    removeOwner();
    for (const pod of this.podsOwnedBy(uid)) this.#terminatePod(pod);
  }

  #deleteService(name: string, namespace: string): void {
    const svc = this.#services.get(key(namespace, name));
    if (!svc) throw notFoundError("services", name);
    if (svc.clusterIP !== undefined) this.#serviceIPs.release(svc.clusterIP, this.#j);
    for (const np of svc.nodePorts) if (np !== undefined) this.#nodePorts.release(np, this.#j);
    this.#unindexService(svc);
    this.#j.delete(this.#services, key(namespace, name));
    this.#j.delete(this.#slices, key(namespace, name));
  }

  #deleteNamespace(name: string): void {
    const ns = this.#namespaces.get(name);
    if (!ns) throw notFoundError("namespaces", name);
    if (["default", "kube-system", "kube-public", "kube-node-lease"].includes(name)) {
      throw new PodtalkError(ErrorCode.BadRequest, `Error from server (Forbidden): namespaces "${name}" is forbidden: this namespace may not be deleted`);
    }
    if (ns.deletion !== undefined) return;
    this.#j.set(this.#namespaces, name, { ...ns, deletion: this.#now });
    for (const d of this.deployments(name)) this.#j.delete(this.#deployments, key(name, d.name));
    for (const s of this.statefulSets(name)) this.#j.delete(this.#statefulSets, key(name, s.name));
    for (const r of this.replicaSets(name)) this.#j.delete(this.#replicaSets, key(name, r.name));
    for (const s of this.services(name)) this.#deleteService(s.name, name);
    for (const p of this.pods(name)) this.#terminatePod(p);
    this.#dirty.namespaces.add(name);
  }

  // ---------------------------------------------------------------- Pods and kubelets

  #setPod(pod: PodState): void {
    const k = key(pod.namespace, pod.name);
    const old = this.#pods.get(k);
    if (old === undefined) this.#insertPod(pod, k);
    else {
      this.#j.set(this.#pods, k, pod);
      if (old.uid !== pod.uid) this.#podsByUID = undefined;
      if (pod.podIP !== undefined && !pod.spec.hostNetwork && this.#podsByIP.get(pod.podIP) !== pod) this.#j.set(this.#podsByIP, pod.podIP, pod);
      const oldLabels = old.uid === pod.uid ? old.labels : undefined;
      if (oldLabels !== pod.labels) {
        if (oldLabels) for (const pair of labelPairs(oldLabels)) this.#removeFromIndex(this.#podLabelIndex, pod.namespace, pair, k);
        for (const pair of labelPairs(pod.labels)) this.#j.add(this.#indexSet(this.#podLabelIndex, pod.namespace, pair), k);
      }
      if (pod.owner && (old.uid !== pod.uid || old.owner?.uid !== pod.owner.uid)) this.#j.add(this.#ownedPods(pod.owner.uid), k);
    }
    const sameUID = old?.uid === pod.uid;
    const oldLabels = sameUID ? old!.labels : undefined;
    if (this.options.podEvents) this.#record(sameUID ? old : undefined, pod);
    // Only what Services and controllers look at wakes them: address, phase, readiness, deletion.
    if (!sameUID || oldLabels !== pod.labels || !sameEndpointView(old!, pod)) {
      this.#touchServicesOf(pod, oldLabels);
      if (pod.owner) this.#touchOwner(pod.owner, pod.namespace);
    }
  }

  /**
   * Stores a Pod under a key no Pod holds, with its index entries, and records one journal entry
   * (`#forgetPod`) that takes them all back: a large apply creates many Pods. An index entry that
   * was there already gets its own journal entry, so the rollback restores it.
   */
  #insertPod(pod: PodState, k: string): void {
    this.#pods.set(k, pod);
    this.#podsByUID = undefined;
    if (pod.podIP !== undefined && !pod.spec.hostNetwork) {
      if (this.#podsByIP.has(pod.podIP)) this.#j.set(this.#podsByIP, pod.podIP, pod);
      else this.#podsByIP.set(pod.podIP, pod);
    }
    let memo = this.#labelIndexSets;
    if (memo?.namespace !== pod.namespace || memo.labels !== pod.labels) {
      const sets = labelPairs(pod.labels).map((pair) => this.#indexSet(this.#podLabelIndex, pod.namespace, pair));
      memo = { namespace: pod.namespace, labels: pod.labels, sets };
      this.#labelIndexSets = memo;
    }
    for (const set of memo.sets) this.#insertKey(set, k);
    if (pod.owner) this.#insertKey(this.#ownedPods(pod.owner.uid), k);
    this.#j.call(this.#forgetPod, pod, k);
  }

  /** Adds `k` to an index set for `#insertPod`; if it was there already, the rollback puts it back after `#forgetPod`. */
  #insertKey(set: Set<string>, k: string): void {
    if (set.has(k)) this.#j.record(() => set.add(k));
    else set.add(k);
  }

  /** Takes back `#insertPod`, when the state is again what `#insertPod` left. */
  readonly #forgetPod = (pod: PodState, k: string): void => {
    this.#pods.delete(k);
    this.#podsByUID = undefined;
    if (pod.podIP !== undefined && this.#podsByIP.get(pod.podIP) === pod) this.#podsByIP.delete(pod.podIP);
    const index = this.#podLabelIndex.get(pod.namespace);
    for (const pair of labelPairs(pod.labels)) index?.get(pair)?.delete(k);
    if (pod.owner) this.#podsByOwner.get(pod.owner.uid)?.delete(k);
  };

  /** The keys of the Pods a workload owns, an empty set made (journaled) if there is none. */
  #ownedPods(uid: string): Set<string> {
    let set = this.#podsByOwner.get(uid);
    if (!set) {
      set = new Set();
      this.#j.set(this.#podsByOwner, uid, set);
    }
    return set;
  }

  /** Updates a Pod's span: address, readiness intervals, restarts, termination. */
  #record(old: PodState | undefined, pod: PodState): void {
    const span = this.#history.get(pod.uid);
    const wasReady = old ? this.isPodReady(old) : false;
    const isReady = this.isPodReady(pod);
    const restarts = (p: PodState | undefined) => (p ? p.containers.reduce((n, c) => n + c.restartCount, 0) : 0);
    const next: PodSpan = span
      ? { ...span }
      : { uid: pod.uid, name: pod.name, namespace: pod.namespace, node: pod.nodeName, ip: pod.podIP, created: this.#now, ready: [], restarts: [], terminating: undefined, removed: undefined };
    let changed = !span;
    if (next.node !== pod.nodeName || next.ip !== pod.podIP) (Object.assign(next, { node: pod.nodeName, ip: pod.podIP }), (changed = true));
    if (isReady && !wasReady) (Object.assign(next, { ready: [...next.ready, { start: this.#now, end: undefined }] }), (changed = true));
    if (!isReady && wasReady && next.ready.length) {
      const last = next.ready[next.ready.length - 1]!;
      Object.assign(next, { ready: [...next.ready.slice(0, -1), { start: last.start, end: this.#now }] });
      changed = true;
    }
    for (let i = restarts(old); i < restarts(pod); i++) (Object.assign(next, { restarts: [...next.restarts, this.#now] }), (changed = true));
    if (pod.deletion !== undefined && next.terminating === undefined) (Object.assign(next, { terminating: pod.deletion }), (changed = true));
    if (changed) this.#j.set(this.#history, pod.uid, next);
  }

  #removePod(pod: PodState): void {
    const k = key(pod.namespace, pod.name);
    const span = this.#history.get(pod.uid);
    if (span) {
      const ready = span.ready.length && span.ready[span.ready.length - 1]!.end === undefined ? [...span.ready.slice(0, -1), { start: span.ready[span.ready.length - 1]!.start, end: this.#now }] : span.ready;
      this.#j.set(this.#history, pod.uid, { ...span, ready, removed: this.#now });
    }
    this.#j.delete(this.#pods, k);
    this.#podsByUID = undefined;
    if (pod.podIP !== undefined && this.#podsByIP.get(pod.podIP)?.uid === pod.uid) this.#j.delete(this.#podsByIP, pod.podIP);
    for (const [lk, v] of Object.entries(pod.labels)) this.#removeFromIndex(this.#podLabelIndex, pod.namespace, `${lk}=${v}`, k);
    if (pod.owner) {
      const set = this.#podsByOwner.get(pod.owner.uid);
      if (set) this.#j.remove(set, k);
      this.#touchOwner(pod.owner, pod.namespace);
    }
    this.#j.remove(this.#unscheduled, k);
    if (pod.nodeName !== undefined) {
      this.#capacityFreed = true;
      const node = this.#nodesByName.get(pod.nodeName)!;
      this.#load.add(node.index, -1);
      this.#j.call(this.#changeLoad, node.index, 1);
      if (!pod.spec.hostNetwork && pod.podIP !== undefined) this.#hostLocal[node.index]!.release(pod.podIP, this.#j);
    }
    this.#touchServicesOf(pod, undefined);
    if (this.#namespaces.get(pod.namespace)?.deletion !== undefined) this.#dirty.namespaces.add(pod.namespace);
  }

  /** Marks the Services whose selectors may match `pod` (now or before) for the EndpointSlice controller. */
  #touchServicesOf(pod: PodState, oldLabels: PodState["labels"] | undefined): void {
    const index = this.#serviceSelectorIndex.get(pod.namespace);
    if (!index) return;
    this.#touchServicesSelecting(index, pod.labels);
    if (oldLabels) this.#touchServicesSelecting(index, oldLabels);
  }

  #touchServicesSelecting(index: Map<string, Set<string>>, labels: PodState["labels"]): void {
    let memo = this.#selecting;
    if (memo?.index !== index || memo.labels !== labels) {
      const services: string[] = [];
      for (const pair of labelPairs(labels)) {
        const set = index.get(pair);
        if (set) for (const s of set) services.push(s);
      }
      memo = { index, labels, services };
      this.#selecting = memo;
    }
    for (const s of memo.services) this.#dirty.services.add(s);
  }

  #touchOwner(owner: OwnerRef, namespace: string): void {
    const k = ownerKey(owner, namespace);
    if (owner.kind === "ReplicaSet") {
      this.#dirty.replicaSets.add(k);
      const rs = this.#replicaSets.get(k);
      if (rs?.owner) this.#dirty.deployments.add(ownerKey(rs.owner, namespace));
    } else if (owner.kind === "StatefulSet") this.#dirty.statefulSets.add(k);
  }

  /**
   * Creates a Pod: the scheduler picks a node (spreading an owner's Pods, then balancing), the CNI
   * plugin allocates an IP, and the kubelet starts the containers. Simplification: images are
   * present and containers start at once, so a new Pod runs in the same step (a real one takes
   * seconds).
   */
  #createPod(
    name: string,
    namespace: string,
    labels: PodState["labels"],
    annotations: PodState["annotations"],
    spec: PodSpecN,
    owner: OwnerRef | undefined,
    source: Readonly<Record<string, unknown>> | undefined,
    spread?: NodeSpread,
  ): void {
    const uid = generateUID(this.#rng.uids);
    const node = this.#schedule(spec, owner, spread);
    const containers: ContainerState[] = spec.containers.map((c) => ({
      name: c.name,
      image: c.image,
      ports: c.ports,
      state: "Waiting",
      reason: "ContainerCreating",
      message: undefined,
      exitCode: undefined,
      startedAt: undefined,
      finishedAt: undefined,
      ready: false,
      restartCount: 0,
      lastState: undefined,
      backoffSeconds: 0,
      forcedUnready: false,
    }));
    const pending: PodState = {
      uid, name, namespace, labels, annotations, owner, nodeName: undefined, podIP: undefined, hostIP: undefined,
      phase: "Pending", creation: this.#now, deletion: undefined, spec, containers, veth: undefined, unschedulable: node.reason,
    };
    if (source) this.#rememberSource(namespace, name, source);
    const refusal = node.node && spec.nodeName !== undefined && !owner ? this.#admission(spec, node.node) : undefined;
    if (refusal) {
      // A Pod pinned with nodeName skips the scheduler; the kubelet's admission refuses it.
      this.#setPod({ ...pending, phase: "Failed", rejected: refusal.reason, unschedulable: refusal.message });
      this.#event(namespace, "Warning", refusal.reason, `pod/${name}`, refusal.message);
      return;
    }
    if (!node.node) {
      this.#setPod(pending);
      this.#event(namespace, "Warning", "FailedScheduling", `pod/${name}`, node.reason!);
      this.#j.add(this.#unscheduled, key(namespace, name));
      return;
    }
    this.#bind(pending, node.node);
    spread?.add(node.node.index);
  }

  /** Binds a Pod to a node: the CNI plugin allocates its IP and the kubelet starts its containers. */
  #bind(pending: PodState, n: NodeState): void {
    const { name, namespace, spec } = pending;
    if (this.#unscheduled.size > 0) this.#j.remove(this.#unscheduled, key(namespace, name));
    const podIP = spec.hostNetwork ? n.internalIP : this.#hostLocal[n.index]!.allocate(this.#j);
    this.#load.add(n.index, 1);
    this.#j.call(this.#changeLoad, n.index, -1);
    const bound: PodState = {
      ...pending,
      nodeName: n.name,
      podIP,
      hostIP: n.internalIP,
      veth: spec.hostNetwork ? undefined : generateVethName(this.#rng.veths),
      unschedulable: undefined,
    };
    if (this.options.podEvents) this.#event(namespace, "Normal", "Scheduled", `pod/${name}`, `Successfully assigned ${namespace}/${name} to ${n.name}`);
    this.#startContainers(bound, allIndexes(spec.containers.length), true);
  }

  /** Bare Pods keep the manifest they were applied with, for `manifests()`. */
  readonly #podSources = new Map<string, Readonly<Record<string, unknown>>>();
  #rememberSource(namespace: string, name: string, source: Readonly<Record<string, unknown>> | undefined): void {
    if (source) this.#j.set(this.#podSources, key(namespace, name), source);
  }

  /** The manifest a bare Pod was applied with. */
  podSource(pod: PodState): Readonly<Record<string, unknown>> | undefined {
    return pod.owner ? undefined : this.#podSources.get(key(pod.namespace, pod.name));
  }

  /**
   * The kubelet's admission checks for a Pod bound to `node`: room for one more Pod, and free
   * host ports.
   *
   * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/lifecycle/predicate.go
   */
  #admission(spec: PodSpecN, node: NodeState): { reason: string; message: string } | undefined {
    const used = this.#load.count(node.index);
    if (used >= MAX_PODS_PER_NODE) {
      return { reason: "OutOfpods", message: `Node didn't have enough resource: pods, requested: 1, used: ${used}, capacity: ${MAX_PODS_PER_NODE}` };
    }
    const wanted = spec.containers.flatMap((c) => c.ports.filter((p) => p.hostPort !== undefined).map((p) => `${p.protocol}/${p.hostPort}`));
    if (wanted.length) {
      for (const other of this.#pods.values()) {
        if (other.nodeName !== node.name || other.deletion !== undefined || other.phase === "Failed") continue;
        for (const c of other.spec.containers) {
          for (const p of c.ports) {
            if (p.hostPort !== undefined && wanted.includes(`${p.protocol}/${p.hostPort}`)) {
              return { reason: "NodePorts", message: "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports" };
            }
          }
        }
      }
    }
    return undefined;
  }

  /**
   * The node a new Pod goes to: the node it names, the least loaded node its nodeSelector
   * allows, or the node that spreads its owner's Pods best (`spread`: the owner's Pods counted
   * already, by a controller creating several).
   */
  #schedule(spec: PodSpecN, owner: OwnerRef | undefined, spread?: NodeSpread): { node?: NodeState; reason?: string } {
    if (spec.nodeName !== undefined) {
      const node = this.#nodesByName.get(spec.nodeName);
      if (!node) {
        throw new PodtalkError(ErrorCode.BadRequest, `spec.nodeName "${spec.nodeName}" names no node: this cluster has ${this.#nodes.map((n) => n.name).join(", ")}`);
      }
      return { node };
    }
    const selector = spec.nodeSelector;
    if (selector) {
      // A nodeSelector narrows the candidates; among them, the least loaded node wins.
      const fits = this.#nodes.filter((n) => selects(selector, n.labels));
      const n = this.#nodes.length;
      if (fits.length === 0) {
        return { reason: `0/${n} nodes are available: ${n} node(s) didn't match Pod's node affinity/selector. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.` };
      }
      const best = fits.filter((x) => this.#load.count(x.index) < MAX_PODS_PER_NODE).sort((a, b) => this.#load.count(a.index) - this.#load.count(b.index) || a.index - b.index)[0];
      if (!best) return { reason: `0/${n} nodes are available: ${fits.length} Too many pods, ${n - fits.length} node(s) didn't match Pod's node affinity/selector.` };
      return { node: best };
    }
    // Spread an owner's Pods: prefer nodes holding the fewest of them, then the least loaded.
    const counted = spread ?? this.#countOwned(owner);
    const pick = this.#load.pick(MAX_PODS_PER_NODE, counted);
    if (!spread) counted.clear();
    if (pick < 0) {
      const n = this.#nodes.length;
      return { reason: `0/${n} nodes are available: ${n} Too many pods. preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod.` };
    }
    return { node: this.#nodes[pick]! };
  }

  /**
   * Counts where an owner's Pods run (those bound and not terminating), in `#ownerSpread`: the
   * caller clears it when done.
   */
  #countOwned(owner: OwnerRef | undefined): NodeSpread {
    const spread = this.#ownerSpread;
    const owned = owner && this.#podsByOwner.get(owner.uid);
    if (owned) {
      for (const k of owned) {
        const p = this.#pods.get(k)!;
        if (p.deletion === undefined && p.nodeName !== undefined) spread.add(this.#nodesByName.get(p.nodeName)!.index);
      }
    }
    return spread;
  }

  #updateContainer(namespace: string, name: string, index: number, change: Partial<ContainerState>): PodState {
    const pod = this.#pods.get(key(namespace, name))!;
    const containers = pod.containers.map((c, i) => (i === index ? { ...c, ...change } : c));
    const next = { ...pod, containers, phase: podPhase(pod.spec, containers) };
    this.#setPod(next);
    return next;
  }

  #awaitingReadiness(pod: PodState, index: number): boolean {
    const probe = pod.spec.containers[index]!.readinessProbe;
    const c = pod.containers[index]!;
    return probe !== undefined && c.startedAt !== undefined && this.#now < c.startedAt + probe.initialDelaySeconds;
  }

  /** Starts (or restarts) container `index` of a stored Pod. */
  #startContainer(namespace: string, name: string, index: number, first: boolean): void {
    this.#startContainers(this.#pods.get(key(namespace, name))!, [index], first);
  }

  /**
   * Starts containers of `base` (a Pod record, stored or about to be) in order, storing the Pod
   * once: each process binds its ports (a port already held fails with EADDRINUSE), readiness
   * follows the probe's initial delay, and a process that ends gets its exit scheduled.
   */
  #startContainers(base: PodState, indexes: readonly number[], first: boolean): void {
    const { namespace, name } = base;
    const containers = [...base.containers];
    let failed: [number, string][] | undefined;
    for (const index of indexes) {
      const spec = base.spec.containers[index]!;
      if (this.options.podEvents || !first) {
        const obj = `pod/${name}`;
        this.#event(namespace, "Normal", "Pulled", obj, `Container image "${spec.image}" already present on machine`);
        this.#event(namespace, "Normal", "Created", obj, `Created container ${spec.name}`);
        this.#event(namespace, "Normal", "Started", obj, `Started container ${spec.name}`);
      }
      const app = this.app(base, index);
      const conflict = this.#portConflict(base, containers, index, app);
      const probe = spec.readinessProbe;
      const c = containers[index]!;
      const ready = (!probe || probe.initialDelaySeconds === 0) && !c.forcedUnready && conflict === undefined;
      containers[index] = {
        name: c.name,
        image: c.image,
        ports: c.ports,
        state: "Running",
        reason: undefined,
        message: undefined,
        exitCode: undefined,
        startedAt: this.#now,
        finishedAt: undefined,
        ready,
        restartCount: c.restartCount,
        lastState: c.lastState,
        backoffSeconds: c.backoffSeconds,
        forcedUnready: c.forcedUnready,
      };
      // A process that cannot bind its port exits at once (Linux errno 98, EADDRINUSE).
      if (conflict !== undefined) (failed ??= []).push([index, app.bindErrorMessage(conflict)]);
    }
    const pod = withContainers(base, containers);
    this.#setPod(pod);
    for (const index of indexes) {
      if (failed?.some(([i]) => i === index)) continue;
      const app = this.app(pod, index);
      const probe = pod.spec.containers[index]!.readinessProbe;
      const generation = containers[index]!.restartCount;
      if (probe && probe.initialDelaySeconds > 0) this.#addTimer(this.#now + probe.initialDelaySeconds, "container-ready", pod, index, generation);
      if (app.exit && app.exit.afterSeconds > 0) this.#addTimer(this.#now + app.exit.afterSeconds, "container-exit", pod, index, generation);
    }
    if (failed) for (const [index, message] of failed) this.#containerExited(namespace, name, index, 1, "Error", message);
    for (const index of indexes) {
      const exit = this.app(pod, index).exit;
      if (!exit || exit.afterSeconds > 0) continue;
      const now = this.#pods.get(key(namespace, name))!.containers[index]!;
      if (now.state === "Running" && now.restartCount === containers[index]!.restartCount) {
        this.#containerExited(namespace, name, index, exit.code, exit.code === 0 ? "Completed" : "Error", undefined);
      }
    }
  }

  /** The first port container `index` cannot bind because another running container (or hostNetwork Pod) holds it. */
  #portConflict(pod: PodState, containers: readonly ContainerState[], index: number, app: AppModel): number | undefined {
    if (app.listeners.length === 0) return undefined;
    let held: Set<string> | undefined;
    containers.forEach((c, i) => {
      if (i === index || c.state !== "Running") return;
      for (const l of this.app(pod, i).listeners) (held ??= new Set()).add(`${l.protocol}/${l.port}`);
    });
    if (pod.spec.hostNetwork && pod.nodeName !== undefined) {
      for (const other of this.#pods.values()) {
        if (other === pod || !other.spec.hostNetwork || other.nodeName !== pod.nodeName || other.deletion !== undefined) continue;
        other.containers.forEach((c, i) => {
          if (c.state === "Running") for (const l of this.app(other, i).listeners) (held ??= new Set()).add(`${l.protocol}/${l.port}`);
        });
      }
    }
    if (!held) return undefined;
    const taken = held;
    return app.listeners.find((l) => taken.has(`${l.protocol}/${l.port}`))?.port;
  }

  /**
   * A container's process ended. The kubelet restarts it per restartPolicy: at once the first time,
   * then after a back-off of 10 s doubling to 300 s (CrashLoopBackOff), reset after 10 minutes of
   * healthy running.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts
   */
  #containerExited(namespace: string, name: string, index: number, exitCode: number, reason: string, message: string | undefined): void {
    const pod = this.#pods.get(key(namespace, name))!;
    const c = pod.containers[index]!;
    const termination: Termination = { exitCode, reason, message, startedAt: c.startedAt ?? this.#now, finishedAt: this.#now };
    const restart = pod.deletion === undefined && (pod.spec.restartPolicy === "Always" || (pod.spec.restartPolicy === "OnFailure" && exitCode !== 0));
    if (!restart) {
      this.#updateContainer(namespace, name, index, { state: "Terminated", reason, message, exitCode, finishedAt: this.#now, ready: false });
      return;
    }
    const healthy = c.startedAt !== undefined && this.#now - c.startedAt >= BACKOFF.resetAfter;
    const backoff = healthy ? 0 : c.backoffSeconds;
    if (backoff === 0) {
      this.#updateContainer(namespace, name, index, { lastState: termination, restartCount: c.restartCount + 1, backoffSeconds: BACKOFF.initial, ready: false });
      this.#startContainer(namespace, name, index, false);
      return;
    }
    const waiting = this.#updateContainer(namespace, name, index, {
      state: "Waiting",
      reason: "CrashLoopBackOff",
      message: `back-off ${formatGoDuration(backoff)} restarting failed container=${c.name} pod=${name}_${namespace}(${pod.uid})`,
      exitCode: undefined,
      startedAt: undefined,
      finishedAt: undefined,
      ready: false,
      lastState: termination,
    });
    this.#event(namespace, "Warning", "BackOff", `pod/${name}`, `Back-off restarting failed container ${c.name} in pod ${name}_${namespace}(${pod.uid})`);
    this.#addTimer(this.#now + backoff, "container-restart", waiting, index, waiting.containers[index]!.restartCount);
  }

  #addTimer(time: number, kind: Timer["kind"], pod: PodState, container: number, generation: number): void {
    const id = this.#nextTimer++;
    this.#j.set(this.#timers, id, { id, time, kind, podKey: key(pod.namespace, pod.name), podUID: pod.uid, container, generation });
  }

  #nextTimer_(limit: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.#timers.values()) {
      if (t.time > limit) continue;
      if (!best || t.time < best.time || (t.time === best.time && t.id < best.id)) best = t;
    }
    return best;
  }

  #fire(t: Timer): void {
    const pod = this.#pods.get(t.podKey);
    if (!pod || pod.uid !== t.podUID) return;
    if (t.kind === "remove-pod") {
      this.#removePod(pod);
      return;
    }
    const c = pod.containers[t.container];
    if (!c || c.restartCount !== t.generation) return;
    switch (t.kind) {
      case "container-ready":
        if (c.state === "Running" && !c.forcedUnready && pod.deletion === undefined) this.#updateContainer(pod.namespace, pod.name, t.container, { ready: true });
        break;
      case "container-exit":
        if (c.state === "Running") {
          const code = this.app(pod, t.container).exit?.code ?? 0;
          this.#containerExited(pod.namespace, pod.name, t.container, code, code === 0 ? "Completed" : "Error", undefined);
        }
        break;
      case "container-restart":
        if (c.state === "Waiting" && pod.deletion === undefined) {
          this.#updateContainer(pod.namespace, pod.name, t.container, { restartCount: c.restartCount + 1, backoffSeconds: Math.min(c.backoffSeconds * 2, BACKOFF.max) });
          this.#startContainer(pod.namespace, pod.name, t.container, false);
        }
        break;
    }
  }

  // ---------------------------------------------------------------- controllers

  /** Runs the controllers until nothing is left to do. */
  #reconcile(): void {
    for (let round = 0; round < 1000; round++) {
      const d = [...this.#dirty.deployments].sort();
      const r = [...this.#dirty.replicaSets].sort();
      const s = [...this.#dirty.statefulSets].sort();
      const svc = [...this.#dirty.services].sort();
      const ns = [...this.#dirty.namespaces].sort();
      if (this.#capacityFreed && this.#unscheduled.size > 0) this.#scheduleWaiting();
      this.#capacityFreed = false;
      if (!d.length && !r.length && !s.length && !svc.length && !ns.length) return;
      this.#dirty.deployments.clear();
      this.#dirty.replicaSets.clear();
      this.#dirty.statefulSets.clear();
      this.#dirty.services.clear();
      this.#dirty.namespaces.clear();
      for (const k of d) this.#syncDeployment(k);
      for (const k of r) this.#syncReplicaSet(k);
      for (const k of s) this.#syncStatefulSet(k);
      for (const k of svc) this.#syncEndpointSlices(k);
      for (const k of ns) this.#syncNamespace(k);
    }
    throw new Error("podtalk internal error: controllers did not settle");
  }

  /**
   * Bare Pods (no owner) in the ReplicaSet's namespace that its selector matches become its own,
   * as the controller's ref manager adopts them.
   */
  #adoptOrphans(rs: ReplicaSetState): void {
    const sets = this.#labelSets(rs.namespace, rs.selector.matchLabels);
    if (sets.length === 0) return;
    // Usually every matching Pod is this ReplicaSet's already: look before sorting anything.
    const own = this.#podsByOwner.get(rs.uid);
    let orphans: string[] | undefined;
    for (const pk of sets[0]!) {
      if (own?.has(pk)) continue;
      const pod = this.#pods.get(pk)!;
      if (pod.owner || pod.deletion !== undefined || pod.phase === "Failed" || pod.phase === "Succeeded") continue;
      if (!inOthers(sets, pk) || !matchesSelector(rs.selector, pod.labels)) continue;
      (orphans ??= []).push(pk);
    }
    if (!orphans) return;
    for (const pk of orphans.sort()) {
      const pod = this.#pods.get(pk)!;
      this.#setPod({ ...pod, owner: { kind: "ReplicaSet", name: rs.name, uid: rs.uid } });
    }
  }

  /** Retries the Pods waiting for a node, oldest first. */
  #scheduleWaiting(): void {
    const waiting = [...this.#unscheduled].map((k) => this.#pods.get(k)!).sort((a, b) => a.creation - b.creation || byNamespaceName(a, b));
    for (const pod of waiting) {
      if (pod.deletion !== undefined) continue;
      const node = this.#schedule(pod.spec, pod.owner);
      if (!node.node) break;
      this.#bind(pod, node.node);
    }
  }

  #podsOf(uid: string): PodState[] {
    const out: PodState[] = [];
    const owned = this.#podsByOwner.get(uid);
    if (owned) for (const k of owned) out.push(this.#pods.get(k)!);
    return out;
  }

  /**
   * The Deployment controller's rolling update: surge the new ReplicaSet up to maxSurge above the
   * desired count, drain old ReplicaSets while at least replicas − maxUnavailable Pods are ready.
   *
   * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/deployment/rolling.go
   */
  #syncDeployment(k: string): void {
    const d = this.#deployments.get(k);
    if (!d) return;
    const rsName = `${d.name}-${d.templateHash}`;
    const rsKey = key(d.namespace, rsName);
    let rs = this.#replicaSets.get(rsKey);
    if (!rs) {
      const labels = { ...d.template.labels, "pod-template-hash": d.templateHash };
      rs = {
        uid: generateUID(this.#rng.uids),
        name: rsName,
        namespace: d.namespace,
        labels,
        owner: { kind: "Deployment", name: d.name, uid: d.uid },
        replicas: 0,
        selector: { matchLabels: { ...d.selector.matchLabels, "pod-template-hash": d.templateHash }, matchExpressions: d.selector.matchExpressions },
        template: { ...d.template, labels },
        templateHash: d.templateHash,
        creation: this.#now,
        source: undefined,
      };
      this.#j.set(this.#replicaSets, rsKey, rs);
      let owned = this.#replicaSetsByOwner.get(d.uid);
      if (!owned) {
        owned = new Set();
        this.#j.set(this.#replicaSetsByOwner, d.uid, owned);
      }
      this.#j.add(owned, rsKey);
    }
    const owned: ReplicaSetState[] = [];
    for (const rk of this.#replicaSetsByOwner.get(d.uid) ?? NO_KEYS) {
      const r = this.#replicaSets.get(rk);
      if (r) owned.push(r);
    }
    const oldActive = owned.filter((r) => r.name !== rsName && r.replicas > 0);
    const scale = (target: ReplicaSetState, replicas: number) => {
      if (target.replicas === replicas) return;
      this.#j.set(this.#replicaSets, key(target.namespace, target.name), { ...target, replicas });
      this.#dirty.replicaSets.add(key(target.namespace, target.name));
      this.#event(d.namespace, "Normal", "ScalingReplicaSet", `deployment/${d.name}`, `Scaled ${replicas > target.replicas ? "up" : "down"} replica set ${target.name} from ${target.replicas} to ${replicas}`);
    };
    if (oldActive.length === 0) {
      scale(rs, d.replicas);
      return;
    }
    const surge = resolveIntOrPercent(d.maxSurge, d.replicas, true);
    let unavailable = resolveIntOrPercent(d.maxUnavailable, d.replicas, false);
    if (surge === 0 && unavailable === 0) unavailable = 1;
    const total = owned.reduce((n, r) => n + r.replicas, 0);
    if (rs.replicas < d.replicas && total < d.replicas + surge) {
      scale(rs, rs.replicas + Math.min(d.replicas + surge - total, d.replicas - rs.replicas));
      rs = this.#replicaSets.get(rsKey)!;
    }
    const ready = owned.flatMap((r) => this.#podsOf(r.uid)).filter((p) => this.isPodReady(p)).length;
    let canRemove = ready - (d.replicas - unavailable);
    // Old Pods that are not ready can always go: removing them does not lower availability.
    for (const r of oldActive.sort((a, b) => a.creation - b.creation || compareText(a.name, b.name))) {
      const unready = this.#podsOf(r.uid).filter((p) => p.deletion === undefined && !this.isPodReady(p)).length;
      const remove = Math.min(r.replicas, Math.max(0, canRemove) + unready);
      if (remove <= 0) continue;
      scale(r, r.replicas - remove);
      canRemove -= Math.max(0, remove - unready);
    }
  }

  /** The ReplicaSet controller: adopt matching orphans, then create or delete Pods until the active count matches. */
  #syncReplicaSet(k: string): void {
    const rs = this.#replicaSets.get(k);
    if (!rs) return;
    this.#adoptOrphans(rs);
    const active = this.#podsOf(rs.uid).filter((p) => p.deletion === undefined && p.phase !== "Succeeded" && p.phase !== "Failed");
    const owner: OwnerRef = { kind: "ReplicaSet", name: rs.name, uid: rs.uid };
    const base = `${rs.name}-`;
    const obj = `replicaset/${rs.name}`;
    if (active.length < rs.replicas) {
      // Count where this ReplicaSet's Pods run once; each new Pod adds itself.
      const spread = this.#countOwned(owner);
      try {
        for (let i = active.length; i < rs.replicas; i++) {
          const name = this.#uniquePodName(base, rs.namespace);
          this.#createPod(name, rs.namespace, rs.template.labels, rs.template.annotations, rs.template.spec, owner, undefined, spread);
          this.#event(rs.namespace, "Normal", "SuccessfulCreate", obj, `Created pod: ${name}`);
        }
      } finally {
        spread.clear();
      }
    }
    if (active.length > rs.replicas) {
      // The controller deletes the least valuable first: unscheduled, then not ready, then the youngest.
      const rank = (p: PodState) => (p.nodeName === undefined ? 0 : this.isPodReady(p) ? 2 : 1);
      const victims = active
        .sort((a, b) => rank(a) - rank(b) || b.creation - a.creation || compareText(b.name, a.name))
        .slice(0, active.length - rs.replicas);
      for (const pod of victims) {
        this.#terminatePod(pod);
        this.#event(rs.namespace, "Normal", "SuccessfulDelete", obj, `Deleted pod: ${pod.name}`);
      }
    }
  }

  /**
   * The StatefulSet controller: Pods `<name>-0…N-1` with stable names and hostnames; with
   * OrderedReady, one at a time, each after the previous is Running and Ready, removed in reverse.
   */
  #syncStatefulSet(k: string): void {
    const sts = this.#statefulSets.get(k);
    if (!sts) return;
    const byOrdinal = new Map<number, PodState>();
    for (const p of this.#podsOf(sts.uid)) {
      const ordinal = Number(p.name.slice(sts.name.length + 1));
      if (Number.isInteger(ordinal)) byOrdinal.set(ordinal, p);
    }
    const ordered = sts.podManagementPolicy === "OrderedReady";
    const obj = `statefulset/${sts.name}`;
    // Replace Pods of an old revision from the highest ordinal down, one at a time.
    const allSettled = [...byOrdinal.values()].every((p) => p.deletion === undefined && this.isPodReady(p));
    for (let i = 0; i < sts.replicas; i++) {
      const pod = byOrdinal.get(i);
      if (pod) {
        if (ordered && (pod.deletion !== undefined || !this.isPodReady(pod))) return;
        continue;
      }
      const name = `${sts.name}-${i}`;
      if (this.#pods.has(key(sts.namespace, name))) return; // the old Pod is still terminating
      const labels = { ...sts.template.labels, "apps.kubernetes.io/pod-index": String(i), "controller-revision-hash": sts.revision, "statefulset.kubernetes.io/pod-name": name };
      const spec: PodSpecN = { ...sts.template.spec, hostname: name, subdomain: sts.serviceName };
      this.#createPod(name, sts.namespace, labels, sts.template.annotations, spec, { kind: "StatefulSet", name: sts.name, uid: sts.uid }, undefined);
      this.#event(sts.namespace, "Normal", "SuccessfulCreate", obj, `create Pod ${name} in StatefulSet ${sts.name} successful`);
      if (ordered) {
        const created = this.#pods.get(key(sts.namespace, name))!;
        if (!this.isPodReady(created)) return;
      }
    }
    const extra = [...byOrdinal.entries()].filter(([i, p]) => i >= sts.replicas && p.deletion === undefined).sort((a, b) => b[0] - a[0]);
    if (extra.length) {
      if (ordered && [...byOrdinal.values()].some((p) => p.deletion !== undefined)) return;
      for (const [, pod] of ordered ? extra.slice(0, 1) : extra) {
        this.#terminatePod(pod);
        this.#event(sts.namespace, "Normal", "SuccessfulDelete", obj, `delete Pod ${pod.name} in StatefulSet ${sts.name} successful`);
      }
      return;
    }
    if (!allSettled) return;
    const stale = [...byOrdinal.entries()].filter(([, p]) => p.labels["controller-revision-hash"] !== sts.revision).sort((a, b) => b[0] - a[0]);
    if (stale.length) {
      const [, pod] = stale[0]!;
      this.#terminatePod(pod);
      this.#event(sts.namespace, "Normal", "SuccessfulDelete", obj, `delete Pod ${pod.name} in StatefulSet ${sts.name} successful`);
    }
  }

  /**
   * The EndpointSlice controller: Pods matching a Service's selector become endpoints, grouped by
   * their resolved ports, at most 100 per slice; existing slices keep their endpoints (no
   * rebalancing) and new endpoints fill the slices with room first.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/
   */
  #syncEndpointSlices(k: string): void {
    const svc = this.#services.get(k);
    if (!svc || !svc.selector) return;
    const sets = this.#labelSets(svc.namespace, svc.selector);
    // The Pods the selector matches, by name (as their keys sort: they share the namespace).
    const candidates: PodState[] = [];
    if (sets.length > 0) for (const pk of sets[0]!) if (inOthers(sets, pk)) candidates.push(this.#pods.get(pk)!);
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
        },
        ports,
        signature,
      });
    }
    const existing = this.#slices.get(k) ?? [];
    const placed = new Set<string>();
    // Slices being rebuilt, in order: existing ones keep the endpoints still wanted with the same ports.
    const slices: { name: string; creation: number; ports: EndpointSliceState["ports"]; signature: string; endpoints: SliceEndpoint[] }[] = [];
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
          slice = { name: generateName(`${svc.name}-`, this.#rng.slices), creation: this.#now, ports: want.ports, signature: want.signature, endpoints: [] };
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
      result.push(sliceState(keep ? { ...keep, ports: [] } : { name: generateName(`${svc.name}-`, this.#rng.slices), creation: this.#now, ports: [], endpoints: [] }));
    }
    if (!sameSlices(result, existing)) this.#j.set(this.#slices, k, result);
  }

  /**
   * For each `key=value` of a selector, the keys of the Pods in `namespace` carrying it, smallest
   * set first: a Pod matches when every set holds it.
   */
  #labelSets(namespace: string, selector: PodState["labels"]): ReadonlySet<string>[] {
    const index = this.#podLabelIndex.get(namespace);
    const sets: ReadonlySet<string>[] = [];
    for (const pair of labelPairs(selector)) {
      // Insert in size order, after sets of the same size (selectors have few pairs).
      const set = index?.get(pair) ?? NO_KEYS;
      let at = sets.length;
      sets.push(set);
      for (; at > 0 && sets[at - 1]!.size > set.size; at--) sets[at] = sets[at - 1]!;
      sets[at] = set;
    }
    return sets;
  }

  #syncNamespace(name: string): void {
    const ns = this.#namespaces.get(name);
    if (!ns || ns.deletion === undefined) return;
    if ([...this.#pods.values()].some((p) => p.namespace === name)) return;
    this.#j.delete(this.#namespaces, name);
  }

  #uniquePodName(base: string, namespace: string): string {
    for (;;) {
      const name = generateName(base, this.#rng.names);
      if (!this.#pods.has(key(namespace, name))) return name;
    }
  }

  #podHint(name: string, namespace: string): string | undefined {
    if (this.#deployments.has(key(namespace, name))) return `"${name}" is a Deployment: use one of its Pods (cluster.get("pods")) or "deploy/${name}"`;
    if (this.#statefulSets.has(key(namespace, name))) return `"${name}" is a StatefulSet: its Pods are "${name}-0", "${name}-1", …`;
    const prefix = this.pods(namespace).filter((p) => p.name.startsWith(name));
    if (prefix.length > 0) return `Did you mean ${prefix.slice(0, 3).map((p) => `"${p.name}"`).join(", ")}?`;
    const elsewhere = this.pods().find((p) => p.name === name);
    if (elsewhere) return `A Pod of that name is in namespace "${elsewhere.namespace}": pass { namespace: "${elsewhere.namespace}" }`;
    return undefined;
  }
}

const indexLists: (readonly number[])[] = [];

/** `[0, 1, …, n - 1]`, shared. */
function allIndexes(n: number): readonly number[] {
  let list = indexLists[n];
  if (!list) {
    list = Array.from({ length: n }, (_, i) => i);
    indexLists[n] = list;
  }
  return list;
}

const pairCache = new WeakMap<object, readonly string[]>();
/** The label map asked for last, and its pairs: Pods of one template come one after another. */
let lastPairs: { readonly labels: object | undefined; readonly pairs: readonly string[] } = { labels: undefined, pairs: [] };

/** True when every set after the first holds `k` (a key taken from the first). */
function inOthers(sets: readonly ReadonlySet<string>[], k: string): boolean {
  for (let i = 1; i < sets.length; i++) if (!sets[i]!.has(k)) return false;
  return true;
}

/** What an index holds for a pair no object has. */
const NO_KEYS: ReadonlySet<string> = new Set();

/** A label map's `key=value` strings; Pods of one template share the map, so this is computed once. */
function labelPairs(labels: PodState["labels"]): readonly string[] {
  if (labels === lastPairs.labels) return lastPairs.pairs;
  let pairs = pairCache.get(labels);
  if (!pairs) {
    pairs = Object.keys(labels).map((k) => `${k}=${labels[k]}`);
    pairCache.set(labels, pairs);
  }
  lastPairs = { labels, pairs };
  return pairs;
}

/**
 * `{ ...pod, containers, phase }` with the phase the containers give. Written field by field (in
 * the order every Pod record has) because most such records live as long as the cluster: the
 * runtime then allocates them with the long-lived objects instead of copying them there later.
 */
function withContainers(pod: PodState, containers: readonly ContainerState[]): PodState {
  const phase = podPhase(pod.spec, containers);
  if ("rejected" in pod) return { ...pod, containers, phase };
  return {
    uid: pod.uid,
    name: pod.name,
    namespace: pod.namespace,
    labels: pod.labels,
    annotations: pod.annotations,
    owner: pod.owner,
    nodeName: pod.nodeName,
    podIP: pod.podIP,
    hostIP: pod.hostIP,
    phase,
    creation: pod.creation,
    deletion: pod.deletion,
    spec: pod.spec,
    containers,
    veth: pod.veth,
    unschedulable: pod.unschedulable,
  };
}

/** True when two versions of a Pod look the same to its Services and its controller. */
function sameEndpointView(a: PodState, b: PodState): boolean {
  if (a.podIP !== b.podIP || a.nodeName !== b.nodeName || a.phase !== b.phase || a.deletion !== b.deletion || a.containers.length !== b.containers.length) return false;
  for (let i = 0; i < a.containers.length; i++) if (a.containers[i]!.ready !== b.containers[i]!.ready) return false;
  return true;
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
      if (e.ip !== f.ip || e.ready !== f.ready || e.serving !== f.serving || e.terminating !== f.terminating || e.podUID !== f.podUID || e.hostname !== f.hostname || e.nodeName !== f.nodeName) return false;
    }
  }
  return true;
}

/** A Pod's phase from its containers (Pending until one runs; Succeeded/Failed when all ended for good). */
function podPhase(spec: PodSpecN, containers: readonly ContainerState[]): PodState["phase"] {
  if (containers.some((c) => c.state === "Running" || c.reason === "CrashLoopBackOff" || c.restartCount > 0)) {
    if (spec.restartPolicy !== "Always" && containers.every((c) => c.state === "Terminated")) {
      return containers.every((c) => c.exitCode === 0) ? "Succeeded" : "Failed";
    }
    return "Running";
  }
  if (containers.length > 0 && containers.every((c) => c.state === "Terminated")) {
    return containers.every((c) => c.exitCode === 0) ? "Succeeded" : "Failed";
  }
  return "Pending";
}

/** `maxSurge`/`maxUnavailable` as a number of Pods (percentages round up for surge, down for unavailable). */
export function resolveIntOrPercent(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === "number") return value;
  const pct = Number(value.slice(0, -1));
  const raw = (pct * total) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

/** Go's `time.Duration` text for whole seconds: `10s`, `1m20s`, `5m0s`. */
export function formatGoDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m}m${s}s` : `${s}s`;
}

/** The number a named targetPort means on one Pod (matching name and protocol), if any. */
export function resolveTargetPort(pod: PodState, targetPort: number | string, protocol: string): number | undefined {
  if (typeof targetPort === "number") return targetPort;
  for (const c of pod.spec.containers) {
    for (const p of c.ports) if (p.name === targetPort && p.protocol === protocol) return p.containerPort;
  }
  return undefined;
}

/** True when a workload's selector selects `labels`. */
export function workloadSelects(selector: LabelSelectorN, labels: PodState["labels"]): boolean {
  return matchesSelector(selector, labels);
}

/** True when a Service's equality selector selects `labels`. */
export function serviceSelects(selector: PodState["labels"], labels: PodState["labels"]): boolean {
  return selects(selector, labels);
}

function resolveNodeNames(nodes: number | readonly string[]): string[] {
  if (typeof nodes === "number") {
    if (!Number.isInteger(nodes) || nodes < 1) {
      throw new PodtalkError(ErrorCode.BadRequest, `Invalid nodes ${nodes}: a cluster needs at least 1 node; pass a count such as 3 or names such as ["node-a", "node-b"]`);
    }
    return Array.from({ length: nodes }, (_, i) => `node-${i + 1}`);
  }
  const seen = new Set<string>();
  for (const n of nodes) {
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(n)) {
      throw new PodtalkError(ErrorCode.BadRequest, `Invalid node name "${n}": use lower case letters, digits, '-' and '.', starting and ending with a letter or digit`);
    }
    if (seen.has(n)) throw new PodtalkError(ErrorCode.BadRequest, `Duplicate node name "${n}": node names must be unique`);
    seen.add(n);
  }
  if (nodes.length === 0) throw new PodtalkError(ErrorCode.BadRequest, "A cluster needs at least 1 node");
  return [...nodes];
}

/** Plain code-unit comparison (locale-independent, so every machine sorts alike). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byName(a: { name: string }, b: { name: string }): number {
  return compareText(a.name, b.name);
}

function byNamespaceName(a: { namespace: string; name: string }, b: { namespace: string; name: string }): number {
  return compareText(a.namespace, b.namespace) || compareText(a.name, b.name);
}

function sortedValues<T extends { namespace: string; name: string }>(map: Map<string, T>, namespace: string | undefined): T[] {
  return [...map.values()].filter((v) => namespace === undefined || v.namespace === namespace).sort(byNamespaceName);
}

/**
 * The simulation engine: one aggregate that owns the cluster's state, applies manifests, runs the
 * controllers, and records an event for every change.
 */
import { ErrorCode, PodtalkError, notFoundError } from "../model/errors.js";
import { parseDuration } from "../model/duration.js";
import {
  parseManifests,
  selects,
  validateObject,
  type DeploymentN,
  type ManifestInput,
  type ObjectN,
  type PodN,
  type PodSpecN,
  type ServiceN,
} from "../model/manifest.js";
import { NodeCIDRAllocator, HostLocalAllocator, ServiceIPAllocator } from "./ipam.js";
import { contains, intToIp, ipToInt, isIPv4, parseCIDR, type CIDR } from "./ip.js";
import { Journal } from "./journal.js";
import { canonicalJSON, generateName, generateUID, podTemplateHash } from "./names.js";
import { Rng } from "./rng.js";
import type {
  DeploymentState,
  EndpointState,
  EventRecord,
  NamespaceState,
  NodeState,
  PodState,
  ReplicaSetState,
  ServiceState,
} from "./state.js";

/** Datapath models a cluster can use. */
export const NetworkModel = { FlannelVXLAN: "flannel-vxlan", FlannelHostGW: "flannel-host-gw" } as const;
export type NetworkModel = (typeof NetworkModel)[keyof typeof NetworkModel];

/** kube-proxy modes. */
export const ProxyMode = { IPTables: "iptables", IPVS: "ipvs" } as const;
export type ProxyMode = (typeof ProxyMode)[keyof typeof ProxyMode];

/** Options of a new cluster; defaults are kubeadm + flannel's. */
export interface ClusterOptions {
  /**
   * How many nodes (named `node-1`…), or their names.
   * @default 2
   */
  readonly nodes?: number | readonly string[];
  /** @default 1 */
  readonly seed?: number;
  /** @default "flannel-vxlan" */
  readonly network?: NetworkModel;
  /** @default "iptables" */
  readonly proxyMode?: ProxyMode;
  /** @default "10.244.0.0/16" */
  readonly clusterCIDR?: string;
  /** @default 24 */
  readonly nodeCIDRMaskSize?: number;
  /** @default "10.96.0.0/12" */
  readonly serviceCIDR?: string;
  /** @default "cluster.local" */
  readonly clusterDomain?: string;
  /**
   * The network the nodes' own addresses come from; node N gets host N+1 (`.2`, `.3`, …), as
   * kind's nodes do on their Docker network.
   * @default "172.18.0.0/16"
   */
  readonly nodeNetwork?: string;
  /**
   * Include the kube-system Pods (CoreDNS) in the cluster, as a real cluster has them.
   * @default true
   */
  readonly systemPods?: boolean;
}

/** Options after defaulting. */
export interface ResolvedOptions {
  readonly seed: number;
  readonly network: NetworkModel;
  readonly proxyMode: ProxyMode;
  readonly clusterCIDR: CIDR;
  readonly nodeCIDRMaskSize: number;
  readonly serviceCIDR: CIDR;
  readonly clusterDomain: string;
  readonly nodeNetwork: CIDR;
  readonly dnsServiceIP: number;
}

/** What `apply()` did, line by line as kubectl prints it, plus the API server's warnings. */
export interface ApplyOutcome {
  /** `deployment.apps/web created`, `service/my-api unchanged`, … */
  readonly lines: readonly string[];
  readonly warnings: readonly string[];
}

/** The kubelet's default `maxPods`. */
export const MAX_PODS_PER_NODE = 110;

/** Simulated seconds between the cluster's bootstrap and the first cell: system objects are this old. */
export const BOOTSTRAP_AGE = 600;

const COREDNS_IMAGE = "registry.k8s.io/coredns/coredns:v1.11.3";

const key = (namespace: string, name: string) => `${namespace}/${name}`;

/**
 * The cluster's state and the controllers that change it. The public `Cluster` wraps one of these;
 * views and traffic read it through the accessors.
 */
export class Simulation {
  readonly options: ResolvedOptions;
  #now = 0;
  readonly #nodes: NodeState[] = [];
  readonly #hostLocal = new Map<string, HostLocalAllocator>();
  readonly #nodeCIDRs: NodeCIDRAllocator;
  readonly #serviceIPs: ServiceIPAllocator;
  readonly #namespaces = new Map<string, NamespaceState>();
  readonly #pods = new Map<string, PodState>();
  readonly #podsByIP = new Map<number, PodState>();
  readonly #replicaSets = new Map<string, ReplicaSetState>();
  readonly #deployments = new Map<string, DeploymentState>();
  readonly #services = new Map<string, ServiceState>();
  readonly #events: EventRecord[] = [];
  readonly #rng: { names: Rng; uids: Rng; clusterIPs: Rng; veths: Rng };
  /** The streams traffic draws on: kube-proxy's picks, CoreDNS picks, ephemeral ports. */
  readonly traffic: { readonly endpoints: Rng; readonly dns: Rng; readonly ports: Rng };
  #journal: Journal | undefined;

  constructor(options: ClusterOptions = {}) {
    const seed = options.seed ?? 1;
    if (!Number.isInteger(seed)) {
      throw new PodtalkError(ErrorCode.BadRequest, `Invalid seed ${String(seed)}: use an integer such as 1`);
    }
    const serviceCIDR = parseCIDR(options.serviceCIDR ?? "10.96.0.0/12", "serviceCIDR");
    const clusterDomain = options.clusterDomain ?? "cluster.local";
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(clusterDomain)) {
      throw new PodtalkError(ErrorCode.BadRequest, `Invalid clusterDomain "${clusterDomain}": use a DNS name such as "cluster.local"`);
    }
    const network = options.network ?? "flannel-vxlan";
    if (!Object.values(NetworkModel).includes(network)) {
      throw new PodtalkError(
        ErrorCode.BadRequest,
        `Unknown network "${String(network)}": choose one of ${Object.values(NetworkModel).map((n) => `"${n}"`).join(", ")}`,
      );
    }
    const proxyMode = options.proxyMode ?? "iptables";
    if (!Object.values(ProxyMode).includes(proxyMode)) {
      throw new PodtalkError(ErrorCode.BadRequest, `Unknown proxyMode "${String(proxyMode)}": choose "iptables" or "ipvs"`);
    }
    this.options = {
      seed,
      network,
      proxyMode,
      clusterCIDR: parseCIDR(options.clusterCIDR ?? "10.244.0.0/16", "clusterCIDR"),
      nodeCIDRMaskSize: options.nodeCIDRMaskSize ?? 24,
      serviceCIDR,
      clusterDomain,
      nodeNetwork: parseCIDR(options.nodeNetwork ?? "172.18.0.0/16", "nodeNetwork"),
      // kubeadm's convention: the 10th address of the service range (not a reservation).
      dnsServiceIP: serviceCIDR.base + 10,
    };
    this.#nodeCIDRs = new NodeCIDRAllocator(this.options.clusterCIDR, this.options.nodeCIDRMaskSize);
    this.#serviceIPs = new ServiceIPAllocator(serviceCIDR);
    this.#rng = {
      names: new Rng(seed, "names"),
      uids: new Rng(seed, "uids"),
      clusterIPs: new Rng(seed, "cluster-ips"),
      veths: new Rng(seed, "veths"),
    };
    this.traffic = { endpoints: new Rng(seed, "endpoints"), dns: new Rng(seed, "dns"), ports: new Rng(seed, "ports") };
    const nodeNames = resolveNodeNames(options.nodes ?? 2);
    this.#transaction(() => this.#bootstrap(nodeNames, options.systemPods ?? true));
    this.#now = BOOTSTRAP_AGE;
  }

  // ---------------------------------------------------------------- reading

  /** Simulated seconds since the cluster was bootstrapped. */
  get now(): number {
    return this.#now;
  }

  /** Nodes in creation order. */
  nodes(): readonly NodeState[] {
    return this.#nodes;
  }

  /** A node by name. */
  node(name: string): NodeState | undefined {
    return this.#nodes.find((n) => n.name === name);
  }

  /** Namespaces sorted by name. */
  namespaces(): NamespaceState[] {
    return [...this.#namespaces.values()].sort(byName);
  }

  /** Pods, in one namespace or all, sorted by namespace then name (kubectl's order). */
  pods(namespace?: string): PodState[] {
    return [...this.#pods.values()].filter((p) => namespace === undefined || p.namespace === namespace).sort(byNamespaceName);
  }

  /** A Pod by namespace and name. */
  pod(namespace: string, name: string): PodState | undefined {
    return this.#pods.get(key(namespace, name));
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

  /** Deployments sorted by namespace then name. */
  deployments(namespace?: string): DeploymentState[] {
    return [...this.#deployments.values()].filter((d) => namespace === undefined || d.namespace === namespace).sort(byNamespaceName);
  }

  /** A Deployment by namespace and name. */
  deployment(namespace: string, name: string): DeploymentState | undefined {
    return this.#deployments.get(key(namespace, name));
  }

  /** ReplicaSets sorted by namespace then name. */
  replicaSets(namespace?: string): ReplicaSetState[] {
    return [...this.#replicaSets.values()].filter((r) => namespace === undefined || r.namespace === namespace).sort(byNamespaceName);
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
    return this.#nodes.find((n) => contains(n.podCIDR, ip));
  }

  /** The node whose InternalIP is `ip`. */
  nodeByIP(ip: number): NodeState | undefined {
    return this.#nodes.find((n) => n.internalIP === ip);
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

  /**
   * The endpoints of one Service port, as the EndpointSlice controller computes them: Pods in the
   * Service's namespace matching its selector, with the targetPort resolved per Pod (a Pod without
   * a matching named port is left out), sorted by `ip:port` text as kube-proxy sorts them.
   */
  endpoints(service: ServiceState, portIndex: number): EndpointState[] {
    const port = service.ports[portIndex];
    if (!port) return [];
    if (!service.selector) {
      return (service.manualEndpoints ?? [])
        .filter((e) => e.name === port.name)
        .map((e) => ({ ip: e.ip, port: e.port, ready: true, serving: true, terminating: false, pod: undefined, nodeName: undefined }));
    }
    const out: EndpointState[] = [];
    for (const pod of this.#pods.values()) {
      if (pod.namespace !== service.namespace || !selects(service.selector, pod.labels)) continue;
      if (pod.phase !== "Running" && pod.phase !== "Pending") continue;
      const target = resolveTargetPort(pod, port.targetPort, port.protocol);
      if (target === undefined) continue;
      const terminating = pod.deletion !== undefined;
      const serving = pod.phase === "Running" && pod.containers.every((c) => c.ready);
      out.push({ ip: pod.podIP, port: target, ready: serving && !terminating, serving, terminating, pod, nodeName: pod.nodeName });
    }
    return out.sort((a, b) => compareText(`${intToIp(a.ip)}:${a.port}`, `${intToIp(b.ip)}:${b.port}`));
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
   * Deletes a Pod as `kubectl delete pod` does: it is marked Terminating for its grace period and
   * its controller, if any, creates a replacement at once.
   */
  deletePod(name: string, namespace = "default"): PodState {
    const pod = this.#pods.get(key(namespace, name));
    if (!pod) {
      throw notFoundError("pods", name, this.#podHint(name, namespace));
    }
    this.#transaction(() => {
      if (pod.deletion === undefined) {
        this.#setPod({ ...pod, deletion: this.#now, containers: pod.containers.map((c) => ({ ...c, ready: false })) });
        this.#event(pod.namespace, "Normal", "Killing", `pod/${pod.name}`, `Stopping container ${pod.containers.map((c) => c.name).join(", ")}`);
      }
      this.#reconcile();
    });
    return this.#pods.get(key(namespace, name)) ?? pod;
  }

  /**
   * Advances simulated time: Terminating Pods whose grace period has passed are removed and
   * controllers reconcile.
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
      // Process removals in time order so that events stay ordered.
      const due = [...this.#pods.values()]
        .filter((p) => p.deletion !== undefined && p.deletion + p.spec.terminationGracePeriodSeconds <= target)
        .sort((a, b) => a.deletion! + a.spec.terminationGracePeriodSeconds - (b.deletion! + b.spec.terminationGracePeriodSeconds) || byNamespaceName(a, b));
      for (const pod of due) {
        this.#now = Math.max(this.#now, pod.deletion! + pod.spec.terminationGracePeriodSeconds);
        this.#removePod(pod);
      }
      this.#now = target;
      this.#reconcile();
    });
  }

  // ---------------------------------------------------------------- internals

  /** Runs `change` so that it either completes or leaves no trace (state, allocators, RNGs). */
  #transaction<T>(change: () => T): T {
    if (this.#journal) return change();
    const journal = new Journal();
    const rngStates = Object.values(this.#rng).map((r) => [r, r.save()] as const);
    const now = this.#now;
    this.#journal = journal;
    try {
      return change();
    } catch (e) {
      journal.rollback();
      for (const [r, s] of rngStates) r.restore(s);
      this.#now = now;
      throw e;
    } finally {
      this.#journal = undefined;
    }
  }

  get #j(): Journal {
    if (!this.#journal) throw new Error("podtalk internal error: state changed outside a transaction");
    return this.#journal;
  }

  #event(namespace: string, type: EventRecord["type"], reason: string, object: string, message: string): void {
    this.#j.push(this.#events, { time: this.#now, namespace, type, reason, object, message });
  }

  #bootstrap(nodeNames: readonly string[], systemPods: boolean): void {
    nodeNames.forEach((name, index) => this.#addNode(name, index));
    for (const ns of ["default", "kube-node-lease", "kube-public", "kube-system"]) {
      this.#j.set(this.#namespaces, ns, { name: ns, uid: generateUID(this.#rng.uids), creation: 0 });
    }
    const first = this.#nodes[0]!;
    // The API server's own Service: first address of the range, port https 443 -> 6443 on the
    // control plane (podtalk runs the control plane on the first node, as a kind cluster does).
    this.#addService(
      {
        kind: "Service",
        metadata: { name: "kubernetes", namespace: "default", labels: { component: "apiserver", provider: "kubernetes" }, annotations: {} },
        spec: { type: "ClusterIP", clusterIP: intToIp(this.options.serviceCIDR.base + 1), selector: undefined, ports: [{ name: "https", protocol: "TCP", port: 443, targetPort: 6443 }], sessionAffinity: "None" },
      },
      [{ ip: first.internalIP, port: 6443, name: "https" }],
    );
    this.#addService(
      {
        kind: "Service",
        metadata: {
          name: "kube-dns",
          namespace: "kube-system",
          labels: { "k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" },
          annotations: {},
        },
        spec: {
          type: "ClusterIP",
          clusterIP: intToIp(this.options.dnsServiceIP),
          selector: { "k8s-app": "kube-dns" },
          ports: [
            { name: "dns", protocol: "UDP", port: 53, targetPort: 53 },
            { name: "dns-tcp", protocol: "TCP", port: 53, targetPort: 53 },
            { name: "metrics", protocol: "TCP", port: 9153, targetPort: 9153 },
          ],
          sessionAffinity: "None",
        },
      },
      undefined,
    );
    if (systemPods) {
      this.#applyOne({
        kind: "Deployment",
        metadata: { name: "coredns", namespace: "kube-system", labels: { "k8s-app": "kube-dns" }, annotations: {} },
        spec: {
          replicas: 2,
          selector: { "k8s-app": "kube-dns" },
          template: {
            metadata: { labels: { "k8s-app": "kube-dns" } },
            spec: {
              containers: [
                {
                  name: "coredns",
                  image: COREDNS_IMAGE,
                  ports: [
                    { name: "dns", containerPort: 53, protocol: "UDP" },
                    { name: "dns-tcp", containerPort: 53, protocol: "TCP" },
                    { name: "metrics", containerPort: 9153, protocol: "TCP" },
                  ],
                },
              ],
              nodeName: undefined,
              restartPolicy: "Always",
              terminationGracePeriodSeconds: 30,
              dnsPolicy: "Default",
            },
          },
        },
      });
      this.#reconcile();
    }
  }

  #addNode(name: string, index: number): void {
    const podCIDR = this.#nodeCIDRs.allocateNext(this.#j);
    const internalIP = this.options.nodeNetwork.base + 2 + index;
    const node: NodeState = { name, index, internalIP, podCIDR, creation: this.#now };
    this.#j.push(this.#nodes, node);
    this.#j.set(this.#hostLocal, name, new HostLocalAllocator(podCIDR, name));
    this.#event("default", "Normal", "RegisteredNode", `node/${name}`, `Node ${name} event: Registered Node ${name} in Controller`);
  }

  #applyOne(object: ObjectN): string {
    switch (object.kind) {
      case "Namespace": {
        if (this.#namespaces.has(object.metadata.name)) return `namespace/${object.metadata.name} unchanged`;
        this.#j.set(this.#namespaces, object.metadata.name, { name: object.metadata.name, uid: generateUID(this.#rng.uids), creation: this.#now });
        return `namespace/${object.metadata.name} created`;
      }
      case "Pod":
        return this.#applyPod(object);
      case "Deployment":
        return this.#applyDeployment(object);
      case "Service":
        return this.#applyService(object);
    }
  }

  #requireNamespace(namespace: string): void {
    if (!this.#namespaces.has(namespace)) {
      throw notFoundError("namespaces", namespace, `Create it first (kind: Namespace, metadata.name: ${namespace}) or apply it in the same manifest before the objects that use it`);
    }
  }

  #applyPod(obj: PodN): string {
    const { name, namespace } = obj.metadata;
    this.#requireNamespace(namespace);
    const existing = this.#pods.get(key(namespace, name));
    if (existing) {
      if (canonicalJSON(existing.spec) === canonicalJSON(obj.spec) && canonicalJSON(existing.labels) === canonicalJSON(obj.metadata.labels)) {
        return `pod/${name} unchanged`;
      }
      if (canonicalJSON(existing.spec) !== canonicalJSON(obj.spec)) {
        throw new PodtalkError(
          ErrorCode.Invalid,
          `The Pod "${name}" is invalid: spec: Forbidden: pod updates may not change fields other than \`spec.containers[*].image\`,\`spec.initContainers[*].image\`,\`spec.activeDeadlineSeconds\`,\`spec.tolerations\` (only additions to existing tolerations),\`spec.terminationGracePeriodSeconds\` (allow it to be set to 1 if it was previously negative); delete the Pod and apply it again`,
        );
      }
      this.#setPod({ ...existing, labels: obj.metadata.labels });
      return `pod/${name} configured`;
    }
    this.#createPod(name, namespace, obj.metadata.labels, obj.spec, undefined);
    return `pod/${name} created`;
  }

  #applyDeployment(obj: DeploymentN): string {
    const { name, namespace, labels } = obj.metadata;
    this.#requireNamespace(namespace);
    const hash = podTemplateHash({ metadata: { labels: obj.spec.template.metadata.labels }, spec: obj.spec.template.spec });
    const existing = this.#deployments.get(key(namespace, name));
    const next: DeploymentState = {
      uid: existing?.uid ?? generateUID(this.#rng.uids),
      name,
      namespace,
      labels,
      replicas: obj.spec.replicas,
      selector: obj.spec.selector,
      templateLabels: obj.spec.template.metadata.labels,
      templateSpec: obj.spec.template.spec,
      templateHash: hash,
      creation: existing?.creation ?? this.#now,
    };
    if (existing && canonicalJSON(existing) === canonicalJSON(next)) return `deployment.apps/${name} unchanged`;
    if (existing && canonicalJSON(existing.selector) !== canonicalJSON(next.selector)) {
      throw new PodtalkError(
        ErrorCode.Invalid,
        `The Deployment "${name}" is invalid: spec.selector: Invalid value: ${JSON.stringify(next.selector)}: field is immutable; delete the Deployment to change its selector`,
      );
    }
    this.#j.set(this.#deployments, key(namespace, name), next);
    if (existing && existing.replicas !== next.replicas && existing.templateHash === hash) {
      this.#event(namespace, "Normal", "ScalingReplicaSet", `deployment/${name}`, `Scaled ${next.replicas > existing.replicas ? "up" : "down"} replica set ${name}-${hash} from ${existing.replicas} to ${next.replicas}`);
    }
    return `deployment.apps/${name} ${existing ? "configured" : "created"}`;
  }

  #applyService(obj: ServiceN): string {
    const { name, namespace } = obj.metadata;
    this.#requireNamespace(namespace);
    const existing = this.#services.get(key(namespace, name));
    if (existing) {
      if (obj.spec.clusterIP !== undefined && ipToInt(obj.spec.clusterIP) !== existing.clusterIP) {
        throw new PodtalkError(
          ErrorCode.Invalid,
          `The Service "${name}" is invalid: spec.clusterIPs[0]: Invalid value: []string{"${obj.spec.clusterIP}"}: may not change once set`,
        );
      }
      const next: ServiceState = { ...existing, labels: obj.metadata.labels, selector: obj.spec.selector, ports: obj.spec.ports, sessionAffinity: obj.spec.sessionAffinity };
      if (canonicalJSON(next) === canonicalJSON(existing)) return `service/${name} unchanged`;
      this.#j.set(this.#services, key(namespace, name), next);
      return `service/${name} configured`;
    }
    this.#addService(obj, undefined);
    return `service/${name} created`;
  }

  #addService(obj: ServiceN, manualEndpoints: ServiceState["manualEndpoints"]): void {
    const { name, namespace } = obj.metadata;
    const owner = key(namespace, name);
    let clusterIP: number;
    if (obj.spec.clusterIP !== undefined) {
      if (!isIPv4(obj.spec.clusterIP)) {
        throw new PodtalkError(ErrorCode.Invalid, `The Service "${name}" is invalid: spec.clusterIPs[0]: Invalid value: "${obj.spec.clusterIP}": must be a valid IP address`);
      }
      clusterIP = ipToInt(obj.spec.clusterIP);
      try {
        this.#serviceIPs.allocateSpecific(clusterIP, owner, this.#j);
      } catch (e) {
        throw new PodtalkError(ErrorCode.Invalid, `The Service "${name}" is invalid: ${(e as Error).message}`);
      }
    } else {
      clusterIP = this.#serviceIPs.allocateNext(owner, this.#rng.clusterIPs, this.#j);
    }
    const svc: ServiceState = {
      uid: generateUID(this.#rng.uids),
      name,
      namespace,
      labels: obj.metadata.labels,
      type: "ClusterIP",
      clusterIP,
      selector: obj.spec.selector,
      ports: obj.spec.ports,
      sessionAffinity: obj.spec.sessionAffinity,
      creation: this.#now,
      ...(manualEndpoints ? { manualEndpoints } : {}),
    };
    this.#j.set(this.#services, owner, svc);
  }

  /** Brings ReplicaSets in line with Deployments and Pods in line with ReplicaSets. */
  #reconcile(): void {
    for (const d of this.deployments()) {
      const rsName = `${d.name}-${d.templateHash}`;
      const rsKey = key(d.namespace, rsName);
      let rs = this.#replicaSets.get(rsKey);
      if (!rs) {
        rs = {
          uid: generateUID(this.#rng.uids),
          name: rsName,
          namespace: d.namespace,
          labels: { ...d.templateLabels, "pod-template-hash": d.templateHash },
          owner: { kind: "Deployment", name: d.name, uid: d.uid },
          replicas: d.replicas,
          selector: { ...d.selector, "pod-template-hash": d.templateHash },
          templateLabels: { ...d.templateLabels, "pod-template-hash": d.templateHash },
          templateSpec: d.templateSpec,
          creation: this.#now,
        };
        this.#j.set(this.#replicaSets, rsKey, rs);
        this.#event(d.namespace, "Normal", "ScalingReplicaSet", `deployment/${d.name}`, `Scaled up replica set ${rsName} from 0 to ${d.replicas}`);
      } else if (rs.replicas !== d.replicas) {
        rs = { ...rs, replicas: d.replicas };
        this.#j.set(this.#replicaSets, rsKey, rs);
      }
      // A template change rolls out at once: older ReplicaSets of this Deployment scale to zero.
      // (The real controller surges and drains step by step under maxSurge/maxUnavailable.)
      for (const old of this.replicaSets(d.namespace)) {
        if (old.owner?.uid === d.uid && old.name !== rsName && old.replicas !== 0) {
          this.#j.set(this.#replicaSets, key(old.namespace, old.name), { ...old, replicas: 0 });
          this.#event(d.namespace, "Normal", "ScalingReplicaSet", `deployment/${d.name}`, `Scaled down replica set ${old.name} from ${old.replicas} to 0`);
        }
      }
    }
    for (const rs of this.replicaSets()) {
      const owned = this.pods(rs.namespace).filter((p) => p.owner?.uid === rs.uid && p.deletion === undefined);
      for (let i = owned.length; i < rs.replicas; i++) {
        const name = this.#uniquePodName(rs);
        this.#createPod(name, rs.namespace, rs.templateLabels, rs.templateSpec, { kind: "ReplicaSet", name: rs.name, uid: rs.uid });
        this.#event(rs.namespace, "Normal", "SuccessfulCreate", `replicaset/${rs.name}`, `Created pod: ${name}`);
      }
      if (owned.length > rs.replicas) {
        // Newest first, as the ReplicaSet controller prefers deleting the youngest Pods.
        const victims = owned.sort((a, b) => b.creation - a.creation || compareText(b.name, a.name)).slice(0, owned.length - rs.replicas);
        for (const pod of victims) {
          this.#setPod({ ...pod, deletion: this.#now, containers: pod.containers.map((c) => ({ ...c, ready: false })) });
          this.#event(rs.namespace, "Normal", "SuccessfulDelete", `replicaset/${rs.name}`, `Deleted pod: ${pod.name}`);
        }
      }
    }
  }

  #uniquePodName(rs: ReplicaSetState): string {
    for (;;) {
      const name = generateName(`${rs.name}-`, this.#rng.names);
      if (!this.#pods.has(key(rs.namespace, name))) return name;
    }
  }

  /**
   * Schedules and starts a Pod. Simplification: image pulls and container starts are instant, so a
   * new Pod is Running and Ready in the same step (a real one takes seconds).
   */
  #createPod(name: string, namespace: string, labels: PodState["labels"], spec: PodSpecN, owner: PodState["owner"]): void {
    const node = this.#schedule(spec, owner);
    const podIP = this.#hostLocal.get(node.name)!.allocate(this.#j);
    const uid = generateUID(this.#rng.uids);
    const pod: PodState = {
      uid,
      name,
      namespace,
      labels,
      owner,
      nodeName: node.name,
      podIP,
      hostIP: node.internalIP,
      phase: "Running",
      creation: this.#now,
      deletion: undefined,
      spec,
      containers: spec.containers.map((c) => ({
        name: c.name,
        image: c.image,
        ports: c.ports,
        ready: true,
        restartCount: 0,
        state: "Running",
        startedAt: this.#now,
      })),
      veth: `veth${this.#rng.veths.nextUint32().toString(16).padStart(8, "0")}`,
    };
    this.#setPod(pod);
    const obj = `pod/${name}`;
    this.#event(namespace, "Normal", "Scheduled", obj, `Successfully assigned ${namespace}/${name} to ${node.name}`);
    for (const c of spec.containers) {
      this.#event(namespace, "Normal", "Pulled", obj, `Container image "${c.image}" already present on machine`);
      this.#event(namespace, "Normal", "Created", obj, `Created container ${c.name}`);
      this.#event(namespace, "Normal", "Started", obj, `Started container ${c.name}`);
    }
  }

  /**
   * Picks a node as the default scheduler tends to: spread Pods of one owner over nodes, then
   * balance the total; ties go to the node created first. Nodes at the kubelet's 110-Pod limit
   * are skipped.
   */
  #schedule(spec: PodSpecN, owner: PodState["owner"]): NodeState {
    if (spec.nodeName !== undefined) {
      const node = this.node(spec.nodeName);
      if (!node) {
        throw new PodtalkError(
          ErrorCode.BadRequest,
          `spec.nodeName "${spec.nodeName}" names no node: this cluster has ${this.#nodes.map((n) => n.name).join(", ")}`,
        );
      }
      return node;
    }
    const total = new Map<string, number>();
    const same = new Map<string, number>();
    for (const p of this.#pods.values()) {
      total.set(p.nodeName, (total.get(p.nodeName) ?? 0) + 1);
      if (owner && p.owner?.uid === owner.uid && p.deletion === undefined) same.set(p.nodeName, (same.get(p.nodeName) ?? 0) + 1);
    }
    let best: NodeState | undefined;
    let bestScore: [number, number] = [Infinity, Infinity];
    for (const n of this.#nodes) {
      const t = total.get(n.name) ?? 0;
      if (t >= MAX_PODS_PER_NODE) continue;
      const s = same.get(n.name) ?? 0;
      if (s < bestScore[0] || (s === bestScore[0] && t < bestScore[1])) {
        best = n;
        bestScore = [s, t];
      }
    }
    if (!best) {
      throw new PodtalkError(
        ErrorCode.RangeFull,
        `0/${this.#nodes.length} nodes are available: ${this.#nodes.length} Too many pods (each node runs at most ${MAX_PODS_PER_NODE}); add nodes`,
      );
    }
    return best;
  }

  #setPod(pod: PodState): void {
    this.#j.set(this.#pods, key(pod.namespace, pod.name), pod);
    this.#j.set(this.#podsByIP, pod.podIP, pod);
  }

  #removePod(pod: PodState): void {
    this.#j.delete(this.#pods, key(pod.namespace, pod.name));
    if (this.#podsByIP.get(pod.podIP)?.uid === pod.uid) this.#j.delete(this.#podsByIP, pod.podIP);
    this.#hostLocal.get(pod.nodeName)?.release(pod.podIP, this.#j);
  }

  #podHint(name: string, namespace: string): string | undefined {
    const d = this.#deployments.get(key(namespace, name));
    if (d) return `"${name}" is a Deployment: use one of its Pods (cluster.get("pods")) or "deploy/${name}"`;
    const prefix = this.pods(namespace).filter((p) => p.name.startsWith(name));
    if (prefix.length > 0) return `Did you mean ${prefix.slice(0, 3).map((p) => `"${p.name}"`).join(", ")}?`;
    const elsewhere = this.pods().find((p) => p.name === name);
    if (elsewhere) return `A Pod of that name is in namespace "${elsewhere.namespace}": pass { namespace: "${elsewhere.namespace}" }`;
    return undefined;
  }

  /** Finds the Pod an exec target names: `name`, `pod/name`, or `deploy/name` (its first Pod). */
  resolvePodTarget(target: string, namespace = "default"): PodState {
    const m = /^(pod|pods|po|deploy|deployment|deployments)\/(.+)$/.exec(target);
    if (m && m[1]!.startsWith("deploy")) {
      const d = this.#deployments.get(key(namespace, m[2]!));
      if (!d) throw notFoundError("deployments.apps", m[2]!);
      const rs = this.replicaSets(namespace).find((r) => r.owner?.uid === d.uid && r.name === `${d.name}-${d.templateHash}`);
      const pods = this.pods(namespace).filter((p) => p.owner?.uid === rs?.uid && p.deletion === undefined && p.phase === "Running");
      const pod = pods[0];
      if (!pod) throw new PodtalkError(ErrorCode.NotFound, `error: deployment "${d.name}" has no running Pods to exec into`);
      return pod;
    }
    const name = m ? m[2]! : target;
    const pod = this.#pods.get(key(namespace, name));
    if (!pod) throw notFoundError("pods", name, this.#podHint(name, namespace));
    return pod;
  }
}

/** The number a named targetPort means on one Pod (matching name and protocol), if any. */
export function resolveTargetPort(pod: PodState, targetPort: number | string, protocol: string): number | undefined {
  if (typeof targetPort === "number") return targetPort;
  for (const c of pod.spec.containers) {
    for (const p of c.ports) if (p.name === targetPort && p.protocol === protocol) return p.containerPort;
  }
  return undefined;
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

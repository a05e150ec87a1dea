/**
 * The public `Cluster`: what a notebook talks to. It reads like a kubectl session and wraps one
 * Simulation, returning displayable results (Table, Trace, Topology) built in lib/render.
 */
import { ErrorCode, PodtalkError } from "./model/errors.js";
import { badArgument, deletedLine, nodeNotFound } from "./model/messages.js";
import type { ManifestInput } from "./model/objects.js";
import type { ResourceName } from "./model/resources.js";
import { describe as describeObject } from "./render/describe.js";
import { getYaml } from "./render/endpoint-slice-view.js";
import { JUPYTER_DISPLAY, type MimeBundle } from "./render/mime.js";
import { getTable, type GetOptions } from "./render/resource-tables.js";
import type { Table } from "./render/table.js";
import { ApplyResult } from "./render/apply-result.js";
import { Text } from "./render/text.js";
import { Logs } from "./render/logs-view.js";
import { topologyModel, type TopologyOptions } from "./render/topology.js";
import { Topology } from "./render/topology-view.js";
import { Manifests } from "./render/manifests-view.js";
import { Trace } from "./render/trace-view.js";
import { LoadResult } from "./render/load-view.js";
import { Reachability } from "./render/reachability-view.js";
import { ProxyRulesView, routesTable } from "./render/rules-view.js";
import { Timeline, timelineModel, type TimelineOptions } from "./render/timeline.js";
import { Snapshot } from "./render/diff.js";
import type { RolloutStatus } from "./render/rollout-view.js";
import * as verbs from "./verbs/workloads.js";
import { type LoadOptions, loadOverTime, overTime } from "./verbs/load.js";
import type { LoadOverTime } from "./render/load-over-time-view.js";
import { registerEngine } from "./internal/engine.js";
import { aBoolean, aNumber, aSelector, aString, aStringList, checkArgument, checkOptions, describeValue } from "./internal/arguments.js";
import {
  type NodeInfo,
  type PodInfo,
  type PodsQuery,
  type ServiceInfo,
  type ServicesQuery,
  findNode,
  findPod,
  findPods,
  findService,
  findServices,
  listNodes,
} from "./queries/index.js";
import {
  type ClusterOptions,
  type ExecOptions,
  type LogsOptions,
  ScratchStore,
  Simulation,
  allContainers,
  execIn,
  execOnNode,
  networkPolicyFor,
  nodeTarget,
  podLogs,
  reachability,
  reachabilityPods,
  runLoad,
} from "./sim/index.js";

/** How a namespace option is checked. */
const NAMESPACE = aString("default");
/** How a label selector option is checked. */
const SELECTOR = aSelector("app=api");

/** Options of `deletePod` and `describe`. */
export interface NamespaceOption {
  /** @default "default" */
  readonly namespace?: string;
}

/**
 * A simulated Kubernetes cluster (kubeadm + flannel defaults), with CoreDNS, kube-proxy and the
 * `kubernetes` Service already running. Every random choice derives from `seed`, so the same
 * notebook gives the same names, addresses and picks on every run.
 *
 * @example
 * const cluster = new Cluster({ nodes: 3, seed: 1 });
 * cluster.apply(manifestYaml);
 * cluster.exec("frontend", "curl http://my-api:8080/");
 */
export class Cluster {
  readonly #sim: Simulation;
  /** Files written by shell redirections in exec, per container. */
  readonly #scratch = new ScratchStore();

  /**
   * A new cluster, set up as `kubeadm init` and flannel's manifest leave one.
   *
   * @param options every option may be left out:
   * - `nodes`: how many nodes (`node-1` is the control plane), or their names; default 2
   * - `seed`: the random seed (names, addresses, kube-proxy's picks); default 1
   * - `network`: `"flannel-vxlan"` (overlay, the default) or `"flannel-host-gw"` (routed)
   * - `proxyMode`: `"iptables"` (the default), `"ipvs"` (deprecated in v1.35) or `"nftables"`
   * - `networkPolicy`: `"none"` (plain flannel, the default: policies have no effect) or
   *   `"kube-network-policies"` (enforced)
   * - `clusterCIDR`, `nodeCIDRMaskSize`, `serviceCIDR`, `clusterDomain`: kubeadm's
   *   `10.244.0.0/16`, `24`, `10.96.0.0/12`, `cluster.local`
   * - `zones`: spread the nodes over these zones (for `trafficDistribution`); none by default
   * - `controlPlaneTaint`, `systemPods`: set `false` to schedule on node-1 or to leave out the
   *   system Pods
   * @example new Cluster({ nodes: 3, seed: 1, proxyMode: "nftables" })
   */
  constructor(options: ClusterOptions = {}) {
    this.#sim = new Simulation(options);
    registerEngine(this, this.#sim);
  }

  /** Simulated seconds since the cluster was bootstrapped. */
  get now(): number {
    return this.#sim.now;
  }

  /**
   * Applies manifests (YAML text with one or many documents, an object, or a list of objects).
   * All or nothing: an invalid manifest throws an error worded like the API server's and changes
   * nothing.
   *
   * @example cluster.apply(`apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: web, image: nginx}]}`)
   */
  apply(manifests: ManifestInput): ApplyResult {
    const outcome = this.#sim.apply(manifests);
    return new ApplyResult(outcome.lines, outcome.warnings);
  }

  /**
   * Runs a command in a Pod as `kubectl exec` does and returns the Trace of what happened.
   * `target` is a Pod name, `pod/<name>` or `deploy/<name>` (that Deployment's first Pod), or
   * `node/<name>` for a root shell on the node itself (its network namespace and tools: `ip`,
   * `curl`, `ping`, `nft`, `iptables-save`, `ipvsadm`).
   *
   * @example cluster.exec("frontend", "curl -s http://my-api:8080/")
   */
  exec(target: string, command: string, options?: ExecOptions): Trace {
    checkArgument("cluster.exec(target, command)", "target", target, aString("deploy/web"));
    if (typeof command !== "string" || command.trim() === "") {
      throw new PodtalkError(ErrorCode.BadRequest, `exec needs a command, e.g. cluster.exec("${target}", "curl http://my-api:8080/")`);
    }
    options = checkOptions<ExecOptions>("cluster.exec()", options, { namespace: NAMESPACE, container: aString("app") });
    const node = nodeTarget(target);
    if (node !== undefined) return new Trace(execOnNode(this.#sim, node, command, options, this.#sim.traffic, this.#scratch));
    const pod = this.#sim.resolvePodTarget(target, options.namespace ?? "default");
    return new Trace(execIn(this.#sim, pod, command, options, this.#sim.traffic, this.#scratch));
  }

  /**
   * A container's log, as `kubectl logs` prints it: what the process wrote to stdout and stderr
   * (nginx's start-up notices and its `bind()` errors, whoami's `Starting up on port 80`, …).
   * `previous: true` reads the run before the current one (`--previous`), where a crashed
   * container's last words are; `tail` keeps the last lines. `target` is a Pod name, `pod/<name>`
   * or `deploy/<name>`.
   *
   * @example cluster.logs("two-nginx", { container: "second", previous: true })
   */
  logs(target: string, options?: LogsOptions): Logs {
    checkArgument("cluster.logs(target)", "target", target, aString("two-nginx"));
    options = checkOptions<LogsOptions>("cluster.logs()", options, {
      namespace: NAMESPACE,
      container: aString("app"),
      previous: aBoolean,
      tail: aNumber,
    });
    const pod = this.#sim.resolvePodTarget(target, options.namespace ?? "default");
    return new Logs(podLogs(this.#sim, pod, options));
  }

  /**
   * Deletes a Pod; its controller replaces it with a new Pod (new name, usually a new IP) while
   * the old one shows Terminating for its grace period.
   *
   * @example cluster.deletePod("api-7c9d8b6f5-2xk4q")
   */
  deletePod(name: string, options?: NamespaceOption): Text {
    checkArgument("cluster.deletePod(name)", "name", name, aString("web-0"));
    options = checkOptions<NamespaceOption>("cluster.deletePod()", options, { namespace: NAMESPACE });
    const pod = this.#sim.deletePod(name, options.namespace ?? "default");
    return new Text(deletedLine("pod", pod.name, pod.namespace));
  }

  /**
   * Deletes any object as `kubectl delete` does (`pod`, `deployment`, `replicaset`, `statefulset`,
   * `service`, `namespace`, and kubectl's short names). Workloads take their Pods with them.
   *
   * @example cluster.delete("service", "my-api")
   */
  delete(kind: ResourceName, name: string, options?: NamespaceOption): Text {
    checkArgument("cluster.delete(kind, name)", "kind", kind, aString("service"));
    checkArgument("cluster.delete(kind, name)", "name", name, aString("my-api"));
    options = checkOptions<NamespaceOption>("cluster.delete()", options, { namespace: NAMESPACE });
    return new Text(this.#sim.delete(kind, name, options.namespace ?? "default"));
  }

  /**
   * Restarts one container, as the kubelet does when its process dies: same Pod, same IP,
   * `restartCount` + 1, the previous run in `lastState`.
   *
   * @example cluster.restartContainer("web-0", "app")
   */
  restartContainer(pod: string, container?: string, options?: NamespaceOption): Text {
    checkArgument("cluster.restartContainer(pod, container)", "pod", pod, aString("web-0"));
    checkArgument("cluster.restartContainer(pod, container)", "container", container, aString("app"), true);
    options = checkOptions<NamespaceOption>("cluster.restartContainer()", options, { namespace: NAMESPACE });
    const p = this.#sim.restartContainer(pod, container, options.namespace ?? "default");
    const c = container ?? p.containers[0]!.name;
    return new Text(`container ${c} of pod ${p.name} restarted (restartCount ${allContainers(p).find((x) => x.name === c)!.restartCount})`);
  }

  /**
   * Makes a Pod's readiness probe fail (`false`) or pass (`true`) from now on. A not-ready Pod
   * keeps running but leaves its Services' ready endpoints.
   *
   * @example cluster.setReady("api-7c9d8b6f5-2xk4q", false)
   */
  setReady(pod: string, ready: boolean, options?: NamespaceOption & { readonly container?: string }): Text {
    checkArgument("cluster.setReady(pod, ready)", "pod", pod, aString("web-0"));
    checkArgument("cluster.setReady(pod, ready)", "ready", ready, aBoolean);
    options = checkOptions<NamespaceOption & { readonly container?: string }>("cluster.setReady()", options, {
      namespace: NAMESPACE,
      container: aString("app"),
    });
    const p = this.#sim.setReady(pod, ready, options);
    return new Text(`pod ${p.name} is ${this.#sim.isPodReady(p) ? "Ready" : "not Ready"}`);
  }

  /**
   * Sends many requests from a Pod to a URL and counts which Pod served each: the spread that
   * kube-proxy's mode gives (random in iptables and nftables mode, strict rotation in IPVS mode).
   * With `every` and `for`, the requests are spread over simulated time (the clock moves on
   * between batches, so a rolling update plays out during the load) and counted per interval and
   * per backend version (ReplicaSet and image), with failures.
   *
   * @example cluster.load("deploy/frontend", "http://my-api:8080/", { requests: 1000 })
   * @example cluster.load("deploy/frontend", "http://my-api:8080/", { every: "1s", for: "40s", requests: 400 })
   */
  load(from: string, url: string, options: LoadOptions & { readonly every: string | number; readonly for: string | number }): LoadOverTime;
  load(from: string, url: string, options?: { readonly requests?: number; readonly namespace?: string }): LoadResult;
  load(from: string, url: string, options?: LoadOptions): LoadResult | LoadOverTime {
    checkArgument("cluster.load(from, url)", "from", from, aString("deploy/frontend"));
    checkArgument("cluster.load(from, url)", "url", url, aString("http://my-api:8080/"));
    // runLoad checks `requests` itself (a whole number from 1 to 1,000,000).
    options = checkOptions<LoadOptions>("cluster.load()", options, { namespace: NAMESPACE });
    if (overTime(options)) return loadOverTime(this.#sim, from, url, options);
    const pod = this.#sim.resolvePodTarget(from, options.namespace ?? "default");
    return new LoadResult(runLoad(this.#sim, pod, url, options.requests ?? 100, this.#sim.traffic));
  }

  /**
   * Sets a workload's replica count, as `kubectl scale --replicas=N` does. `target` is
   * `deployment/<name>`, `statefulset/<name>` or `replicaset/<name>` (or `deploy/`, `sts/`, `rs/`).
   *
   * @example cluster.scale("deployment/api", 3) // deployment.apps/api scaled
   */
  scale(target: string, replicas: number, options?: NamespaceOption): Text {
    return verbs.scale(this.#sim, target, replicas, options);
  }

  /**
   * Changes container images, as `kubectl set image` does: `{ container: image }`, `"*"` for every
   * container. A Deployment rolls out a new ReplicaSet; advance time or `rollout("status", …)` to
   * watch it.
   *
   * @example cluster.setImage("deployment/api", { app: "nginx:1.27" }) // deployment.apps/api image updated
   */
  setImage(target: string, images: Readonly<Record<string, string>>, options?: NamespaceOption): Text {
    return verbs.setImage(this.#sim, target, images, options);
  }

  /**
   * `kubectl rollout status|history|undo`. `status` lets simulated time pass until the rollout is
   * done (or `timeout`), returning kubectl's progress lines; `history` lists the revisions (one with
   * `revision`); `undo` goes back to the previous revision, or to `revision`.
   *
   * @example cluster.rollout("status", "deployment/api")
   * @example cluster.rollout("undo", "deployment/api", { revision: 1 })
   */
  rollout(action: "status", target: string, options?: verbs.RolloutOptions): RolloutStatus;
  rollout(action: "history" | "undo", target: string, options?: verbs.RolloutOptions): Text;
  rollout(action: verbs.RolloutAction, target: string, options?: verbs.RolloutOptions): Text | RolloutStatus {
    return verbs.rollout(this.#sim, action, target, options);
  }

  /**
   * The Pod × Pod matrix of one port as the cluster's NetworkPolicy implementation decides it
   * (from row to column, `.` allowed, `X` denied), as the upstream NetworkPolicy e2e tests print
   * their truth tables. Covers Running Pods of the Pod network, in every namespace but the
   * control plane's unless `namespaces` names them. `before.diff(after)`-style: `after.diff(before)`.
   *
   * @example cluster.reachability({ port: 80, namespaces: ["x", "y", "z"] })
   */
  reachability(options: { readonly port: number; readonly protocol?: "TCP" | "UDP" | "SCTP"; readonly namespaces?: readonly string[] }): Reachability {
    const call = "cluster.reachability({ port })";
    const o = checkOptions<{ port?: number; protocol?: string; namespaces?: readonly string[] }>(call, options, {
      port: aNumber,
      protocol: aString("TCP"),
      namespaces: aStringList,
    });
    if (o.port === undefined || o.port < 1 || o.port > 65535) {
      throw new PodtalkError(ErrorCode.BadRequest, badArgument(call, "port", "a port from 1 to 65535 such as 80", describeValue(o.port)));
    }
    const protocol = o.protocol ?? "TCP";
    if (protocol !== "TCP" && protocol !== "UDP" && protocol !== "SCTP") {
      throw new PodtalkError(ErrorCode.BadRequest, badArgument(call, "protocol", '"TCP", "UDP" or "SCTP"', describeValue(protocol)));
    }
    const pods = reachabilityPods(this.#sim, o.namespaces);
    const empty = (o.namespaces ?? []).filter((ns) => !pods.some((p) => p.namespace === ns)).map((ns) => `no running Pods in namespace ${ns}`);
    return new Reachability(reachability(this.#sim, networkPolicyFor(this.#sim.options.networkPolicy), pods, o.port, protocol), empty);
  }

  /**
   * kube-proxy's rules on a node: \`iptables-save\` output in iptables mode, \`ipvsadm -Ln\` in IPVS mode,
   * \`nft list table ip kube-proxy\` in nftables mode. \`.forService("default/api")\` keeps one Service's.
   *
   * @example cluster.proxyRules("node-1")
   */
  proxyRules(node?: string): ProxyRulesView {
    checkArgument("cluster.proxyRules(node)", "node", node, aString("node-1"), true);
    return new ProxyRulesView(this.#sim, this.#node(node));
  }

  /**
   * A node's routing table (\`ip route\`): its own Pod range on cni0, the other nodes' ranges through
   * the overlay (VXLAN) or straight to them (host-gw).
   *
   * @example cluster.routes("node-1")
   */
  routes(node?: string): Table {
    checkArgument("cluster.routes(node)", "node", node, aString("node-1"), true);
    return routesTable(this.#sim, this.#node(node));
  }

  /**
   * Pods over simulated time: created, ready, restarted, terminating, gone, with their IPs.
   *
   * @example cluster.timeline({ prefix: "api-" })
   */
  timeline(options?: TimelineOptions): Timeline {
    const checked = checkOptions<TimelineOptions>("cluster.timeline()", options, { system: aBoolean, namespace: NAMESPACE, prefix: aString("api-") });
    return new Timeline(timelineModel(this.#sim, checked));
  }

  /**
   * The cluster's state now, to compare with a later one: \`diff(before, cluster.snapshot())\`.
   *
   * @example const before = cluster.snapshot();
   */
  snapshot(): Snapshot {
    return new Snapshot(this.#sim);
  }

  /**
   * One Pod as plain, frozen data: its IP, node, phase, Ready condition, kubectl's STATUS word,
   * containers and restarts. A name that finds nothing is `get`'s NotFound, with a hint.
   *
   * @example cluster.pod("web-0").ip
   */
  pod(name: string, options?: NamespaceOption): PodInfo {
    checkArgument("cluster.pod(name)", "name", name, aString("web-0"));
    options = checkOptions<NamespaceOption>("cluster.pod()", options, { namespace: NAMESPACE });
    return findPod(this.#sim, name, options.namespace ?? "default");
  }

  /**
   * The Pods a query selects (label selector, namespace, readiness, node), sorted as kubectl sorts them.
   *
   * @example cluster.pods({ selector: "app=api", ready: true }).map((p) => p.ip)
   */
  pods(query?: PodsQuery): readonly PodInfo[] {
    const q = checkOptions<PodsQuery>("cluster.pods()", query, {
      selector: SELECTOR,
      namespace: NAMESPACE,
      allNamespaces: aBoolean,
      ready: aBoolean,
      node: aString("node-2"),
    });
    return Object.freeze(findPods(this.#sim, q));
  }

  /**
   * One node as plain, frozen data: roles, podCIDR, addresses, zone, taints.
   *
   * @example cluster.node("node-2").podCIDR
   */
  node(name: string): NodeInfo {
    checkArgument("cluster.node(name)", "name", name, aString("node-1"));
    return findNode(this.#sim, name);
  }

  /**
   * Every node as plain, frozen data, in `kubectl get nodes` order.
   *
   * @example cluster.nodes().map((n) => n.addresses.internalIP)
   */
  nodes(): readonly NodeInfo[] {
    return Object.freeze(listNodes(this.#sim));
  }

  /**
   * One Service as plain, frozen data: ClusterIP, ports, nodePorts, and its endpoints as
   * kube-proxy reads them from the EndpointSlices.
   *
   * @example cluster.service("my-api").endpoints.map((e) => e.pod)
   */
  service(name: string, options?: NamespaceOption): ServiceInfo {
    checkArgument("cluster.service(name)", "name", name, aString("my-api"));
    options = checkOptions<NamespaceOption>("cluster.service()", options, { namespace: NAMESPACE });
    return findService(this.#sim, name, options.namespace ?? "default");
  }

  /**
   * The Services of a namespace (or every namespace), optionally by their labels, as plain, frozen data.
   *
   * @example cluster.services({ allNamespaces: true }).map((s) => s.clusterIP)
   */
  services(query?: ServicesQuery): readonly ServiceInfo[] {
    const q = checkOptions<ServicesQuery>("cluster.services()", query, { selector: SELECTOR, namespace: NAMESPACE, allNamespaces: aBoolean });
    return Object.freeze(findServices(this.#sim, q));
  }

  #node(name: string | undefined) {
    const n = name === undefined ? this.#sim.nodes()[0]! : this.#sim.node(name);
    if (!n)
      throw new PodtalkError(
        ErrorCode.NotFound,
        nodeNotFound(
          String(name),
          this.#sim.nodes().map((x) => x.name),
        ),
      );
    return n;
  }

  /**
   * Every object a notebook applied, as YAML you can \`kubectl apply -f\` on a real cluster.
   * Jupyter shows it as highlighted YAML; it is a \`String\`, so \`String(x)\`, \`.includes()\`
   * and \`apply(x)\` on another cluster work as on text (lib/render/manifests-view.ts).
   *
   * @example cluster.manifests()
   */
  manifests(): Manifests {
    return new Manifests(this.#sim.manifests());
  }

  /**
   * Moves simulated time forward: grace periods end, controllers reconcile.
   *
   * @example cluster.advance("30s")
   */
  advance(duration: string | number): void {
    if (typeof duration !== "string" && typeof duration !== "number") {
      throw new PodtalkError(
        ErrorCode.BadRequest,
        badArgument("cluster.advance(duration)", "duration", `a duration such as "30s" or a number of seconds`, describeValue(duration)),
      );
    }
    this.#sim.advance(duration);
  }

  /**
   * Lists objects like `kubectl get <kind> -o wide`.
   *
   * @example cluster.get("pods").column("IP")
   */
  get(kind: ResourceName, options?: GetOptions): Table {
    checkArgument("cluster.get(kind)", "kind", kind, aString("pods"));
    const checked = checkOptions<GetOptions>("cluster.get()", options, { namespace: NAMESPACE, allNamespaces: aBoolean, wide: aBoolean, showLabels: aBoolean });
    return getTable(this.#sim, kind, checked);
  }

  /**
   * `kubectl describe` for a Pod, Service, Deployment, ReplicaSet, StatefulSet, DaemonSet, NetworkPolicy, EndpointSlice,
   * Node, ServiceCIDR or IPAddress.
   *
   * @example cluster.describe("service", "my-api")
   */
  describe(kind: ResourceName, name: string, options?: NamespaceOption): Text {
    checkArgument("cluster.describe(kind, name)", "kind", kind, aString("service"));
    checkArgument("cluster.describe(kind, name)", "name", name, aString("my-api"));
    options = checkOptions<NamespaceOption>("cluster.describe()", options, { namespace: NAMESPACE });
    return new Text(describeObject(this.#sim, kind, name, options.namespace ?? "default"));
  }

  /**
   * \`kubectl get <kind> <name> -o yaml\` for an EndpointSlice: its endpoints with their zone and
   * the \`hints\` kube-proxy reads (\`spec.trafficDistribution\`). \`cluster.get("endpointslices")\` lists the names.
   *
   * @example cluster.yaml("endpointslice", "web-7x2kq")
   */
  yaml(kind: string, name: string, options?: NamespaceOption): Text {
    checkArgument("cluster.yaml(kind, name)", "kind", kind, aString("endpointslice"));
    checkArgument("cluster.yaml(kind, name)", "name", name, aString("web-7x2kq"));
    options = checkOptions<NamespaceOption>("cluster.yaml()", options, { namespace: NAMESPACE });
    return new Text(getYaml(this.#sim, kind, name, options.namespace ?? "default"));
  }

  /**
   * The topology picture, with options (highlight objects, show system Pods, one namespace, the
   * network devices between the Pods and the node network).
   *
   * @example cluster.topology({ highlight: ["my-api"] })
   * @example cluster.topology({ devices: true })
   */
  topology(options?: TopologyOptions): Topology {
    const checked = checkOptions<TopologyOptions>("cluster.topology()", options, {
      system: aBoolean,
      namespace: NAMESPACE,
      highlight: aStringList,
      devices: aBoolean,
    });
    return new Topology(topologyModel(this.#sim, checked));
  }

  toString(): string {
    return this.topology().toString();
  }

  [JUPYTER_DISPLAY](): Promise<MimeBundle> {
    return this.topology()[JUPYTER_DISPLAY]();
  }
}

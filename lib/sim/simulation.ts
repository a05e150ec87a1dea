/**
 * The simulation engine: wires the subsystems (store, API server, controllers, scheduler,
 * kubelets, clock) and offers the verbs a notebook uses. Every verb runs in a transaction: a
 * failure half-way leaves the cluster exactly as it was.
 */
import { safeString } from "../model/messages.js";
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { MAX_DURATION_SECONDS, durationOutOfRange, parseDuration } from "../model/duration.js";
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
import { ClusterReader, type EngineParts } from "./cluster-reader.js";
import type { ClusterView } from "./cluster-view.js";
import type { RngStreams } from "./controllers/context.js";
import { reconcile } from "./controllers/reconcile.js";
import { WorkQueues } from "./controllers/work-queues.js";
import { EventRecorder, PodHistory } from "./events.js";
import { NodeCIDRAllocator } from "./ipam/node-cidr.js";
import { Kubelet } from "./kubelet/kubelet.js";
import { readinessFailureMessage } from "./kubelet/probe-messages.js";
import { ProxyState } from "./kube-proxy/index.js";
import { exportManifests } from "./manifests.js";
import { resolveOptions, type ClusterOptions } from "./options.js";
import { Rng } from "./rng.js";
import { Scheduler } from "./scheduler/scheduler.js";
import type { PodState } from "./state.js";
import { key } from "./store/keys.js";
import { ObjectStore } from "./store/object-store.js";
import { Transaction } from "./store/transaction.js";
import { containerIndex, requirePod, resolvePodTarget } from "./targets.js";
import { type WorkloadRef, resolveWorkload, rolloutUndo, scaleWorkload, setImage } from "./workload-verbs.js";
import { allContainers, fieldPathOf, isSidecarIndex, splitContainers } from "./pod-containers.js";

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
export class Simulation extends ClusterReader implements ClusterView {
  /**
   * What traffic draws on and remembers: kube-proxy's random picks, CoreDNS picks, the order of
   * CoreDNS's answers, ephemeral ports, and kube-proxy's datapath state (IPVS rotation, ClientIP affinity).
   */
  readonly traffic: { readonly endpoints: Rng; readonly dns: Rng; readonly answers: Rng; readonly ports: Rng; readonly proxy: ProxyState };
  readonly #ctx: ApiServerContext;

  constructor(options: ClusterOptions = {}) {
    const { parts, rng, traffic, nodeNames, nodeCIDRs } = assemble(options);
    super(parts);
    this.traffic = traffic;
    const { tx, store, clock, events, kubelet, addresses } = parts;
    this.#ctx = { tx, store, events, clock, rng, queues: parts.queues, pods: kubelet, addresses };
    this.#run(() =>
      bootstrap(this.#ctx, {
        options: this.options,
        nodeNames,
        systemPods: options.systemPods ?? true,
        controlPlaneTaint: options.controlPlaneTaint ?? nodeNames.length > 1,
        scheduler: parts.scheduler,
        nodeCIDRs,
        kubelet,
      }),
    );
    clock.set(BOOTSTRAP_AGE);
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
   * @returns kubectl's line, e.g. `deployment.apps "web" deleted from default namespace`
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
    let deleted: PodState | undefined;
    this.#run(() => {
      deleted = requirePod(this.parts.store, name, namespace);
      this.parts.kubelet.terminatePod(deleted);
    });
    // With terminationGracePeriodSeconds 0 the Pod is gone at once: return it as it was.
    return this.parts.store.pods.get(key(namespace, name)) ?? deleted!;
  }

  /**
   * Restarts one container of a Pod as the kubelet does after the process exits: same Pod, same
   * IP, `restartCount` + 1, the previous run in `lastState` (exit code 137, killed).
   */
  restartContainer(podName: string, containerName: string | undefined, namespace = "default"): PodState {
    this.#run(() => {
      const pod = requirePod(this.parts.store, podName, namespace);
      const index = containerIndex(pod, containerName);
      const c = allContainers(pod)[index]!;
      if (c.state !== "Running") {
        throw new PodtalkError(
          ErrorCode.BadRequest,
          `container ${c.name} of pod ${pod.name} is not running (${c.state}${c.reason ? `: ${c.reason}` : ""}); restart a running container, or advance time`,
        );
      }
      this.parts.kubelet.containerExited(pod.namespace, pod.name, index, 137, "Error");
    });
    return this.parts.store.pods.get(key(namespace, podName))!;
  }

  /**
   * Makes a container's readiness probe succeed or fail from now on (both take effect at once).
   * A not-ready Pod leaves its Services' ready endpoints but keeps running.
   */
  setReady(podName: string, ready: boolean, options: { container?: string; namespace?: string } = {}): PodState {
    const namespace = options.namespace ?? "default";
    this.#run(() => {
      const pod = requirePod(this.parts.store, podName, namespace);
      // Without a container: every container that counts toward readiness (app containers and sidecars).
      const all0 = allContainers(pod);
      const indexes =
        options.container === undefined
          ? all0.flatMap((_, i) => (i < pod.containers.length || isSidecarIndex(pod.spec, i) ? [i] : []))
          : [containerIndex(pod, options.container)];
      const all = all0.map((c, i) => {
        if (!indexes.includes(i)) return c;
        const running = c.state === "Running" && c.started !== false;
        return { ...c, forcedUnready: !ready, ready: ready && running && !this.parts.kubelet.awaitingReadiness(pod, i) };
      });
      this.parts.kubelet.setPod({ ...pod, ...splitContainers(pod.spec, all) });
      if (!ready) {
        for (const i of indexes)
          this.parts.events.record(namespace, "Warning", "Unhealthy", `pod/${pod.name}`, readinessFailureMessage(pod, i), {
            subobject: fieldPathOf(pod.spec, i),
            host: pod.nodeName,
          });
      }
    });
    return this.parts.store.pods.get(key(namespace, podName))!;
  }

  /**
   * Advances simulated time: containers exit and restart with back-off, readiness delays pass,
   * Terminating Pods go away, and controllers reconcile, in time order.
   *
   * @example sim.advance("30s")
   */
  advance(duration: string | number): void {
    const seconds = typeof duration === "number" ? duration : parseDuration(duration);
    if (Number.isNaN(seconds)) {
      throw new PodtalkError(ErrorCode.BadRequest, `Invalid duration NaN: not a number; pass "30s" or a number of seconds ≥ 0`);
    }
    if (seconds < 0) {
      throw new PodtalkError(ErrorCode.BadRequest, `Invalid duration ${safeString(duration)}: time only moves forward; pass "30s" or a number of seconds ≥ 0`);
    }
    if (seconds > MAX_DURATION_SECONDS) throw new PodtalkError(ErrorCode.BadRequest, durationOutOfRange(duration));
    this.#run(() => {
      const target = this.parts.clock.now + seconds;
      for (;;) {
        const next = this.parts.clock.nextDue(target);
        if (!next) break;
        const now = Math.max(this.parts.clock.now, next.time);
        this.parts.clock.set(now);
        this.parts.clock.remove(next);
        this.parts.kubelet.fire(next);
        // Everything the kubelets do at one instant (two Pods turning ready together) reaches the
        // controllers together, as their informers batch it: a rollout then scales an old
        // ReplicaSet down by both at once (rolling.go), not one Pod at a time.
        for (let more = this.parts.clock.nextDue(now); more; more = this.parts.clock.nextDue(now)) {
          this.parts.clock.remove(more);
          this.parts.kubelet.fire(more);
        }
        reconcile(this.#ctx);
      }
      this.parts.clock.set(target);
    });
  }

  /** `kubectl scale <target> --replicas=N`; kubectl's line (`deployment.apps/api scaled`). */
  scale(target: string, replicas: number, namespace = "default"): string {
    return this.#run(() => scaleWorkload(this.#ctx, target, replicas, namespace));
  }

  /** `kubectl set image <target> c=image…`; kubectl's line (`deployment.apps/api image updated`). */
  setImage(target: string, images: Readonly<Record<string, string>>, namespace = "default"): string {
    return this.#run(() => setImage(this.#ctx, target, images, namespace));
  }

  /** `kubectl rollout undo <target> [--to-revision=N]`; kubectl's line (`deployment.apps/api rolled back`). */
  rolloutUndo(target: string, revision: number | undefined, namespace = "default"): string {
    return this.#run(() => rolloutUndo(this.#ctx, target, revision, namespace));
  }

  /** The Deployment, StatefulSet or ReplicaSet a workload verb names, or kubectl's error. */
  workload(verb: string, target: string, namespace = "default"): WorkloadRef {
    return resolveWorkload(this.parts.store, verb, target, namespace);
  }

  /** Finds the Pod an exec target names: `name`, `pod/name`, or `deploy/name` (its first Pod). */
  resolvePodTarget(target: string, namespace = "default"): PodState {
    return resolvePodTarget(this.parts.store, target, namespace, this.parts.history.spans());
  }

  /** Runs `change` and then the controllers, in one transaction. */
  #run<T>(change: () => T): T {
    return this.parts.tx.run(() => {
      const result = change();
      reconcile(this.#ctx);
      return result;
    });
  }
}

/**
 * Builds the subsystems for `options`, checking them in the order the errors should come:
 * options, CIDRs, node names, node network.
 */
function assemble(options: ClusterOptions): {
  parts: EngineParts;
  rng: RngStreams;
  traffic: Simulation["traffic"];
  nodeNames: string[];
  nodeCIDRs: NodeCIDRAllocator;
} {
  const resolved = resolveOptions(options);
  const { seed, podEvents } = resolved;
  const tx = new Transaction();
  const store = new ObjectStore(tx);
  const clock = new Clock(tx);
  const nodeCIDRs = new NodeCIDRAllocator(resolved.clusterCIDR, resolved.nodeCIDRMaskSize, resolved.serviceCIDR);
  const addresses = new ServiceAddresses(resolved.serviceCIDR, tx);
  const rng: RngStreams = {
    names: new Rng(seed, "names"),
    uids: new Rng(seed, "uids"),
    clusterIPs: new Rng(seed, "cluster-ips"),
    veths: new Rng(seed, "veths"),
    slices: new Rng(seed, "endpointslices"),
    nodePorts: new Rng(seed, "node-ports"),
  };
  const traffic = {
    endpoints: new Rng(seed, "endpoints"),
    dns: new Rng(seed, "dns"),
    answers: new Rng(seed, "dns-answers"),
    ports: new Rng(seed, "ports"),
    proxy: new ProxyState(),
  };
  const nodeNames = resolveNodeNames(options.nodes ?? 2);
  if (nodeNames.length > resolved.nodeNetwork.size - 3) {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `${nodeNames.length === 1 ? "1 node does" : `${nodeNames.length} nodes do`} not fit in nodeNetwork ${options.nodeNetwork ?? "172.18.0.0/16"}; use a larger nodeNetwork`,
    );
  }
  const events = new EventRecorder(tx, clock);
  const history = new PodHistory(tx, clock);
  const queues = new WorkQueues(store);
  const scheduler = new Scheduler(store, tx, nodeNames.length);
  const writer = new PodWriter(store, queues, podEvents ? history : undefined);
  const kubelet = new Kubelet({ tx, store, clock, events, history, rng, scheduler, writer, queues, podEvents });
  for (const r of Object.values(rng)) tx.enlist(r);
  tx.enlist(clock);
  tx.listen(store);
  tx.listen(queues);
  const parts: EngineParts = { options: resolved, tx, store, clock, events, history, addresses, scheduler, kubelet, queues };
  return { parts, rng, traffic, nodeNames, nodeCIDRs };
}

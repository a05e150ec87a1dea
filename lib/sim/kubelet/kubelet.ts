/**
 * The kubelets (one per node, modelled together): they take the Pods the scheduler binds, get an
 * address from the node's host-local IPAM, start the containers' processes, restart them with
 * back-off when they exit, and remove Terminating Pods after their grace period. Simplification:
 * images are present and containers start at once, so a new Pod runs in the same step (a real
 * one takes seconds).
 */
import type { Labels, PodSpecN } from "../../model/objects.js";
import { formatGoDuration } from "../../model/duration.js";
import type { PodWriter } from "../apiserver/pod-writer.js";
import type { Clock, Timer } from "../clock.js";
import type { PodControl, RngStreams } from "../controllers/context.js";
import type { WorkQueues } from "../controllers/work-queues.js";
import type { EventRecorder, PodHistory } from "../events.js";
import { HostLocalAllocator } from "../ipam/host-local.js";
import { generateUID, generateVethName } from "../names.js";
import type { NodeSpread } from "../scheduler/node-load.js";
import type { Scheduler } from "../scheduler/scheduler.js";
import type { ContainerState, NodeState, OwnerRef, PodState, Termination } from "../state.js";
import type { JournalSource } from "../store/journal.js";
import { key } from "../store/keys.js";
import type { ObjectStore } from "../store/object-store.js";
import { admission } from "./admission.js";
import { BACKOFF, backOffMessage, nextBackoff, recordBackOffSyncs, restartDelay } from "./backoff.js";
import { appModel, type AppModel } from "./images.js";
import { bindFailureSeconds, terminationMessage } from "./container-logs.js";
import { CONTAINER_CREATED, CONTAINER_STARTED, imagePresentMessage } from "./container-events.js";
import { startTermination, stopExitCode, terminationPlan } from "./termination.js";
import { withContainers } from "./pod-status.js";
import { appsFinished, initialInitStatuses, nextStarts, POD_INITIALIZING, restarts, waitingContainer } from "./init-containers.js";
import { allContainers, fieldPathOf, isSidecarIndex, specAt, splitContainers } from "../pod-containers.js";
import { portConflict } from "./port-conflict.js";
import { imageUpdate } from "./image-update.js";

/** What the kubelet works with. */
export interface KubeletDeps {
  readonly tx: JournalSource;
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly events: EventRecorder;
  readonly history: PodHistory;
  readonly rng: RngStreams;
  readonly scheduler: Scheduler;
  readonly writer: PodWriter;
  readonly queues: WorkQueues;
  /** Record the events of every Pod start (`Scheduled`, `Pulled`, …), not only of restarts. */
  readonly podEvents: boolean;
}

/** Pod lifecycle on the nodes: bind, start, exit, restart, terminate, remove. */
export class Kubelet implements PodControl {
  /** Each node's host-local IPAM, by node index. */
  readonly #hostLocal: HostLocalAllocator[] = [];
  readonly #appModels = new WeakMap<object, AppModel>();
  readonly #d: KubeletDeps;
  /** `app`, bound once: port checks call it for every container. */
  readonly #appOf = (pod: PodState, index: number): AppModel => this.app(pod, index);

  constructor(deps: KubeletDeps) {
    this.#d = deps;
  }

  /** Adds a node's host-local IPAM (when the node registers). */
  addNode(node: NodeState): void {
    this.#d.tx.j.push(this.#hostLocal, new HostLocalAllocator(node.podCIDR, node.name));
  }

  /** The process model of a Pod's container. */
  app(pod: PodState, containerIndex: number): AppModel {
    const spec = specAt(pod.spec, containerIndex);
    let model = this.#appModels.get(spec);
    if (!model) {
      model = appModel(spec);
      this.#appModels.set(spec, model);
    }
    return model;
  }

  /** Stores a new version of a Pod. */
  setPod(pod: PodState): void {
    this.#d.writer.setPod(pod);
  }

  /** Counts where an owner's Pods run, in the scheduler's scratch spread (the caller clears it). */
  countOwned(owner: OwnerRef | undefined): NodeSpread {
    return this.#d.scheduler.countOwned(owner);
  }

  /**
   * Creates a Pod: the scheduler picks a node (spreading an owner's Pods, then balancing), the CNI
   * plugin allocates an IP, and the kubelet starts the containers.
   */
  createPod(
    name: string,
    namespace: string,
    labels: Labels,
    annotations: Labels,
    spec: PodSpecN,
    owner: OwnerRef | undefined,
    source: Readonly<Record<string, unknown>> | undefined,
    spread?: NodeSpread,
    uid: string = generateUID(this.#d.rng.uids),
  ): void {
    const { tx, store, clock, events, scheduler } = this.#d;
    const node = scheduler.schedule(spec, owner, spread);
    // With init containers every container waits as `PodInitializing` until its turn (kubelet_pods.go convertToAPIContainerStatuses).
    const initContainers = initialInitStatuses(spec);
    const containers: ContainerState[] = spec.containers.map((c) => waitingContainer(c, initContainers ? POD_INITIALIZING : "ContainerCreating"));
    const pending: PodState = {
      uid,
      name,
      namespace,
      labels,
      annotations,
      owner,
      nodeName: undefined,
      podIP: undefined,
      hostIP: undefined,
      phase: "Pending",
      creation: clock.now,
      deletion: undefined,
      spec,
      containers,
      ...(initContainers ? { initContainers } : {}),
      veth: undefined,
      unschedulable: node.reason,
    };
    if (source) tx.j.set(store.podSources, key(namespace, name), source);
    const refusal = node.node && spec.nodeName !== undefined && !owner ? admission(spec, node.node, scheduler.load, store.pods) : undefined;
    if (refusal) {
      // A Pod pinned with nodeName skips the scheduler; the kubelet's admission refuses it.
      this.setPod({ ...pending, phase: "Failed", rejected: refusal.reason, unschedulable: refusal.message });
      events.record(namespace, "Warning", refusal.reason, `pod/${name}`, refusal.message);
      return;
    }
    if (!node.node) {
      this.setPod(pending);
      events.record(namespace, "Warning", "FailedScheduling", `pod/${name}`, node.reason!);
      tx.j.add(scheduler.unscheduled, key(namespace, name));
      return;
    }
    this.#bind(pending, node.node);
    spread?.add(node.node.index);
  }

  /** Binds a Pod to a node: the CNI plugin allocates its IP and the kubelet starts its containers. */
  #bind(pending: PodState, n: NodeState): void {
    const { tx, scheduler } = this.#d;
    const { name, namespace, spec } = pending;
    if (scheduler.unscheduled.size > 0) tx.j.remove(scheduler.unscheduled, key(namespace, name));
    const podIP = spec.hostNetwork ? n.internalIP : this.#hostLocal[n.index]!.allocate(tx.j);
    scheduler.placed(n.index);
    const bound: PodState = {
      ...pending,
      nodeName: n.name,
      podIP,
      hostIP: n.internalIP,
      veth: spec.hostNetwork ? undefined : generateVethName(this.#d.rng.veths),
      unschedulable: undefined,
    };
    if (this.#d.podEvents) this.#d.events.record(namespace, "Normal", "Scheduled", `pod/${name}`, `Successfully assigned ${namespace}/${name} to ${n.name}`);
    this.#startContainers(bound, spec.initContainers ? nextStarts(bound) : allIndexes(spec.containers.length), true);
  }

  /** Retries the Pods waiting for a node, oldest first, once a Pod has left a node. */
  retryUnscheduled(): void {
    const scheduler = this.#d.scheduler;
    if (scheduler.capacityFreed && scheduler.unscheduled.size > 0) {
      for (const pod of scheduler.waiting()) {
        if (pod.deletion !== undefined) continue;
        const node = scheduler.schedule(pod.spec, pod.owner);
        if (!node.node) break;
        this.#bind(pod, node.node);
      }
    }
    scheduler.capacityFreed = false;
  }

  /**
   * Marks a Pod Terminating. Each running container gets its stop signal and keeps its readiness
   * until its process exits (so the Pod reads `1/1 Terminating` and its endpoints stay `serving`);
   * a process that ignores the signal is killed when the grace period ends. The Pod goes away once
   * every container has stopped.
   */
  terminatePod(pod: PodState): void {
    if (pod.deletion !== undefined) return;
    const { store, clock, events } = this.#d;
    const now = clock.now;
    this.setPod({ ...pod, deletion: now });
    const grace = pod.spec.terminationGracePeriodSeconds;
    if (pod.nodeName === undefined || grace <= 0) {
      this.#removePod(store.pods.get(key(pod.namespace, pod.name))!);
      return;
    }
    startTermination(pod, terminationPlan(pod, this.#appOf), events, clock);
  }

  /**
   * An image-only change to a Pod (the one spec change the API server allows): each changed
   * container that runs is killed and started with the new image (`image-update.ts`).
   */
  updatePodImages(pod: PodState, spec: PodSpecN): void {
    const { updated, restarted } = imageUpdate(pod, spec, this.#appOf, this.#d.clock.now);
    for (const i of restarted) {
      this.#d.events.record(pod.namespace, "Normal", "Killing", `pod/${pod.name}`, `Container ${specAt(spec, i).name} definition changed, will be restarted`, {
        subobject: fieldPathOf(spec, i),
        host: pod.nodeName,
      });
    }
    if (restarted.length === 0) this.setPod(updated);
    else this.#startContainers(updated, restarted, false);
  }

  /** Removes a Pod for good: its node's count and address are freed, its watchers told. */
  #removePod(pod: PodState): void {
    const { tx, store, queues, scheduler } = this.#d;
    this.#d.history.removed(pod);
    store.deletePod(pod);
    if (pod.owner) queues.touchOwner(pod.owner, pod.namespace);
    tx.j.remove(scheduler.unscheduled, key(pod.namespace, pod.name));
    if (pod.nodeName !== undefined) {
      const node = store.nodesByName.get(pod.nodeName)!;
      scheduler.freed(node.index);
      if (!pod.spec.hostNetwork && pod.podIP !== undefined) this.#hostLocal[node.index]!.release(pod.podIP, tx.j);
    }
    queues.touchServicesOf(pod, undefined);
    if (store.namespaces.get(pod.namespace)?.deletion !== undefined) queues.namespaces.add(pod.namespace);
  }

  /** Applies `change` to container `index` of a stored Pod, with the phase that follows. */
  #updateContainer(namespace: string, name: string, index: number, change: Partial<ContainerState>): PodState {
    const pod = this.#d.store.pods.get(key(namespace, name))!;
    const all = allContainers(pod).map((c, i) => (i === index ? { ...c, ...change } : c));
    const split = splitContainers(pod.spec, all);
    const next = withContainers(pod, split.containers, split.initContainers);
    this.setPod(next);
    return next;
  }

  /** Starts what comes next in a Pod with init containers: the next init container, or the app containers. */
  #proceed(namespace: string, name: string): void {
    const pod = this.#d.store.pods.get(key(namespace, name));
    if (!pod?.spec.initContainers) return;
    const next = nextStarts(pod);
    if (next.length) this.#startContainers(pod, next, true);
  }

  /** True while container `index`'s readiness probe waits out its initial delay. */
  awaitingReadiness(pod: PodState, index: number): boolean {
    const probe = specAt(pod.spec, index).readinessProbe;
    const c = allContainers(pod)[index]!;
    return probe !== undefined && c.startedAt !== undefined && this.#d.clock.now < c.startedAt + probe.initialDelaySeconds;
  }

  /** Starts (or restarts) container `index` of a stored Pod. */
  #startContainer(namespace: string, name: string, index: number, first: boolean): void {
    this.#startContainers(this.#d.store.pods.get(key(namespace, name))!, [index], first);
  }

  /**
   * Starts containers of `base` (a Pod record, stored or about to be) in order, storing the Pod
   * once: each process binds its ports (a port already held fails with EADDRINUSE), readiness
   * follows the probe's initial delay, and a process that ends gets its exit scheduled.
   */
  #startContainers(base: PodState, indexes: readonly number[], first: boolean): void {
    const { store, clock, events } = this.#d;
    const now = clock.now;
    const { namespace, name } = base;
    const containers = [...allContainers(base)];
    let failed: [number, number][] | undefined;
    for (const index of indexes) {
      const spec = specAt(base.spec, index);
      if (this.#d.podEvents || !first) {
        const obj = `pod/${name}`;
        const field = { subobject: fieldPathOf(base.spec, index), host: base.nodeName };
        events.record(namespace, "Normal", "Pulled", obj, imagePresentMessage(spec.image), field);
        events.record(namespace, "Normal", "Created", obj, CONTAINER_CREATED, field);
        events.record(namespace, "Normal", "Started", obj, CONTAINER_STARTED, field);
      }
      const app = this.app(base, index);
      const conflict = portConflict(base, containers, index, app, this.#appOf, store.pods);
      const probe = spec.readinessProbe;
      const c = containers[index]!;
      // A sidecar is `started` once running, or once its startup probe passes; readiness waits for it.
      const sidecar = isSidecarIndex(base.spec, index);
      const started = sidecar ? !spec.startupProbe || spec.startupProbe.initialDelaySeconds === 0 : undefined;
      // The process runs even when it cannot bind (nginx retries for 2.5 s first): without a
      // readiness probe the container counts as ready while it runs.
      const ready = (!probe || probe.initialDelaySeconds === 0) && !c.forcedUnready && started !== false;
      containers[index] = {
        name: c.name,
        image: spec.image,
        ports: c.ports,
        state: "Running",
        reason: undefined,
        message: undefined,
        exitCode: undefined,
        startedAt: now,
        finishedAt: undefined,
        ready,
        restartCount: c.restartCount,
        lastState: c.lastState,
        backoffSeconds: c.backoffSeconds,
        forcedUnready: c.forcedUnready,
        bindFailure: conflict,
        ...(sidecar ? { started } : {}),
      };
      // A process that cannot bind its port (Linux errno 98, EADDRINUSE) gives up and exits 1:
      // Go servers at once, nginx after its retries.
      if (conflict !== undefined) {
        failed ??= [];
        failed.push([index, bindFailureSeconds(app.log)]);
      }
    }
    const split = splitContainers(base.spec, containers);
    const pod = withContainers(base, split.containers, split.initContainers);
    this.setPod(pod);
    for (const index of indexes) {
      if (failed?.some(([i]) => i === index)) continue;
      const app = this.app(pod, index);
      const { readinessProbe: probe, startupProbe } = specAt(pod.spec, index);
      const generation = containers[index]!.restartCount;
      if (containers[index]!.started === false && startupProbe)
        clock.addTimer(now + startupProbe.initialDelaySeconds, "container-started", pod, index, generation);
      if (probe && probe.initialDelaySeconds > 0) clock.addTimer(now + probe.initialDelaySeconds, "container-ready", pod, index, generation);
      if (app.exit && app.exit.afterSeconds > 0) clock.addTimer(now + app.exit.afterSeconds, "container-exit", pod, index, generation);
    }
    if (failed) {
      for (const [index, seconds] of failed) {
        if (seconds > 0) clock.addTimer(now + seconds, "container-exit", pod, index, containers[index]!.restartCount);
        else this.containerExited(namespace, name, index, 1, "Error");
      }
    }
    for (const index of indexes) {
      const exit = this.app(pod, index).exit;
      if (!exit || exit.afterSeconds > 0) continue;
      const current = allContainers(store.pods.get(key(namespace, name))!)[index]!;
      if (current.state === "Running" && current.restartCount === containers[index]!.restartCount) {
        this.containerExited(namespace, name, index, exit.code, exit.code === 0 ? "Completed" : "Error");
      }
    }
    if (base.spec.initContainers) this.#proceed(namespace, name);
  }

  /**
   * A container's process ended. The kubelet restarts it per restartPolicy, with back-off
   * (`backoff.ts`); a container that is not restarted stays Terminated.
   */
  containerExited(namespace: string, name: string, index: number, exitCode: number, reason: string): void {
    const { clock, events } = this.#d;
    const now = clock.now;
    const pod = this.#d.store.pods.get(key(namespace, name))!;
    const c = allContainers(pod)[index]!;
    const startedAt = c.startedAt ?? now;
    const bindFailure = c.bindFailure;
    const message = terminationMessage(specAt(pod.spec, index), this.app(pod, index).log, { startedAt, until: now, bindFailure }, exitCode);
    const termination: Termination = { exitCode, reason, message, startedAt, finishedAt: now, bindFailure };
    const restart = pod.deletion === undefined && restarts(pod, index, exitCode);
    const started = c.started === undefined ? {} : { started: false };
    if (!restart) {
      // A finished init container reads Ready (prober_manager.go UpdatePodStatus); then the next one starts.
      const done = index >= pod.containers.length && exitCode === 0 && c.started === undefined;
      const next = this.#updateContainer(namespace, name, index, { state: "Terminated", reason, message, exitCode, finishedAt: now, ready: done, ...started });
      if (done) this.#proceed(namespace, name);
      // The app containers have all finished for good: the kubelet kills the Pod's sidecars, last first,
      // and does not restart them (computePodActions: KillPod, InitContainersToStart = nil); the Pod completes.
      if (index < pod.containers.length && pod.deletion === undefined && next.initContainers && appsFinished(next))
        startTermination(next, terminationPlan(next, this.#appOf), events, clock, false);
      return;
    }
    const backoff = restartDelay(c, now);
    if (backoff === 0) {
      this.#updateContainer(namespace, name, index, {
        lastState: termination,
        restartCount: c.restartCount + 1,
        backoffSeconds: BACKOFF.initial,
        ready: false,
        ...started,
      });
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
      ...started,
    });
    events.record(namespace, "Warning", "BackOff", `pod/${name}`, backOffMessage(pod, c.name), { subobject: fieldPathOf(pod.spec, index), host: pod.nodeName });
    clock.addTimer(now + backoff, "container-restart", waiting, index, allContainers(waiting)[index]!.restartCount);
  }

  /** Does what a timer was set for, unless the Pod or container it was for has moved on. */
  fire(t: Timer): void {
    const pod = this.#d.store.pods.get(t.podKey);
    if (!pod || pod.uid !== t.podUID) return;
    if (t.kind === "remove-pod") {
      this.#removePod(pod);
      return;
    }
    const c = allContainers(pod)[t.container];
    if (!c || c.restartCount !== t.generation) return;
    switch (t.kind) {
      case "container-ready":
        if (c.state === "Running" && !c.forcedUnready && c.started !== false && pod.deletion === undefined)
          this.#updateContainer(pod.namespace, pod.name, t.container, { ready: true });
        break;
      case "container-started":
        if (c.state === "Running" && pod.deletion === undefined) {
          // The startup probe passed: readiness follows unless its own delay still runs.
          const ready = !c.forcedUnready && !this.awaitingReadiness(pod, t.container);
          this.#updateContainer(pod.namespace, pod.name, t.container, { started: true, ready });
          this.#proceed(pod.namespace, pod.name);
        }
        break;
      case "container-exit":
        if (c.state === "Running") {
          const code = c.bindFailure !== undefined ? 1 : (this.app(pod, t.container).exit?.code ?? 0);
          this.containerExited(pod.namespace, pod.name, t.container, code, code === 0 ? "Completed" : "Error");
        }
        break;
      case "container-stop":
        if (c.state === "Running") {
          const code = t.code ?? stopExitCode(this.app(pod, t.container).stop, pod.spec.terminationGracePeriodSeconds);
          this.containerExited(pod.namespace, pod.name, t.container, code, code === 0 ? "Completed" : "Error");
        }
        break;
      case "container-restart":
        // A sidecar's back-off may end after the app containers have finished: it is not restarted then.
        if (c.state === "Waiting" && pod.deletion === undefined && !(isSidecarIndex(pod.spec, t.container) && appsFinished(pod))) {
          recordBackOffSyncs(this.#d.events, pod, t.container, t.time);
          this.#updateContainer(pod.namespace, pod.name, t.container, { restartCount: c.restartCount + 1, backoffSeconds: nextBackoff(c.backoffSeconds) });
          this.#startContainer(pod.namespace, pod.name, t.container, false);
        }
        break;
    }
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

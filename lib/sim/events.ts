/**
 * What happened, for readers: the event recorder (`kubectl get events`) and every Pod's life as a
 * span (address, ready intervals, restarts, termination) for the timeline.
 */
import { type Clock, wallClockMs } from "./clock.js";
import { isPodReady } from "./kubelet/pod-status.js";
import type { EventRecord, PodSpan, PodState } from "./state.js";
import type { JournalSource } from "./store/journal.js";
import { allContainers } from "./pod-containers.js";

/**
 * Which component reports an event (`source.component`): the scheduler, the kubelet, or the
 * controller of the object's kind.
 */
export function eventComponent(reason: string, object: string): string {
  if (reason === "Scheduled" || reason === "FailedScheduling") return "default-scheduler";
  if (reason === "IPVSDeprecation") return "kube-proxy";
  if (object.startsWith("pod/")) return "kubelet";
  if (object.startsWith("deployment/")) return "deployment-controller";
  if (object.startsWith("replicaset/")) return "replicaset-controller";
  if (object.startsWith("statefulset/")) return "statefulset-controller";
  if (object.startsWith("daemonset/")) return "daemonset-controller";
  return "node-controller";
}

/** Where an event came from beyond its text: the container it is about and the node that saw it. */
export interface EventDetail {
  /** `involvedObject.fieldPath`, e.g. `spec.containers{web}`. */
  readonly subobject?: string | undefined;
  /** `source.host`: the kubelet's node. */
  readonly host?: string | undefined;
}

/**
 * Records events as client-go's event recorder does: an event identical to an earlier one (same
 * object, sub-object, type, reason, message and source) is counted on that Event (`count`,
 * `lastTimestamp`) instead of making a new one, so a crash-looping Pod keeps one Event per kind
 * of event however long it loops. That counting is the correlator's event logger
 * (`eventObserve`); its aggregator, which merges over 10 *differing* messages of one reason into
 * `(combined from similar events): …`, and its spam filter (25 events per object, then one per
 * 5 minutes) are not modelled.
 * @see https://github.com/kubernetes/client-go/blob/master/tools/record/events_cache.go
 */
export class EventRecorder {
  readonly #events: EventRecord[] = [];
  /** Index of each Event in `#events`, by its identity. */
  readonly #index = new Map<string, number>();
  readonly #tx: JournalSource;
  readonly #clock: Clock;
  /** Events created at the same simulated instant get distinct names (nanoseconds apart). */
  #lastStamp = -1;
  #sameStamp = 0;

  constructor(tx: JournalSource, clock: Clock) {
    this.#tx = tx;
    this.#clock = clock;
  }

  /** Records an event about `object` (e.g. `pod/web-0`) now: a new Event, or one more of an identical one. */
  record(namespace: string, type: EventRecord["type"], reason: string, object: string, message: string, detail: EventDetail = {}): void {
    this.recordMany(namespace, type, reason, object, message, detail, 1, this.#clock.now);
  }

  /**
   * Records `times` occurrences of an event, the last at `last` (a repeat the kubelet made on each
   * sync, counted once the repeats are over).
   */
  recordMany(
    namespace: string,
    type: EventRecord["type"],
    reason: string,
    object: string,
    message: string,
    detail: EventDetail,
    times: number,
    last: number,
  ): void {
    if (times <= 0) return;
    const j = this.#tx.j;
    const component = eventComponent(reason, object);
    const { subobject, host } = detail;
    const id = `${namespace}\u0000${object}\u0000${subobject ?? ""}\u0000${type}\u0000${reason}\u0000${component}\u0000${host ?? ""}\u0000${message}`;
    const at = this.#index.get(id);
    if (at !== undefined) {
      const old = this.#events[at]!;
      this.#events[at] = { ...old, time: Math.max(old.time, last), count: old.count + times };
      j.call(restoreAt, this.#events, [at, old] as const);
      return;
    }
    const now = this.#clock.now;
    j.set(this.#index, id, this.#events.length);
    j.push(this.#events, {
      name: `${object.slice(object.indexOf("/") + 1)}.${this.#stamp(now)}`,
      namespace,
      type,
      reason,
      object,
      subobject,
      component,
      host,
      message,
      firstTime: now,
      time: Math.max(now, last),
      count: times,
    });
  }

  /** Every Event so far, in the order they were first recorded. */
  all(): readonly EventRecord[] {
    return this.#events;
  }

  /** The hex Unix nanoseconds client-go puts in an Event's name, unique per Event. */
  #stamp(now: number): string {
    const saved = [this.#lastStamp, this.#sameStamp] as const;
    this.#tx.j.record(() => {
      [this.#lastStamp, this.#sameStamp] = saved;
    });
    if (now === this.#lastStamp) this.#sameStamp++;
    else {
      this.#lastStamp = now;
      this.#sameStamp = 0;
    }
    const nanos = BigInt(Math.round(wallClockMs(now) * 1000)) * 1000n + BigInt(this.#sameStamp) * 1000n;
    return nanos.toString(16);
  }
}

/** Undoes an in-place update of one list element. */
function restoreAt<T>(list: T[], [index, old]: readonly [number, T]): void {
  list[index] = old;
}

/** Every Pod's life, by UID, in creation order. */
export class PodHistory {
  readonly #spans = new Map<string, PodSpan>();
  readonly #tx: JournalSource;
  readonly #clock: Clock;

  constructor(tx: JournalSource, clock: Clock) {
    this.#tx = tx;
    this.#clock = clock;
  }

  /** Every Pod's life so far (including removed Pods), in creation order. */
  spans(): readonly PodSpan[] {
    return [...this.#spans.values()];
  }

  /** Updates a Pod's span: address, readiness intervals, restarts, termination. */
  record(old: PodState | undefined, pod: PodState): void {
    const now = this.#clock.now;
    const span = this.#spans.get(pod.uid);
    const wasReady = old ? isPodReady(old) : false;
    const isReady = isPodReady(pod);
    const restarts = (p: PodState | undefined) => (p ? allContainers(p).reduce((n, c) => n + c.restartCount, 0) : 0);
    const next: PodSpan = span
      ? { ...span }
      : {
          uid: pod.uid,
          name: pod.name,
          namespace: pod.namespace,
          node: pod.nodeName,
          ip: pod.podIP,
          created: now,
          ready: [],
          restarts: [],
          terminating: undefined,
          removed: undefined,
        };
    let changed = !span;
    const change = (fields: Partial<PodSpan>): void => {
      Object.assign(next, fields);
      changed = true;
    };
    if (next.node !== pod.nodeName || next.ip !== pod.podIP) change({ node: pod.nodeName, ip: pod.podIP });
    if (pod.deletion !== undefined && next.terminating === undefined) change({ terminating: pod.deletion });
    if (changed) this.#tx.j.set(this.#spans, pod.uid, next);
    // The lists grow in place (the journal undoes each step): copying them on every restart made
    // a long crash loop quadratic in time and, through the undo log, in memory.
    const j = this.#tx.j;
    const ready = next.ready as { start: number; end: number | undefined }[];
    if (isReady && !wasReady) j.push(ready, { start: now, end: undefined });
    if (!isReady && wasReady && ready.length) {
      const index = ready.length - 1;
      const last = ready[index]!;
      ready[index] = { start: last.start, end: now };
      j.call(restoreAt, ready, [index, last] as const);
    }
    const added = restarts(pod) - restarts(old);
    for (let i = 0; i < added; i++) j.push(next.restarts as number[], now);
  }

  /** Closes a removed Pod's span (and its open ready interval). */
  removed(pod: PodState): void {
    const now = this.#clock.now;
    const span = this.#spans.get(pod.uid);
    if (!span) return;
    const ready =
      span.ready.length && span.ready[span.ready.length - 1]!.end === undefined
        ? [...span.ready.slice(0, -1), { start: span.ready[span.ready.length - 1]!.start, end: now }]
        : span.ready;
    this.#tx.j.set(this.#spans, pod.uid, { ...span, ready, removed: now });
  }
}

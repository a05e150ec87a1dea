/**
 * What happened, for readers: the event recorder (`kubectl get events`) and every Pod's life as a
 * span (address, ready intervals, restarts, termination) for the timeline.
 */
import type { Clock } from "./clock.js";
import { isPodReady } from "./kubelet/pod-status.js";
import type { EventRecord, PodSpan, PodState } from "./state.js";
import type { JournalSource } from "./store/journal.js";

/** Records events, stamped with simulated now, in order. */
export class EventRecorder {
  readonly #events: EventRecord[] = [];
  readonly #tx: JournalSource;
  readonly #clock: Clock;

  constructor(tx: JournalSource, clock: Clock) {
    this.#tx = tx;
    this.#clock = clock;
  }

  /** Appends an event about `object` (e.g. `pod/web-0`). */
  record(namespace: string, type: EventRecord["type"], reason: string, object: string, message: string): void {
    this.#tx.j.push(this.#events, { time: this.#clock.now, namespace, type, reason, object, message });
  }

  /** Every event so far, oldest first. */
  all(): readonly EventRecord[] {
    return this.#events;
  }
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
    const restarts = (p: PodState | undefined) => (p ? p.containers.reduce((n, c) => n + c.restartCount, 0) : 0);
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
    if (isReady && !wasReady) change({ ready: [...next.ready, { start: now, end: undefined }] });
    if (!isReady && wasReady && next.ready.length) {
      const last = next.ready[next.ready.length - 1]!;
      change({ ready: [...next.ready.slice(0, -1), { start: last.start, end: now }] });
    }
    for (let i = restarts(old); i < restarts(pod); i++) change({ restarts: [...next.restarts, now] });
    if (pod.deletion !== undefined && next.terminating === undefined) change({ terminating: pod.deletion });
    if (changed) this.#tx.j.set(this.#spans, pod.uid, next);
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

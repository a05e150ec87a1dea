/**
 * What happened, for readers: the event recorder (`kubectl get events`) and every Pod's life as a
 * span (address, ready intervals, restarts, termination) for the timeline.
 */
import type { Clock } from "./clock.js";
import { isPodReady } from "./kubelet/pod-status.js";
import type { EventRecord, PodSpan, PodState } from "./state.js";
import type { JournalSource } from "./store/journal.js";

/**
 * How many times one event (same object, type, reason and message) is listed on its own; later
 * repeats are counted on a single row, as the API server's event series are (`count`,
 * `lastTimestamp`). A crash-looping Pod thus adds one row per kind of event, not one per restart.
 * Simplification: client-go's event logger counts an identical event on the existing row from its
 * second occurrence (10 is its aggregator's threshold for similar events); podtalk lists the first
 * 10 separately so that short sessions read as they always have.
 * @see https://github.com/kubernetes/client-go/blob/master/tools/record/events_cache.go
 */
export const EVENT_REPEATS_LISTED = 10;

/** What the recorder knows about one kind of event: how often it was listed, and its counting row. */
interface Series {
  readonly listed: number;
  /** Index of the row that counts the repeats after the first `EVENT_REPEATS_LISTED`. */
  readonly row?: number;
}

/** Records events, stamped with simulated now, in order. */
export class EventRecorder {
  readonly #events: EventRecord[] = [];
  readonly #series = new Map<string, Series>();
  readonly #tx: JournalSource;
  readonly #clock: Clock;
  /** Whether some row counts repeats (its time then moves, so reading sorts by last seen). */
  #counting = false;

  constructor(tx: JournalSource, clock: Clock) {
    this.#tx = tx;
    this.#clock = clock;
  }

  /** Appends an event about `object` (e.g. `pod/web-0`), or counts it on its series' row. */
  record(namespace: string, type: EventRecord["type"], reason: string, object: string, message: string): void {
    const j = this.#tx.j;
    const now = this.#clock.now;
    const key = `${namespace}\u0000${object}\u0000${type}\u0000${reason}\u0000${message}`;
    const series = this.#series.get(key) ?? { listed: 0 };
    if (series.listed < EVENT_REPEATS_LISTED) {
      j.set(this.#series, key, { listed: series.listed + 1 });
      j.push(this.#events, { time: now, namespace, type, reason, object, message });
      return;
    }
    if (series.row === undefined) {
      j.set(this.#series, key, { listed: series.listed, row: this.#events.length });
      j.push(this.#events, { time: now, namespace, type, reason, object, message, count: 1, firstTime: now });
    } else {
      const index = series.row;
      const old = this.#events[index]!;
      this.#events[index] = { ...old, time: now, count: (old.count ?? 1) + 1 };
      j.call(restoreAt, this.#events, [index, old] as const);
    }
    if (!this.#counting) {
      this.#counting = true;
      j.record(() => {
        this.#counting = false;
      });
    }
  }

  /** Every event so far, oldest first (by the time it was last seen). */
  all(): readonly EventRecord[] {
    // Rows are appended in time order; only a counting row's time moves, so sort (stably) then.
    return this.#counting ? [...this.#events].sort((a, b) => a.time - b.time) : this.#events;
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

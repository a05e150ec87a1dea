/**
 * Simulated time. `now` counts seconds since the cluster was bootstrapped; the wall-clock moment
 * that second 0 stands for is fixed, so every run prints the same dates. The clock also holds the
 * timer queue: what the kubelet will do at a later second (a container exits, restarts after its
 * back-off, turns ready; a Terminating Pod goes away).
 */
import type { PodState } from "./state.js";
import type { JournalSource } from "./store/journal.js";
import { key } from "./store/keys.js";

/** Simulated seconds between the cluster's bootstrap and the first cell: system objects are this old. */
export const BOOTSTRAP_AGE = 600;

/** The wall-clock time of simulated second 0 (used where a tool prints a date). */
export const EPOCH_MS = Date.UTC(2025, 0, 6, 9, 0, 0);

/** The wall-clock time, in epoch milliseconds, that a simulated second stands for. */
export function wallClockMs(seconds: number): number {
  return EPOCH_MS + seconds * 1000;
}

/** Something due at a simulated second. */
export interface Timer {
  readonly id: number;
  readonly time: number;
  readonly kind: "remove-pod" | "container-exit" | "container-stop" | "container-restart" | "container-ready" | "container-started";
  readonly podKey: string;
  readonly podUID: string;
  readonly container: number;
  /** For container timers: the container's restartCount when set, so stale timers are ignored. */
  readonly generation: number;
  /** `container-stop` of a sidecar: the exit code its plan gave it (its grace is what the app containers left). */
  readonly code?: number | undefined;
}

/** Simulated now and the timers due later; both are restored when a change rolls back. */
export class Clock {
  #now = 0;
  #nextTimer = 1;
  readonly #timers = new Map<number, Timer>();
  readonly #tx: JournalSource;

  constructor(tx: JournalSource) {
    this.#tx = tx;
  }

  /** Simulated seconds since the cluster was bootstrapped. */
  get now(): number {
    return this.#now;
  }

  /** Moves simulated time to `time` (callers only move it forward). */
  set(time: number): void {
    this.#now = time;
  }

  /** Schedules `kind` for a Pod (and one of its containers) at `time`. */
  addTimer(time: number, kind: Timer["kind"], pod: PodState, container: number, generation: number, code?: number): void {
    const id = this.#nextTimer++;
    const timer: Timer = { id, time, kind, podKey: key(pod.namespace, pod.name), podUID: pod.uid, container, generation };
    this.#tx.j.set(this.#timers, id, code === undefined ? timer : { ...timer, code });
  }

  /** The earliest timer due by `limit` (ties: the one set first), still queued. */
  nextDue(limit: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.#timers.values()) {
      if (t.time > limit) continue;
      if (!best || t.time < best.time || (t.time === best.time && t.id < best.id)) best = t;
    }
    return best;
  }

  /** Removes a timer that fired. */
  remove(timer: Timer): void {
    this.#tx.j.delete(this.#timers, timer.id);
  }

  /** Now and the next timer id, for a rollback. */
  save(): readonly [number, number] {
    return [this.#now, this.#nextTimer];
  }

  /** Restores `save()`'s state. */
  restore(state: readonly [number, number]): void {
    [this.#now, this.#nextTimer] = state;
  }
}

/**
 * Transactions: every change to the cluster runs inside one, so it either completes or leaves no
 * trace. The journal undoes the store's and allocators' writes; the RNG streams and the clock are
 * snapshotted and restored; subsystems with caches hear of the rollback and of the end.
 */
import { Journal, type JournalSource } from "./journal.js";

/** Something restored by value on rollback: the RNG streams, the clock. */
export interface Snapshotting<S> {
  save(): S;
  restore(state: S): void;
}

/** What a subsystem does when a change rolls back or ends (reset caches, clear work queues). */
export interface TransactionHooks {
  /** After the journal was rolled back. */
  rolledBack?(): void;
  /** After every change, committed or not. */
  finished?(): void;
}

/** Runs changes all-or-nothing; `j` is the journal of the change in progress. */
export class Transaction implements JournalSource {
  #journal: Journal | undefined;
  #revision = 0;
  readonly #snapshots: Snapshotting<unknown>[] = [];
  readonly #hooks: TransactionHooks[] = [];

  /** Snapshots `part` at the start of every change and restores it if the change fails. */
  enlist<S>(part: Snapshotting<S>): void {
    this.#snapshots.push(part as Snapshotting<unknown>);
  }

  /** Calls `hooks` when a change rolls back or ends. */
  listen(hooks: TransactionHooks): void {
    this.#hooks.push(hooks);
  }

  /** Increases with every successful change, so derived data (kube-proxy rules) can be cached. */
  get revision(): number {
    return this.#revision;
  }

  /** The journal of the change in progress. */
  get j(): Journal {
    if (!this.#journal) throw new Error("podtalk internal error: state changed outside a transaction");
    return this.#journal;
  }

  /** Runs `change` so that it either completes or leaves no trace (state, allocators, RNGs, clock). */
  run<T>(change: () => T): T {
    if (this.#journal) return change();
    const journal = new Journal();
    const saved = this.#snapshots.map((part) => part.save());
    this.#journal = journal;
    try {
      const result = change();
      this.#revision++;
      return result;
    } catch (e) {
      journal.rollback();
      for (const h of this.#hooks) h.rolledBack?.();
      for (let i = 0; i < this.#snapshots.length; i++) this.#snapshots[i]!.restore(saved[i]);
      throw e;
    } finally {
      this.#journal = undefined;
      for (const h of this.#hooks) h.finished?.();
    }
  }
}

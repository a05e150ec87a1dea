/**
 * An undo log: every state change during one operation records how to take it back, so an
 * operation that fails half-way leaves the cluster exactly as it was.
 *
 * Entries are flat tuples rather than closures: a 150,000-Pod apply records millions of them.
 */
enum Op {
  MapRestore,
  MapDelete,
  SetDelete,
  SetAdd,
  ArrayTruncate,
  Custom,
  Call,
}

/** Slots in the first and the largest chunks of the log (multiples of 4). */
const FIRST_CHUNK = 64;
const CHUNK = 1 << 15;

/** The undo log of one change (see the module comment). */
export class Journal {
  /**
   * The log, four slots per entry (op, target, key, value), in chunks that double up to a fixed
   * size: a single growing array would be copied again and again during a large apply.
   */
  #chunks: unknown[][] = [];
  #log: unknown[] = [];
  #at = 0;
  /** Arrays appended to so far: each has one entry, with its length before. */
  #grown: unknown[][] = [];

  #append(op: Op, target: unknown, key: unknown, value: unknown): void {
    if (this.#at === this.#log.length) {
      this.#log = new Array<unknown>(Math.min(CHUNK, Math.max(FIRST_CHUNK, 2 * this.#log.length)));
      this.#chunks.push(this.#log);
      this.#at = 0;
    }
    const log = this.#log;
    log[this.#at] = op;
    log[this.#at + 1] = target;
    log[this.#at + 2] = key;
    log[this.#at + 3] = value;
    this.#at += 4;
  }

  /** Records how to undo a change that has just been made. */
  record(undo: () => void): void {
    this.#append(Op.Custom, undo, undefined, undefined);
  }

  /**
   * Records that rollback must call `undo(a, b)`: the same as `record(() => undo(a, b))`, but
   * with one `undo` shared by every change of its kind instead of a closure per change.
   */
  call<A, B>(undo: (a: A, b: B) => void, a: A, b: B): void {
    this.#append(Op.Call, undo, a, b);
  }

  /** Sets `map[key] = value`, recording the previous entry. */
  set<K, V>(map: Map<K, V>, key: K, value: V): void {
    const size = map.size;
    const previous = map.get(key);
    map.set(key, value);
    if (map.size === size) this.#append(Op.MapRestore, map, key, previous);
    else this.#append(Op.MapDelete, map, key, undefined);
  }

  /** Deletes `map[key]`, recording the previous entry. */
  delete<K, V>(map: Map<K, V>, key: K): void {
    const previous = map.get(key);
    if (!map.delete(key)) return;
    this.#append(Op.MapRestore, map, key, previous);
  }

  /** Adds to a set, recording how to take it out again. */
  add<T>(set: Set<T>, value: T): void {
    const size = set.size;
    set.add(value);
    if (set.size !== size) this.#append(Op.SetDelete, set, value, undefined);
  }

  /** Removes from a set, recording how to put it back. */
  remove<T>(set: Set<T>, value: T): void {
    if (!set.delete(value)) return;
    this.#append(Op.SetAdd, set, value, undefined);
  }

  /**
   * Appends to an array, recording how to remove it. Arrays appended to this way only grow
   * during the operation, so one entry per array (its length before) undoes every append.
   */
  push<T>(list: T[], item: T): void {
    if (!this.#grown.includes(list)) {
      this.#grown.push(list);
      this.#append(Op.ArrayTruncate, list, list.length, undefined);
    }
    list.push(item);
  }

  /** Undoes every recorded change, newest first. */
  rollback(): void {
    for (let c = this.#chunks.length - 1; c >= 0; c--) {
      const log = this.#chunks[c]!;
      const end = c === this.#chunks.length - 1 ? this.#at : log.length;
      for (let i = end - 4; i >= 0; i -= 4) {
        const target = log[i + 1];
        const k = log[i + 2];
        switch (log[i] as Op) {
          case Op.MapRestore:
            (target as Map<unknown, unknown>).set(k, log[i + 3]);
            break;
          case Op.MapDelete:
            (target as Map<unknown, unknown>).delete(k);
            break;
          case Op.SetDelete:
            (target as Set<unknown>).delete(k);
            break;
          case Op.SetAdd:
            (target as Set<unknown>).add(k);
            break;
          case Op.ArrayTruncate:
            (target as unknown[]).length = k as number;
            break;
          case Op.Custom:
            (target as () => void)();
            break;
          case Op.Call:
            (target as (a: unknown, b: unknown) => void)(k, log[i + 3]);
            break;
        }
      }
    }
    this.#chunks = [];
    this.#log = [];
    this.#at = 0;
    this.#grown = [];
  }
}

/** Where subsystems find the journal of the change in progress (the transaction that runs it). */
export interface JournalSource {
  /** The current change's journal; throws when no change is in progress. */
  readonly j: Journal;
}

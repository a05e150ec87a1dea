/**
 * An undo log: every state change during one operation records how to take it back, so an
 * operation that fails half-way leaves the cluster exactly as it was.
 *
 * Entries are flat tuples rather than closures: a 150,000-Pod apply records millions of them.
 */
const enum Op {
  MapRestore,
  MapDelete,
  SetDelete,
  SetAdd,
  ArrayPop,
  Custom,
}

export class Journal {
  // Parallel arrays: op, target, key, value.
  #ops: Op[] = [];
  #targets: unknown[] = [];
  #keys: unknown[] = [];
  #values: unknown[] = [];

  #push(op: Op, target: unknown, key: unknown, value: unknown): void {
    this.#ops.push(op);
    this.#targets.push(target);
    this.#keys.push(key);
    this.#values.push(value);
  }

  /** Records how to undo a change that has just been made. */
  record(undo: () => void): void {
    this.#push(Op.Custom, undo, undefined, undefined);
  }

  /** Sets `map[key] = value`, recording the previous entry. */
  set<K, V>(map: Map<K, V>, key: K, value: V): void {
    if (map.has(key)) this.#push(Op.MapRestore, map, key, map.get(key));
    else this.#push(Op.MapDelete, map, key, undefined);
    map.set(key, value);
  }

  /** Deletes `map[key]`, recording the previous entry. */
  delete<K, V>(map: Map<K, V>, key: K): void {
    if (!map.has(key)) return;
    this.#push(Op.MapRestore, map, key, map.get(key));
    map.delete(key);
  }

  /** Adds to a set, recording how to take it out again. */
  add<T>(set: Set<T>, value: T): void {
    if (set.has(value)) return;
    set.add(value);
    this.#push(Op.SetDelete, set, value, undefined);
  }

  /** Removes from a set, recording how to put it back. */
  remove<T>(set: Set<T>, value: T): void {
    if (!set.delete(value)) return;
    this.#push(Op.SetAdd, set, value, undefined);
  }

  /** Appends to an array, recording how to remove it. */
  push<T>(list: T[], item: T): void {
    list.push(item);
    this.#push(Op.ArrayPop, list, undefined, undefined);
  }

  /** Undoes every recorded change, newest first. */
  rollback(): void {
    for (let i = this.#ops.length - 1; i >= 0; i--) {
      const target = this.#targets[i];
      const k = this.#keys[i];
      switch (this.#ops[i]) {
        case Op.MapRestore:
          (target as Map<unknown, unknown>).set(k, this.#values[i]);
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
        case Op.ArrayPop:
          (target as unknown[]).pop();
          break;
        case Op.Custom:
          (target as () => void)();
          break;
      }
    }
    this.#ops = [];
    this.#targets = [];
    this.#keys = [];
    this.#values = [];
  }
}

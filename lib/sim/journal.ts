/**
 * An undo log: every state change during one operation records how to take it back, so an
 * operation that fails half-way leaves the cluster exactly as it was.
 */
export class Journal {
  #undo: (() => void)[] = [];

  /** Records how to undo a change that has just been made. */
  record(undo: () => void): void {
    this.#undo.push(undo);
  }

  /** Sets `map[key] = value`, recording the previous entry. */
  set<K, V>(map: Map<K, V>, key: K, value: V): void {
    const had = map.has(key);
    const old = map.get(key);
    map.set(key, value);
    this.record(() => (had ? map.set(key, old as V) : map.delete(key)));
  }

  /** Deletes `map[key]`, recording the previous entry. */
  delete<K, V>(map: Map<K, V>, key: K): void {
    if (!map.has(key)) return;
    const old = map.get(key) as V;
    map.delete(key);
    this.record(() => map.set(key, old));
  }

  /** Adds to a set, recording how to take it out again. */
  add<T>(set: Set<T>, value: T): void {
    if (set.has(value)) return;
    set.add(value);
    this.record(() => set.delete(value));
  }

  /** Removes from a set, recording how to put it back. */
  remove<T>(set: Set<T>, value: T): void {
    if (!set.delete(value)) return;
    this.record(() => set.add(value));
  }

  /** Appends to an array, recording how to remove it. */
  push<T>(list: T[], item: T): void {
    list.push(item);
    this.record(() => list.pop());
  }

  /** Undoes every recorded change, newest first. */
  rollback(): void {
    for (let i = this.#undo.length - 1; i >= 0; i--) this.#undo[i]!();
    this.#undo = [];
  }
}

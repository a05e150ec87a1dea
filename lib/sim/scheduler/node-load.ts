/**
 * Node choice for new Pods: a segment tree over the nodes' Pod counts, so that picking the least
 * loaded node costs O(log n) at 5,000 nodes.
 */

/** How many Pods of one owner each node runs: the scheduler spreads an owner's Pods. */
export class NodeSpread {
  /** Pods of the owner on node `i`. */
  readonly counts: Int32Array;
  /** The nodes whose count is above 0, in the order they were first counted. */
  readonly held: number[] = [];

  constructor(nodes: number) {
    this.counts = new Int32Array(nodes);
  }

  /** Counts one more Pod on node `i`. */
  add(i: number): void {
    if (this.counts[i]++ === 0) this.held.push(i);
  }

  /** Back to no Pods anywhere. */
  clear(): void {
    for (const i of this.held) this.counts[i] = 0;
    this.held.length = 0;
  }
}

/**
 * Tracks how many Pods each node runs and answers "which node runs the fewest Pods (ties: the
 * node created first)?", optionally among the nodes running the fewest Pods of one owner.
 */
export class NodeLoad {
  readonly #size: number;
  readonly #count: Int32Array;
  /** tree[i] holds the index of the best node in its segment, or -1. */
  readonly #tree: Int32Array;

  constructor(nodes: number) {
    this.#size = 1;
    while (this.#size < Math.max(1, nodes)) this.#size *= 2;
    this.#count = new Int32Array(nodes);
    this.#tree = new Int32Array(2 * this.#size).fill(-1);
    for (let i = 0; i < nodes; i++) this.#tree[this.#size + i] = i;
    for (let i = this.#size - 1; i >= 1; i--) this.#tree[i] = this.#better(this.#tree[2 * i]!, this.#tree[2 * i + 1]!);
  }

  /** Pods on node `i`. */
  count(i: number): number {
    return this.#count[i]!;
  }

  /** Changes node `i`'s count by `delta`. */
  add(i: number, delta: number): void {
    this.#count[i]! += delta;
    this.#update(i);
  }

  /**
   * The node with the fewest Pods below `limit`, or -1. With `spread` (an owner's Pods): the nodes
   * holding the fewest of them come first (none, while some node holds none), and only when those
   * are all full does any other node do. Nodes in `skip` (the scheduler's filters rejected them)
   * are never picked.
   */
  pick(limit: number, spread?: NodeSpread, skip?: ReadonlySet<number>): number {
    const skipping = skip !== undefined && skip.size > 0;
    if (spread && spread.held.length > 0) {
      const { counts } = spread;
      const held = skipping ? spread.held.filter((i) => !skip.has(i)) : spread.held;
      let most = 0;
      let excluded = held.length;
      if (held.length >= this.#count.length - (skipping ? skip.size : 0)) {
        most = Infinity;
        for (const i of held) most = Math.min(most, counts[i]!);
        excluded = 0;
        for (const i of held) if (counts[i]! > most) excluded++;
      }
      if (excluded > 0) {
        const best = this.#search(1, counts, most, skip);
        if (best >= 0 && this.#count[best]! < limit) return best;
      }
    }
    const best = skipping ? this.#search(1, undefined, Infinity, skip) : this.#tree[1]!;
    return best >= 0 && this.#count[best]! < limit ? best : -1;
  }

  /**
   * The best candidate of a segment: a segment whose best node is a candidate needs no descent,
   * so each excluded or skipped node costs O(log n) at most.
   */
  #search(at: number, counts: Int32Array | undefined, most: number, skip: ReadonlySet<number> | undefined): number {
    const best = this.#tree[at]!;
    if (best < 0) return -1;
    if ((counts === undefined || counts[best]! <= most) && !skip?.has(best)) return best;
    if (at >= this.#size) return -1;
    return this.#better(this.#search(2 * at, counts, most, skip), this.#search(2 * at + 1, counts, most, skip));
  }

  #better(a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    const ca = this.#count[a]!;
    const cb = this.#count[b]!;
    return cb < ca || (cb === ca && b < a) ? b : a;
  }

  #update(i: number): void {
    let p = (this.#size + i) >> 1;
    while (p >= 1) {
      this.#tree[p] = this.#better(this.#tree[2 * p]!, this.#tree[2 * p + 1]!);
      p >>= 1;
    }
  }
}

/**
 * Node choice for new Pods: a segment tree over the nodes' Pod counts, so that picking the least
 * loaded node costs O(log n) at 5,000 nodes.
 */

/**
 * Tracks how many Pods each node runs and answers "which node, not in this set, runs the fewest
 * Pods (ties: the node created first)?".
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
   * The node with the fewest Pods among those not in `exclude` and below `limit`, or -1.
   */
  pick(exclude: ReadonlySet<number>, limit: number): number {
    const best = exclude.size === 0 ? this.#tree[1]! : this.#search(1, exclude);
    return best >= 0 && this.#count[best]! < limit ? best : -1;
  }

  /**
   * The best node of a segment that is not excluded: a segment whose best node is allowed needs
   * no descent, so each excluded node costs O(log n) at most.
   */
  #search(at: number, exclude: ReadonlySet<number>): number {
    const best = this.#tree[at]!;
    if (best < 0) return -1;
    if (!exclude.has(best)) return best;
    if (at >= this.#size) return -1;
    return this.#better(this.#search(2 * at, exclude), this.#search(2 * at + 1, exclude));
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

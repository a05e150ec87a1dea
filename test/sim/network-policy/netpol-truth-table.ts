/**
 * The truth tables of the upstream NetworkPolicy e2e suite: for the model's nine Pods (namespaces
 * x, y, z × Pods a, b, c), which connections from a Pod to another are allowed. `Reachability`
 * offers the builder calls the upstream tests use (`Expect`, `ExpectAllIngress`,
 * `ExpectAllEgress`, `ExpectPeer`) and expands them into the full 9 × 9 table; `toString()`
 * prints a table as upstream's `PrettyPrint` does (`.` allowed, `X` denied; in a comparison `.`
 * agrees and `X` differs).
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/test/e2e/network/netpol/reachability.go
 * @see https://github.com/kubernetes/kubernetes/blob/master/test/e2e/network/netpol/truthtable.go
 */

/** The model's namespaces, in upstream's order. */
export const NAMESPACES = ["x", "y", "z"] as const;
export type ModelNamespace = (typeof NAMESPACES)[number];
/** The Pods of each namespace, in upstream's order. */
export const POD_NAMES = ["a", "b", "c"] as const;
export type ModelPodName = (typeof POD_NAMES)[number];
/** A Pod of the model as upstream names it: `x/a`. */
export type PodString = `${ModelNamespace}/${ModelPodName}`;

/** All nine Pods, rows and columns of every table in this order. */
export const PODS: readonly PodString[] = NAMESPACES.flatMap((ns) => POD_NAMES.map((p): PodString => `${ns}/${p}`));

function index(pod: PodString): number {
  const i = PODS.indexOf(pod);
  if (i < 0) throw new Error(`not a Pod of the model: ${pod}`);
  return i;
}

/** A 9 × 9 table of booleans, from-Pod by to-Pod. */
export class TruthTable {
  readonly #cells: boolean[];

  constructor(cells: readonly boolean[]) {
    if (cells.length !== PODS.length * PODS.length) throw new Error(`a truth table has ${PODS.length ** 2} cells, not ${cells.length}`);
    this.#cells = [...cells];
  }

  static filled(value: boolean): TruthTable {
    return new TruthTable(new Array<boolean>(PODS.length * PODS.length).fill(value));
  }

  get(from: PodString, to: PodString): boolean {
    return this.#cells[index(from) * PODS.length + index(to)]!;
  }

  set(from: PodString, to: PodString, value: boolean): void {
    this.#cells[index(from) * PODS.length + index(to)] = value;
  }

  /** The pairs where the two tables differ; a Pod's connection to itself is skipped when `ignoreLoopback`. */
  differences(other: TruthTable, ignoreLoopback: boolean): readonly (readonly [PodString, PodString])[] {
    const out: (readonly [PodString, PodString])[] = [];
    for (const from of PODS) {
      for (const to of PODS) {
        if (ignoreLoopback && from === to) continue;
        if (this.get(from, to) !== other.get(from, to)) out.push([from, to]);
      }
    }
    return out;
  }

  /** Upstream's comparison table: `.` where both agree, `X` where they differ. */
  compare(other: TruthTable): TruthTable {
    return new TruthTable(PODS.flatMap((from) => PODS.map((to) => this.get(from, to) === other.get(from, to))));
  }

  /** The number of allowed connections. */
  countAllowed(): number {
    return this.#cells.filter(Boolean).length;
  }

  /** As upstream's `TruthTable.PrettyPrint`: a header row, then one tab-separated row per from-Pod. */
  toString(): string {
    const header = ["-", ...PODS].join("\t");
    const rows = PODS.map((from) => [from, ...PODS.map((to) => (this.get(from, to) ? "." : "X"))].join("\t"));
    return [header, ...rows].join("\n");
  }
}

/** Matches Pods by namespace, by Pod name, or both (upstream's `Peer`: an empty field matches all). */
export interface Peer {
  readonly namespace?: ModelNamespace;
  readonly pod?: ModelPodName;
}

function matches(peer: Peer, pod: PodString): boolean {
  const [ns, name] = pod.split("/") as [ModelNamespace, ModelPodName];
  return (peer.namespace === undefined || peer.namespace === ns) && (peer.pod === undefined || peer.pod === name);
}

/** Upstream's `Reachability` builder: starts from a default and applies expectations in order. */
export class Reachability {
  readonly expected: TruthTable;

  constructor(defaultExpectation = true) {
    this.expected = TruthTable.filled(defaultExpectation);
  }

  /** `Expect(from, to, connected)`: one pair. */
  expect(from: PodString, to: PodString, connected: boolean): this {
    this.expected.set(from, to, connected);
    return this;
  }

  /** `ExpectAllIngress(pod, connected)`: every Pod's connection to `pod`. */
  expectAllIngress(pod: PodString, connected: boolean): this {
    for (const from of PODS) this.expected.set(from, pod, connected);
    return this;
  }

  /** `ExpectAllEgress(pod, connected)`: every connection `pod` makes. */
  expectAllEgress(pod: PodString, connected: boolean): this {
    for (const to of PODS) this.expected.set(pod, to, connected);
    return this;
  }

  /** `ExpectPeer(from, to, connected)`: every pair whose ends match the two peers. */
  expectPeer(from: Peer, to: Peer, connected: boolean): this {
    for (const f of PODS) {
      if (!matches(from, f)) continue;
      for (const t of PODS) if (matches(to, t)) this.expected.set(f, t, connected);
    }
    return this;
  }
}

/** A new builder with every connection allowed, as `NewReachability(pods, true)`. */
export function reach(): Reachability {
  return new Reachability(true);
}

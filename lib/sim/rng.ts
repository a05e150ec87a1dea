/**
 * Seeded randomness. Every random choice in a simulation derives from the cluster's seed, one
 * independent stream per purpose, so adding a Pod does not change which endpoint a later request
 * picks.
 */

/** A deterministic pseudo-random generator (xoshiro128**, seeded through splitmix32). */
export class Rng {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;

  /**
   * @param seed the cluster's seed
   * @param stream the purpose of this stream, e.g. `"pod-names"`
   */
  constructor(seed: number, stream: string) {
    let x = (seed ^ fnv1a32(stream)) >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#s0 = next();
    this.#s1 = next();
    this.#s2 = next();
    this.#s3 = next();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.#s1 << 9) >>> 0;
    this.#s2 ^= this.#s0;
    this.#s3 ^= this.#s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    this.#s0 >>>= 0;
    this.#s1 >>>= 0;
    this.#s2 >>>= 0;
    return result;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** The generator's state, so a failed operation can restore it. */
  save(): readonly [number, number, number, number] {
    return [this.#s0, this.#s1, this.#s2, this.#s3];
  }

  /** Restores a state from `save()`. */
  restore(state: readonly [number, number, number, number]): void {
    [this.#s0, this.#s1, this.#s2, this.#s3] = state;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text` (the hash Kubernetes' ComputeHash uses). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  const add = (b: number) => {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) add(c);
    else if (c < 0x800) (add(0xc0 | (c >> 6)), add(0x80 | (c & 63)));
    else if (c < 0x10000) (add(0xe0 | (c >> 12)), add(0x80 | ((c >> 6) & 63)), add(0x80 | (c & 63)));
    else (add(0xf0 | (c >> 18)), add(0x80 | ((c >> 12) & 63)), add(0x80 | ((c >> 6) & 63)), add(0x80 | (c & 63)));
  }
  return h >>> 0;
}

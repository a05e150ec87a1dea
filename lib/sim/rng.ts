/**
 * Seeded randomness. Every random choice in a simulation derives from the cluster's seed, one
 * independent stream per purpose, so adding a Pod does not change which endpoint a later request
 * picks.
 */

/** A deterministic pseudo-random generator (xoshiro128**, seeded through splitmix32). */
export class Rng {
  /** s0..s3 as unsigned 32-bit words (a typed array keeps them unboxed). */
  readonly #s = new Uint32Array(4);

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
    for (let i = 0; i < 4; i++) this.#s[i] = next();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const s = this.#s;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const s2 = s[2]! ^ s0;
    const s3 = s[3]! ^ s1;
    s[1] = s1 ^ s2;
    s[0] = s0 ^ s3;
    s[2] = s2 ^ (s1 << 9);
    s[3] = rotl(s3, 11);
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
    const s = this.#s;
    return [s[0]!, s[1]!, s[2]!, s[3]!];
  }

  /** Restores a state from `save()`. */
  restore(state: readonly [number, number, number, number]): void {
    this.#s.set(state);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text` (the hash Kubernetes' ComputeHash uses). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      h = mix(h, unit);
      continue;
    }
    const c = text.codePointAt(i)!;
    if (c < 0x800) h = mix(mix(h, 0xc0 | (c >> 6)), 0x80 | (c & 63));
    else if (c < 0x10000) h = mix(mix(mix(h, 0xe0 | (c >> 12)), 0x80 | ((c >> 6) & 63)), 0x80 | (c & 63));
    else {
      h = mix(mix(mix(mix(h, 0xf0 | (c >> 18)), 0x80 | ((c >> 12) & 63)), 0x80 | ((c >> 6) & 63)), 0x80 | (c & 63));
      i++; // past the pair's second half
    }
  }
  return h >>> 0;
}

/** One FNV-1a step: the hash with byte `b` mixed in. */
function mix(h: number, b: number): number {
  return Math.imul(h ^ b, 0x01000193) >>> 0;
}

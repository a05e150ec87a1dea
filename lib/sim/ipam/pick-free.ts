/**
 * The random pick the API server's allocators share.
 */
import type { Journal } from "../store/journal.js";
import type { Rng } from "../rng.js";

/**
 * The API server's random pick, as for ClusterIPs and NodePorts: in each band in turn, from a
 * random start, the first value not in `used`, which is then held by `owner` (journaled).
 * Undefined when every band is full.
 */
export function pickFree(
  bands: readonly (readonly [number, number])[],
  used: Map<number, string>,
  owner: string,
  rng: Rng,
  journal: Journal,
): number | undefined {
  for (const [lo, hi] of bands) {
    const count = hi - lo + 1;
    if (count <= 0) continue;
    const start = rng.int(count);
    for (let i = 0; i < count; i++) {
      const value = lo + ((start + i) % count);
      if (used.has(value)) continue;
      used.set(value, owner);
      journal.record(() => used.delete(value));
      return value;
    }
  }
  return undefined;
}

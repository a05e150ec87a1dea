import type { Simulation } from "../sim/index.js";
/**
 * The engine behind a public `Cluster`, for this repository's own tests and benchmarks. The
 * package entry never re-exports this module, so `Cluster`'s public type does not expose the
 * engine; notebooks read the cluster through its kubectl-like verbs and views.
 */

const engines = new WeakMap<object, Simulation>();

/** Records `sim` as the engine of `cluster` (the Cluster constructor calls this). */
export function registerEngine(cluster: object, sim: Simulation): void {
  engines.set(cluster, sim);
}

/** The engine of a cluster built by this package's `Cluster` constructor. */
export function engineOf(cluster: object): Simulation {
  const sim = engines.get(cluster);
  if (!sim) throw new TypeError("engineOf(): not a Cluster created by this copy of podtalk");
  return sim;
}

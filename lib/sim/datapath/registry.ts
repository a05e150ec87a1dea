/**
 * The one place network models are registered. Options validation asks it which names exist;
 * the datapath and `ip route` ask it for a cluster's model.
 */
import { flannelHostGW } from "./flannel-host-gw.js";
import { flannelVXLAN } from "./flannel-vxlan.js";
import type { NetworkModelImpl } from "./network-model.js";

const models = new Map<string, NetworkModelImpl>();

/**
 * Makes a network model available as `new Cluster({ network: impl.name })`. Returns a function
 * that removes this registration (for tests).
 */
export function registerNetworkModel(impl: NetworkModelImpl): () => void {
  models.set(impl.name, impl);
  return () => {
    if (models.get(impl.name) === impl) models.delete(impl.name);
  };
}

/** The registered model of that name; throws for a name validation would have refused. */
export function networkModelFor(name: string): NetworkModelImpl {
  const model = models.get(name);
  if (!model) throw new Error(`network model "${name}" is not registered`);
  return model;
}

/** True when a model of that name is registered. */
export function hasNetworkModel(name: string): boolean {
  return models.has(name);
}

/** Registered model names, built-in ones first. */
export function networkModelNames(): readonly string[] {
  return [...models.keys()];
}

registerNetworkModel(flannelVXLAN);
registerNetworkModel(flannelHostGW);

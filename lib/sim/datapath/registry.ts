/**
 * The one place network models are registered. Options validation asks it which names exist;
 * the datapath and `ip route` ask it for a cluster's model.
 */
import { Registry } from "../internal/registry.js";
import { flannelHostGW } from "./flannel-host-gw.js";
import { flannelVXLAN } from "./flannel-vxlan.js";
import type { NetworkModelImpl } from "./network-model.js";

/** Every registered model, built-in ones first (options validation asks it which names exist). */
export const networkModels = new Registry<NetworkModelImpl>("network model");

/**
 * Makes a network model available as `new Cluster({ network: impl.name })`. Returns a function
 * that removes this registration (for tests).
 */
export function registerNetworkModel(impl: NetworkModelImpl): () => void {
  return networkModels.register(impl);
}

/** The registered model of that name; throws for a name validation would have refused. */
export function networkModelFor(name: string): NetworkModelImpl {
  return networkModels.get(name);
}

registerNetworkModel(flannelVXLAN);
registerNetworkModel(flannelHostGW);

/**
 * The one place proxy modes are registered. Options validation asks it which names exist; the
 * datapath and the rules view ask it for a cluster's mode.
 */
import { Registry } from "../internal/registry.js";
import { iptablesMode } from "./iptables.js";
import { ipvsMode } from "./ipvs.js";
import { nftablesMode } from "./nftables.js";
import type { NodeProxyRules, ProxyModeImpl } from "./proxy-mode.js";

/** Every registered mode, built-in ones first (options validation asks it which names exist). */
export const proxyModes = new Registry<ProxyModeImpl>("proxy mode");

/**
 * Makes a proxy mode available as `new Cluster({ proxyMode: impl.name })`. Registering a name
 * again replaces the earlier mode. Returns a function that removes this registration (for tests).
 *
 * @example
 * registerProxyMode(myMode);
 * new Cluster({ proxyMode: "my-mode" });
 */
export function registerProxyMode<Rules extends NodeProxyRules>(impl: ProxyModeImpl<Rules>): () => void {
  // Each mode only ever receives the rules its own build() returned.
  return proxyModes.register(impl as unknown as ProxyModeImpl);
}

/** The registered mode of that name; throws for a name validation would have refused. */
export function proxyModeFor(name: string): ProxyModeImpl {
  return proxyModes.get(name);
}

registerProxyMode(iptablesMode);
registerProxyMode(ipvsMode);
registerProxyMode(nftablesMode);

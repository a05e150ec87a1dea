/**
 * The one place proxy modes are registered. Options validation asks it which names exist; the
 * datapath and the rules view ask it for a cluster's mode.
 */
import { iptablesMode } from "./iptables.js";
import { ipvsMode } from "./ipvs.js";
import type { NodeProxyRules, ProxyModeImpl } from "./proxy-mode.js";

const modes = new Map<string, ProxyModeImpl>();

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
  const entry = impl as unknown as ProxyModeImpl;
  modes.set(impl.name, entry);
  return () => {
    if (modes.get(impl.name) === entry) modes.delete(impl.name);
  };
}

/** The registered mode of that name; throws for a name validation would have refused. */
export function proxyModeFor(name: string): ProxyModeImpl {
  const mode = modes.get(name);
  if (!mode) throw new Error(`proxy mode "${name}" is not registered`);
  return mode;
}

/** True when a mode of that name is registered. */
export function hasProxyMode(name: string): boolean {
  return modes.has(name);
}

/** Registered mode names, built-in ones first. */
export function proxyModeNames(): readonly string[] {
  return [...modes.keys()];
}

registerProxyMode(iptablesMode);
registerProxyMode(ipvsMode);

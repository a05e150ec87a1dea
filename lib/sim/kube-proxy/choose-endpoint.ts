/**
 * Choosing a Service port's endpoint for a new connection: ClientIP affinity first (iptables'
 * `recent` match and IPVS persistence behave alike here), then the mode's own scheduler.
 *
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#session-affinity
 */
import { intToIp } from "../ip.js";
import type { Rng } from "../rng.js";
import type { NodeState } from "../state.js";
import type { EndpointChoice, ProxyModeImpl } from "./proxy-mode.js";
import type { ProxyState } from "./proxy-state.js";
import type { ProxyView } from "./proxy-view.js";
import type { ServicePort } from "./service-ports.js";

/**
 * Chooses the endpoint for a new connection from `clientIP`: a returning client within the
 * affinity timeout goes back to its endpoint; otherwise the mode chooses. Undefined when the
 * Service port has no ready endpoint.
 */
export function chooseEndpoint(
  view: ProxyView,
  mode: ProxyModeImpl,
  port: ServicePort,
  client: { readonly ip: string; readonly state: ProxyState; readonly rng: Rng; readonly node?: NodeState },
): EndpointChoice | undefined {
  if (port.endpoints.length === 0) return undefined;
  const affinity = port.service.sessionAffinity === "ClientIP";
  const key = `${port.portName}/${port.protocol}|${client.ip}`;
  if (affinity) {
    const seen = client.state.affinity.get(key);
    if (seen && view.now - seen.last <= port.service.sessionAffinityTimeout) {
      const index = port.endpoints.findIndex((e) => addressOf(e) === seen.address);
      if (index >= 0) {
        client.state.affinity.set(key, { address: seen.address, last: view.now });
        return { index, endpoint: port.endpoints[index]!, address: seen.address, how: "affinity" };
      }
    }
  }
  const choice = mode.choose(view, port, client.state, client.rng, client.node);
  if (affinity) client.state.affinity.set(key, { address: choice.address, last: view.now });
  return choice;
}

/** An endpoint's `ip:port`. */
export function addressOf(endpoint: { readonly ip: number; readonly port: number }): string {
  return `${intToIp(endpoint.ip)}:${endpoint.port}`;
}

/** How a hop names the chosen endpoint: its Pod, or its address when no Pod backs it. */
export function endpointLabel(choice: EndpointChoice): string {
  return choice.endpoint.pod?.name ?? choice.address;
}

/**
 * kube-proxy's names for a Service port and the chains it writes for it: the same in every mode
 * (IPVS mode, too, names its iptables helper chains this way).
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier.go
 */
import { base32, sha256 } from "../internal/sha256.js";
import type { ServiceState } from "../state.js";

/** kube-proxy's ServicePortName string: `namespace/name` plus `:port-name` when the port is named. */
export function servicePortName(service: ServiceState, portIndex: number): string {
  const name = service.ports[portIndex]?.name;
  return `${service.namespace}/${service.name}${name ? `:${name}` : ""}`;
}

function portProtoHash(portName: string, protocol: string): string {
  return base32(sha256(portName + protocol.toLowerCase())).slice(0, 16);
}

/** `KUBE-SVC-…` for a Service port: base32(sha256(portName + protocol))[:16]. */
export function serviceChainName(portName: string, protocol: string): string {
  return `KUBE-SVC-${portProtoHash(portName, protocol)}`;
}

/** `KUBE-SVL-…` for a Service port's node-local endpoints (a Local traffic policy). */
export function localChainName(portName: string, protocol: string): string {
  return `KUBE-SVL-${portProtoHash(portName, protocol)}`;
}

/** `KUBE-EXT-…` for a Service port's external (NodePort) traffic. */
export function externalChainName(portName: string, protocol: string): string {
  return `KUBE-EXT-${portProtoHash(portName, protocol)}`;
}

/** `KUBE-SEP-…` for one endpoint (`ip:port`) of a Service port. */
export function endpointChainName(portName: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${base32(sha256(portName + protocol.toLowerCase() + endpoint)).slice(0, 16)}`;
}

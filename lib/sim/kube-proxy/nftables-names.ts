/**
 * The names kube-proxy's nftables mode gives its per-Service chains and sets: a readable name
 * (`namespace/service/protocol/portName`, plus `__ip/port` for an endpoint) behind the first 8
 * base32 characters of its SHA-256, so that names that differ in one digit still look different.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/release-1.35/pkg/proxy/nftables/proxier.go
 *   (hashAndTruncate, servicePortChainNameBase, servicePortEndpointChainNameBase)
 */
import { base32, sha256 } from "../internal/sha256.js";
import type { ServiceState } from "../state.js";

/** knftables' NameLengthMax (256) minus the longest prefix kube-proxy puts in front (16). */
const NAME_BASE_MAX = 240;

/** `HASH-name`, truncated to 240 characters with `...` (never reached by valid Kubernetes names). */
export function hashAndTruncate(name: string): string {
  const out = `${base32(sha256(name)).slice(0, 8)}-${name}`;
  return out.length > NAME_BASE_MAX ? `${out.slice(0, NAME_BASE_MAX - 3)}...` : out;
}

/** `HASH-namespace/service/protocol/portName` (portName empty for an unnamed port). */
export function nftServicePortBase(service: ServiceState, portIndex: number, protocol: string): string {
  const portName = service.ports[portIndex]?.name ?? "";
  return hashAndTruncate(`${service.namespace}/${service.name}/${protocol.toLowerCase()}/${portName}`);
}

/** `HASH-namespace/service/protocol/portName__ip/port` for one endpoint (`ip:port`). */
export function nftEndpointBase(service: ServiceState, portIndex: number, protocol: string, endpoint: string): string {
  const portName = service.ports[portIndex]?.name ?? "";
  const colon = endpoint.lastIndexOf(":");
  const ip = endpoint.slice(0, colon).replaceAll(":", ".");
  return hashAndTruncate(`${service.namespace}/${service.name}/${protocol.toLowerCase()}/${portName}__${ip}/${endpoint.slice(colon + 1)}`);
}

/** The chain prefixes: `service-` (Cluster policy), `local-` (Local policy), `external-`, `endpoint-`, and `affinity-` sets. */
export const NFT_PREFIX = { cluster: "service-", local: "local-", external: "external-", endpoint: "endpoint-", affinity: "affinity-" } as const;

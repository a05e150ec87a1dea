/**
 * The nftables rules kube-proxy writes for one Service port on one node (syncProxyRules): the
 * element that sends its ClusterIP (and NodePort) to a chain through one verdict-map lookup, or
 * to `reject-chain` / `drop` when it has no endpoints; the `service-` chain (Cluster policy)
 * and `local-` chain (Local policy), each picking an endpoint with one
 * `numgen random mod N vmap { … }`; the `external-` chain for NodePort traffic; and one
 * `endpoint-` chain per endpoint, which DNATs.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/release-1.35/pkg/proxy/nftables/proxier.go
 *   (syncProxyRules, writeServiceToEndpointRules)
 */
import { formatCIDR, intToIp } from "../ip.js";
import type { EndpointState, NodeState } from "../state.js";
import { addressOf } from "./choose-endpoint.js";
import type { NftChain, NftElement, NftRule, NftSet } from "./nft-text.js";
import { NFT } from "./nftables-base.js";
import { NFT_PREFIX, nftEndpointBase, nftServicePortBase } from "./nftables-names.js";
import type { ProxyView } from "./proxy-view.js";
import { ServicePortCache, localEndpoints as localEndpointsOf, scopedPort, servicePort, type NodePortSource, type ServicePort } from "./service-ports.js";

/** One endpoint's chain. */
export interface NftEndpoint {
  readonly endpoint: EndpointState;
  /** `ip:port`. */
  readonly address: string;
  /** `endpoint-HASH-ns/svc/proto/port__ip/port`. */
  readonly chain: string;
  /** The ClientIP affinity set (`affinity-…`), when the Service has ClientIP affinity. */
  readonly affinitySet: string | undefined;
  /** Its rules: hairpin masquerade, the affinity update, the DNAT. */
  readonly rules: readonly NftRule[];
  readonly dnat: NftRule;
}

/** A verdict map's element for one Service port, and which map holds it. */
export interface NftMapEntry {
  readonly map: "service-ips" | "no-endpoint-services" | "service-nodeports" | "no-endpoint-nodeports";
  readonly element: NftElement;
}

/** Everything kube-proxy writes for one Service port on one node. */
export interface NftServicePortRules {
  readonly port: ServicePort;
  /** `service-HASH-ns/svc/proto/port`: every ready endpoint. */
  readonly clusterChain: string;
  /** `local-…`: this node's ready endpoints (written only under a Local traffic policy). */
  readonly localChain: string;
  /** `external-…`: NodePort traffic. */
  readonly externalChain: string;
  /** Where ClusterIP traffic goes: the local chain under `internalTrafficPolicy: Local`. */
  readonly internalChain: string;
  readonly clusterEndpoints: readonly NftEndpoint[];
  readonly localEndpoints: readonly NftEndpoint[];
  /** The ClusterIP's element: in `service-ips`, or in `no-endpoint-services` (reject or drop). */
  readonly clusterIP: NftMapEntry;
  /** The NodePort's elements: `service-nodeports` and/or `no-endpoint-nodeports`. */
  readonly nodePort: readonly NftMapEntry[];
  /** The chains, in the order kube-proxy creates them: endpoints, then service, local, external. */
  readonly chains: readonly NftChain[];
  readonly affinitySets: readonly NftSet[];
  /** NodePort traffic: the external chain's rules each kind of source goes through, up to the policy chain. */
  readonly externalWalk: Readonly<Record<NodePortSource, readonly NftRule[]>> | undefined;
}

const rule = (chain: string, text: string, comment?: string): NftRule => (comment === undefined ? { chain, text } : { chain, text, comment });

function endpointChains(port: ServicePort, endpoints: readonly EndpointState[]): NftEndpoint[] {
  const proto = port.protocol.toLowerCase();
  const affinity = port.service.sessionAffinity === "ClientIP";
  return endpoints.map((endpoint) => {
    const address = addressOf(endpoint);
    const base = nftEndpointBase(port.service, port.portIndex, port.protocol, address);
    const chain = `${NFT_PREFIX.endpoint}${base}`;
    const affinitySet = affinity ? `${NFT_PREFIX.affinity}${base}` : undefined;
    const dnat = rule(chain, `meta l4proto ${proto} dnat to ${address}`);
    const rules = [
      rule(chain, `ip saddr ${intToIp(endpoint.ip)} jump ${NFT.markMasq}`),
      ...(affinitySet ? [rule(chain, `update @${affinitySet} { ip saddr }`)] : []),
      dnat,
    ];
    return { endpoint, address, chain, affinitySet, rules, dnat };
  });
}

/** The `numgen random mod N vmap { … }` rule that picks an endpoint in a policy chain. */
export function numgenRule(chain: string, endpoints: readonly NftEndpoint[]): NftRule {
  const arms = endpoints.map((e, i) => `${i} : goto ${e.chain}`).join(", ");
  return rule(chain, `numgen random mod ${endpoints.length} vmap { ${arms} }`);
}

/** A policy chain's rules: the masquerade rule (when ClusterIP traffic comes here), affinity checks, the pick. */
function policyRules(chain: string, endpoints: readonly NftEndpoint[], masquerade: NftRule | undefined): NftRule[] {
  const affinity = endpoints.flatMap((e) => (e.affinitySet ? [rule(chain, `ip saddr @${e.affinitySet} goto ${e.chain}`)] : []));
  return [...(masquerade ? [masquerade] : []), ...affinity, numgenRule(chain, endpoints)];
}

function computeRules(port: ServicePort, nodeState: NodeState | undefined, clusterCIDR: string): NftServicePortRules {
  const node = nodeState?.name;
  const { service, portName } = port;
  const proto = port.protocol.toLowerCase();
  const base = nftServicePortBase(service, port.portIndex, port.protocol);
  const clusterChain = `${NFT_PREFIX.cluster}${base}`;
  const localChain = `${NFT_PREFIX.local}${base}`;
  const externalChain = `${NFT_PREFIX.external}${base}`;
  const itpLocal = service.internalTrafficPolicy === "Local";
  const external = port.nodePort !== undefined;
  const etpLocal = external && service.externalTrafficPolicy === "Local";
  const usesCluster = !itpLocal || external;
  const usesLocal = itpLocal || etpLocal;
  const all = port.endpoints;
  // This node's ready endpoints, else its serving-terminating ones (CategorizeEndpoints), as iptables mode.
  const local = node === undefined ? [] : localEndpointsOf(port, node);
  // Cluster policy: the endpoints topology-aware routing leaves to this node (CategorizeEndpoints).
  const clusterEps = usesCluster ? (nodeState ? scopedPort(port, nodeState, false, false).endpoints : all) : [];
  const localEps = usesLocal ? local : [];
  const hasEndpoints = all.length > 0;
  const hasInternal = itpLocal ? local.length > 0 : hasEndpoints;
  const hasExternal = etpLocal ? local.length > 0 : hasEndpoints;
  const internalChain = itpLocal ? localChain : clusterChain;
  const externalPolicyChain = etpLocal ? localChain : clusterChain;

  // Every endpoint some policy chain uses, in kube-proxy's order (a local one is also a cluster one).
  const reachable = [...all.filter((e) => clusterEps.includes(e) || localEps.includes(e)), ...localEps.filter((e) => !all.includes(e))];
  const endpoints = endpointChains(port, reachable);
  const byAddress = new Map(endpoints.map((e) => [e.address, e]));
  const clusterEndpoints = clusterEps.map((e) => byAddress.get(addressOf(e))!);
  const localEndpoints = localEps.map((e) => byAddress.get(addressOf(e))!);

  const verdictNone = "goto reject-chain";
  const key = `${port.clusterIP} . ${proto} . ${port.port}`;
  const clusterIP: NftMapEntry = hasInternal
    ? { map: "service-ips", element: { key, verdict: `goto ${internalChain}` } }
    : { map: "no-endpoint-services", element: { key, comment: portName, verdict: hasEndpoints ? "drop" : verdictNone } };
  const nodePort: NftMapEntry[] = [];
  if (port.nodePort !== undefined) {
    const npKey = `${proto} . ${port.nodePort}`;
    if (hasEndpoints) nodePort.push({ map: "service-nodeports", element: { key: npKey, verdict: `goto ${externalChain}` } });
    if (!hasExternal) nodePort.push({ map: "no-endpoint-nodeports", element: { key: npKey, comment: portName, verdict: hasEndpoints ? "drop" : verdictNone } });
  }

  const masquerade = hasInternal
    ? // Only ClusterIP traffic reaches this rule with the ClusterIP as destination, so the address alone says it (PR #131492).
      rule(internalChain, `ip daddr ${port.clusterIP} ip saddr != ${clusterCIDR} jump ${NFT.markMasq}`)
    : undefined;
  const chains: NftChain[] = endpoints.map((e) => ({ name: e.chain, rules: e.rules }));
  if (clusterEndpoints.length > 0) {
    chains.push({ name: clusterChain, rules: policyRules(clusterChain, clusterEndpoints, internalChain === clusterChain ? masquerade : undefined) });
  }
  if (localEndpoints.length > 0) {
    chains.push({ name: localChain, rules: policyRules(localChain, localEndpoints, internalChain === localChain ? masquerade : undefined) });
  }
  let externalWalk: NftServicePortRules["externalWalk"];
  if (hasEndpoints && external) {
    const toPolicy = hasExternal ? [rule(externalChain, `goto ${externalPolicyChain}`)] : [];
    if (!etpLocal) {
      const rules = [rule(externalChain, `jump ${NFT.markMasq}`), ...toPolicy];
      chains.push({ name: externalChain, rules });
      externalWalk = { pod: rules, local: rules, external: rules };
    } else {
      const pod = rule(externalChain, `ip saddr ${clusterCIDR} goto ${clusterChain}`, "short-circuit pod traffic");
      const masqLocal = rule(externalChain, `fib saddr type local jump ${NFT.markMasq}`, "masquerade local traffic");
      const routeLocal = rule(externalChain, `fib saddr type local goto ${clusterChain}`, "short-circuit local traffic");
      chains.push({ name: externalChain, rules: [pod, masqLocal, routeLocal, ...toPolicy] });
      externalWalk = { pod: [pod], local: [masqLocal, routeLocal], external: toPolicy };
    }
  }
  const affinitySets: NftSet[] = endpoints.flatMap((e) =>
    e.affinitySet
      ? [{ kind: "set", name: e.affinitySet, type: "ipv4_addr", flags: "dynamic,timeout", timeout: service.sessionAffinityTimeout, elements: [] }]
      : [],
  );
  return {
    port,
    clusterChain,
    localChain,
    externalChain,
    internalChain,
    clusterEndpoints,
    localEndpoints,
    clusterIP,
    nodePort,
    chains,
    affinitySets,
    externalWalk,
  };
}

const cache = new ServicePortCache<Map<string, NftServicePortRules>>();

/** Whether a Service port's rules differ from node to node (a Local traffic policy). */
function nodeSpecific(port: ServicePort): boolean {
  return (
    port.service.internalTrafficPolicy === "Local" ||
    (port.nodePort !== undefined && port.service.externalTrafficPolicy === "Local") ||
    port.service.trafficDistribution !== undefined
  );
}

/** The rules for one Service port on `node`, rebuilt only when the cluster changed. */
export function nftServiceRules(view: ProxyView, service: ServicePort["service"], portIndex: number, node?: NodeState): NftServicePortRules {
  const perNode = cache.get(view, service, portIndex, () => new Map());
  const port = servicePort(view, service, portIndex);
  const key = nodeSpecific(port) && node ? node.name : "";
  let rules = perNode.get(key);
  if (!rules) {
    rules = computeRules(port, key === "" ? undefined : node, formatCIDR(view.options.clusterCIDR));
    perNode.set(key, rules);
  }
  return rules;
}

/**
 * @module
 * The deterministic simulation engine: cluster state and controllers, address allocators, cluster
 * DNS, kube-proxy's rules, the datapath, and `exec`. Pure: time and randomness come from the
 * Simulation (a seeded clock and RNG streams), never from the machine.
 */
export { Simulation, MAX_PODS_PER_NODE, compareText, resolveTargetPort } from "./simulation.js";
export type { ApplyOutcome } from "./simulation.js";
export { NetworkModel, ProxyMode, resolveOptions } from "./options.js";
export type { ClusterOptions, NetworkModelName, ProxyModeName, ResolvedOptions } from "./options.js";
export type { ClusterView } from "./cluster-view.js";
export { BOOTSTRAP_AGE, EPOCH_MS } from "./clock.js";
export type {
  ContainerState,
  DeploymentState,
  EndpointState,
  EventRecord,
  NamespaceState,
  NodeState,
  OwnerRef,
  PodSpan,
  PodState,
  ReplicaSetState,
  ServiceState,
} from "./state.js";
export { HostLocalAllocator, NodeCIDRAllocator, ServiceIPAllocator } from "./ipam.js";
export { Journal } from "./journal.js";
export { Rng, fnv1a32 } from "./rng.js";
export { ALPHANUMS, canonicalJSON, generateName, podTemplateHash, safeEncodeString } from "./names.js";
export { contains, formatCIDR, intToIp, ipToInt, isIPv4, parseCIDR } from "./ip.js";
export type { CIDR } from "./ip.js";
export { CLUSTER_TTL, candidateNames, lookupA, renderResolvConf, resolvConf, resolveHost } from "./dns.js";
export type { DNSQuery, Resolution, ResolvConf, ResourceRecord } from "./dns.js";
export {
  ProxyState,
  buildProxyRules,
  buildServiceRules,
  chooseEndpoint,
  endpointChainName,
  externalChainName,
  pickEndpoint,
  proxyModeFor,
  registerProxyMode,
  renderIpvsadm,
  renderIptablesSave,
  serviceChainName,
  servicePort,
  servicePortName,
  servicePorts,
} from "./kube-proxy/index.js";
export type {
  ChoiceKind,
  EndpointChoice,
  EndpointRule,
  NodeProxyRules,
  ProxyModeImpl,
  ProxyView,
  ServicePort,
  ServicePortRules,
} from "./kube-proxy/index.js";
export { FLANNEL_VXLAN, connect, listener, networkModelFor } from "./datapath/index.js";
export type { Connection, NetworkModelImpl, TrafficRandom } from "./datapath/index.js";
export { etcHosts, execIn, splitWords } from "./exec.js";
export type { ExecOptions, ExecRandom } from "./exec.js";
export { ObservationPoint, Outcome } from "./datapath/index.js";
export type { Hop, HopKind, ServedBy, TraceRecord, Verdict } from "./datapath/index.js";
export { runLoad } from "./load.js";
export type { LoadRecord } from "./load.js";
export { lookup, usesClusterDNS, upstreamResolver } from "./dns.js";
export type { RecordType } from "./dns.js";
export { appModel, imageRepository } from "./apps.js";
export type { AppModel, Listener, Responder } from "./apps.js";
export { BACKOFF, MAX_ENDPOINTS_PER_SLICE, formatGoDuration, resolveIntOrPercent } from "./simulation.js";
export { nodeRoutes } from "./datapath/index.js";
export type { Route } from "./datapath/index.js";

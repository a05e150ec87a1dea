/**
 * @module
 * The deterministic simulation engine: cluster state and controllers, address allocators, cluster
 * DNS, kube-proxy's rules, the datapath, and `exec`. Pure: time and randomness come from the
 * Simulation (a seeded clock and RNG streams), never from the machine.
 */
export { Simulation } from "./simulation.js";
export { MAX_PODS_PER_NODE } from "./kubelet/admission.js";
export { compareText } from "./internal/compare-text.js";
export { MAX_ENDPOINTS_PER_SLICE, resolveTargetPort } from "./controllers/endpointslice.js";
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
export { HostLocalAllocator } from "./ipam/host-local.js";
export { NodeCIDRAllocator } from "./ipam/node-cidr.js";
export { ServiceIPAllocator } from "./ipam/service-ip.js";
export { Journal } from "./store/journal.js";
export { Rng, fnv1a32 } from "./rng.js";
export { ALPHANUMS, canonicalJSON, generateName, podTemplateHash, safeEncodeString } from "./names.js";
export { contains, formatCIDR, intToIp, ipToInt, isIPv4, parseCIDR } from "./ip.js";
export type { CIDR } from "./ip.js";
export { CLUSTER_TTL, lookupA } from "./dns/records.js";
export { renderResolvConf, resolvConf } from "./dns/resolv-conf.js";
export { candidateNames, resolveHost } from "./dns/resolve-name.js";
export type { DNSQuery, ResourceRecord } from "./dns/records.js";
export type { ResolvConf } from "./dns/resolv-conf.js";
export type { Resolution } from "./dns/resolve-name.js";
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
export { etcHosts } from "./exec/files.js";
export { execIn } from "./exec/exec.js";
export { splitWords } from "./exec/shell.js";
export type { ExecOptions, ExecRandom } from "./exec/exec.js";
export { ObservationPoint, Outcome } from "./datapath/index.js";
export type { Hop, HopKind, ServedBy, TraceRecord, Verdict } from "./datapath/index.js";
export { runLoad } from "./load.js";
export type { LoadRecord } from "./load.js";
export { lookup } from "./dns/records.js";
export { usesClusterDNS, upstreamResolver } from "./dns/resolv-conf.js";
export type { RecordType } from "./dns/records.js";
export { appModel, imageRepository } from "./kubelet/images.js";
export type { AppModel, Listener, Responder } from "./kubelet/images.js";
export { BACKOFF } from "./kubelet/backoff.js";
export { resolveIntOrPercent } from "./controllers/deployment.js";
export { formatGoDuration } from "../model/duration.js";
export { nodeRoutes } from "./datapath/index.js";
export type { Route } from "./datapath/index.js";

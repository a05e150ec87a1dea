/**
 * @module
 * The deterministic engine, as the other layers see it: the `Simulation` and its options, the
 * read-only `ClusterView` with the records it hands out, what `exec` and `load` return, and the
 * extension points (proxy modes, network models). Pure: time and randomness come from the
 * simulation's clock and seeded streams, never from the machine. Everything else in this folder is
 * the engine's own; tests import it from its module.
 */
export { BOOTSTRAP_AGE, wallClockMs } from "./clock.js";
export type { ClusterView } from "./cluster-view.js";
export { ObservationPoint, Outcome, hop } from "./datapath/hops.js";
export type { Hop, HopInit, HopKind, HopNat, HopOuter, ServedBy, TraceRecord, Verdict } from "./datapath/hops.js";
export type { CrossingPacket, NetworkModelImpl, Route } from "./datapath/network-model.js";
export { nodeRoutes } from "./datapath/node-routes.js";
export { networkModelFor, registerNetworkModel } from "./datapath/registry.js";
export { FLANNEL_VXLAN } from "./datapath/flannel-vxlan.js";
export { execIn, ScratchStore } from "./exec/exec.js";
export { kubectlArgs } from "./exec/shell.js";
export type { ExecOptions } from "./exec/exec.js";
export { formatCIDR, intToIp } from "./ip.js";
export type { EndpointRule, IptablesRule, IptablesRules, ServicePortRules } from "./kube-proxy/iptables.js";
export type { IpvsRules, RealServer, VirtualServer } from "./kube-proxy/ipvs.js";
export type { NftablesRules, NftServicePortRules } from "./kube-proxy/nftables.js";
export type { ChoiceKind, EndpointChoice, NodeProxyRules, ProxyModeImpl, RulesTable, Translation, TranslationSite } from "./kube-proxy/proxy-mode.js";
export { ProxyState } from "./kube-proxy/proxy-state.js";
export type { ProxyView } from "./kube-proxy/proxy-view.js";
export { proxyModeFor, registerProxyMode } from "./kube-proxy/registry.js";
export { namespaceLabels, networkPolicyFor, policiesSelecting, reachability, reachabilityPods, registerNetworkPolicy } from "./network-policy/index.js";
export type {
  NetworkPolicyImpl,
  PolicyDecision,
  PolicyDirection,
  PolicyQuestion,
  PolicyView,
  ReachabilityCell,
  ReachabilityRecord,
} from "./network-policy/index.js";
export { servicePorts } from "./kube-proxy/service-ports.js";
export type { ServicePort } from "./kube-proxy/service-ports.js";
export { runLoad } from "./load.js";
export { podLogs } from "./logs.js";
export type { LogsOptions, LogsResult } from "./logs.js";
export type { LoadRecord } from "./load.js";
export { NetworkModel, NetworkPolicyMode, ProxyMode } from "./options.js";
export type { ClusterOptions, NetworkModelName, NetworkPolicyName, ProxyModeName } from "./options.js";
export { Simulation } from "./simulation.js";
export { allContainers, containerSpecs, isSidecar, readinessContainers } from "./pod-containers.js";
export { appsStarted } from "./kubelet/pod-status.js";
export type {
  ContainerState,
  DaemonSetState,
  EndpointHints,
  EndpointSliceState,
  EventRecord,
  NetworkPolicyState,
  NodeState,
  PodSpan,
  PodState,
  ServiceState,
  Termination,
  WorkloadState,
} from "./state.js";
export { isSystemNamespace } from "./bootstrap/system-pods.js";
export { DEFAULT_SERVICE_CIDR, ipAddresses, serviceCIDRs } from "./apiserver/service-cidrs.js";
export type { IPAddressState, ParentReference, ServiceCIDRCondition, ServiceCIDRState } from "./apiserver/service-cidrs.js";
export { deploymentRevisions, deploymentRolloutCheck, rolloutHistoryText, statefulSetHistory, statefulSetRolloutCheck, watchRollout } from "./rollout.js";
export type { RevisionRow, RolloutCheck, RolloutStatusRecord } from "./rollout.js";
export type { WorkloadRef } from "./workload-verbs.js";
export { runLoadOverTime } from "./load-over-time.js";
export type { LoadDriver, LoadInterval, LoadOverTimeRecord, LoadVersion } from "./load-over-time.js";
export { execOnNode } from "./exec/node-shell.js";
export { nodeTarget } from "./targets.js";

/**
 * @module
 * podtalk: a simulated Kubernetes cluster for notebooks that teach how Pods communicate.
 *
 * The package entry. Notebooks import from here (`import { Cluster } from "podtalk"`); nothing
 * under an `internal/` folder is exported.
 */
export { Cluster } from "./cluster.js";
export { ApplyResult } from "./render/apply-result.js";
export { Text } from "./render/text.js";
export { Logs } from "./render/logs-view.js";
export { Topology } from "./render/topology-view.js";
export type { NamespaceOption } from "./cluster.js";
export { hop, registerNetworkModel, registerNetworkPolicy, registerProxyMode, servicePorts } from "./sim/index.js";
export type {
  ChoiceKind,
  ClusterOptions,
  CrossingPacket,
  EndpointChoice,
  EndpointRule,
  ExecOptions,
  Hop,
  HopInit,
  HopKind,
  HopNat,
  HopOuter,
  IptablesRule,
  IptablesRules,
  IpvsRules,
  LogsOptions,
  NftablesRules,
  NftServicePortRules,
  LogsResult,
  NetworkModel,
  NetworkModelImpl,
  NetworkModelName,
  NetworkPolicyImpl,
  NetworkPolicyName,
  NodeProxyRules,
  PolicyDecision,
  PolicyQuestion,
  PolicyView,
  ObservationPoint,
  Outcome,
  ProxyMode,
  ProxyModeImpl,
  ProxyModeName,
  ProxyState,
  ProxyView,
  RealServer,
  Route,
  RulesTable,
  ServedBy,
  ServicePort,
  ServicePortRules,
  TraceRecord,
  Translation,
  TranslationSite,
  Verdict,
  VirtualServer,
} from "./sim/index.js";
export type { KubeObject, ManifestInput } from "./model/objects.js";
export type { ResourceName } from "./model/resources.js";
export { ErrorCode, PodtalkError } from "./model/errors.js";
export type { FieldError } from "./model/errors.js";
export { Table } from "./render/table.js";
export type { Row } from "./render/table.js";
export type { GetOptions } from "./render/resource-tables.js";
export type { TopologyOptions } from "./render/topology.js";
export { Trace } from "./render/trace-view.js";
export { LoadResult } from "./render/load-view.js";
export { Reachability, ReachabilityDiff } from "./render/reachability-view.js";
export { Timeline } from "./render/timeline.js";
export type { TimelineOptions } from "./render/timeline.js";
export { Diff, Snapshot, diff } from "./render/diff.js";
export type { Change } from "./render/diff.js";
export { ProxyRulesView } from "./render/rules-view.js";
export { JUPYTER_DISPLAY, escapeHTML, isDisplayable, mimeBundleOf } from "./render/index.js";
export type { Displayable, MimeBundle } from "./render/mime.js";
export { clearOutput, display } from "./display.js";
export type { ClearOutputOptions, DisplayOptions } from "./jupyter/index.js";
export { Verified, check, checks, VERIFY_TAG } from "./render/check.js";
export type { Check } from "./render/check.js";
export { Manifests } from "./render/manifests-view.js";
export { LoadOverTime } from "./render/load-over-time-view.js";
export type { LoadOptions } from "./verbs/load.js";
export { RolloutStatus } from "./render/rollout-view.js";
export type { RolloutAction, RolloutOptions } from "./verbs/workloads.js";
export type { LoadInterval, LoadOverTimeRecord, LoadVersion, RolloutStatusRecord } from "./sim/index.js";
export type {
  NodeInfo,
  PodContainerInfo,
  PodContainerPort,
  PodInfo,
  PodsQuery,
  ServiceEndpointInfo,
  ServiceInfo,
  ServicePortInfo,
  ServicesQuery,
} from "./queries/index.js";
export { ServiceProxyRules } from "./render/service-rules-view.js";

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
export { Topology } from "./render/topology-view.js";
export type { NamespaceOption } from "./cluster.js";
export type { ClusterOptions, NetworkModel, NetworkModelName, ProxyMode, ProxyModeName } from "./sim/options.js";
export { registerProxyMode } from "./sim/kube-proxy/registry.js";
export { servicePorts } from "./sim/kube-proxy/service-ports.js";
export type { ServicePort } from "./sim/kube-proxy/service-ports.js";
export type { ProxyView } from "./sim/kube-proxy/proxy-view.js";
export type { ProxyState } from "./sim/kube-proxy/proxy-state.js";
export type { EndpointRule, IptablesRule, IptablesRules, ServicePortRules } from "./sim/kube-proxy/iptables.js";
export type { IpvsRules, RealServer, VirtualServer } from "./sim/kube-proxy/ipvs.js";
export type { ChoiceKind, EndpointChoice, NodeProxyRules, ProxyModeImpl, RulesTable, Translation, TranslationSite } from "./sim/kube-proxy/proxy-mode.js";
export { registerNetworkModel } from "./sim/datapath/registry.js";
export { hop } from "./sim/datapath/hops.js";
export type { HopInit } from "./sim/datapath/hops.js";
export type { CrossingPacket, NetworkModelImpl, Route } from "./sim/datapath/network-model.js";
export type { ExecOptions } from "./sim/exec/exec.js";
export type { Hop, HopKind, ObservationPoint, Outcome, ServedBy, TraceRecord, Verdict } from "./sim/datapath/hops.js";
export type { KubeObject, ManifestInput } from "./model/objects.js";
export { ErrorCode, PodtalkError } from "./model/errors.js";
export type { FieldError } from "./model/errors.js";
export { Table } from "./render/table.js";
export type { Row } from "./render/table.js";
export type { GetOptions } from "./render/resource-tables.js";
export type { TopologyOptions } from "./render/topology.js";
export { Trace } from "./render/trace-view.js";
export { LoadResult } from "./render/load-view.js";
export { Timeline } from "./render/timeline.js";
export type { TimelineOptions } from "./render/timeline.js";
export { Diff, Snapshot, diff } from "./render/diff.js";
export type { Change } from "./render/diff.js";
export { ProxyRulesView } from "./render/rules-view.js";
export { JUPYTER_DISPLAY, escapeHTML, isDisplayable, mimeBundleOf } from "./render/index.js";
export type { Displayable, MimeBundle } from "./render/mime.js";
export { clearOutput, display } from "./display.js";
export type { ClearOutputOptions, DisplayOptions } from "./jupyter/index.js";

/**
 * @module
 * Renderers: view models built from a read-only ClusterView (kubectl tables and describe text,
 * topology, traces, load spreads, timelines, diffs, proxy rules), then formats (text, HTML,
 * Vega-Lite v5, static SVG) and MIME bundles. Pure: no Node APIs, no change to the cluster; SVG
 * comes from vega in-process. Exported here is what the package entry, `Cluster` and the tests
 * use; layout helpers and cell formats stay inside.
 */
export { INSPECT_CUSTOM, JUPYTER_DISPLAY, isDisplayable, mimeBundleOf } from "./mime.js";
export type { Displayable, MimeBundle } from "./mime.js";
export { escapeHTML } from "./html.js";
export { Table } from "./table.js";
export type { Row } from "./table.js";
export { formatLabels, getTable, resourceName } from "./resource-tables.js";
export type { GetOptions } from "./resource-tables.js";
export { describe } from "./describe.js";
export { VEGA_LITE_SCHEMA, renderSVG } from "./svg.js";
export type { VegaLiteSpec } from "./svg.js";
export { ApplyResult } from "./apply-result.js";
export { Text } from "./text.js";
export { Logs } from "./logs-view.js";
export { topologyModel } from "./topology.js";
export { topologySpec } from "./topology-spec.js";
export { Topology } from "./topology-view.js";
export type { TopologyModel, TopologyOptions } from "./topology.js";
export { Trace, traceHTML, traceText } from "./trace-view.js";
export { traceSpec } from "./trace-diagram.js";
export { LoadResult } from "./load-view.js";
export { Reachability, ReachabilityDiff, reachabilitySpec, reachabilityText } from "./reachability-view.js";
export { Timeline, timelineModel } from "./timeline.js";
export type { TimelineOptions } from "./timeline.js";
export { Diff, Snapshot, diff } from "./diff.js";
export type { Change } from "./diff.js";
export { ProxyRulesView, routesTable } from "./rules-view.js";
export { Verified, check, checks, describeValue, VERIFY_TAG } from "./check.js";
export type { Check } from "./check.js";

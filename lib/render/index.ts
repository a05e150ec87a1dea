/**
 * @module
 * Renderers: view models built from the simulation (tables, topology, traces), then formats
 * (text, HTML, Vega-Lite v5, static SVG) and MIME bundles. Pure; SVG comes from vega in-process.
 */
export { JUPYTER_DISPLAY, isDisplayable, mimeBundleOf } from "./mime.js";
export type { Displayable, MimeBundle } from "./mime.js";
export { escapeHTML } from "./html.js";
export { Table } from "./table.js";
export type { Row } from "./table.js";
export { NODE_INFO, RESOURCES, formatLabels, getTable, podStatus, resourceName } from "./resource-tables.js";
export type { GetOptions, Resource } from "./resource-tables.js";
export { VEGA_LITE_SCHEMA, renderSVG } from "./svg.js";
export type { VegaLiteSpec } from "./svg.js";
export { topologyHTML, topologyModel, topologySpec } from "./topology.js";
export type { Box, Link, TopologyModel, TopologyOptions } from "./topology.js";
export { Trace, hopPlace, traceHTML, traceText } from "./trace-view.js";
export { describe } from "./describe.js";
export { LoadResult, loadSpec, loadText } from "./load-view.js";
export { rfc1123z } from "./describe.js";
export { DESCRIBE_TABWRITER, GET_TABWRITER, tabwrite, tabwriteCells } from "./tabwriter.js";
export type { TabwriterOptions } from "./tabwriter.js";
export { listWithMore, portsCell, restartsCell } from "./resource-tables.js";
export { Timeline, timelineModel, timelineSpec } from "./timeline.js";
export type { TimelineModel, TimelineOptions, TimelineSegment } from "./timeline.js";
export { traceLayout, traceSpec } from "./trace-diagram.js";
export type { TraceLayout } from "./trace-diagram.js";
export { Diff, Snapshot, diff } from "./diff.js";
export type { Change } from "./diff.js";
export { ProxyRulesView, routesTable } from "./rules-view.js";

/**
 * @module
 * The structured accessors of `Cluster` (`pod`, `pods`, `node`, `nodes`, `service`, `services`):
 * the cluster's objects as plain, frozen data with the values kubectl prints, so that a notebook
 * reads them without parsing command output. Everything here reads through a `ClusterView`.
 */
export { findPod, findPods, podInfo } from "./pods.js";
export type { PodContainerInfo, PodContainerPort, PodInfo, PodsQuery } from "./pods.js";
export { findNode, findService, findServices, listNodes } from "./nodes-services.js";
export type { NodeInfo, ServiceEndpointInfo, ServiceInfo, ServicePortInfo, ServicesQuery } from "./nodes-services.js";

/**
 * @module
 * The model: plain data and validation for the objects podtalk simulates (names, labels, ports,
 * manifests, selectors, durations), kubectl's resource names, and the error family. Pure: no
 * I/O, no clock, no randomness, and nothing from the engine (lib/sim) or the renderers.
 * Exported here is what the engine, the renderers, the package entry and the tests use.
 */
export { ErrorCode, PodtalkError, notFoundError } from "./errors.js";
export type { FieldError } from "./errors.js";
export { humanDuration, parseDuration } from "./duration.js";
export { parseManifests } from "./parse.js";
export { resourceOf } from "./kinds.js";
export { validateObject } from "./validate/index.js";
export { formatSelector, matchesSelector, selects } from "./selectors.js";
export type {
  ContainerN,
  ContainerPortN,
  DeploymentN,
  IntOrPercent,
  IPBlockN,
  KubeObject,
  Labels,
  LabelSelectorN,
  ManifestInput,
  NamespaceN,
  NetworkPolicyN,
  NetworkPolicyPeerN,
  NetworkPolicyPortN,
  NetworkPolicyRuleN,
  NetworkPolicySpecN,
  ObjectN,
  PodN,
  PodSpecN,
  PodTemplateN,
  PolicyType,
  ReplicaSetN,
  ServiceN,
  ServicePortN,
  ServiceType,
  StatefulSetN,
  TrafficDistribution,
  Validated,
} from "./objects.js";
export { RESOURCES, resourceFor } from "./resources.js";
export type { Resource, ResourceName } from "./resources.js";
export {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isLabelValue,
  isValidPortName,
  isValidPortNum,
  messages as validationMessages,
} from "./validate/names.js";

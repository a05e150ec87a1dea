/**
 * @module
 * The model: plain data and validation for the objects podtalk simulates (names, labels, ports,
 * manifests, durations) and the error family. Pure: no I/O, no clock, no randomness.
 */
export { ErrorCode, PodtalkError, formatFieldError, invalidObjectError, notFoundError } from "./errors.js";
export type { FieldError } from "./errors.js";
export { formatGoDuration, humanDuration, parseDuration } from "./duration.js";
export { Protocol } from "./objects.js";
export { parseManifests } from "./parse.js";
export { validateObject } from "./validate/index.js";
export { formatSelector, matchesSelector, selects } from "./selectors.js";
export type {
  ContainerN,
  ContainerPortN,
  DeploymentN,
  KubeObject,
  Labels,
  ManifestInput,
  NamespaceN,
  ObjectMetaN,
  ObjectN,
  PodN,
  PodSpecN,
  ServiceN,
  ServicePortN,
  Validated,
} from "./objects.js";
export {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isLabelKey,
  isLabelValue,
  isValidPortName,
  isValidPortNum,
  messages as validationMessages,
} from "./validate/names.js";

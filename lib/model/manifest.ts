/**
 * Manifests in, validated and defaulted objects out. This module only gathers the pieces under
 * their former name: the types are in `objects.ts`, parsing in `parse.ts`, the kinds in
 * `kinds.ts`, validation in `validate/`, selectors in `selectors.ts`. New code imports those.
 */
export type {
  ContainerN,
  ContainerPortN,
  DeploymentN,
  DNSConfigN,
  IntOrPercent,
  KubeObject,
  Labels,
  LabelSelectorN,
  ManifestInput,
  NamespaceN,
  ObjectMetaN,
  ObjectN,
  PodN,
  PodSpecN,
  PodTemplateN,
  ProbeN,
  ReplicaSetN,
  SelectorRequirement,
  ServiceN,
  ServicePortN,
  ServiceType,
  StatefulSetN,
  Validated,
} from "./objects.js";
export { Protocol } from "./objects.js";
export { resourceOf } from "./kinds.js";
export { parseManifests } from "./parse.js";
export { validateObject } from "./validate/index.js";
export { formatSelector, matchesSelector, selects } from "./selectors.js";

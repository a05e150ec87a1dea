/**
 * The resource names kubectl accepts for what podtalk simulates: plurals, singulars and short
 * names (`po`, `svc`, `deploy`, …), one table for `get`, `describe` and `delete`.
 *
 * @see https://kubernetes.io/docs/reference/kubectl/#resource-types
 */

/** The resource kinds `get` knows. */
export const RESOURCES = [
  "daemonsets",
  "deployments",
  "endpoints",
  "endpointslices",
  "events",
  "namespaces",
  "networkpolicies",
  "nodes",
  "pods",
  "replicasets",
  "services",
  "statefulsets",
  "servicecidrs",
  "ipaddresses",
] as const;
/** One of RESOURCES: a resource in its plural, as `kubectl api-resources` names it. */
export type Resource = (typeof RESOURCES)[number];

/** kubectl's names for each resource. */
const ALIASES = {
  pod: "pods",
  pods: "pods",
  po: "pods",
  service: "services",
  services: "services",
  svc: "services",
  node: "nodes",
  nodes: "nodes",
  no: "nodes",
  deployment: "deployments",
  deployments: "deployments",
  deploy: "deployments",
  replicaset: "replicasets",
  replicasets: "replicasets",
  rs: "replicasets",
  daemonset: "daemonsets",
  daemonsets: "daemonsets",
  ds: "daemonsets",
  statefulset: "statefulsets",
  statefulsets: "statefulsets",
  sts: "statefulsets",
  endpoints: "endpoints",
  ep: "endpoints",
  endpointslice: "endpointslices",
  endpointslices: "endpointslices",
  event: "events",
  events: "events",
  ev: "events",
  namespace: "namespaces",
  namespaces: "namespaces",
  ns: "namespaces",
  networkpolicy: "networkpolicies",
  networkpolicies: "networkpolicies",
  netpol: "networkpolicies",
  // networking.k8s.io/v1 ServiceCIDR and IPAddress have no short names.
  servicecidr: "servicecidrs",
  servicecidrs: "servicecidrs",
  ipaddress: "ipaddresses",
  ipaddresses: "ipaddresses",
} as const satisfies Readonly<Record<string, Resource>>;

/**
 * A name kubectl accepts for a resource (`pods`, `pod`, `po`, `svc`, …): the literals are what an
 * editor completes in `cluster.get("`; any other string is accepted by the type and refused, with
 * the list of names, when called.
 */
export type ResourceName = keyof typeof ALIASES | (string & {});

/** The resources that belong to no namespace: `-A` adds no NAMESPACE column and `-n` is ignored. */
export const CLUSTER_SCOPED: ReadonlySet<Resource> = new Set<Resource>(["nodes", "namespaces", "servicecidrs", "ipaddresses"]);

/** The resource `name` means (any case), or undefined when kubectl knows no such name here. */
export function resourceFor(name: string): Resource | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(ALIASES, key) ? (ALIASES as Readonly<Record<string, Resource>>)[key] : undefined;
}

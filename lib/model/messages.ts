/**
 * The API server's (and kubectl's) message texts for rejected requests, in one place: the apply,
 * delete and allocation logic calls these builders instead of writing the words inline. Each text
 * follows what a real cluster prints, plus podtalk's hint on how to fix it where it helps a learner.
 */

/** kubectl's decoder on a YAML syntax error (`line` when known, `problem` the parser's first line). */
export function yamlError(line: number | undefined, problem: string, documentNumber: number): string {
  return `error parsing manifest: error converting YAML to JSON: yaml: ${line ? `line ${line}: ` : ""}${problem} (document ${documentNumber}); check the indentation and the ': ' after each key`;
}

/** A document that is not a mapping. */
export function documentNotAnObject(documentNumber: number): string {
  return `error: document ${documentNumber} is not an object: a manifest is a mapping with apiVersion, kind, metadata and spec`;
}

/** A document without `kind`. */
export function kindMissing(documentNumber: number): string {
  return `error: Object 'Kind' is missing in document ${documentNumber}: add a kind such as Pod, Deployment or Service`;
}

/** A document without `apiVersion` (`expected`: the kind's apiVersion, or `v1`). */
export function apiVersionMissing(documentNumber: number, kind: string, expected: string): string {
  return `error: Object 'apiVersion' is missing in document ${documentNumber} (kind ${kind}): add apiVersion: ${expected}`;
}

/** A kind/apiVersion pair podtalk does not serve, with a hint. */
export function noKindMatch(kind: string, apiVersion: string, hint: string): string {
  return `error: resource mapping not found for kind "${kind}" in version "${apiVersion}": no matches for kind "${kind}" in version "${apiVersion}"; ${hint}`;
}

/**
 * The API server's refusal of fields a kind does not declare, as `kubectl apply -f -` prints it
 * for a new object (kubectl asks for strict field validation by default since v1.27):
 * `Error from server (BadRequest): error when creating "STDIN": Service in version "v1" cannot be
 * handled as a Service: strict decoding error: unknown field "spec.selectors"`. The parts:
 * kubectl's `AddSourceToErr("creating", …)` (staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go, the helper in
 * pkg/cmd/util/helpers.go; `STDIN` is the source of `-f -`),
 * the API server's `transformDecodeError` (`%s in version %q cannot be handled as a %s: %v`, the
 * version without its group; staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go), and
 * apimachinery's strict decoding error (staging/src/k8s.io/apimachinery/pkg/runtime/error.go:
 * `strict decoding error: ` and each field error joined with `, `). After it, one line of
 * podtalk's per field a declared field is close to. For an object that exists, kubectl patches it
 * and wraps the answer in `error when applying patch: …`; podtalk prints the create wording then too.
 */
export function strictDecodingError(kind: string, apiVersion: string, fields: readonly { path: string; suggestion?: string }[]): string {
  const version = apiVersion.slice(apiVersion.lastIndexOf("/") + 1);
  const problems = fields.map((f) => `unknown field ${JSON.stringify(f.path)}`).join(", ");
  const first = `Error from server (BadRequest): error when creating "STDIN": ${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: strict decoding error: ${problems}`;
  const hints = fields.flatMap((f) => (f.suggestion === undefined ? [] : [`${f.path}: ${didYouMean(f.suggestion)}`]));
  return [first, ...hints].join("\n");
}

/** podtalk's hint after an unknown field close to a declared one. */
export function didYouMean(field: string): string {
  return `did you mean ${JSON.stringify(field)}?`;
}

/**
 * `apply` of a ServiceCIDR or IPAddress (networking.k8s.io/v1), which podtalk's API server writes
 * itself: one ServiceCIDR from the `serviceCIDR` option, one IPAddress per ClusterIP.
 */
export function serverManagedKind(kind: string): string {
  return kind === "ServiceCIDR"
    ? `error: podtalk does not model extra ServiceCIDRs: ClusterIPs come from the one ServiceCIDR "kubernetes", made from the cluster's serviceCIDR option; choose the range with new Cluster({ serviceCIDR: "10.96.0.0/12" }) and read it with cluster.get("servicecidrs")`
    : `error: podtalk does not accept IPAddress objects: the API server creates one for each ClusterIP it allocates and deletes it with the Service; to hold an address, apply a Service with spec.clusterIP set to it, and list them with cluster.get("ipaddresses")`;
}

/** `delete` of a ServiceCIDR or IPAddress, which the API server recreates or keeps while in use. */
export function serverManagedNotDeletable(resource: "servicecidrs" | "ipaddresses"): string {
  return resource === "servicecidrs"
    ? `error: podtalk keeps the ServiceCIDR "kubernetes": the API server recreates it from its --service-cluster-ip-range flag, and its finalizer holds it while ClusterIPs are in use; choose the range with new Cluster({ serviceCIDR: … })`
    : `error: podtalk keeps IPAddress objects in step with the Services that hold them (the API server's repair loop recreates a deleted one); delete the Service to free its ClusterIP: cluster.delete("service", "<name>")`;
}

/**
 * The API server's answer (HTTP 413) to a request body above its limit, as kubectl prints it.
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go refuses the body with
 * `errors.NewRequestEntityTooLargeError(fmt.Sprintf("limit is %d", limit))`.
 */
export function requestEntityTooLarge(limit: number): string {
  return `Error from server (RequestEntityTooLarge): Request entity too large: limit is ${limit}`;
}

/**
 * The Warning event of a StatefulSet whose Pod the API server refused (recordPodEvent in
 * pkg/controller/statefulset/stateful_pod_control.go); `problems` are the formatted field errors,
 * printed as an aggregate (`[a, b]` when there are several).
 */
export function statefulSetPodCreateFailed(pod: string, statefulSet: string, problems: readonly string[]): string {
  const aggregate = problems.length === 1 ? problems[0]! : `[${problems.join(", ")}]`;
  return `create Pod ${pod} in StatefulSet ${statefulSet} failed error: Pod "${pod}" is invalid: ${aggregate}`;
}

/** kubectl's refusal of an empty manifest. */
export function emptyManifest(): string {
  return "error: no objects passed to apply: the manifest is empty";
}

/** kubectl's answer for a resource type podtalk cannot list (`verb` "lists") or delete ("deletes"), with the ones it can. */
export function unknownResourceType(kind: string, verb: "lists" | "deletes", known: readonly string[]): string {
  return `error: the server doesn't have a resource type "${kind}"; podtalk ${verb} ${known.join(", ")}`;
}

/** `delete daemonset` of the cluster's own kube-proxy or kube-flannel-ds, which podtalk keeps. */
export function systemDaemonSetNotDeletable(name: string): string {
  return `error: podtalk keeps the cluster's own DaemonSet "${name}" (its Pods run the node's networking); delete a DaemonSet you applied, or delete one of its Pods to watch the DaemonSet replace it: cluster.deletePod("${name}-…", { namespace: … })`;
}

/** Applying a DaemonSet whose Pod template changed: podtalk models no DaemonSet rollout. */
export function daemonSetTemplateChange(name: string): string {
  return `error: podtalk does not roll out a changed Pod template of DaemonSet "${name}"; delete the DaemonSet (cluster.delete("daemonset", "${name}")) and apply it again`;
}

/** `describe` for a kind podtalk does not describe. */
export function notDescribable(kind: string): string {
  return `error: podtalk describes pods, services, deployments, replicasets, statefulsets, daemonsets, networkpolicies, endpointslices, nodes, servicecidrs and ipaddresses, not "${kind}"`;
}

/** `cluster.yaml()` for a kind podtalk does not print as YAML. */
export function noYamlView(kind: string): string {
  return `error: podtalk prints -o yaml for endpointslices only, not "${kind}"; cluster.manifests() gives the objects you applied, and cluster.describe() the others`;
}

/** kubectl's NotFound for a node, with the nodes there are. */
export function nodeNotFound(name: string, nodes: readonly string[]): string {
  return `Error from server (NotFound): nodes "${name}" not found; nodes are ${nodes.join(", ")}`;
}

/** kubectl exec's refusal when a workload has no Pod to run in. */
export function noRunningPods(kind: "statefulset" | "deployment" | "daemonset", name: string): string {
  return `error: ${kind} "${name}" has no running Pods to exec into`;
}

/** kubectl's answer when a named container is not in the Pod. */
export function containerNotFound(name: string, pod: string, choices: readonly string[]): string {
  return `error: container ${name} not found in pod ${pod}; choose one of: ${choices.join(", ")}`;
}

/** The hint after `namespaces "x" not found` when applying into a missing namespace. */
export function createNamespaceFirst(namespace: string): string {
  return `Create it first (kind: Namespace, metadata.name: ${namespace}) or apply it in the same manifest before the objects that use it`;
}

/** Applying a Namespace that is still being deleted. */
export function namespaceBeingTerminated(name: string): string {
  return `Error from server (Forbidden): namespace "${name}" is being terminated; wait for it to go away (cluster.advance("30s")) before creating it again`;
}

/** Creating an object inside a Namespace that is being deleted. */
export function namespaceTerminatingContent(namespace: string): string {
  return `Error from server (Forbidden): unable to create new content in namespace ${namespace} because it is being terminated`;
}

/** Deleting one of kubeadm's system namespaces. */
export function namespaceUndeletable(name: string): string {
  return `Error from server (Forbidden): namespaces "${name}" is forbidden: this namespace may not be deleted`;
}

/** Re-creating a Pod whose predecessor of the same name is still Terminating. */
export function podBeingDeleted(name: string): string {
  return `Error from server (AlreadyExists): object is being deleted: pods "${name}" already exists; wait for the old Pod to go away (cluster.advance("30s"))`;
}

/** Changing a Pod's spec beyond what the API server allows to be updated. */
export function podSpecImmutable(name: string): string {
  return `The Pod "${name}" is invalid: spec: Forbidden: pod updates may not change fields other than \`spec.containers[*].image\`,\`spec.initContainers[*].image\`,\`spec.activeDeadlineSeconds\`,\`spec.tolerations\` (only additions to existing tolerations),\`spec.terminationGracePeriodSeconds\` (allow it to be set to 1 if it was previously negative); delete the Pod and apply it again`;
}

/** Changing a Deployment's or ReplicaSet's selector (`matchLabels` printed as JSON). */
export function selectorImmutable(kind: "Deployment" | "ReplicaSet" | "DaemonSet", name: string, matchLabels: unknown): string {
  const hint = kind === "ReplicaSet" ? "" : `; delete the ${kind} to change its selector`;
  return `The ${kind} "${name}" is invalid: spec.selector: Invalid value: ${JSON.stringify(matchLabels)}: field is immutable${hint}`;
}

/** Changing a StatefulSet field other than the updatable ones. */
export function statefulSetSpecForbidden(name: string): string {
  return `The StatefulSet "${name}" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden`;
}

/**
 * How the API server prints a `[]string` bad value (`spec.clusterIPs`): as JSON since v1.34
 * (`Invalid value: ["10.96.0.5"]`; earlier releases printed Go's `[]string{"10.96.0.5"}`), as a
 * v1.34.0 kubeadm cluster and current GKE and k3s clusters print it.
 */
function stringList(...values: string[]): string {
  return JSON.stringify(values);
}

/** Changing a Service's ClusterIP once set (`value` is the address asked for, or `None`). */
export function clusterIPImmutable(name: string, value: string): string {
  return `The Service "${name}" is invalid: spec.clusterIPs[0]: Invalid value: ${stringList(value)}: may not change once set`;
}

/** A requested ClusterIP that is not an IPv4 address. */
export function clusterIPNotAnIP(name: string, value: string): string {
  return `The Service "${name}" is invalid: spec.clusterIPs[0]: Invalid value: "${value}": must be a valid IP address`;
}

/** A Service rejected for a reason an allocator gave (`detail` already names the field). */
export function serviceInvalid(name: string, detail: string): string {
  return `The Service "${name}" is invalid: ${detail}`;
}

/**
 * A requested ClusterIP that no ServiceCIDR contains. Since v1.33 the ServiceCIDR allocator
 * (pkg/registry/core/service/ipallocator/cidrallocator.go, `MetaAllocator.getAllocator`) finds
 * no allocator for it and answers `ErrMismatchedNetwork`; alloc.go wraps it as below.
 */
export function clusterIPOutsideServiceCIDRs(ip: string): string {
  return `spec.clusterIPs: Invalid value: ${stringList(ip)}: failed to allocate IP ${ip}: the provided network does not match the current range`;
}

/**
 * A requested ClusterIP inside the ServiceCIDR but not usable: its network or broadcast address
 * (ipallocator.go `allocateService`, `ErrNotInRange`, which names the address).
 */
export function clusterIPNotInRange(ip: string, range: string): string {
  return `spec.clusterIPs: Invalid value: ${stringList(ip)}: failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${range}`;
}

/** A requested ClusterIP another Service holds: its IPAddress object exists (ipallocator.go `createIPAddress`, `ErrAllocated`). */
export function clusterIPAllocated(ip: string): string {
  return `spec.clusterIPs: Invalid value: ${stringList(ip)}: failed to allocate IP ${ip}: provided IP is already allocated`;
}

/** No ClusterIP left. */
export function clusterIPRangeFull(range: string): string {
  return `Cannot allocate a ClusterIP: serviceCIDR "${range}" is full; use a larger serviceCIDR`;
}

/** A requested nodePort outside the range (the port allocator's text, without the field). */
export function nodePortNotInRange(first: number, last: number): string {
  return `provided port is not in the valid range. The range of valid ports is ${first}-${last}`;
}

/** A requested nodePort another Service holds (the port allocator's text, without the field). */
export function nodePortAllocated(): string {
  return "provided port is already allocated";
}

/** A rejected nodePort, as the Service REST layer wraps the allocator's text. */
export function nodePortInvalid(name: string, portIndex: number, port: number, detail: string): string {
  return `The Service "${name}" is invalid: spec.ports[${portIndex}].nodePort: Invalid value: ${port}: ${detail}`;
}

/** No nodePort left. */
export function nodePortRangeFull(first: number, last: number): string {
  return `Cannot allocate a nodePort: the range ${first}-${last} is full; delete a NodePort Service or use type ClusterIP`;
}

/** The JSON types a manifest field can be declared as, named as a type error names them. */
export const FieldType = {
  string: "a string",
  integer: "an integer",
  boolean: "a boolean (true or false)",
  list: "a list",
  object: "a mapping (key: value)",
  intOrString: "an integer or a string",
} as const;
export type FieldType = keyof typeof FieldType;

/**
 * The detail of a field given the wrong type, e.g. `spec.ports[0].name: Invalid value: 8080: must
 * be a string`. The API server's decoder refuses such a manifest as a whole; podtalk names the
 * field and keeps checking, so every problem is reported at once.
 */
export function wrongFieldType(expected: FieldType): string {
  return `must be ${FieldType[expected]}`;
}

/** A cluster asked for with more nodes than podtalk simulates. */
export function tooManyNodes(count: number, max: number): string {
  return `Invalid nodes ${count}: podtalk simulates at most ${max} nodes (the largest cluster Kubernetes is tested with); pass a smaller count`;
}

/**
 * A public call given an argument of the wrong type: `cluster.get(kind): kind must be a string
 * such as "pods", not undefined`.
 */
export function badArgument(call: string, param: string, expected: string, got: string): string {
  return `${call}: ${param} must be ${expected}, not ${got}`;
}

/** The detail for a workload asking for more replicas than podtalk simulates. */
export function tooManyReplicas(max: number): string {
  return `podtalk simulates at most ${max} Pods per workload (the most Pods Kubernetes is tested with in a cluster); use fewer replicas`;
}

/** How an argument of any type looks in a message: short, and never `[object Object]`. */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "object") return "an object";
  if (typeof v === "function") return "a function";
  return String(v);
}

/** `String(v)` for a message, for any `v` (an object without a prototype cannot be converted). */
export function safeString(v: unknown): string {
  return typeof v === "object" && v !== null ? describeValue(v) : typeof v === "symbol" ? v.toString() : String(v);
}

/**
 * kubectl delete's line for one object: `pod "web" deleted from default namespace`, or
 * `namespace "dev" deleted` for a cluster-scoped object. kubectl names the namespace since v1.34
 * (staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go `PrintObj`, kubernetes/kubernetes PR #126619).
 */
export function deletedLine(resource: string, name: string, namespace: string | undefined): string {
  return `${resource} "${name}" deleted${namespace === undefined ? "" : ` from ${namespace} namespace`}`;
}

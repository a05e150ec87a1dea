/**
 * `kubectl describe`: the fields kubectl shows for Pods, Services, Deployments, ReplicaSets,
 * StatefulSets, NetworkPolicies (`describe-network-policy.ts`), EndpointSlices
 * (`endpoint-slice-view.ts`) and Nodes, in its order, aligned as its tabwriter aligns them.
 *
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/describe/describe.go
 */
import { ErrorCode, PodtalkError, notFoundError } from "../model/errors.js";
import { humanDuration } from "../model/duration.js";
import { formatSelector } from "../model/selectors.js";
import { resourceFor } from "../model/resources.js";
import { notDescribable } from "../model/messages.js";
import { NODE_INFO } from "../model/version.js";
import type { ContainerN } from "../model/objects.js";
import { formatLabels } from "./resource-tables.js";
import { containerLines, rfc1123z } from "./describe-containers.js";

export { rfc1123z };
import { DESCRIBE_TABWRITER, tabwrite } from "./tabwriter.js";
import { describeNetworkPolicy } from "./describe-network-policy.js";
import { describeEndpointSlice } from "./endpoint-slice-view.js";
import { describeIPAddress, describeServiceCIDR } from "./service-cidr-views.js";
import { allocatedLines, capacityLines, nodeConditionLines, podResourceCells, qosClass, taintLines, tolerationLines } from "./describe-resources.js";
import {
  type ClusterView,
  type ContainerState,
  type EventRecord,
  type PodState,
  type WorkloadState,
  appsStarted,
  formatCIDR,
  intToIp,
  isSystemNamespace,
} from "../sim/index.js";

/** The service accounts of the system Pods' manifests, by owning workload (kubeadm, kube-flannel.yml). */
const SYSTEM_SERVICE_ACCOUNTS: Readonly<Record<string, string>> = { coredns: "coredns", "kube-proxy": "kube-proxy", "kube-flannel-ds": "flannel" };

/** The text `kubectl describe <kind> <name>` prints. */
export function describe(sim: ClusterView, kind: string, name: string, namespace = "default"): string {
  const body = describeBody(sim, kind, name, namespace);
  return `${tabwrite(body, DESCRIBE_TABWRITER)}\n`;
}

/** The tab-separated lines for one object, by the resource kubectl's name `kind` means. */
function describeBody(sim: ClusterView, kind: string, name: string, namespace: string): string {
  switch (resourceFor(kind)) {
    case "pods":
      return describePod(sim, name, namespace);
    case "services":
      return describeService(sim, name, namespace);
    case "deployments":
      return describeDeployment(sim, name, namespace);
    case "replicasets":
      return describeWorkload(sim, "ReplicaSet", name, namespace);
    case "statefulsets":
      return describeWorkload(sim, "StatefulSet", name, namespace);
    case "daemonsets":
      return describeDaemonSet(sim, name, namespace);
    case "nodes":
      return describeNode(sim, name);
    case "networkpolicies":
      return describeNetworkPolicy(sim, name, namespace);
    case "endpointslices":
      return describeEndpointSlice(sim, name, namespace);
    case "servicecidrs":
      return describeServiceCIDR(sim, name);
    case "ipaddresses":
      return describeIPAddress(sim, name);
    default:
      throw new PodtalkError(ErrorCode.BadRequest, notDescribable(kind));
  }
}

function labelLines(label: string, labels: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return [`${label}:\t<none>`];
  return keys.map((k, i) => (i === 0 ? `${label}:\t${k}=${labels[k]}` : `\t${k}=${labels[k]}`));
}

/** kubectl's printAnnotationsMultiline: `key: value`, keys sorted. */
function annotationLines(annotations: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(annotations).sort();
  if (keys.length === 0) return ["Annotations:\t<none>"];
  return keys.map((k, i) => `${i === 0 ? "Annotations:" : ""}\t${k}: ${annotations[k]}`);
}

/** kubectl's DescribeEvents: the object's Events sorted by last seen. */
function eventLines(sim: ClusterView, object: string, namespace: string): string[] {
  const events = sim
    .events()
    .filter((e: EventRecord) => e.object === object && e.namespace === namespace)
    .slice()
    .sort((a, b) => a.time - b.time);
  if (events.length === 0) return ["Events:\t<none>"];
  return [
    "Events:",
    "  Type\tReason\tAge\tFrom\tMessage",
    "  ----\t------\t----\t----\t-------",
    // kubectl v1.35 puts the event's involvedObject.fieldPath before the message when it has one
    // (staging/src/k8s.io/kubectl/pkg/describe/describe.go DescribeEvents, PR #133627).
    ...events.map((e) => `  ${e.type}\t${e.reason}\t${eventAge(sim, e)}\t${e.component}\t${e.subobject ? `${e.subobject}: ` : ""}${e.message}`),
  ];
}

/** kubectl describe's Age of an event: `5m`, or `2m (x12 over 1h)` for an Event seen more than once. */
function eventAge(sim: ClusterView, e: EventRecord): string {
  const first = humanDuration(sim.now - e.firstTime);
  return e.count > 1 ? `${humanDuration(sim.now - e.time)} (x${e.count} over ${first})` : first;
}

/** The Initialized condition: the init containers are done (the app containers have been started). */
function initialized(p: PodState): boolean {
  return !p.initContainers || appsStarted(p.containers);
}

function describePod(sim: ClusterView, name: string, namespace: string): string {
  const p = sim.pod(namespace, name);
  if (!p) throw notFoundError("pods", name);
  const ready = sim.isPodReady(p) ? "True" : "False";
  const scheduled = p.nodeName !== undefined;
  // The priority admission plugin resolves priorityClassName; only the system classes are modelled.
  const priorityClass = p.spec.priorityClassName;
  const lines = [
    `Name:\t${p.name}`,
    `Namespace:\t${p.namespace}`,
    `Priority:\t${priorityClass === "system-cluster-critical" ? 2000000000 : priorityClass === "system-node-critical" ? 2000001000 : 0}`,
    ...(priorityClass ? [`Priority Class Name:\t${priorityClass}`] : []),
    `Service Account:\t${(isSystemNamespace(p.namespace) && SYSTEM_SERVICE_ACCOUNTS[p.owner?.name.replace(/-[a-z0-9]{8,10}$/, "") ?? ""]) || "default"}`,
    `Node:\t${p.nodeName ? `${p.nodeName}/${intToIp(p.hostIP!)}` : "<none>"}`,
    ...(scheduled ? [`Start Time:\t${rfc1123z(p.creation)}`] : []),
    ...labelLines("Labels", p.labels),
    ...labelLines("Annotations", p.annotations),
    `Status:\t${p.deletion !== undefined ? `Terminating (lasts ${humanDuration(sim.now - p.deletion)})` : p.phase}`,
    ...(p.deletion !== undefined ? [`Termination Grace Period:\t${p.spec.terminationGracePeriodSeconds}s`] : []),
    `IP:\t${p.podIP === undefined ? "" : intToIp(p.podIP)}`,
    ...(p.podIP === undefined ? ["IPs:\t<none>"] : ["IPs:", `  IP:\t${intToIp(p.podIP)}`]),
    ...(p.owner ? [`Controlled By:\t${p.owner.kind}/${p.owner.name}`] : []),
  ];
  // kubectl describePod: `Init Containers:` (each described as a container) before `Containers:`.
  const blocks = (title: string, states: readonly ContainerState[], specs: readonly ContainerN[]) => [
    title,
    ...states.flatMap((c, i) => containerLines(sim, c, specs[i]!, scheduled)),
  ];
  if (p.initContainers) lines.push(...blocks("Init Containers:", p.initContainers, p.spec.initContainers!));
  lines.push(...blocks("Containers:", p.containers, p.spec.containers));
  lines.push(
    "Conditions:",
    "  Type\tStatus",
    // Before a node takes the Pod, the scheduler has set only PodScheduled.
    ...(scheduled
      ? [
          `  PodReadyToStartContainers \tTrue `,
          `  Initialized \t${initialized(p) ? "True" : "False"} `,
          `  Ready \t${ready} `,
          `  ContainersReady \t${ready} `,
          `  PodScheduled \tTrue `,
        ]
      : [`  PodScheduled \tFalse `]),
    `QoS Class:\t${qosClass(p.spec.containers)}`,
    ...labelLines("Node-Selectors", p.spec.nodeSelector ?? {}),
    ...tolerationLines(p.spec.tolerations),
    ...eventLines(sim, `pod/${p.name}`, p.namespace),
  );
  return lines.join("\n");
}

function describeService(sim: ClusterView, name: string, namespace: string): string {
  const s = sim.service(namespace, name);
  if (!s) throw notFoundError("services", name);
  const lines = [
    `Name:\t${s.name}`,
    `Namespace:\t${s.namespace}`,
    ...labelLines("Labels", s.labels),
    `Annotations:\t<none>`,
    `Selector:\t${s.selector ? formatLabels(s.selector) : "<none>"}`,
    `Type:\t${s.type}`,
  ];
  if (s.type === "ExternalName") {
    lines.push(`IP Families:\t<none>`, `IP:\t`, `IPs:\t<none>`, `External Name:\t${s.externalName}`);
  } else {
    const ip = s.headless ? "None" : intToIp(s.clusterIP!);
    lines.push(`IP Family Policy:\tSingleStack`, `IP Families:\tIPv4`, `IP:\t${ip}`, `IPs:\t${ip}`);
  }
  s.ports.forEach((port, i) => {
    lines.push(`Port:\t${port.name ?? "<unset>"}  ${port.port}/${port.protocol}`);
    lines.push(`TargetPort:\t${port.targetPort}/${port.protocol}`);
    if (s.nodePorts[i] !== undefined) lines.push(`NodePort:\t${port.name ?? "<unset>"}  ${s.nodePorts[i]}/${port.protocol}`);
    const all = sim.endpoints(s, i);
    const ready = all.filter((e) => e.ready).map((e) => `${intToIp(e.ip)}:${e.port}`);
    const shown = ready.length > 3 ? `${ready.slice(0, 3).join(",")} + ${ready.length - 3} more...` : ready.join(",");
    lines.push(`Endpoints:\t${sim.slicesOf(s).length === 0 ? "<none>" : shown}`);
  });
  lines.push(`Session Affinity:\t${s.sessionAffinity}`);
  if (s.externalTrafficPolicy !== undefined) lines.push(`External Traffic Policy:\t${s.externalTrafficPolicy}`);
  if (s.healthCheckNodePort !== undefined) lines.push(`HealthCheck NodePort:\t${s.healthCheckNodePort}`);
  // The API server defaults internalTrafficPolicy only for ClusterIP, NodePort and LoadBalancer
  // Services (SetDefaults_Service), so an ExternalName Service has none and kubectl prints no line.
  if (s.type !== "ExternalName") lines.push(`Internal Traffic Policy:\t${s.internalTrafficPolicy}`);
  // kubectl prints the field, when set, last before the events (describe.go describeService).
  if (s.trafficDistribution !== undefined) lines.push(`Traffic Distribution:\t${s.trafficDistribution}`);
  lines.push(...eventLines(sim, `service/${s.name}`, s.namespace));
  return lines.join("\n");
}

function templateLines(w: Pick<WorkloadState, "template">): string[] {
  const lines = ["Pod Template:", ...labelLines("  Labels", w.template.labels)];
  // describePodTemplate: `Init Containers:` (sidecars among them) before `Containers:`.
  const { initContainers, containers } = w.template.spec;
  for (const [title, list] of [
    ["  Init Containers:", initContainers ?? []],
    ["  Containers:", containers],
  ] as const) {
    if (list.length === 0 && title !== "  Containers:") continue;
    lines.push(title);
    for (const c of list) {
      const ports = c.ports.map((p) => `${p.containerPort}/${p.protocol}${p.name ? ` (${p.name})` : ""}`);
      lines.push(`   ${c.name}:`, `    Image:\t${c.image}`, `    ${ports.length > 1 ? "Ports" : "Port"}:\t${ports.length ? ports.join(", ") : "<none>"}`);
    }
  }
  return lines;
}

function describeDeployment(sim: ClusterView, name: string, namespace: string): string {
  const d = sim.deployment(namespace, name);
  if (!d) throw notFoundError("deployments.apps", name);
  const rsets = sim.replicaSets(namespace).filter((r) => r.owner?.uid === d.uid);
  const pods = rsets.flatMap((r) => sim.podsOwnedBy(r.uid)).filter((p) => p.deletion === undefined);
  const ready = pods.filter((p) => sim.isPodReady(p)).length;
  const current = rsets.find((r) => r.templateHash === d.templateHash);
  const old = rsets.filter((r) => r !== current && r.replicas > 0);
  const updated = pods.filter((p) => p.labels["pod-template-hash"] === d.templateHash);
  const budget = typeof d.maxUnavailable === "number" ? d.maxUnavailable : Math.floor((d.replicas * Number.parseInt(d.maxUnavailable, 10)) / 100);
  const available = ready >= d.replicas - budget;
  const complete = updated.length === d.replicas && pods.length === d.replicas && ready === d.replicas;
  // The controller sets the Deployment's revision annotation to its new ReplicaSet's (sync.go
  // SetDeploymentRevision): a rollback re-uses an old ReplicaSet under the next number.
  const revision = current?.revision ?? rsets.reduce((n, r) => Math.max(n, r.revision ?? 0), 0);
  return [
    `Name:\t${d.name}`,
    `Namespace:\t${d.namespace}`,
    `CreationTimestamp:\t${rfc1123z(d.creation)}`,
    ...labelLines("Labels", d.labels),
    ...annotationLines({
      ...(revision > 0 ? { "deployment.kubernetes.io/revision": String(revision) } : {}),
      ...(d.changeCause !== undefined ? { "kubernetes.io/change-cause": d.changeCause } : {}),
    }),
    `Selector:\t${formatSelector(d.selector)}`,
    `Replicas:\t${d.replicas} desired | ${updated.length} updated | ${pods.length} total | ${ready} available | ${pods.length - ready} unavailable`,
    `StrategyType:\tRollingUpdate`,
    `MinReadySeconds:\t0`,
    `RollingUpdateStrategy:\t${d.maxUnavailable} max unavailable, ${d.maxSurge} max surge`,
    ...templateLines(d),
    "Conditions:",
    "  Type\tStatus\tReason",
    "  ----\t------\t------",
    `  Available \t${available ? "True" : "False"} \t${available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable"}`,
    `  Progressing \tTrue \t${complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated"}`,
    `OldReplicaSets:\t${old.length ? old.map((r) => `${r.name} (${sim.podsOwnedBy(r.uid).length}/${r.replicas} replicas created)`).join(", ") : "<none>"}`,
    `NewReplicaSet:\t${current ? `${current.name} (${sim.podsOwnedBy(current.uid).filter((p) => p.deletion === undefined).length}/${current.replicas} replicas created)` : "<none>"}`,
    ...eventLines(sim, `deployment/${d.name}`, d.namespace),
  ].join("\n");
}

function describeWorkload(sim: ClusterView, kind: "ReplicaSet" | "StatefulSet", name: string, namespace: string): string {
  const w = kind === "ReplicaSet" ? sim.replicaSet(namespace, name) : sim.statefulSet(namespace, name);
  if (!w) throw notFoundError(kind === "ReplicaSet" ? "replicasets.apps" : "statefulsets.apps", name);
  const pods = sim.podsOwnedBy(w.uid);
  const running = pods.filter((p) => p.phase === "Running").length;
  const waiting = pods.filter((p) => p.phase === "Pending").length;
  const owner = kind === "ReplicaSet" ? sim.replicaSet(namespace, name)?.owner : undefined;
  return [
    `Name:\t${w.name}`,
    `Namespace:\t${w.namespace}`,
    ...(kind === "StatefulSet" ? [`CreationTimestamp:\t${rfc1123z(w.creation)}`] : []),
    `Selector:\t${formatSelector(w.selector)}`,
    ...labelLines("Labels", w.labels),
    ...(owner ? [`Controlled By:\t${owner.kind}/${owner.name}`] : []),
    `Replicas:\t${kind === "ReplicaSet" ? `${pods.filter((p) => p.deletion === undefined).length} current / ${w.replicas} desired` : `${w.replicas} desired | ${pods.length} total`}`,
    `Pods Status:\t${running} Running / ${waiting} Waiting / 0 Succeeded / 0 Failed`,
    ...templateLines(w),
    ...eventLines(sim, `${kind.toLowerCase()}/${w.name}`, w.namespace),
  ].join("\n");
}

/**
 * kubectl's DaemonSetDescriber: no Namespace line, and the node counts written with a plain
 * `: ` (not aligned). Misscheduled is 0: the controller only creates Pods where they belong.
 */
function describeDaemonSet(sim: ClusterView, name: string, namespace: string): string {
  const d = sim.daemonSets(namespace).find((x) => x.name === name);
  if (!d) throw notFoundError("daemonsets.apps", name);
  const s = sim.daemonSetStatus(d);
  const pods = sim.podsOwnedBy(d.uid);
  const running = pods.filter((p) => p.phase === "Running").length;
  const waiting = pods.filter((p) => p.phase === "Pending").length;
  return [
    `Name:\t${d.name}`,
    `Selector:\t${formatSelector(d.selector)}`,
    `Node-Selector:\t${formatLabels(d.template.spec.nodeSelector ?? {})}`,
    ...labelLines("Labels", d.labels),
    "Annotations:\tdeprecated.daemonset.template.generation: 1",
    `Desired Number of Nodes Scheduled: ${s.desired}`,
    `Current Number of Nodes Scheduled: ${s.current}`,
    `Number of Nodes Scheduled with Up-to-date Pods: ${s.current}`,
    `Number of Nodes Scheduled with Available Pods: ${s.ready}`,
    "Number of Nodes Misscheduled: 0",
    `Pods Status:\t${running} Running / ${waiting} Waiting / 0 Succeeded / 0 Failed`,
    ...templateLines(d),
    ...eventLines(sim, `daemonset/${d.name}`, d.namespace),
  ].join("\n");
}

function describeNode(sim: ClusterView, name: string): string {
  const n = sim.node(name);
  if (!n) throw notFoundError("nodes", name);
  // kubectl lists the Pods whose phase is neither Succeeded nor Failed (Terminating ones included).
  const pods = sim.pods().filter((p) => p.nodeName === name && p.phase !== "Succeeded" && p.phase !== "Failed");
  return [
    `Name:\t${n.name}`,
    `Roles:\t${n.index === 0 ? "control-plane" : "<none>"}`,
    ...labelLines("Labels", n.labels),
    `CreationTimestamp:\t${rfc1123z(n.creation)}`,
    ...taintLines(n),
    `Unschedulable:\tfalse`,
    ...nodeConditionLines(n.creation, sim.now),
    `Addresses:`,
    `  InternalIP:\t${intToIp(n.internalIP)}`,
    `  Hostname:\t${n.name}`,
    ...capacityLines(),
    `System Info:`,
    `  Kernel Version:\t${NODE_INFO.kernelVersion}`,
    `  OS Image:\t${NODE_INFO.osImage}`,
    `  Container Runtime Version:\t${NODE_INFO.containerRuntime}`,
    `  Kubelet Version:\t${NODE_INFO.version}`,
    `  Kube-Proxy Version:\t${NODE_INFO.kubeProxyVersion}`,
    `PodCIDR:\t${formatCIDR(n.podCIDR)}`,
    `PodCIDRs:\t${formatCIDR(n.podCIDR)}`,
    `Non-terminated Pods:\t(${pods.length} in total)`,
    `  Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge`,
    `  ---------\t----\t\t------------\t----------\t---------------\t-------------\t---`,
    ...pods.map((p) => `  ${p.namespace}\t${p.name}\t\t${podResourceCells(p)}\t${humanDuration(sim.now - p.creation)}`),
    ...allocatedLines(pods),
    ...eventLines(sim, `node/${n.name}`, "default"),
  ].join("\n");
}

/**
 * The parts of `kubectl describe` about scheduling and resources: a Pod's QoS class and
 * tolerations, a node's taints, conditions, capacity, its Pods' requests and limits and the
 * totals.
 *
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/describe/describe.go
 */
import type { ContainerN, TolerationN } from "../model/objects.js";
import { type NodeState, type PodState, wallClockMs } from "../sim/index.js";
import { formatRFC1123Z } from "../model/time-format.js";

/** What every podtalk node reports as its capacity (and allocatable: kubeadm reserves nothing by default). */
export const NODE_CAPACITY = {
  cpu: "4",
  "ephemeral-storage": "102626232Ki",
  "hugepages-1Gi": "0",
  "hugepages-2Mi": "0",
  memory: "8137408Ki",
  pods: "110",
} as const;

/**
 * The tolerations every Pod gets from the DefaultTolerationSeconds admission plugin.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#defaulttolerationseconds
 */
const DEFAULT_TOLERATIONS: readonly TolerationN[] = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"].map((key) => ({
  key,
  operator: "Exists",
  value: "",
  effect: "NoExecute",
  tolerationSeconds: 300,
}));

/** One toleration as kubectl prints it: `key=value:effect op=Exists for 300s`. */
function formatToleration(t: TolerationN): string {
  let out = t.key;
  if (t.value) out += `=${t.value}`;
  if (t.effect) out += `:${t.effect}`;
  if (t.operator === "Exists" && t.value === "") out += t.key || t.effect ? " op=Exists" : "op=Exists";
  if (t.tolerationSeconds !== undefined) out += ` for ${t.tolerationSeconds}s`;
  return out;
}

/** The `Tolerations:` lines of a Pod: its own plus the admission defaults, sorted by key as kubectl sorts them. */
export function tolerationLines(own: readonly TolerationN[] | undefined): string[] {
  const all = [...(own ?? [])];
  for (const d of DEFAULT_TOLERATIONS) if (!all.some((t) => t.key === d.key && (t.effect === undefined || t.effect === d.effect))) all.push(d);
  const sorted = all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(formatToleration);
  return sorted.map((t, i) => (i === 0 ? `Tolerations:\t${t}` : `\t${t}`));
}

/** `Taints:` of a node: `<none>` or one `key=value:effect` per line. */
export function taintLines(node: NodeState): string[] {
  if (node.taints.length === 0) return ["Taints:\t<none>"];
  return node.taints.map((t, i) => `${i === 0 ? "Taints:" : ""}\t${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`);
}

/**
 * A Pod's QoS class: BestEffort without requests or limits, Guaranteed when every container's
 * CPU and memory limits equal its requests, Burstable otherwise.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/
 */
export function qosClass(containers: readonly ContainerN[]): "BestEffort" | "Burstable" | "Guaranteed" {
  const rs = containers.map((c) => c.resources);
  if (rs.every((r) => !r || (Object.keys(r.requests).length === 0 && Object.keys(r.limits).length === 0))) return "BestEffort";
  const guaranteed = rs.every((r) => r && ["cpu", "memory"].every((k) => r.limits[k] !== undefined && (r.requests[k] ?? r.limits[k]) === r.limits[k]));
  return guaranteed ? "Guaranteed" : "Burstable";
}

/** A container's `Limits:` and `Requests:` blocks, indented as under `Containers:`. */
export function containerResourceLines(c: ContainerN): string[] {
  const out: string[] = [];
  for (const [title, map] of [
    ["Limits", c.resources?.limits],
    ["Requests", c.resources?.requests],
  ] as const) {
    const keys = Object.keys(map ?? {}).sort();
    if (keys.length) out.push(`    ${title}:`, ...keys.map((k) => `      ${k}:\t${map![k]}`));
  }
  return out;
}

/** The node's conditions table, all healthy since `since` (a simulated second). */
export function nodeConditionLines(since: number, now: number): string[] {
  const at = (s: number) => formatRFC1123Z(wallClockMs(s));
  const rows: [string, string, string, string][] = [
    // flannel sets NetworkUnavailable when it starts (kube-flannel's node annotations / condition).
    ["NetworkUnavailable", "False", "FlannelIsUp", "Flannel is running on this node"],
    ["MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"],
    ["DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"],
    ["PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"],
    ["Ready", "True", "KubeletReady", "kubelet is posting ready status"],
  ];
  return [
    "Conditions:",
    "  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage",
    "  ----\t------\t-----------------\t------------------\t------\t-------",
    ...rows.map(
      ([type, status, reason, message]) => `  ${type} \t${status} \t${at(type === "NetworkUnavailable" ? since : now)} \t${at(since)} \t${reason} \t${message}`,
    ),
  ];
}

/** `Capacity:` and `Allocatable:`. */
export function capacityLines(): string[] {
  const block = Object.entries(NODE_CAPACITY).map(([k, v]) => `  ${k}:\t${v}`);
  return ["Capacity:", ...block, "Allocatable:", ...block];
}

/** A quantity in millicores (`100m`, `2`) or bytes (`70Mi`, `1Gi`, `128974848`). */
function quantity(v: string | undefined): number {
  if (!v) return 0;
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|k|M|G)?$/.exec(v);
  if (!m) return 0;
  const n = Number(m[1]);
  const unit = { m: 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, k: 1e3, M: 1e6, G: 1e9 }[m[2] ?? ""] ?? 1;
  return n * unit;
}

const CPU_MILLI = Number(NODE_CAPACITY.cpu) * 1000;
const MEMORY = quantity(NODE_CAPACITY.memory);

/** Sums one resource over a Pod's containers, as written (`0` when none sets it). */
function podTotal(p: PodState, kind: "requests" | "limits", resource: "cpu" | "memory"): { text: string; value: number } {
  const values = p.spec.containers.map((c) => c.resources?.[kind][resource]).filter((v): v is string => v !== undefined);
  if (values.length === 0) return { text: "0", value: 0 };
  if (values.length === 1) return { text: values[0]!, value: resource === "cpu" ? cpuMilli(values[0]!) : quantity(values[0]) };
  const value = values.reduce((s, v) => s + (resource === "cpu" ? cpuMilli(v) : quantity(v)), 0);
  return { text: resource === "cpu" ? `${value}m` : `${value / 1024 ** 2}Mi`, value };
}

function cpuMilli(v: string): number {
  return v.endsWith("m") ? Number(v.slice(0, -1)) : Number(v) * 1000;
}

/** `100m (2%)`: kubectl truncates the percentage of allocatable. */
function share(q: { text: string; value: number }, resource: "cpu" | "memory"): string {
  return `${q.text} (${Math.trunc((q.value / (resource === "cpu" ? CPU_MILLI : MEMORY)) * 100)}%)`;
}

/** The Pod columns `CPU Requests`…`Memory Limits` of `Non-terminated Pods:`. */
export function podResourceCells(p: PodState): string {
  return [
    share(podTotal(p, "requests", "cpu"), "cpu"),
    share(podTotal(p, "limits", "cpu"), "cpu"),
    share(podTotal(p, "requests", "memory"), "memory"),
    share(podTotal(p, "limits", "memory"), "memory"),
  ].join("\t");
}

/** `Allocated resources:`, the totals over the node's Pods. */
export function allocatedLines(pods: readonly PodState[]): string[] {
  const sum = (kind: "requests" | "limits", resource: "cpu" | "memory") => {
    const value = pods.reduce((s, p) => s + podTotal(p, kind, resource).value, 0);
    const text = value === 0 ? "0" : resource === "cpu" ? `${value}m` : `${value / 1024 ** 2}Mi`;
    return share({ text, value }, resource);
  };
  return [
    "Allocated resources:",
    "  (Total limits may be over 100 percent, i.e., overcommitted.)",
    "  Resource\tRequests\tLimits",
    "  --------\t--------\t------",
    `  cpu\t${sum("requests", "cpu")}\t${sum("limits", "cpu")}`,
    `  memory\t${sum("requests", "memory")}\t${sum("limits", "memory")}`,
    "  ephemeral-storage\t0 (0%)\t0 (0%)",
    "  hugepages-1Gi\t0 (0%)\t0 (0%)",
    "  hugepages-2Mi\t0 (0%)\t0 (0%)",
  ];
}

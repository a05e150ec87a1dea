/**
 * `cluster.pod()` and `cluster.pods()`: a Pod as plain, frozen data with the values `kubectl get
 * pods -o wide` and `kubectl describe pod` print (IP, node, STATUS, READY, RESTARTS), so a notebook
 * reads them without parsing text.
 */
import { ErrorCode, PodtalkError, notFoundError } from "../model/errors.js";
import type { Labels } from "../model/objects.js";
import { matchesRequirements, parseLabelSelector, type LabelRequirement } from "../model/selector-parse.js";
import { selects } from "../model/selectors.js";
import { podStatus, restartTotal } from "../render/pod-columns.js";
import { type ClusterView, type ContainerState, type PodState, intToIp } from "../sim/index.js";
import { closestNamesHint } from "../sim/replaced-pods.js";
import { deepFreeze } from "./freeze.js";

/**
 * A container port as the Pod's spec declares it.
 *
 * @example cluster.pod("web").containers[0]!.ports[0]?.containerPort // 80
 */
export interface PodContainerPort {
  readonly name: string | undefined;
  readonly containerPort: number;
  readonly protocol: string;
  readonly hostPort: number | undefined;
}

/**
 * One container of a Pod, from `status.containerStatuses` (or `initContainerStatuses`).
 *
 * @example cluster.pod("crash").containers[0]!.reason // "CrashLoopBackOff"
 */
export interface PodContainerInfo {
  readonly name: string;
  readonly image: string;
  readonly ready: boolean;
  readonly restartCount: number;
  /** The state kubectl describe prints as `State:` (lower case). */
  readonly state: "running" | "waiting" | "terminated";
  /** Why it waits or ended (`CrashLoopBackOff`, `ContainerCreating`, `Error`, `Completed`). */
  readonly reason?: string;
  /** Terminated containers: the exit code. */
  readonly exitCode?: number;
  readonly ports: readonly PodContainerPort[];
}

/**
 * A Pod as a notebook reads it: a frozen copy, not the engine's record.
 *
 * @example
 * const api = cluster.pod("api-7c9d8b6f5-2xk4q");
 * api.ip;        // "10.244.1.2", as `kubectl get pods -o wide` shows it
 * api.status;    // "Running", or "CrashLoopBackOff", "Terminating", … (the STATUS column)
 */
export interface PodInfo {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  /** The Pod IP, dotted; `undefined` until the CNI plugin has assigned one. */
  readonly ip: string | undefined;
  /** `status.podIPs` (one IPv4 address, or none yet). */
  readonly ips: readonly string[];
  /** The node it runs on; `undefined` while it waits for the scheduler. */
  readonly node: string | undefined;
  readonly phase: "Pending" | "Running" | "Succeeded" | "Failed";
  /** The Ready condition (`kubectl describe pod`'s `Ready  True`). */
  readonly ready: boolean;
  /** kubectl's STATUS word: `Running`, `Pending`, `ContainerCreating`, `CrashLoopBackOff`, `Init:0/1`, `Terminating`, … */
  readonly status: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The controller that owns it (`ReplicaSet`, `StatefulSet`, `DaemonSet`, `Node`), if any. */
  readonly owner: { readonly kind: string; readonly name: string } | undefined;
  /** The app containers, in spec order. */
  readonly containers: readonly PodContainerInfo[];
  /** Init containers, sidecars among them, in spec order (empty when the Pod has none). */
  readonly initContainers: readonly PodContainerInfo[];
  /** The RESTARTS column's count. */
  readonly restarts: number;
  /** When it was created, in simulated seconds (the clock of `cluster.now`). */
  readonly createdAt: number;
}

/**
 * What `cluster.pods()` filters on.
 *
 * @example cluster.pods({ selector: "app=api,tier!=db", ready: true })
 */
export interface PodsQuery {
  /** kubectl's `-l` syntax (`app=api`, `env in (a,b)`, `!legacy`) or a matchLabels object. */
  readonly selector?: string | Readonly<Record<string, string>>;
  /** @default "default" */
  readonly namespace?: string;
  /** Every namespace (`-A`). @default false */
  readonly allNamespaces?: boolean;
  /** Only Pods whose Ready condition is this. */
  readonly ready?: boolean;
  /** Only Pods on this node. */
  readonly node?: string;
}

function containerInfo(c: ContainerState): PodContainerInfo {
  const state = c.state === "Running" ? "running" : c.state === "Waiting" ? "waiting" : "terminated";
  return {
    name: c.name,
    image: c.image,
    ready: c.ready,
    restartCount: c.restartCount,
    state,
    ...(c.reason !== undefined && state !== "running" ? { reason: c.reason } : {}),
    ...(state === "terminated" ? { exitCode: c.exitCode ?? 0 } : {}),
    ports: c.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol, hostPort: p.hostPort })),
  };
}

/** The frozen PodInfo of a Pod record. */
export function podInfo(view: ClusterView, p: PodState): PodInfo {
  const ip = p.podIP === undefined ? undefined : intToIp(p.podIP);
  return deepFreeze<PodInfo>({
    name: p.name,
    namespace: p.namespace,
    uid: p.uid,
    ip,
    ips: ip === undefined ? [] : [ip],
    node: p.nodeName,
    phase: p.phase,
    ready: view.isPodReady(p),
    status: podStatus(p),
    labels: { ...p.labels },
    owner: p.owner ? { kind: p.owner.kind, name: p.owner.name } : undefined,
    containers: p.containers.map(containerInfo),
    initContainers: (p.initContainers ?? []).map(containerInfo),
    restarts: restartTotal(p),
    createdAt: p.creation,
  });
}

/** What the author may have meant by a Pod name that finds nothing. */
function podHint(view: ClusterView, name: string, namespace: string): string | undefined {
  const pods = view.pods(namespace).filter((p) => p.name.startsWith(name));
  const owned = pods.filter((p) => p.name.startsWith(`${name}-`));
  const list = (ps: readonly PodState[]) =>
    ps
      .slice(0, 3)
      .map((p) => `"${p.name}"`)
      .join(", ") + (ps.length > 3 ? `, … (${ps.length} Pods)` : "");
  const kind = view.deployment(namespace, name) ? "Deployment" : view.statefulSet(namespace, name) ? "StatefulSet" : undefined;
  if (kind && owned.length) return `"${name}" is a ${kind}; its Pods are ${list(owned)}`;
  if (kind) return `"${name}" is a ${kind} with no Pods now`;
  if (pods.length) return `Did you mean ${list(pods)}?`;
  const elsewhere = view.pods().find((p) => p.name === name);
  if (elsewhere) return `A Pod of that name is in namespace "${elsewhere.namespace}": pass { namespace: "${elsewhere.namespace}" }`;
  return closestNamesHint(
    name,
    view.pods(namespace).map((p) => p.name),
  );
}

/** The Pod `namespace/name` as PodInfo, or kubectl's NotFound with podtalk's hint. */
export function findPod(view: ClusterView, name: string, namespace: string): PodInfo {
  const p = view.pod(namespace, name);
  if (!p) throw notFoundError("pods", name, podHint(view, name, namespace));
  return podInfo(view, p);
}

/** A selector option as requirements, or kubectl's parse error. */
export function selectorRequirements(selector: PodsQuery["selector"]): LabelRequirement[] | Labels | undefined {
  if (selector === undefined || typeof selector === "object") return selector;
  try {
    return parseLabelSelector(selector);
  } catch (e) {
    throw new PodtalkError(ErrorCode.BadRequest, `error: ${(e as Error).message}`);
  }
}

/** The labels test of a parsed selector option. */
export function labelTest(selector: LabelRequirement[] | Labels | undefined): (labels: Labels) => boolean {
  if (selector === undefined) return () => true;
  if (Array.isArray(selector)) return (labels) => matchesRequirements(selector, labels);
  return (labels) => selects(selector as Labels, labels);
}

/** The Pods a query selects, in kubectl's order (namespace, then name). */
export function findPods(view: ClusterView, query: PodsQuery): PodInfo[] {
  const test = labelTest(selectorRequirements(query.selector));
  const pods = view.pods(query.allNamespaces ? undefined : (query.namespace ?? "default"));
  return pods
    .filter(
      (p) => test(p.labels) && (query.node === undefined || p.nodeName === query.node) && (query.ready === undefined || view.isPodReady(p) === query.ready),
    )
    .map((p) => podInfo(view, p));
}

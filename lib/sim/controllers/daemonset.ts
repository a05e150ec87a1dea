/**
 * The DaemonSet controller: one Pod of the DaemonSet's template on every node that should run
 * it. A node should run it when the template's nodeSelector matches the node's labels and the
 * Pod tolerates the node's NoSchedule and NoExecute taints, counting the tolerations the
 * controller adds to every daemon Pod. A Pod being deleted does not count: the controller
 * creates its successor on the same node at once, under a new generated name.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/daemon/daemon_controller.go (`podsShouldBeOnNode`)
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/daemon/util/daemonset_util.go (`AddOrUpdateDaemonPodTolerations`)
 */
import type { PodSpecN, TaintEffect, TolerationN } from "../../model/objects.js";
import { isPodReady } from "../kubelet/pod-status.js";
import { generateName, generateUID, podTemplateHash } from "../names.js";
import type { Rng } from "../rng.js";
import { untoleratedTaint } from "../scheduler/filters.js";
import type { DaemonSetState, NodeState, PodState } from "../state.js";
import type { ObjectStore } from "../store/object-store.js";
import type { ControllerContext, PodControl } from "./context.js";

const exists = (key: string, effect: TaintEffect): TolerationN => ({ key, operator: "Exists", value: "", effect, tolerationSeconds: undefined });

/**
 * The tolerations the DaemonSet controller adds to every daemon Pod (daemonset_util.go), so a
 * node's condition taints do not evict or keep out its daemons. The control-plane taint is not
 * among them: a DaemonSet without its own toleration skips a tainted control-plane node.
 */
export const DAEMON_TOLERATIONS: readonly TolerationN[] = [
  exists("node.kubernetes.io/not-ready", "NoExecute"),
  exists("node.kubernetes.io/unreachable", "NoExecute"),
  exists("node.kubernetes.io/disk-pressure", "NoSchedule"),
  exists("node.kubernetes.io/memory-pressure", "NoSchedule"),
  exists("node.kubernetes.io/pid-pressure", "NoSchedule"),
  exists("node.kubernetes.io/unschedulable", "NoSchedule"),
];

/** Added for Pods on the host's network (`hostNetwork: true`). */
const NETWORK_UNAVAILABLE = exists("node.kubernetes.io/network-unavailable", "NoSchedule");

/** The template's tolerations plus the controller's, without repeating a key and effect it already has. */
function daemonTolerations(spec: PodSpecN): readonly TolerationN[] {
  const own = spec.tolerations ?? [];
  const added = spec.hostNetwork ? [...DAEMON_TOLERATIONS, NETWORK_UNAVAILABLE] : DAEMON_TOLERATIONS;
  return [...own, ...added.filter((t) => !own.some((o) => o.key === t.key && o.effect === t.effect))];
}

/** The spec of the daemon Pod for `node`: the template's, with the controller's tolerations, bound to the node. */
function daemonPodSpec(ds: DaemonSetState, node: NodeState): PodSpecN {
  return { ...ds.template.spec, tolerations: daemonTolerations(ds.template.spec), nodeName: node.name };
}

/** Whether `node` should run a Pod of `ds`: its nodeSelector matches and its Pods tolerate the node's taints. */
export function shouldRunOn(ds: DaemonSetState, node: NodeState): boolean {
  const selector = ds.template.spec.nodeSelector ?? {};
  if (Object.keys(selector).some((k) => node.labels[k] !== selector[k])) return false;
  return untoleratedTaint({ ...ds.template.spec, tolerations: daemonTolerations(ds.template.spec) }, node) === undefined;
}

/**
 * Creates the daemon Pod of `ds` on `node` (`<name>-<5 chars>`), labelled as the controller
 * labels it: `controller-revision-hash` (the hash alone, where a StatefulSet's Pods carry
 * `<name>-<hash>`) and `pod-template-generation: 1`.
 */
export function createDaemonPod(pods: PodControl, ds: DaemonSetState, node: NodeState, names: Rng, uids?: Rng): void {
  const name = generateName(`${ds.name}-`, names);
  const uid = uids ? generateUID(uids) : undefined;
  const labels = { ...ds.template.labels, "controller-revision-hash": podTemplateHash(ds.template), "pod-template-generation": "1" };
  const owner = { kind: "DaemonSet" as const, name: ds.name, uid: ds.uid };
  pods.createPod(name, ds.namespace, labels, ds.template.annotations, daemonPodSpec(ds, node), owner, undefined, undefined, uid);
}

/** The live (not Terminating) Pods of `ds` on each node. */
function livePodsByNode(store: ObjectStore, ds: DaemonSetState): Map<string, PodState[]> {
  const byNode = new Map<string, PodState[]>();
  for (const p of store.podsOf(ds.uid)) {
    if (p.deletion !== undefined || !p.nodeName) continue;
    byNode.set(p.nodeName, [...(byNode.get(p.nodeName) ?? []), p]);
  }
  return byNode;
}

/** Gives every node that should run the DaemonSet stored under `k` one live Pod of it. */
export function syncDaemonSet(ctx: ControllerContext, k: string): void {
  const { store, events, pods } = ctx;
  const ds = store.daemonSets.get(k);
  if (!ds) return;
  const live = livePodsByNode(store, ds);
  for (const node of store.nodes) {
    if (!shouldRunOn(ds, node) || live.has(node.name)) continue;
    const before = new Set(store.podsOf(ds.uid).map((p) => p.name));
    createDaemonPod(pods, ds, node, ctx.rng.names);
    const created = store.podsOf(ds.uid).find((p) => !before.has(p.name));
    // kube-controller-manager's event for each Pod it creates (controller_utils.go CreatePods).
    if (created) events.record(ds.namespace, "Normal", "SuccessfulCreate", `daemonset/${ds.name}`, `Created pod: ${created.name}`);
  }
}

/** What `get daemonsets` counts for `ds` (DaemonSetStatus). */
export function daemonSetStatus(store: ObjectStore, ds: DaemonSetState): { desired: number; current: number; ready: number } {
  const live = livePodsByNode(store, ds);
  let desired = 0;
  let current = 0;
  let ready = 0;
  for (const node of store.nodes) {
    if (!shouldRunOn(ds, node)) continue;
    desired++;
    const here = live.get(node.name);
    if (!here) continue;
    current++;
    if (here.some((p) => isPodReady(p))) ready++;
  }
  return { desired, current, ready };
}

/**
 * The StatefulSet controller: Pods `<name>-0…N-1` with stable names and hostnames; with
 * OrderedReady, one at a time, each after the previous is Running and Ready, removed in reverse;
 * Pods of an old revision replaced from the highest ordinal down, one at a time.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
import { type FieldError, formatFieldError } from "../../model/errors.js";
import { statefulSetPodCreateFailed } from "../../model/messages.js";
import type { Labels, PodSpecN } from "../../model/objects.js";
import { isDNS1123Label, isLabelValue } from "../../model/validate/names.js";
import { isPodReady } from "../kubelet/pod-status.js";
import type { PodState } from "../state.js";
import { key } from "../store/keys.js";
import type { ControllerContext } from "./context.js";

/** Brings the StatefulSet stored under `k` one step closer to its replicas and revision. */
export function syncStatefulSet(ctx: ControllerContext, k: string): void {
  const { store, events, pods } = ctx;
  const sts = store.statefulSets.get(k);
  if (!sts) return;
  const byOrdinal = new Map<number, PodState>();
  for (const p of store.podsOf(sts.uid)) {
    const ordinal = Number(p.name.slice(sts.name.length + 1));
    if (Number.isInteger(ordinal)) byOrdinal.set(ordinal, p);
  }
  const ordered = sts.podManagementPolicy === "OrderedReady";
  const obj = `statefulset/${sts.name}`;
  // Replace Pods of an old revision from the highest ordinal down, one at a time.
  const allSettled = [...byOrdinal.values()].every((p) => p.deletion === undefined && isPodReady(p));
  for (let i = 0; i < sts.replicas; i++) {
    const pod = byOrdinal.get(i);
    if (pod) {
      if (ordered && (pod.deletion !== undefined || !isPodReady(pod))) return;
      continue;
    }
    const name = `${sts.name}-${i}`;
    if (store.pods.has(key(sts.namespace, name))) return; // the old Pod is still terminating
    const labels = {
      ...sts.template.labels,
      "apps.kubernetes.io/pod-index": String(i),
      "controller-revision-hash": sts.revision,
      "statefulset.kubernetes.io/pod-name": name,
    };
    const spec: PodSpecN = { ...sts.template.spec, hostname: name, subdomain: sts.serviceName };
    const refused = podProblems(labels, name);
    if (refused.length) {
      // The API server refuses the Pod; the controller records why and creates no more this round.
      events.record(sts.namespace, "Warning", "FailedCreate", obj, statefulSetPodCreateFailed(name, sts.name, refused.map(formatFieldError)));
      return;
    }
    pods.createPod(name, sts.namespace, labels, sts.template.annotations, spec, { kind: "StatefulSet", name: sts.name, uid: sts.uid }, undefined);
    events.record(sts.namespace, "Normal", "SuccessfulCreate", obj, `create Pod ${name} in StatefulSet ${sts.name} successful`);
    if (ordered) {
      const created = store.pods.get(key(sts.namespace, name))!;
      if (!isPodReady(created)) return;
    }
  }
  const extra = [...byOrdinal.entries()].filter(([i, p]) => i >= sts.replicas && p.deletion === undefined).sort((a, b) => b[0] - a[0]);
  if (extra.length) {
    if (ordered && [...byOrdinal.values()].some((p) => p.deletion !== undefined)) return;
    for (const [, pod] of ordered ? extra.slice(0, 1) : extra) {
      pods.terminatePod(pod);
      events.record(sts.namespace, "Normal", "SuccessfulDelete", obj, `delete Pod ${pod.name} in StatefulSet ${sts.name} successful`);
    }
    return;
  }
  if (!allSettled) return;
  const stale = [...byOrdinal.entries()].filter(([, p]) => p.labels["controller-revision-hash"] !== sts.revision).sort((a, b) => b[0] - a[0]);
  if (stale.length) {
    const [, pod] = stale[0]!;
    pods.terminatePod(pod);
    events.record(sts.namespace, "Normal", "SuccessfulDelete", obj, `delete Pod ${pod.name} in StatefulSet ${sts.name} successful`);
  }
}

/**
 * What the API server would refuse in a Pod the controller builds: the labels it adds and the
 * hostname it sets come from the StatefulSet's name, and a name near 63 characters makes them too
 * long (the StatefulSet's own name is only checked as a DNS label).
 */
function podProblems(labels: Labels, hostname: string): FieldError[] {
  const problems: FieldError[] = [];
  for (const k of ["controller-revision-hash", "statefulset.kubernetes.io/pod-name"]) {
    const v = labels[k]!;
    for (const m of isLabelValue(v)) problems.push({ field: "metadata.labels", type: "Invalid value", value: v, detail: m });
  }
  for (const m of isDNS1123Label(hostname)) problems.push({ field: "spec.hostname", type: "Invalid value", value: hostname, detail: m });
  return problems;
}

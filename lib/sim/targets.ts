/**
 * The Pods a notebook names: `name`, `pod/name`, `deploy/name`, `sts/name` or `ds/name` (for exec, as
 * kubectl takes them), with a "did you mean" hint when the name finds nothing.
 */
import { ErrorCode, PodtalkError, notFoundError } from "../model/errors.js";
import { containerNotFound, noRunningPods } from "../model/messages.js";
import { resourceFor } from "../model/resources.js";
import { sortedValues } from "./internal/compare-text.js";
import { allContainers, containerIndexOf } from "./pod-containers.js";
import { replacedHint, typoHint } from "./replaced-pods.js";
import type { PodSpan, PodState } from "./state.js";
import { key } from "./store/keys.js";
import type { ObjectStore } from "./store/object-store.js";

/** `kind/name`: the kind part is one of kubectl's lower-case resource names. */
const TARGET = /^([a-z]+)\/(.+)$/;

/** The node `node/<name>` (or `no/`, `nodes/`) names, or undefined for any other target. */
export function nodeTarget(target: string): string | undefined {
  const m = TARGET.exec(target);
  return m && resourceFor(m[1]!) === "nodes" ? m[2]! : undefined;
}

/** Finds the Pod an exec target names: `name`, `pod/name`, or `deploy/name` (its first Pod). */
export function resolvePodTarget(store: ObjectStore, target: string, namespace: string, history: readonly PodSpan[] = []): PodState {
  const m = TARGET.exec(target);
  const resource = m ? resourceFor(m[1]!) : undefined;
  if (m && resource === "daemonsets") {
    // kubectl exec ds/<name> takes the DaemonSet's first Pod (polymorphichelpers AttachablePodForObject).
    const ds = store.daemonSets.get(key(namespace, m[2]!));
    if (!ds) throw notFoundError("daemonsets.apps", m[2]!);
    const pod = sortedValues(store.pods, namespace).find((p) => p.owner?.uid === ds.uid && p.deletion === undefined && p.phase === "Running");
    if (!pod) throw new PodtalkError(ErrorCode.NotFound, noRunningPods("daemonset", ds.name));
    return pod;
  }
  const workload = resource === "deployments" || resource === "statefulsets";
  if (m && workload) {
    const isSts = resource === "statefulsets";
    const k = key(namespace, m[2]!);
    let owner: { readonly name: string };
    let pods: PodState[];
    if (isSts) {
      const sts = store.statefulSets.get(k);
      if (!sts) throw notFoundError("statefulsets.apps", m[2]!);
      owner = sts;
      pods = store.podsOwnedBy(sts.uid);
    } else {
      const d = store.deployments.get(k);
      if (!d) throw notFoundError("deployments.apps", m[2]!);
      owner = d;
      const rs = store.replicaSets.get(key(namespace, `${d.name}-${d.templateHash}`));
      pods = rs ? store.podsOwnedBy(rs.uid) : [];
    }
    const pod = pods.find((p) => p.deletion === undefined && p.phase === "Running");
    if (!pod) throw new PodtalkError(ErrorCode.NotFound, noRunningPods(isSts ? "statefulset" : "deployment", owner.name));
    return pod;
  }
  const name = m && resource === "pods" ? m[2]! : target;
  return requirePod(store, name, namespace, history);
}

/**
 * The Pod `namespace/name`, or kubectl's NotFound with a hint: which Pod replaced it (from the
 * Pods' `history`), what the name may have meant.
 */
export function requirePod(store: ObjectStore, name: string, namespace: string, history: readonly PodSpan[] = []): PodState {
  const pod = store.pods.get(key(namespace, name));
  if (pod) return pod;
  const replaced = replacedHint(store, history, name, namespace);
  if (replaced) throw new PodtalkError(ErrorCode.NotFound, `${notFoundError("pods", name).message} ${replaced}`);
  throw notFoundError("pods", name, podHint(store, name, namespace));
}

/** The index of the container `name` names (the first when none is named). */
export function containerIndex(pod: PodState, name: string | undefined): number {
  if (name === undefined) return 0;
  const i = containerIndexOf(pod, name);
  if (i < 0) {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      containerNotFound(
        name,
        pod.name,
        allContainers(pod).map((c) => c.name),
      ),
    );
  }
  return i;
}

/** What the learner may have meant by a Pod name that finds nothing. */
function podHint(store: ObjectStore, name: string, namespace: string): string | undefined {
  if (store.deployments.has(key(namespace, name))) return `"${name}" is a Deployment: use one of its Pods (cluster.get("pods")) or "deploy/${name}"`;
  if (store.statefulSets.has(key(namespace, name))) return `"${name}" is a StatefulSet: its Pods are "${name}-0", "${name}-1", …`;
  if (store.daemonSets.has(key(namespace, name))) return `"${name}" is a DaemonSet: use one of its Pods (cluster.get("pods")) or "ds/${name}"`;
  const prefix = sortedValues(store.pods, namespace).filter((p) => p.name.startsWith(name));
  if (prefix.length > 0)
    return `Did you mean ${prefix
      .slice(0, 3)
      .map((p) => `"${p.name}"`)
      .join(", ")}?`;
  const elsewhere = sortedValues(store.pods, undefined).find((p) => p.name === name);
  if (elsewhere) return `A Pod of that name is in namespace "${elsewhere.namespace}": pass { namespace: "${elsewhere.namespace}" }`;
  return typoHint(store, name, namespace);
}

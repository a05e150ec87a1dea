/**
 * `kubectl apply` on the API server's side, per kind: create what is new, update what changed
 * (within what each kind lets change), leave identical objects unchanged, and say which.
 */
import { ErrorCode, PodtalkError, notFoundError } from "../../model/errors.js";
import { resourceOf } from "../../model/kinds.js";
import {
  createNamespaceFirst,
  daemonSetTemplateChange,
  namespaceBeingTerminated,
  namespaceTerminatingContent,
  podBeingDeleted,
  systemDaemonSetNotDeletable,
} from "../../model/messages.js";
import type { DaemonSetN, DeploymentN, ObjectN, PodN, PodSpecN, ReplicaSetN, StatefulSetN } from "../../model/objects.js";
import { canonicalJSON, generateUID, podTemplateHash } from "../names.js";
import type { DaemonSetState, DeploymentState, ReplicaSetState, StatefulSetState } from "../state.js";
import { key } from "../store/keys.js";
import type { ApiServerContext } from "./context.js";
import { checkPodUpdate, checkSelectorUnchanged, checkStatefulSetUpdate } from "./immutability.js";
import { applyService } from "./services.js";
import { applyNetworkPolicy } from "./network-policies.js";

/** The annotation `kubectl rollout history` shows as CHANGE-CAUSE (k8s.io/kubectl pkg/polymorphichelpers/history.go). */
export const CHANGE_CAUSE = "kubernetes.io/change-cause";

/** Applies one validated object; kubectl's line for it, e.g. `deployment.apps/web configured`. */
export function applyObject(ctx: ApiServerContext, object: ObjectN): string {
  const { store, tx } = ctx;
  const res = resourceOf(object.kind);
  const { name, namespace } = object.metadata;
  if (object.kind === "Namespace") {
    const existing = store.namespaces.get(name);
    if (existing?.deletion !== undefined) throw new PodtalkError(ErrorCode.Invalid, namespaceBeingTerminated(name));
    if (existing) {
      if (canonicalJSON(existing.source ?? {}) === canonicalJSON(object.source)) return `${res}/${name} unchanged`;
      tx.j.set(store.namespaces, name, { ...existing, source: object.source });
      return `${res}/${name} configured`;
    }
    tx.j.set(store.namespaces, name, { name, uid: generateUID(ctx.rng.uids), creation: ctx.clock.now, deletion: undefined, source: object.source });
    return `${res}/${name} created`;
  }
  const ns = store.namespaces.get(namespace);
  if (!ns) throw notFoundError("namespaces", namespace, createNamespaceFirst(namespace));
  if (ns.deletion !== undefined) throw new PodtalkError(ErrorCode.Invalid, namespaceTerminatingContent(namespace));
  switch (object.kind) {
    case "Pod":
      return applyPod(ctx, object);
    case "Deployment":
      return `${res}/${name} ${applyDeployment(ctx, object, true)}`;
    case "ReplicaSet":
      return `${res}/${name} ${applyReplicaSet(ctx, object)}`;
    case "StatefulSet":
      return `${res}/${name} ${applyStatefulSet(ctx, object)}`;
    case "DaemonSet":
      return `${res}/${name} ${applyDaemonSet(ctx, object)}`;
    case "Service":
      return `${res}/${name} ${applyService(ctx, object)}`;
    case "NetworkPolicy":
      return `${res}/${name} ${applyNetworkPolicy(ctx, object)}`;
  }
}

/** True when two Pod specs differ at most in their containers' and init containers' images. */
function sameButImages(a: PodSpecN, b: PodSpecN): boolean {
  if (a.containers.length !== b.containers.length || (a.initContainers?.length ?? 0) !== (b.initContainers?.length ?? 0)) return false;
  const withImages = {
    ...b,
    containers: b.containers.map((c, i) => ({ ...c, image: a.containers[i]!.image })),
    ...(b.initContainers ? { initContainers: b.initContainers.map((c, j) => ({ ...c, image: a.initContainers![j]!.image })) } : {}),
  };
  return canonicalJSON(a) === canonicalJSON(withImages);
}

/** A bare Pod: created and started, or its labels or container images updated (nothing else of its spec may change). */
function applyPod(ctx: ApiServerContext, obj: PodN): string {
  const { name, namespace } = obj.metadata;
  const existing = ctx.store.pods.get(key(namespace, name));
  if (existing) {
    if (existing.deletion !== undefined) throw new PodtalkError(ErrorCode.AlreadyExists, podBeingDeleted(name));
    const sameSpec = canonicalJSON(existing.spec) === canonicalJSON(obj.spec);
    if (sameSpec && canonicalJSON(existing.labels) === canonicalJSON(obj.metadata.labels)) return `pod/${name} unchanged`;
    // ValidatePodUpdate lets `spec.containers[*].image` and `spec.initContainers[*].image` change (and the kubelet restarts those containers).
    const imagesOnly = !sameSpec && sameButImages(existing.spec, obj.spec);
    checkPodUpdate(name, sameSpec || imagesOnly);
    ctx.pods.setPod({ ...existing, labels: obj.metadata.labels });
    if (imagesOnly) {
      ctx.pods.updatePodImages(ctx.store.pods.get(key(namespace, name))!, obj.spec);
      if (obj.source) ctx.tx.j.set(ctx.store.podSources, key(namespace, name), obj.source);
    }
    return `pod/${name} configured`;
  }
  ctx.pods.createPod(name, namespace, obj.metadata.labels, obj.metadata.annotations, obj.spec, undefined, obj.source);
  return `pod/${name} created`;
}

/**
 * Stores a Deployment (`userApplied`: from a notebook, so `manifests()` exports it; kubeadm's
 * CoreDNS is not) and wakes its controller; kubectl's word for what happened.
 */
export function applyDeployment(ctx: ApiServerContext, obj: DeploymentN, userApplied: boolean): string {
  const { name, namespace } = obj.metadata;
  const hash = podTemplateHash({ labels: obj.spec.template.labels, spec: obj.spec.template.spec });
  const existing = ctx.store.deployments.get(key(namespace, name));
  checkSelectorUnchanged("Deployment", existing, name, obj.spec.selector);
  const changeCause = obj.metadata.annotations[CHANGE_CAUSE];
  const next: DeploymentState = {
    ...workloadFields(ctx, obj, existing),
    templateHash: hash,
    ...(changeCause !== undefined ? { changeCause } : {}),
    maxSurge: obj.spec.maxSurge,
    maxUnavailable: obj.spec.maxUnavailable,
    source: userApplied ? obj.source : undefined,
  };
  return storeWorkload(ctx, ctx.store.deployments, ctx.queues.deployments, key(namespace, name), existing, next);
}

function applyReplicaSet(ctx: ApiServerContext, obj: ReplicaSetN): string {
  const { name, namespace } = obj.metadata;
  const existing = ctx.store.replicaSets.get(key(namespace, name));
  checkSelectorUnchanged("ReplicaSet", existing, name, obj.spec.selector);
  const next: ReplicaSetState = {
    ...workloadFields(ctx, obj, existing),
    owner: existing?.owner,
    templateHash: existing?.templateHash,
    source: obj.source,
  };
  return storeWorkload(ctx, ctx.store.replicaSets, ctx.queues.replicaSets, key(namespace, name), existing, next);
}

function applyStatefulSet(ctx: ApiServerContext, obj: StatefulSetN): string {
  const { name, namespace } = obj.metadata;
  const existing = ctx.store.statefulSets.get(key(namespace, name));
  checkStatefulSetUpdate(existing, obj);
  const next: StatefulSetState = {
    ...workloadFields(ctx, obj, existing),
    serviceName: obj.spec.serviceName,
    podManagementPolicy: obj.spec.podManagementPolicy,
    revision: `${name}-${podTemplateHash({ labels: obj.spec.template.labels, spec: obj.spec.template.spec })}`,
    source: obj.source,
  };
  return storeWorkload(ctx, ctx.store.statefulSets, ctx.queues.statefulSets, key(namespace, name), existing, next);
}

/**
 * A DaemonSet: created (its controller then puts a Pod on every eligible node) or its labels
 * updated. A changed selector is refused as the API server does; a changed Pod template too,
 * since podtalk models no DaemonSet rollout (the refusal says how to get there).
 */
function applyDaemonSet(ctx: ApiServerContext, obj: DaemonSetN): string {
  const { name, namespace, labels } = obj.metadata;
  const k = key(namespace, name);
  const existing = ctx.store.daemonSets.get(k);
  if (existing && existing.source === undefined) throw new PodtalkError(ErrorCode.Invalid, systemDaemonSetNotDeletable(name));
  checkSelectorUnchanged("DaemonSet", existing, name, obj.spec.selector);
  if (existing && canonicalJSON(existing.template) !== canonicalJSON(obj.spec.template)) {
    throw new PodtalkError(ErrorCode.Invalid, daemonSetTemplateChange(name));
  }
  const next: DaemonSetState = {
    uid: existing?.uid ?? generateUID(ctx.rng.uids),
    name,
    namespace,
    labels,
    selector: obj.spec.selector,
    template: obj.spec.template,
    creation: existing?.creation ?? ctx.clock.now,
    source: obj.source,
  };
  return storeWorkload(ctx, ctx.store.daemonSets, ctx.queues.daemonSets, k, existing, next);
}

/** What every workload kind keeps from its manifest, and its UID and creation time across applies. */
function workloadFields(
  ctx: ApiServerContext,
  obj: DeploymentN | ReplicaSetN | StatefulSetN,
  existing: { readonly uid: string; readonly creation: number } | undefined,
) {
  const { name, namespace, labels } = obj.metadata;
  return {
    uid: existing?.uid ?? generateUID(ctx.rng.uids),
    name,
    namespace,
    labels,
    replicas: obj.spec.replicas,
    selector: obj.spec.selector,
    template: obj.spec.template,
    creation: existing?.creation ?? ctx.clock.now,
  };
}

/**
 * Stores a workload applied again or anew and wakes its controller, unless nothing changed;
 * kubectl's word for what happened.
 */
function storeWorkload<T>(ctx: ApiServerContext, map: Map<string, T>, dirty: Set<string>, k: string, existing: T | undefined, next: T): string {
  if (existing && canonicalJSON(existing) === canonicalJSON(next)) return "unchanged";
  ctx.tx.j.set(map, k, next);
  dirty.add(k);
  return existing ? "configured" : "created";
}

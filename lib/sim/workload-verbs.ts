/**
 * `kubectl scale`, `kubectl set image` and `kubectl rollout undo` on the API server's side: each
 * writes the workload as the real command's patch would, and the controllers do the rest (a new
 * template hash starts a rolling update through the Deployment controller).
 *
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/cmd/scale/scale.go
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/cmd/set/set_image.go
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/polymorphichelpers/rollback.go
 */
import { ErrorCode, PodtalkError, invalidObjectError, notFoundError } from "../model/errors.js";
import { tooManyReplicas } from "../model/messages.js";
import { MAX_INT32 } from "../model/validate/field-types.js";
import { MAX_REPLICAS } from "../model/validate/workload.js";
import type { PodSpecN, PodTemplateN } from "../model/objects.js";
import { resourceFor } from "../model/resources.js";
import {
  badWorkloadTarget,
  containerNotInTemplate,
  imageUpdatedLine,
  negativeReplicas,
  noRolloutHistory,
  revisionNotFound,
  rollbackSkippedLine,
  rolledBackLine,
  scaledLine,
  statefulSetHistoryUnsupported,
} from "../model/rollout-messages.js";
import type { ApiServerContext } from "./apiserver/context.js";
import { podTemplateHash } from "./names.js";
import type { DeploymentState, ReplicaSetState, StatefulSetState } from "./state.js";
import { key } from "./store/keys.js";
import type { ObjectStore } from "./store/object-store.js";

/** A workload a verb names: `deployment/api` (`deploy/`), `statefulset/db` (`sts/`), `replicaset/x` (`rs/`). */
export type WorkloadRef =
  | { readonly kind: "Deployment"; readonly resource: "deployment.apps"; readonly object: DeploymentState }
  | { readonly kind: "StatefulSet"; readonly resource: "statefulset.apps"; readonly object: StatefulSetState }
  | { readonly kind: "ReplicaSet"; readonly resource: "replicaset.apps"; readonly object: ReplicaSetState };

const FORMS = `"deployment/<name>", "statefulset/<name>" or "replicaset/<name>" (or deploy/, sts/, rs/)`;

/** The workload `target` names in `namespace`, or kubectl's error. */
export function resolveWorkload(store: ObjectStore, verb: string, target: string, namespace: string): WorkloadRef {
  const slash = target.indexOf("/");
  const resource = slash > 0 ? resourceFor(target.slice(0, slash)) : undefined;
  const name = target.slice(slash + 1);
  if (slash <= 0 || name === "") throw new PodtalkError(ErrorCode.BadRequest, badWorkloadTarget(verb, target, FORMS));
  const k = key(namespace, name);
  switch (resource) {
    case "deployments": {
      const object = store.deployments.get(k);
      if (!object) throw notFoundError("deployments.apps", name);
      return { kind: "Deployment", resource: "deployment.apps", object };
    }
    case "statefulsets": {
      const object = store.statefulSets.get(k);
      if (!object) throw notFoundError("statefulsets.apps", name);
      return { kind: "StatefulSet", resource: "statefulset.apps", object };
    }
    case "replicasets": {
      const object = store.replicaSets.get(k);
      if (!object) throw notFoundError("replicasets.apps", name);
      return { kind: "ReplicaSet", resource: "replicaset.apps", object };
    }
    default:
      throw new PodtalkError(ErrorCode.BadRequest, badWorkloadTarget(verb, target, FORMS));
  }
}

/** `kubectl scale --replicas=N`: the workload's `spec.replicas`, and its controller wakes. */
export function scaleWorkload(ctx: ApiServerContext, target: string, replicas: number, namespace: string): string {
  if (!Number.isInteger(replicas) || replicas < 0) throw new PodtalkError(ErrorCode.BadRequest, negativeReplicas());
  const ref = resolveWorkload(ctx.store, "scale", target, namespace);
  const o = ref.object;
  // The scale subresource's validation (ValidateScale): an int32, and podtalk's own ceiling.
  const tooMany =
    replicas > MAX_INT32 ? `must be less than or equal to ${MAX_INT32} (an int32)` : replicas > MAX_REPLICAS ? tooManyReplicas(MAX_REPLICAS) : undefined;
  if (tooMany) throw invalidObjectError("Scale", o.name, [{ field: "spec.replicas", type: "Invalid value", value: replicas, detail: tooMany }]);
  const source = o.source ? withPath(o.source, ["spec", "replicas"], replicas) : undefined;
  store(ctx, ref, { ...o, replicas, source });
  return scaledLine(ref.resource, o.name);
}

/**
 * `kubectl set image <target> container=image …`: the named containers (init containers too; `*`
 * for all) get the new image. A Deployment's new template hash starts a rolling update; a
 * StatefulSet replaces its Pods from the highest ordinal; a ReplicaSet keeps its running Pods.
 */
export function setImage(ctx: ApiServerContext, target: string, images: Readonly<Record<string, string>>, namespace: string): string {
  const ref = resolveWorkload(ctx.store, "setImage", target, namespace);
  const o = ref.object;
  const spec = o.template.spec;
  const names = [...(spec.initContainers ?? []), ...spec.containers].map((c) => c.name);
  for (const name of Object.keys(images)) {
    if (name !== "*" && !names.includes(name)) throw new PodtalkError(ErrorCode.BadRequest, containerNotInTemplate(name, names));
  }
  const imageOf = (c: string) => images[c] ?? images["*"];
  const template: PodTemplateN = { ...o.template, spec: withImages(spec, imageOf) };
  const source = o.source ? withSourceImages(o.source, imageOf) : undefined;
  // A Deployment's pod-template-hash is the hash of its new template: the controller makes a new ReplicaSet.
  const templateHash = podTemplateHash({ labels: template.labels, spec: template.spec });
  store(ctx, ref, { ...o, template, source, ...(ref.kind === "Deployment" ? { templateHash } : {}) });
  return imageUpdatedLine(ref.resource, o.name);
}

/**
 * `kubectl rollout undo`: the Deployment takes the Pod template of an earlier revision (the one
 * before the current by default); the controller re-uses that revision's ReplicaSet and gives it
 * the next revision number.
 */
export function rolloutUndo(ctx: ApiServerContext, target: string, toRevision: number | undefined, namespace: string): string {
  const ref = resolveWorkload(ctx.store, "rollout undo", target, namespace);
  if (ref.kind !== "Deployment") throw new PodtalkError(ErrorCode.BadRequest, statefulSetHistoryUnsupported("undo"));
  const d = ref.object;
  const history = deploymentHistory(ctx.store, d);
  let rs: ReplicaSetState | undefined;
  if (toRevision === undefined || toRevision === 0) {
    // deploymentutil.LastRevision: the highest revision below the current one.
    if (history.length <= 1) throw new PodtalkError(ErrorCode.BadRequest, noRolloutHistory(d.name));
    rs = history[history.length - 2];
  } else {
    rs = history.find((r) => r.revision === toRevision);
    if (!rs) throw new PodtalkError(ErrorCode.NotFound, revisionNotFound(toRevision));
  }
  if (rs!.templateHash === d.templateHash) return rollbackSkippedLine(ref.resource, d.name, rs!.revision ?? 0);
  const { "pod-template-hash": _, ...labels } = rs!.template.labels;
  const template: PodTemplateN = { ...rs!.template, labels };
  const images = new Map([...(template.spec.initContainers ?? []), ...template.spec.containers].map((c) => [c.name, c.image]));
  const source = d.source ? withSourceImages(d.source, (c) => images.get(c)) : undefined;
  store(ctx, ref, { ...d, template, templateHash: rs!.templateHash ?? d.templateHash, source });
  return rolledBackLine(ref.resource, d.name);
}

/** A Deployment's ReplicaSets with a revision, oldest revision first. */
export function deploymentHistory(s: ObjectStore, d: DeploymentState): ReplicaSetState[] {
  const list: ReplicaSetState[] = [];
  for (const rk of s.replicaSetsByOwner.get(d.uid) ?? []) {
    const rs = s.replicaSets.get(rk);
    if (rs?.revision !== undefined) list.push(rs);
  }
  return list.sort((a, b) => a.revision! - b.revision!);
}

/** Writes the workload back (a StatefulSet's revision follows its template) and wakes its controller. */
function store(ctx: ApiServerContext, ref: WorkloadRef, next: WorkloadRef["object"]): void {
  const k = key(next.namespace, next.name);
  switch (ref.kind) {
    case "Deployment":
      ctx.tx.j.set(ctx.store.deployments, k, next as DeploymentState);
      ctx.queues.deployments.add(k);
      return;
    case "StatefulSet": {
      const hash = podTemplateHash({ labels: next.template.labels, spec: next.template.spec });
      ctx.tx.j.set(ctx.store.statefulSets, k, { ...(next as StatefulSetState), revision: `${next.name}-${hash}` });
      ctx.queues.statefulSets.add(k);
      return;
    }
    case "ReplicaSet":
      ctx.tx.j.set(ctx.store.replicaSets, k, next as ReplicaSetState);
      ctx.queues.replicaSets.add(k);
      return;
  }
}

/** The spec with each container's image replaced where `imageOf` names one. */
function withImages(spec: PodSpecN, imageOf: (container: string) => string | undefined): PodSpecN {
  const swap = <C extends { readonly name: string; readonly image: string }>(c: C): C => ({ ...c, image: imageOf(c.name) ?? c.image });
  return {
    ...spec,
    containers: spec.containers.map(swap),
    ...(spec.initContainers ? { initContainers: spec.initContainers.map(swap) } : {}),
  };
}

type Json = Readonly<Record<string, unknown>>;

const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The applied manifest with `spec.template.spec`'s container images replaced, so `manifests()` shows the live template. */
function withSourceImages(source: Json, imageOf: (container: string) => string | undefined): Json {
  const podSpec = (source.spec as Json | undefined)?.template as Json | undefined;
  const spec = isRecord(podSpec?.spec) ? podSpec.spec : undefined;
  if (!spec) return source;
  const swap = (list: unknown) =>
    Array.isArray(list)
      ? list.map((c: unknown) => (isRecord(c) && typeof c.name === "string" && imageOf(c.name) !== undefined ? { ...c, image: imageOf(c.name) } : c))
      : list;
  const next: Record<string, unknown> = { ...spec, containers: swap(spec.containers) };
  if (spec.initContainers !== undefined) next.initContainers = swap(spec.initContainers);
  return withPath(source, ["spec", "template", "spec"], next);
}

/** `obj` with the value at `path` replaced (objects along the path copied, never mutated). */
function withPath(obj: Json, path: readonly string[], value: unknown): Json {
  const [head, ...rest] = path;
  if (head === undefined) return obj;
  const child = isRecord(obj[head]) ? (obj[head] as Json) : {};
  return { ...obj, [head]: rest.length === 0 ? value : withPath(child, rest, value) };
}

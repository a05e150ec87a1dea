/**
 * The fields an update may not change, per kind, with the API server's rejection for each.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go
 */
import { ErrorCode, PodtalkError } from "../../model/errors.js";
import { clusterIPImmutable, podSpecImmutable, selectorImmutable, statefulSetSpecForbidden } from "../../model/messages.js";
import type { LabelSelectorN, ServiceN, StatefulSetN } from "../../model/objects.js";
import { intToIp } from "../ip.js";
import { canonicalJSON } from "../names.js";
import type { ServiceState, StatefulSetState } from "../state.js";

/** A Pod's spec may not change (podtalk models no in-place image update). */
export function checkPodUpdate(name: string, sameSpec: boolean): void {
  if (!sameSpec) throw new PodtalkError(ErrorCode.Invalid, podSpecImmutable(name));
}

/** A Deployment's or ReplicaSet's selector may not change. */
export function checkSelectorUnchanged(
  kind: "Deployment" | "ReplicaSet" | "DaemonSet",
  existing: { readonly selector: LabelSelectorN } | undefined,
  name: string,
  selector: LabelSelectorN,
): void {
  if (existing && canonicalJSON(existing.selector) !== canonicalJSON(selector)) {
    throw new PodtalkError(ErrorCode.Invalid, selectorImmutable(kind, name, selector.matchLabels));
  }
}

/** A StatefulSet may change only replicas, template and the few other fields the API server allows. */
export function checkStatefulSetUpdate(existing: StatefulSetState | undefined, obj: StatefulSetN): void {
  if (
    existing &&
    (canonicalJSON(existing.selector) !== canonicalJSON(obj.spec.selector) ||
      existing.serviceName !== obj.spec.serviceName ||
      existing.podManagementPolicy !== obj.spec.podManagementPolicy)
  ) {
    throw new PodtalkError(ErrorCode.Invalid, statefulSetSpecForbidden(obj.metadata.name));
  }
}

/** A Service's ClusterIP (or its being headless) may not change once set. */
export function checkClusterIPUnchanged(existing: ServiceState, obj: ServiceN): void {
  const { name } = obj.metadata;
  const wantsHeadless = obj.spec.clusterIP === "None";
  if (obj.spec.type !== "ExternalName" && existing.type !== "ExternalName") {
    const current = existing.headless ? "None" : existing.clusterIP !== undefined ? intToIp(existing.clusterIP) : undefined;
    if (obj.spec.clusterIP !== undefined && obj.spec.clusterIP !== current) {
      throw new PodtalkError(ErrorCode.Invalid, clusterIPImmutable(name, obj.spec.clusterIP));
    }
  }
  if (existing.headless !== wantsHeadless && obj.spec.clusterIP !== undefined) {
    throw new PodtalkError(ErrorCode.Invalid, clusterIPImmutable(name, "None"));
  }
}

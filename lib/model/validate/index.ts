/**
 * Validation and defaulting, as the API server does before it stores an object: one dispatch per
 * kind; every problem is collected and reported as kubectl prints a 422.
 */
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from "kubernetes-types/apps/v1";
import type { PodSpec } from "kubernetes-types/core/v1";
import { ErrorCode, PodtalkError, invalidObjectError, type FieldError } from "../errors.js";
import { KINDS, SERVER_MANAGED_KINDS } from "../kinds.js";
import { apiVersionMissing, documentNotAnObject, kindMissing, noKindMatch, serverManagedKind, strictDecodingError } from "../messages.js";
import type { ObjectN, Validated } from "../objects.js";
import { isDNS1123Label } from "./names.js";
import { validateMeta } from "./metadata.js";
import { validatePodSpec } from "./pod-spec.js";
import { validateServiceSpec } from "./service.js";
import { validateNetworkPolicySpec } from "./network-policy.js";
import { intOrPercent, validateWorkload } from "./workload.js";
import { optional } from "./field-types.js";
import { unknownFields } from "./unknown-fields.js";

/**
 * Validates and defaults one manifest object as the API server would.
 *
 * @throws PodtalkError `Invalid` with every field problem, or `BadRequest` for an unknown kind
 */
export function validateObject(raw: unknown, documentIndex = 0): Validated {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new PodtalkError(ErrorCode.BadRequest, documentNotAnObject(documentIndex + 1));
  }
  const obj = raw as Record<string, unknown>;
  const kind = obj["kind"];
  const apiVersion = obj["apiVersion"];
  if (typeof kind !== "string" || kind === "") {
    throw new PodtalkError(ErrorCode.BadRequest, kindMissing(documentIndex + 1));
  }
  // Refused whatever its apiVersion: podtalk's API server writes these itself.
  if (Object.hasOwn(SERVER_MANAGED_KINDS, kind)) {
    throw new PodtalkError(ErrorCode.BadRequest, serverManagedKind(kind));
  }
  // An own property only: "constructor" or "toString" are no kinds.
  const served = Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
  if (typeof apiVersion !== "string" || apiVersion === "") {
    throw new PodtalkError(ErrorCode.BadRequest, apiVersionMissing(documentIndex + 1, kind, served ?? "v1"));
  }
  if (served !== apiVersion) {
    const hint = served ? `use apiVersion: ${served}` : `podtalk simulates ${Object.keys(KINDS).sort().join(", ")}`;
    throw new PodtalkError(ErrorCode.BadRequest, noKindMatch(kind, apiVersion, hint));
  }
  // The API server decodes strictly before it validates: an unknown field refuses the object
  // (HTTP 400) whatever else is wrong with it.
  const unknown = unknownFields(kind, obj);
  if (unknown.length > 0) throw new PodtalkError(ErrorCode.BadRequest, strictDecodingError(kind, apiVersion, unknown));
  const errs: FieldError[] = [];
  const warnings: string[] = [];
  const meta = optional<Record<string, unknown>>(obj["metadata"], "object", "metadata", errs);
  const name = typeof meta?.["name"] === "string" ? (meta["name"] as string) : "";
  const metadata = validateMeta(kind, meta, errs);
  const source = obj;
  let object: ObjectN;
  switch (kind) {
    case "Namespace":
      object = { kind, metadata: { ...metadata, namespace: "" }, source };
      break;
    case "Pod":
      object = { kind, metadata, spec: validatePodSpec(obj["spec"] as PodSpec | undefined, "spec", errs, warnings), source };
      break;
    case "Deployment": {
      const spec = optional<NonNullable<Deployment["spec"]>>(obj["spec"], "object", "spec", errs) ?? ({} as NonNullable<Deployment["spec"]>);
      const { replicas, selector, template } = validateWorkload(spec, "deployment", errs, warnings);
      const strategy = optional<NonNullable<NonNullable<Deployment["spec"]>["strategy"]>>(spec.strategy, "object", "spec.strategy", errs);
      const ru = optional<NonNullable<NonNullable<NonNullable<Deployment["spec"]>["strategy"]>["rollingUpdate"]>>(
        strategy?.rollingUpdate,
        "object",
        "spec.strategy.rollingUpdate",
        errs,
      );
      const strategyType = strategy?.type ?? "RollingUpdate";
      if (strategyType !== "RollingUpdate" && strategyType !== "Recreate") {
        errs.push({ field: "spec.strategy.type", type: "Unsupported value", value: strategyType, detail: `supported values: "Recreate", "RollingUpdate"` });
      }
      const maxSurge = intOrPercent(ru?.maxSurge, "25%", "spec.strategy.rollingUpdate.maxSurge", errs);
      const maxUnavailable = intOrPercent(ru?.maxUnavailable, "25%", "spec.strategy.rollingUpdate.maxUnavailable", errs);
      // As the API server's ValidateRollingUpdateDeployment (pkg/apis/apps/validation/validation.go).
      if (ru && isZero(maxSurge) && isZero(maxUnavailable)) {
        errs.push({
          field: "spec.strategy.rollingUpdate.maxUnavailable",
          type: "Invalid value",
          value: maxUnavailable,
          detail: "may not be 0 when `maxSurge` is 0",
        });
      }
      if (typeof maxUnavailable === "string" && Number.parseInt(maxUnavailable, 10) > 100) {
        errs.push({
          field: "spec.strategy.rollingUpdate.maxUnavailable",
          type: "Invalid value",
          value: maxUnavailable,
          detail: "must not be greater than 100%",
        });
      }
      object = { kind, metadata, spec: { replicas, selector, template, maxSurge, maxUnavailable }, source };
      break;
    }
    case "ReplicaSet":
      object = {
        kind,
        metadata,
        spec: validateWorkload(optional<NonNullable<ReplicaSet["spec"]>>(obj["spec"], "object", "spec", errs) ?? {}, "replicaset", errs, warnings),
        source,
      };
      break;
    case "StatefulSet": {
      const spec = optional<NonNullable<StatefulSet["spec"]>>(obj["spec"], "object", "spec", errs) ?? ({} as NonNullable<StatefulSet["spec"]>);
      const base = validateWorkload(spec, "statefulset", errs, warnings);
      const policy = spec.podManagementPolicy ?? "OrderedReady";
      if (policy !== "OrderedReady" && policy !== "Parallel") {
        errs.push({ field: "spec.podManagementPolicy", type: "Unsupported value", value: policy, detail: `supported values: "OrderedReady", "Parallel"` });
      }
      const serviceName = optional<string>(spec.serviceName, "string", "spec.serviceName", errs);
      if (serviceName !== undefined && serviceName !== "") {
        for (const m of isDNS1123Label(serviceName)) errs.push({ field: "spec.serviceName", type: "Invalid value", value: serviceName, detail: m });
      }
      object = {
        kind,
        metadata,
        spec: { ...base, serviceName: serviceName || undefined, podManagementPolicy: policy as "OrderedReady" | "Parallel" },
        source,
      };
      break;
    }
    case "DaemonSet": {
      // A DaemonSet has no replicas: the shared checks see the selector and template only
      // (apps/validation ValidateDaemonSetSpec: selector required and non-empty, matching the
      // template's labels; restartPolicy Always).
      const { selector, template } = optional<NonNullable<DaemonSet["spec"]>>(obj["spec"], "object", "spec", errs) ?? {};
      const base = validateWorkload({ selector, template }, "daemonset", errs, warnings);
      object = { kind, metadata, spec: { selector: base.selector, template: base.template }, source };
      break;
    }
    case "Service":
      object = { kind, metadata, spec: validateServiceSpec(obj["spec"], errs, warnings), source };
      break;
    case "NetworkPolicy":
      object = { kind, metadata, spec: validateNetworkPolicySpec(obj["spec"], errs), source };
      break;
    default:
      throw new Error(`unreachable kind ${kind}`);
  }
  if (errs.length > 0) throw invalidObjectError(kind, name, errs);
  return { object, warnings };
}

/** True for a rolling-update budget of 0 or "0%". */
function isZero(v: number | string): boolean {
  return v === 0 || v === "0%";
}

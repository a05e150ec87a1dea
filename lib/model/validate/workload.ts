/**
 * Checks shared by Deployments, ReplicaSets and StatefulSets: replicas, selector, template, and
 * the rolling-update budgets.
 */
import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { FieldError } from "../errors.js";
import type { IntOrPercent, Labels, LabelSelectorN, PodTemplateN, SelectorRequirement } from "../objects.js";
import { matchesSelector } from "../selectors.js";
import { isLabelKey, validateLabels } from "./names.js";
import { stringMap, validateAnnotations } from "./metadata.js";
import { validatePodSpec } from "./pod-spec.js";
import { MAX_INT32, hasType, optional, optionalStrings, printable } from "./field-types.js";
import { tooManyReplicas, wrongFieldType } from "../messages.js";

/**
 * The most replicas one workload may ask for in podtalk: the most Pods Kubernetes is tested with
 * in a whole cluster. Every Pod is simulated as an object, so more would exhaust the memory.
 * @see https://kubernetes.io/docs/setup/best-practices/cluster-large/
 */
export const MAX_REPLICAS = 150_000;

/** A `maxSurge`/`maxUnavailable` value, or `dflt` (with an error) when it is neither a count nor a percentage. */
export function intOrPercent(v: number | string | undefined, dflt: IntOrPercent, field: string, errs: FieldError[]): IntOrPercent {
  if (v === undefined) return dflt;
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === "string" && /^\d+%$/.test(v)) return v as IntOrPercent;
  errs.push({
    field,
    type: "Invalid value",
    value: v,
    detail: "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
  });
  return dflt;
}

/** Checks a workload's replicas, selector and Pod template. */
export function validateWorkload(
  spec: { replicas?: number; selector?: LabelSelector; template?: PodTemplateSpec },
  kindLower: string,
  errs: FieldError[],
  warnings: string[],
): { replicas: number; selector: LabelSelectorN; template: PodTemplateN } {
  let replicas = spec.replicas ?? 1;
  if (!hasType(replicas, "integer")) {
    errs.push({ field: "spec.replicas", type: "Invalid value", value: printable(replicas), detail: wrongFieldType("integer") });
    replicas = 0;
  } else if (replicas < 0) {
    errs.push({ field: "spec.replicas", type: "Invalid value", value: replicas, detail: "must be greater than or equal to 0" });
  } else if (replicas > MAX_INT32) {
    errs.push({ field: "spec.replicas", type: "Invalid value", value: replicas, detail: `must be less than or equal to ${MAX_INT32} (an int32)` });
  } else if (replicas > MAX_REPLICAS) {
    errs.push({ field: "spec.replicas", type: "Invalid value", value: replicas, detail: tooManyReplicas(MAX_REPLICAS) });
  }
  const rawSelector = optional<LabelSelector>(spec.selector, "object", "spec.selector", errs);
  const selector = validateSelector(rawSelector, spec.selector !== undefined && spec.selector !== null && !rawSelector, kindLower, errs);
  const template = optional<PodTemplateSpec>(spec.template, "object", "spec.template", errs);
  const tmeta = optional<Record<string, unknown>>(template?.metadata, "object", "spec.template.metadata", errs) ?? {};
  validateLabels(tmeta["labels"], "spec.template.metadata.labels", errs);
  validateAnnotations(tmeta["annotations"], "spec.template.metadata.annotations", errs);
  const labels = stringMap(tmeta["labels"]);
  if (rawSelector && !selectorIsEmpty(selector) && !matchesSelector(selector, labels)) {
    errs.push({
      field: "spec.template.metadata.labels",
      type: "Invalid value",
      value: { goLiteral: goMap(labels) },
      detail: "`selector` does not match template `labels`",
    });
  }
  const podSpec = validatePodSpec(template?.spec, "spec.template.spec", errs, warnings);
  if (podSpec.restartPolicy !== "Always") {
    errs.push({ field: "spec.template.spec.restartPolicy", type: "Unsupported value", value: podSpec.restartPolicy, detail: `supported values: "Always"` });
  }
  return { replicas, selector, template: { labels, annotations: stringMap(tmeta["annotations"]), spec: podSpec } };
}

function validateSelector(selector: LabelSelector | undefined, wrongType: boolean, kindLower: string, errs: FieldError[]): LabelSelectorN {
  if (!selector) {
    if (!wrongType) errs.push({ field: "spec.selector", type: "Required value", detail: "" });
    return { matchLabels: {}, matchExpressions: [] };
  }
  const { result, malformed } = validateLabelSelector(selector, "spec.selector", errs);
  if (selectorIsEmpty(result) && !malformed && hasType(selector.matchLabels ?? {}, "object") && hasType(selector.matchExpressions ?? [], "list")) {
    errs.push({
      field: "spec.selector",
      type: "Invalid value",
      value: { goLiteral: "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}" },
      detail: `empty selector is invalid for ${kindLower}`,
    });
  }
  return result;
}

/**
 * Checks a label selector at `path` as apimachinery's ValidateLabelSelector does (an empty one is
 * valid here; kinds that refuse it say so themselves). `malformed`: an item had the wrong type.
 */
export function validateLabelSelector(
  selector: LabelSelector,
  selectorPath: string,
  errs: FieldError[],
): { readonly result: LabelSelectorN; readonly malformed: boolean } {
  validateLabels(selector.matchLabels, `${selectorPath}.matchLabels`, errs);
  const expressions: SelectorRequirement[] = [];
  let malformed = false;
  (optional<unknown[]>(selector.matchExpressions, "list", `${selectorPath}.matchExpressions`, errs) ?? []).forEach((rawExpression, i) => {
    const path = `${selectorPath}.matchExpressions[${i}]`;
    // A null item decodes as an empty requirement, which the API server then finds invalid.
    type Requirement = NonNullable<LabelSelector["matchExpressions"]>[number];
    const e = rawExpression === null ? ({} as Requirement) : optional<Requirement>(rawExpression, "object", path, errs);
    if (!e) {
      malformed = true;
      return;
    }
    const key = optional<string>(e.key, "string", `${path}.key`, errs);
    if (key === undefined && e.key !== undefined && e.key !== null) {
      malformed = true;
      return;
    }
    for (const m of isLabelKey(key ?? "")) errs.push({ field: `${path}.key`, type: "Invalid value", value: key ?? "", detail: m });
    const op = e.operator;
    if (op !== "In" && op !== "NotIn" && op !== "Exists" && op !== "DoesNotExist") {
      errs.push({ field: `${path}.operator`, type: "Invalid value", value: op ?? "", detail: "not a valid selector operator" });
      return;
    }
    const values = optionalStrings(e.values, `${path}.values`, errs);
    if (values === undefined && e.values !== undefined && e.values !== null) {
      malformed = true; // reported above as a type error
      return;
    }
    if ((op === "In" || op === "NotIn") && (values ?? []).length === 0) {
      errs.push({ field: `${path}.values`, type: "Required value", detail: "must be specified when `operator` is 'In' or 'NotIn'" });
    }
    if ((op === "Exists" || op === "DoesNotExist") && (values ?? []).length > 0) {
      errs.push({ field: `${path}.values`, type: "Forbidden", detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'" });
    }
    expressions.push({ key: key ?? "", operator: op, values: [...(values ?? [])].sort() });
  });
  return { result: { matchLabels: stringMap(selector.matchLabels), matchExpressions: expressions }, malformed };
}

function selectorIsEmpty(s: LabelSelectorN): boolean {
  return Object.keys(s.matchLabels).length === 0 && s.matchExpressions.length === 0;
}

/** Go's `%#v` of a map[string]string, as the API server prints selector mismatches. */
function goMap(m: Labels): string {
  return `map[string]string{${Object.keys(m)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`)
    .join(", ")}}`;
}

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
import { stringMap } from "./metadata.js";
import { validatePodSpec } from "./pod-spec.js";

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
  const replicas = spec.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 0) {
    errs.push({ field: "spec.replicas", type: "Invalid value", value: replicas, detail: "must be greater than or equal to 0" });
  }
  const selector = validateSelector(spec.selector, kindLower, errs);
  const tmeta = (spec.template?.metadata ?? {}) as Record<string, unknown>;
  validateLabels(tmeta["labels"], "spec.template.metadata.labels", errs);
  const labels = stringMap(tmeta["labels"]);
  if (spec.selector && !selectorIsEmpty(selector) && !matchesSelector(selector, labels)) {
    errs.push({
      field: "spec.template.metadata.labels",
      type: "Invalid value",
      value: { goLiteral: goMap(labels) },
      detail: "`selector` does not match template `labels`",
    });
  }
  const podSpec = validatePodSpec(spec.template?.spec, "spec.template.spec", errs, warnings);
  if (podSpec.restartPolicy !== "Always") {
    errs.push({ field: "spec.template.spec.restartPolicy", type: "Unsupported value", value: podSpec.restartPolicy, detail: `supported values: "Always"` });
  }
  return { replicas, selector, template: { labels, annotations: stringMap(tmeta["annotations"]), spec: podSpec } };
}

function validateSelector(selector: LabelSelector | undefined, kindLower: string, errs: FieldError[]): LabelSelectorN {
  if (!selector) {
    errs.push({ field: "spec.selector", type: "Required value", detail: "" });
    return { matchLabels: {}, matchExpressions: [] };
  }
  validateLabels(selector.matchLabels, "spec.selector.matchLabels", errs);
  const expressions: SelectorRequirement[] = [];
  (selector.matchExpressions ?? []).forEach((e, i) => {
    const path = `spec.selector.matchExpressions[${i}]`;
    for (const m of isLabelKey(e?.key ?? "")) errs.push({ field: `${path}.key`, type: "Invalid value", value: e?.key ?? "", detail: m });
    const op = e?.operator;
    if (op !== "In" && op !== "NotIn" && op !== "Exists" && op !== "DoesNotExist") {
      errs.push({ field: `${path}.operator`, type: "Invalid value", value: op ?? "", detail: "not a valid selector operator" });
      return;
    }
    const values = e.values ?? [];
    if ((op === "In" || op === "NotIn") && values.length === 0) {
      errs.push({ field: `${path}.values`, type: "Required value", detail: "must be specified when `operator` is 'In' or 'NotIn'" });
    }
    if ((op === "Exists" || op === "DoesNotExist") && values.length > 0) {
      errs.push({ field: `${path}.values`, type: "Forbidden", detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'" });
    }
    expressions.push({ key: e.key, operator: op, values: [...values].sort() });
  });
  const result = { matchLabels: stringMap(selector.matchLabels), matchExpressions: expressions };
  if (selectorIsEmpty(result)) {
    errs.push({
      field: "spec.selector",
      type: "Invalid value",
      value: { goLiteral: "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}" },
      detail: `empty selector is invalid for ${kindLower}`,
    });
  }
  return result;
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

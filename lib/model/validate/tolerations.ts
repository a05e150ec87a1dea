/**
 * `spec.tolerations`: the API server's checks (`ValidateTolerations` in
 * kubernetes/pkg/apis/core/validation/validation.go) and what it stores.
 */
import type { Toleration } from "kubernetes-types/core/v1";
import type { FieldError } from "../errors.js";
import type { TaintEffect, TolerationN } from "../objects.js";
import { hasType, optional } from "./field-types.js";
import { isLabelKey, isLabelValue } from "./names.js";

const EFFECTS: readonly TaintEffect[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** Checks `spec.tolerations` at `path` and returns them as stored. */
export function validateTolerations(raw: unknown, path: string, errs: FieldError[]): TolerationN[] {
  const list = optional<unknown[]>(raw, "list", path, errs) ?? [];
  const out: TolerationN[] = [];
  list.forEach((item, i) => {
    const at = `${path}[${i}]`;
    const t = optional<Toleration>(item, "object", at, errs);
    if (!t) return;
    const key = optional<string>(t.key, "string", `${at}.key`, errs) ?? "";
    const operator = optional<string>(t.operator, "string", `${at}.operator`, errs) ?? "";
    const value = optional<string>(t.value, "string", `${at}.value`, errs) ?? "";
    const effect = optional<string>(t.effect, "string", `${at}.effect`, errs) ?? "";
    const seconds = optional<number>(t.tolerationSeconds, "integer", `${at}.tolerationSeconds`, errs);
    if (key.length > 0) for (const m of isLabelKey(key)) errs.push({ field: `${at}.key`, type: "Invalid value", value: key, detail: m });
    if (key.length === 0 && operator !== "Exists") {
      errs.push({
        field: `${at}.operator`,
        type: "Invalid value",
        value: operator,
        detail: 'operator must be Exists when `key` is empty, which means "match all values and all keys"',
      });
    }
    if (seconds !== undefined && effect !== "NoExecute") {
      errs.push({ field: `${at}.effect`, type: "Invalid value", value: effect, detail: "effect must be 'NoExecute' when `tolerationSeconds` is set" });
    }
    if (operator === "" || operator === "Equal") {
      const problems = isLabelValue(value);
      if (problems.length) errs.push({ field: `${at}.operator`, type: "Invalid value", value, detail: problems.join(";") });
    } else if (operator === "Exists") {
      if (value.length > 0)
        errs.push({
          field: `${at}.operator`,
          type: "Invalid value",
          value: { goLiteral: goToleration(key, operator, value, effect, seconds) },
          detail: "value must be empty when `operator` is 'Exists'",
        });
    } else {
      errs.push({ field: `${at}.operator`, type: "Unsupported value", value: operator, detail: 'supported values: "Equal", "Exists"' });
    }
    if (effect.length > 0 && !EFFECTS.includes(effect as TaintEffect)) {
      errs.push({ field: `${at}.effect`, type: "Unsupported value", value: effect, detail: 'supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"' });
    }
    out.push({
      key,
      operator: operator === "Exists" || operator === "Equal" ? operator : undefined,
      value,
      effect: EFFECTS.includes(effect as TaintEffect) ? (effect as TaintEffect) : undefined,
      tolerationSeconds: seconds !== undefined && hasType(seconds, "integer") ? seconds : undefined,
    });
  });
  return out;
}

/**
 * Whether a toleration tolerates a taint (`Toleration.ToleratesTaint` in
 * k8s.io/api/core/v1/toleration.go): same effect unless empty, same key unless empty, and the
 * same value unless the operator is `Exists`.
 */
export function toleratesTaint(t: TolerationN, taint: { readonly key: string; readonly value: string; readonly effect: TaintEffect }): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  if (t.key.length > 0 && t.key !== taint.key) return false;
  return t.operator === "Exists" || t.value === taint.value;
}

/** A toleration as the API server prints it with `%#v`. */
function goToleration(key: string, operator: string, value: string, effect: string, seconds: number | undefined): string {
  const q = JSON.stringify;
  return `core.Toleration{Key:${q(key)}, Operator:${q(operator)}, Value:${q(value)}, Effect:${q(effect)}, TolerationSeconds:${seconds === undefined ? "(*int64)(nil)" : `&${seconds}`}}`;
}

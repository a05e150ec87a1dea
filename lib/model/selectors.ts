/**
 * Label selectors: equality selectors (Services, nodeSelector), workload selectors with
 * matchExpressions, and kubectl's way of printing them.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import type { Labels, LabelSelectorN } from "./objects.js";

/** True when every key of an equality selector is on `labels` with the same value (Services). */
export function selects(selector: Labels, labels: Labels): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

/** True when `labels` satisfy a workload selector: matchLabels and every matchExpression. */
export function matchesSelector(selector: LabelSelectorN, labels: Labels): boolean {
  if (!selects(selector.matchLabels, labels)) return false;
  for (const e of selector.matchExpressions) {
    const has = Object.hasOwn(labels, e.key);
    const value = labels[e.key];
    switch (e.operator) {
      case "In":
        if (!has || !e.values.includes(value!)) return false;
        break;
      case "NotIn":
        if (has && e.values.includes(value!)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
    }
  }
  return true;
}

/** A selector as kubectl prints it: `app=web,tier in (a,b),!legacy`. */
export function formatSelector(selector: LabelSelectorN): string {
  // kubectl converts the selector into requirements and prints them sorted by key.
  const parts: [string, string][] = Object.keys(selector.matchLabels).map((k) => [k, `${k}=${selector.matchLabels[k]}`]);
  for (const e of selector.matchExpressions) {
    if (e.operator === "In") parts.push([e.key, `${e.key} in (${e.values.join(",")})`]);
    else if (e.operator === "NotIn") parts.push([e.key, `${e.key} notin (${e.values.join(",")})`]);
    else if (e.operator === "Exists") parts.push([e.key, e.key]);
    else parts.push([e.key, `!${e.key}`]);
  }
  parts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return parts.length ? parts.map(([, t]) => t).join(",") : "<none>";
}

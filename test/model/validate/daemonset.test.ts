/**
 * A DaemonSet (apps/v1) is checked as the API server's ValidateDaemonSetSpec checks it
 * (pkg/apis/apps/validation/validation.go): a selector is required, may not be empty, and must
 * match the template's labels; the template's restartPolicy must be Always.
 */
import { strict as assert } from "node:assert";
import { ErrorCode, validateObject } from "../../../lib/model/index.js";
import { rejection } from "../internal/rejection.js";

const ds = (spec: Record<string, unknown>) => ({ apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "agent" }, spec });
const template = { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "a", image: "nginx" }] } };

describe("validateObject() of a DaemonSet", () => {
  it("accepts apps/v1 DaemonSet with a matching selector (podtalk refused the kind)", () => {
    const { object } = validateObject(ds({ selector: { matchLabels: { app: "agent" } }, template }));
    assert.equal(object.kind, "DaemonSet");
  });

  const cases: [string, Record<string, unknown>, string][] = [
    ["no selector", { template }, "spec.selector: Required value"],
    [
      "an empty selector",
      { selector: {}, template },
      "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset",
    ],
    [
      "a selector the template's labels do not match",
      { selector: { matchLabels: { app: "other" } }, template },
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"agent"}: `selector` does not match template `labels`',
    ],
    [
      "restartPolicy Never",
      { selector: { matchLabels: { app: "agent" } }, template: { ...template, spec: { ...template.spec, restartPolicy: "Never" } } },
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ],
  ];
  for (const [what, spec, detail] of cases) {
    it(`refuses ${what} with the API server's message`, () => {
      const e = rejection(() => validateObject(ds(spec)));
      assert.equal(e.code, ErrorCode.Invalid);
      assert.equal(e.message, `The DaemonSet "agent" is invalid: ${detail}`);
    });
  }

  it("refuses extensions/v1beta1 and says which apiVersion serves DaemonSets", () => {
    const e = rejection(() => validateObject({ ...ds({ selector: { matchLabels: { app: "agent" } }, template }), apiVersion: "extensions/v1beta1" }));
    assert.match(e.message, /use apiVersion: apps\/v1/);
  });
});

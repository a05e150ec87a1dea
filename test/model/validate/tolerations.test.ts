/**
 * `spec.tolerations` as the API server checks them (ValidateTolerations in
 * kubernetes/pkg/apis/core/validation/validation.go).
 */
import { strict as assert } from "node:assert";
import { validateObject } from "../../../lib/model/index.js";
import { rejection } from "../internal/rejection.js";

const pod = (tolerations: unknown) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p" },
  spec: { tolerations, containers: [{ name: "c", image: "nginx" }] },
});

describe("spec.tolerations", () => {
  it("keeps valid tolerations as written (operator unset stays unset)", () => {
    const v = validateObject(pod([{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }, { operator: "Exists" }]));
    assert.ok(v.object.kind === "Pod");
    assert.deepEqual(v.object.spec.tolerations, [
      { key: "node-role.kubernetes.io/control-plane", operator: undefined, value: "", effect: "NoSchedule", tolerationSeconds: undefined },
      { key: "", operator: "Exists", value: "", effect: undefined, tolerationSeconds: undefined },
    ]);
  });

  const invalid: { why: string; tolerations: unknown; message: string }[] = [
    {
      why: "an empty key needs Exists",
      tolerations: [{ value: "x" }],
      message: 'spec.tolerations[0].operator: Invalid value: "": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    },
    {
      why: "Exists takes no value",
      tolerations: [{ key: "k", operator: "Exists", value: "v" }],
      message:
        'spec.tolerations[0].operator: Invalid value: core.Toleration{Key:"k", Operator:"Exists", Value:"v", Effect:"", TolerationSeconds:(*int64)(nil)}: value must be empty when `operator` is \'Exists\'',
    },
    {
      why: "an unknown operator",
      tolerations: [{ key: "k", operator: "In" }],
      message: 'spec.tolerations[0].operator: Unsupported value: "In": supported values: "Equal", "Exists"',
    },
    {
      why: "an unknown effect",
      tolerations: [{ key: "k", operator: "Exists", effect: "NoRun" }],
      message: 'spec.tolerations[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    },
    {
      why: "tolerationSeconds without NoExecute",
      tolerations: [{ key: "k", operator: "Exists", effect: "NoSchedule", tolerationSeconds: 60 }],
      message: "spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
    },
    {
      why: "a key that is no label key",
      tolerations: [{ key: "bad key!", operator: "Exists" }],
      message: 'spec.tolerations[0].key: Invalid value: "bad key!"',
    },
  ];
  for (const c of invalid) {
    it(`rejects ${c.why}`, () => {
      const e = rejection(() => validateObject(pod(c.tolerations)));
      assert.ok(e.message.startsWith('The Pod "p" is invalid: '), e.message);
      assert.ok(e.message.includes(c.message), e.message);
    });
  }

  it("rejects a list that is not a list, as a type error", () => {
    const e = rejection(() => validateObject(pod({ key: "k" })));
    assert.match(e.message, /spec\.tolerations/);
  });
});

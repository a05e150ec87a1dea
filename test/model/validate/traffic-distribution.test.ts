/**
 * `spec.trafficDistribution` as the v1.35 API server checks it: PreferClose, PreferSameZone and
 * PreferSameNode are accepted, PreferClose with a deprecation warning, anything else refused with
 * the list of supported values (pkg/apis/core/validation/validation.go,
 * pkg/api/service/warnings.go).
 */
import { strict as assert } from "node:assert";
import { rejection } from "../internal/rejection.js";
import { ErrorCode, validateObject } from "../../../lib/model/index.js";

const service = (trafficDistribution: unknown) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web" },
  spec: { selector: { app: "web" }, ports: [{ port: 80 }], trafficDistribution },
});

describe("Service spec.trafficDistribution", () => {
  for (const value of ["PreferSameZone", "PreferSameNode"]) {
    it(`accepts ${value} without a warning`, () => {
      const { object, warnings } = validateObject(service(value));
      assert.equal(object.kind === "Service" && object.spec.trafficDistribution, value);
      assert.deepEqual(warnings, []);
    });
  }

  it('accepts PreferClose with the API server\'s warning: "PreferClose" is deprecated; use "PreferSameZone"', () => {
    const { object, warnings } = validateObject(service("PreferClose"));
    assert.equal(object.kind === "Service" && object.spec.trafficDistribution, "PreferClose");
    assert.deepEqual(warnings, ['spec.trafficDistribution: "PreferClose" is deprecated; use "PreferSameZone"']);
  });

  it("refuses another value with the supported values listed", () => {
    const e = rejection(() => validateObject(service("PreferSameRack")));
    assert.equal(e.code, ErrorCode.Invalid);
    assert.equal(
      e.message,
      'The Service "web" is invalid: spec.trafficDistribution: Unsupported value: "PreferSameRack": supported values: "PreferClose", "PreferSameZone", "PreferSameNode"',
    );
  });

  it("refuses a value that is not a string, saying which type it wants", () => {
    const e = rejection(() => validateObject(service(3)));
    assert.match(e.message, /spec\.trafficDistribution/);
  });

  it("leaves the field unset when the manifest does not set it", () => {
    const { object } = validateObject(service(undefined));
    assert.equal(object.kind === "Service" && object.spec.trafficDistribution, undefined);
  });
});

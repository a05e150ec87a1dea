/**
 * What the API server's decoder refuses before validation: numbers beyond a field's Go integer
 * type, a null item in a list of structs (it decodes as an empty one), and YAML keys that are
 * lists or mappings.
 */
import { strict as assert } from "node:assert";
import { ErrorCode, parseManifests, validateObject } from "../../../lib/model/index.js";
import { rejection } from "../internal/rejection.js";

const pod = (spec: string) => parseManifests(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: ${spec}\n`)[0];

describe("decoder limits", () => {
  it("refuses terminationGracePeriodSeconds beyond an int64 and probe fields beyond an int32", () => {
    const e = rejection(() =>
      validateObject(
        pod(
          "{terminationGracePeriodSeconds: 1e308, containers: [{name: a, image: nginx, readinessProbe: {tcpSocket: {port: 80}, periodSeconds: 2147483648}}]}",
        ),
      ),
    );
    assert.equal(
      e.message,
      'The Pod "p" is invalid: \n' +
        "* spec.containers[0].readinessProbe.periodSeconds: Invalid value: 2147483648: must be less than or equal to 2147483647 (an int32)\n" +
        "* spec.terminationGracePeriodSeconds: Invalid value: 1e+308: must be less than or equal to 9223372036854775807 (an int64)",
    );
    validateObject(
      pod("{terminationGracePeriodSeconds: 3600, containers: [{name: a, image: nginx, readinessProbe: {tcpSocket: {port: 80}, periodSeconds: 2147483647}}]}"),
    );
  });

  it("finds a null matchExpressions item invalid, as the empty requirement it decodes to", () => {
    const [dep] = parseManifests(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}, matchExpressions: [null]}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: a, image: nginx}]}\n",
    );
    const e = rejection(() => validateObject(dep));
    assert.equal(
      e.message,
      'The Deployment "web" is invalid: \n' +
        '* spec.selector.matchExpressions[0].key: Invalid value: "": name part must be non-empty\n' +
        '* spec.selector.matchExpressions[0].operator: Invalid value: "": not a valid selector operator',
    );
  });

  it("refuses a list or a mapping as a YAML key, naming the document and line", () => {
    const e = rejection(() => parseManifests("a: 1\n---\nx:\n  ? {a: 1}\n  : 2\n"));
    assert.equal(e.code, ErrorCode.BadRequest);
    assert.equal(
      e.message,
      "error parsing manifest: error converting YAML to JSON: yaml: line 4: invalid map key: map[interface {}]interface {}{…} (document 2); check the indentation and the ': ' after each key",
    );
    assert.match(rejection(() => parseManifests("? [a, b]\n: c\n")).message, /yaml: line 1: invalid map key: \[\]interface \{\}\{…\} \(document 1\)/);
  });

  it("checks env names as v1.35 does: printable ASCII other than '=' (a space is allowed)", () => {
    const e = rejection(() => validateObject(pod("{containers: [{name: a, image: nginx, env: [{name: 'A=B', value: x}, {name: 'é', value: x}]}]}")));
    const detail = "a valid environment variable name must consist only of printable ASCII characters other than '='";
    assert.equal(
      e.message,
      `The Pod "p" is invalid: \n* spec.containers[0].env[0].name: Invalid value: "A=B": ${detail}\n* spec.containers[0].env[1].name: Invalid value: "é": ${detail}`,
    );
    validateObject(pod("{containers: [{name: a, image: nginx, env: [{name: '1 2', value: x}, {name: 'my.var-1', value: y}]}]}"));
  });
});

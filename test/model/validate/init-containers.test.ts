/**
 * `spec.initContainers` as the API server checks them (pkg/apis/core/validation/validation.go,
 * validateInitContainers): `restartPolicy: Always` is the one value an init container may carry
 * and makes it a sidecar (KEP-753); only sidecars may have probes and lifecycle hooks; names are
 * unique across init and app containers.
 */
import { strict as assert } from "node:assert";
import { Cluster } from "../../../lib/index.js";
import { ErrorCode } from "../../../lib/model/index.js";
import { rejection } from "../internal/rejection.js";

const pod = (init: string) => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
${init}
  containers:
    - {name: app, image: nginx}
`;

describe("spec.initContainers", () => {
  it("accepts a sidecar: restartPolicy Always, with readiness and startup probes", () => {
    const c = new Cluster();
    const out = c.apply(
      pod(`    - name: proxy
      image: hashicorp/http-echo:1.0
      restartPolicy: Always
      readinessProbe: {tcpSocket: {port: 5678}}
      startupProbe: {tcpSocket: {port: 5678}}
      livenessProbe: {tcpSocket: {port: 5678}}`),
    );
    assert.equal(String(out), "pod/p created");
  });

  it("refuses any other restartPolicy on an init container, with the supported value", () => {
    const c = new Cluster();
    const e = rejection(() => c.apply(pod(`    - {name: setup, image: busybox, restartPolicy: OnFailure}`)));
    assert.equal(e.code, ErrorCode.Invalid);
    assert.equal(e.message, `The Pod "p" is invalid: spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"`);
    assert.equal(c.get("pods").rows.length, 0);
  });

  it("refuses probes and lifecycle hooks on an init container that is not a sidecar, in the API server's order", () => {
    const e = rejection(() =>
      new Cluster().apply(
        pod(`    - name: setup
      image: busybox
      startupProbe: {tcpSocket: {port: 80}}
      readinessProbe: {tcpSocket: {port: 80}}
      livenessProbe: {tcpSocket: {port: 80}}
      lifecycle: {preStop: {exec: {command: ["true"]}}}`),
      ),
    );
    const forbidden = "Forbidden: may not be set for init containers without restartPolicy=Always";
    assert.deepEqual(e.message.split("\n").slice(1), [
      `* spec.initContainers[0].lifecycle: ${forbidden}`,
      `* spec.initContainers[0].livenessProbe: ${forbidden}`,
      `* spec.initContainers[0].readinessProbe: ${forbidden}`,
      `* spec.initContainers[0].startupProbe: ${forbidden}`,
    ]);
  });

  it("refuses an init container named like an app container", () => {
    const e = rejection(() => new Cluster().apply(pod(`    - {name: app, image: busybox, restartPolicy: Always}`)));
    assert.equal(e.message, `The Pod "p" is invalid: spec.initContainers[0].name: Duplicate value: "app"`);
  });

  it("checks an init container's fields as a container's (image required, ports in range)", () => {
    const e = rejection(() => new Cluster().apply(pod(`    - {name: proxy, restartPolicy: Always, ports: [{containerPort: 70000}]}`)));
    assert.match(e.message, /spec\.initContainers\[0\]\.image: Required value/);
    assert.match(e.message, /spec\.initContainers\[0\]\.ports\[0\]\.containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive/);
  });

  it("refuses a non-list initContainers as it refuses a non-list containers", () => {
    const e = rejection(() =>
      new Cluster().apply(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {initContainers: 3, containers: [{name: a, image: nginx}]}\n`),
    );
    assert.equal(e.message, `The Pod "p" is invalid: spec.initContainers: Invalid value: 3: must be a list`);
  });

  it("accepts a sidecar in a Deployment's template and starts it in every Pod", () => {
    const c = new Cluster({ nodes: 2 });
    c.apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      initContainers:
        - {name: proxy, image: "hashicorp/http-echo:1.0", args: ["-listen=:5678"], restartPolicy: Always}
      containers:
        - {name: app, image: nginx}
`);
    assert.deepEqual(
      c.get("pods").rows.map((r) => r["READY"]),
      ["2/2", "2/2"],
    );
    // describePodTemplate lists them under `Init Containers:` before `Containers:`.
    assert.match(
      String(c.describe("deployment", "web")),
      /\n {2}Init Containers:\n {3}proxy:\n {4}Image: +hashicorp\/http-echo:1\.0\n[^\n]*\n {2}Containers:\n {3}app:\n/,
    );
  });
});

/**
 * Strict field validation: a field the kind does not declare is refused as the API server refuses
 * it when kubectl asks for strict decoding (its default since v1.27): `Error from server
 * (BadRequest): error when creating "STDIN": Service in version "v1" cannot be handled as a
 * Service: strict decoding error: unknown field "spec.selectors"` (the parts and their sources are
 * in lib/model/messages.ts), followed by podtalk's hint when a declared field is close.
 */
import { strict as assert } from "node:assert";
import { Cluster, diff } from "../../../lib/index.js";
import { ErrorCode, validateObject } from "../../../lib/model/index.js";
import { KIND_TYPES } from "../../../lib/model/generated/field-schema.js";
import { KINDS } from "../../../lib/model/kinds.js";
import { closest } from "../../../lib/model/validate/unknown-fields.js";
import { rejection } from "../internal/rejection.js";

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selectors:
    app: web
  ports:
  - port: 80
    targetport: 8080
`;

// A JavaScript object, as a notebook may pass one: validated as YAML is.
const deployment = (container: Record<string, unknown>) => ({
  apiVersion: "apps/v1" as const,
  kind: "Deployment" as const,
  metadata: { name: "web", labels: { app: "web" } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1.27", ...container }] } },
  },
});

describe("strict field validation (unknown fields)", () => {
  it("refuses a Service with selectors: and targetport:, naming both in document order, with a hint for each", () => {
    const e = rejection(() => new Cluster().apply(SERVICE));
    assert.equal(e.code, ErrorCode.BadRequest);
    assert.equal(
      e.message,
      [
        'Error from server (BadRequest): error when creating "STDIN": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.selectors", unknown field "spec.ports[0].targetport"',
        'spec.selectors: did you mean "selector"?',
        'spec.ports[0].targetport: did you mean "targetPort"?',
      ].join("\n"),
    );
  });

  it("finds a typo deep in a Deployment's Pod template, and names the version without its group", () => {
    const e = rejection(() => new Cluster().apply(deployment({ imagePullPolicyy: "Always" })));
    assert.equal(
      e.message,
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolicyy"\n' +
        'spec.template.spec.containers[0].imagePullPolicyy: did you mean "imagePullPolicy"?',
    );
  });

  it("gives no hint when no declared field is close", () => {
    const e = rejection(() =>
      validateObject({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", owner: "me" }, spec: { containers: [{ name: "c", image: "busybox" }] } }),
    );
    assert.equal(
      e.message,
      'Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "metadata.owner"',
    );
  });

  it("lists several fields across the object, hints only where one is close, and refuses before the other checks", () => {
    const e = rejection(() =>
      validateObject({
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "Bad_Name", lables: { a: "b" } },
        spec: {
          podSelector: { matchLabel: { app: "db" } },
          ingress: [{ from: [{ podSelector: {} }, { ipblock: { cidr: "10.0.0.0/8" } }], zzz: 1 }],
        },
      }),
    );
    assert.equal(e.code, ErrorCode.BadRequest);
    assert.equal(
      e.message,
      [
        'Error from server (BadRequest): error when creating "STDIN": NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: strict decoding error: unknown field "metadata.lables", unknown field "spec.podSelector.matchLabel", unknown field "spec.ingress[0].from[1].ipblock", unknown field "spec.ingress[0].zzz"',
        'metadata.lables: did you mean "labels"?',
        'spec.podSelector.matchLabel: did you mean "matchLabels"?',
        'spec.ingress[0].from[1].ipblock: did you mean "ipBlock"?',
      ].join("\n"),
    );
  });

  it("leaves the keys of labels, annotations, matchLabels and a Service's selector free", () => {
    const { object } = validateObject({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", labels: { selectors: "x" }, annotations: { "example.com/targetport": "1" } },
      spec: { selector: { targetport: "x" }, ports: [{ port: 80, targetPort: "http" }] },
    });
    assert.equal(object.kind, "Service");
  });

  it("accepts every declared field, IntOrString, probes, volumes and status included", () => {
    const { object } = validateObject(
      deployment({
        ports: [{ name: "http", containerPort: 80 }],
        readinessProbe: { httpGet: { path: "/", port: "http" }, periodSeconds: 5 },
        volumeMounts: [{ name: "data", mountPath: "/data" }],
        resources: { limits: { cpu: "500m" } },
      }),
    );
    assert.equal(object.kind, "Deployment");
    validateObject({ apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } });
  });

  it("accepts fields of v1.31 to v1.35 the kubernetes-types package does not declare yet", () => {
    const { object } = validateObject({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: {
        hostnameOverride: "p.example",
        resources: { limits: { cpu: "1" } },
        securityContext: { supplementalGroupsPolicy: "Strict", seLinuxChangePolicy: "MountOption" },
        containers: [
          {
            name: "c",
            image: "busybox",
            restartPolicy: "Never",
            restartPolicyRules: [{ action: "Restart", exitCodes: { operator: "In", values: [42] } }],
            lifecycle: { stopSignal: "SIGUSR1" },
          },
        ],
      },
    });
    assert.equal(object.kind, "Pod");
  });

  it("does not check status, which the API server ignores on create", () => {
    const { object } = validateObject({ apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" }, status: { phase: "Active", newerField: 1 } });
    assert.equal(object.kind, "Namespace");
  });

  it("names the field where a JavaScript object with a cycle leaves the schema, instead of looping", () => {
    const spec: Record<string, unknown> = { containers: [] };
    spec["containers"] = [{ name: "c", image: "busybox", env: [{ name: "X", valueFrom: spec }] }];
    const e = rejection(() => validateObject({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec }));
    assert.match(e.message, /strict decoding error: unknown field "spec\.containers\[0\]\.env\[0\]\.valueFrom\.containers"$/);
  });

  it("knows the fields of every kind podtalk accepts", () => {
    assert.deepEqual(Object.keys(KIND_TYPES).sort(), Object.keys(KINDS).sort());
  });

  it("leaves the cluster unchanged when one document of several is refused", () => {
    const cluster = new Cluster();
    const before = cluster.snapshot();
    const ok = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n";
    rejection(() => cluster.apply(`${ok}---\n${SERVICE}`));
    assert.equal(String(diff(before, cluster.snapshot())), "No changes.\n");
    assert.equal(String(cluster.apply(ok)), "namespace/dev created");
  });
});

describe("closest(): the field an unknown one is probably a typo of", () => {
  it("prefers a field equal but for case, then the nearest within 2 edits (1 for short names)", () => {
    assert.equal(closest("targetport", ["port", "targetPort"]), "targetPort");
    assert.equal(closest("selectros", ["selector", "type"]), "selector");
    assert.equal(closest("imgae", ["image", "name"]), "image");
    assert.equal(closest("foo", ["ports", "type", "ipFamilies"]), undefined);
    assert.equal(closest("a", ["ip"]), undefined);
  });
});

import { strict as assert } from "node:assert";
import { rejection } from "../internal/rejection.js";
import { ErrorCode, validateObject } from "../../../lib/model/index.js";

const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

const containers = [{ name: "web", image: "nginx" }];

describe("validateObject()", () => {
  it("rejects a Service named 1st-svc with kubectl's exact message (reference item 67)", () => {
    const e = rejection(() => validateObject({ apiVersion: "v1", kind: "Service", metadata: { name: "1st-svc" }, spec: { ports: [{ port: 80 }] } }));
    assert.equal(e.code, ErrorCode.Invalid);
    assert.equal(e.message, `The Service "1st-svc" is invalid: metadata.name: Invalid value: "1st-svc": ${DNS1035}`);
  });

  it("accepts a Pod named 1st: Pod names are DNS-1123 subdomains, which may start with a digit", () => {
    const { object } = validateObject({ apiVersion: "v1", kind: "Pod", metadata: { name: "1st" }, spec: { containers } });
    assert.equal(object.metadata.name, "1st");
    assert.equal(object.metadata.namespace, "default");
  });

  it("reports every problem at once, one `* ` line each, after a header ending in ': '", () => {
    const e = rejection(() =>
      validateObject({
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "Web" },
        spec: {
          ports: [
            { port: 70000, targetPort: 8080 },
            { port: 81, targetPort: 8081 },
          ],
        },
      }),
    );
    assert.equal(
      e.message,
      [
        `The Service "Web" is invalid: `,
        `* metadata.name: Invalid value: "Web": ${DNS1035}`,
        `* spec.ports[0].name: Required value`,
        `* spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive`,
        `* spec.ports[1].name: Required value`,
      ].join("\n"),
    );
    assert.equal(e.causes.length, 4);
  });

  it("accepts a Service port name of up to 63 characters: it is a DNS-1123 label, not a 15-character IANA name as a container port's", () => {
    // The NetworkPolicy e2e suite names its Service ports `service-port-tcp-80` (test/e2e/network/netpol/model.go).
    const ports = [80, 81].map((port) => ({ name: `service-port-tcp-${port}`, port }));
    const { object } = validateObject({ apiVersion: "v1", kind: "Service", metadata: { name: "s-x-a" }, spec: { selector: { pod: "a" }, ports } });
    assert.equal(object.kind, "Service");
    const long = rejection(() =>
      validateObject({ apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { ports: [{ name: "Http_Port", port: 80 }] } }),
    );
    assert.match(long.message, /^The Service "web" is invalid: spec\.ports\[0\]\.name: Invalid value: "Http_Port": a lowercase RFC 1123 label must consist of/);
  });

  const invalid: { name: string; why: string; object: unknown; message: string }[] = [
    {
      name: "port out of range",
      why: "70000 does not fit in 16 bits",
      object: { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { ports: [{ port: 70000, targetPort: 80 }] } },
      message: `The Service "web" is invalid: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive`,
    },
    {
      name: "Deployment selector not matching template labels",
      why: "the ReplicaSet could never find the Pods it creates",
      object: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web" },
        spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "api" } }, spec: { containers } } },
      },
      message: `The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: \`selector\` does not match template \`labels\``,
    },
    {
      name: "two-port Service without names",
      why: "kube-proxy and EndpointSlices tell ports apart by name",
      object: { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { ports: [{ port: 80 }, { port: 443 }] } },
      message: `The Service "web" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value`,
    },
    {
      name: "externalTrafficPolicy on a ClusterIP Service",
      why: "only externally reachable Services (NodePort, LoadBalancer) have an external policy",
      object: { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { externalTrafficPolicy: "Local", ports: [{ port: 80 }] } },
      message: `The Service "web" is invalid: spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services`,
    },
    {
      name: "a headless LoadBalancer Service",
      why: "a load balancer needs a ClusterIP to forward to",
      object: { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { type: "LoadBalancer", clusterIP: "None", ports: [{ port: 80 }] } },
      message: `The Service "web" is invalid: spec.clusterIP: Invalid value: "None": may not be set to 'None' for LoadBalancer services`,
    },
    {
      name: "label value too long",
      why: "label values are at most 63 characters",
      object: { apiVersion: "v1", kind: "Pod", metadata: { name: "web", labels: { app: "a".repeat(64) } }, spec: { containers } },
      message: `The Pod "web" is invalid: metadata.labels: Invalid value: "${"a".repeat(64)}": must be no more than 63 characters`,
    },
    {
      name: "Namespace name with a dot",
      why: "Namespace names are DNS-1123 labels, not subdomains",
      object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "a.b" } },
      message: `The Namespace "a.b" is invalid: metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    },
  ];
  for (const c of invalid) {
    it(`rejects ${c.name} (${c.why})`, () => {
      const e = rejection(() => validateObject(c.object));
      assert.equal(e.code, ErrorCode.Invalid);
      assert.equal(e.message, c.message);
    });
  }

  const badRequests = [
    {
      name: "an unknown kind",
      why: "podtalk simulates Pod, Deployment, Service and Namespace",
      object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } },
      pattern: /^error: resource mapping not found for kind "ConfigMap" in version "v1": no matches for kind "ConfigMap" in version "v1"/,
    },
    {
      name: "a Deployment with apiVersion v1",
      why: "Deployments live in apps/v1",
      object: { apiVersion: "v1", kind: "Deployment", metadata: { name: "d" } },
      pattern: /no matches for kind "Deployment" in version "v1"; use apiVersion: apps\/v1$/,
    },
    {
      name: "a document without kind",
      why: "the decoder cannot tell what it is",
      object: { apiVersion: "v1", metadata: { name: "d" } },
      pattern: /^error: Object 'Kind' is missing in document 1/,
    },
  ];
  for (const c of badRequests) {
    it(`answers ${c.name} with BadRequest (${c.why})`, () => {
      const e = rejection(() => validateObject(c.object));
      assert.equal(e.code, ErrorCode.BadRequest);
      assert.match(e.message, c.pattern);
    });
  }

  it("only warns about the same containerPort in two containers, as the API server does", () => {
    const { warnings } = validateObject({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: {
        containers: [
          { name: "a", image: "nginx", ports: [{ containerPort: 80 }] },
          { name: "b", image: "nginx", ports: [{ containerPort: 80 }] },
        ],
      },
    });
    assert.deepEqual(warnings, ["spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]"]);
  });

  it("defaults a Service's targetPort to its port and protocol to TCP", () => {
    const { object } = validateObject({ apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { ports: [{ port: 80 }] } });
    assert.equal(object.kind, "Service");
    if (object.kind !== "Service") return;
    assert.deepEqual(object.spec.ports, [{ name: undefined, protocol: "TCP", port: 80, targetPort: 80, nodePort: undefined }]);
  });
});

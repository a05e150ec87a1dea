/**
 * NetworkPolicy as the API server validates and defaults it (ValidateNetworkPolicySpec in
 * kubernetes/pkg/apis/networking/validation/validation.go, SetDefaults_NetworkPolicy in
 * pkg/apis/networking/v1/defaults.go).
 */
import { strict as assert } from "node:assert";
import { validateObject } from "../../../lib/model/index.js";
import { rejection } from "../internal/rejection.js";

const policy = (spec: unknown, name = "np") => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name }, spec });

describe("NetworkPolicy validation", () => {
  it("is served at networking.k8s.io/v1 and defaults policyTypes to Ingress, protocol to TCP", () => {
    const v = validateObject(policy({ podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] }));
    assert.ok(v.object.kind === "NetworkPolicy");
    assert.deepEqual(v.object.spec.policyTypes, ["Ingress"]);
    assert.deepEqual(v.object.spec.ingress[0]!.ports, [{ protocol: "TCP", port: 80, endPort: undefined }]);
  });

  it("adds Egress to the default when there are egress rules", () => {
    const v = validateObject(policy({ podSelector: {}, egress: [{}] }));
    assert.ok(v.object.kind === "NetworkPolicy");
    assert.deepEqual(v.object.spec.policyTypes, ["Ingress", "Egress"]);
  });

  it("keeps policyTypes as written", () => {
    const v = validateObject(policy({ podSelector: {}, policyTypes: ["Egress"], ingress: [{}] }));
    assert.ok(v.object.kind === "NetworkPolicy");
    assert.deepEqual(v.object.spec.policyTypes, ["Egress"]);
  });

  it("takes an absent podSelector as the empty one (the API server has no required check)", () => {
    const v = validateObject(policy({}));
    assert.ok(v.object.kind === "NetworkPolicy");
    assert.deepEqual(v.object.spec.podSelector, { matchLabels: {}, matchExpressions: [] });
  });

  it("accepts every kind of peer, named ports and port ranges", () => {
    const v = validateObject(
      policy({
        podSelector: { matchLabels: { app: "api" } },
        ingress: [
          {
            from: [
              { podSelector: { matchLabels: { role: "web" } }, namespaceSelector: { matchLabels: { team: "a" } } },
              { ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } },
            ],
            ports: [{ port: "http" }, { port: 8000, endPort: 8080, protocol: "UDP" }],
          },
        ],
      }),
    );
    assert.ok(v.object.kind === "NetworkPolicy");
    assert.equal(v.object.spec.ingress[0]!.peers.length, 2);
  });

  it("points a manifest with an old apiVersion to networking.k8s.io/v1", () => {
    const e = rejection(() => validateObject({ ...policy({}), apiVersion: "extensions/v1beta1" }));
    assert.match(e.message, /no matches for kind "NetworkPolicy" in version "extensions\/v1beta1"; use apiVersion: networking.k8s.io\/v1$/);
  });

  const invalid: { why: string; spec: unknown; name?: string; message: string }[] = [
    {
      why: "a name that is no DNS-1123 subdomain",
      spec: {},
      name: "Deny_All",
      message:
        "metadata.name: Invalid value: \"Deny_All\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    },
    {
      why: "an unknown protocol (values in the API server's order)",
      spec: { ingress: [{ ports: [{ protocol: "ICMP" }] }] },
      message: 'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
    },
    {
      why: "port 0",
      spec: { ingress: [{ ports: [{ port: 0 }] }] },
      message: "spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
    },
    {
      why: "digits in a string are a port name",
      spec: { egress: [{ ports: [{ port: "80" }] }] },
      message: 'spec.egress[0].ports[0].port: Invalid value: "80": must contain at least one letter (a-z)',
    },
    {
      why: "endPort below port",
      spec: { ingress: [{ ports: [{ port: 100, endPort: 99 }] }] },
      message: "spec.ingress[0].ports[0].endPort: Invalid value: 99: must be greater than or equal to `port`",
    },
    {
      why: "endPort with a named port",
      spec: { ingress: [{ ports: [{ port: "http", endPort: 90 }] }] },
      message: "spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric",
    },
    {
      why: "endPort without port",
      spec: { ingress: [{ ports: [{ endPort: 90 }] }] },
      message: "spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is not specified",
    },
    { why: "an empty peer", spec: { ingress: [{ from: [{}] }] }, message: "spec.ingress[0].from[0]: Required value: must specify a peer" },
    {
      why: "ipBlock with a selector",
      spec: { egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" }, namespaceSelector: {} }] }] },
      message: "spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer",
    },
    { why: "ipBlock without cidr", spec: { ingress: [{ from: [{ ipBlock: {} }] }] }, message: "spec.ingress[0].from[0].ipBlock.cidr: Required value" },
    {
      why: "a CIDR that is no CIDR",
      spec: { ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0" } }] }] },
      message: 'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    },
    {
      why: "host bits set",
      spec: { ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.1/8" } }] }] },
      message: 'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.1/8": must not have bits set beyond the prefix length',
    },
    {
      why: "leading zeros in a CIDR",
      spec: { egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/08" } }] }] },
      message: 'spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.0.0.0/08": must not have leading 0s in IP or prefix length',
    },
    {
      why: "an except equal to the cidr",
      spec: { ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.0.0.0/8"] } }] }] },
      message: 'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.0.0.0/8": must be a strict subset of `cidr`',
    },
    {
      why: "an except outside the cidr",
      spec: { ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["11.0.0.0/24"] } }] }] },
      message: 'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "11.0.0.0/24": must be a strict subset of `cidr`',
    },
    {
      why: "an unknown policy type",
      spec: { policyTypes: ["Ingres"] },
      message: 'spec.policyTypes[0]: Unsupported value: "Ingres": supported values: "Ingress", "Egress"',
    },
    {
      why: "more than two policy types",
      spec: { policyTypes: ["Ingress", "Egress", "Ingress"] },
      message: 'spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes',
    },
    {
      why: "a bad selector expression",
      spec: { podSelector: { matchExpressions: [{ key: "app", operator: "In" }] } },
      message: "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    },
  ];
  for (const c of invalid) {
    it(`refuses ${c.why}`, () => {
      const e = rejection(() => validateObject(policy(c.spec, c.name)));
      assert.match(e.message, new RegExp(`^The NetworkPolicy "${c.name ?? "np"}" is invalid`));
      assert.ok(e.message.includes(`* ${c.message}`) || e.message.endsWith(c.message), e.message);
    });
  }
});

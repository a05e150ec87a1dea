import { strict as assert } from "node:assert";
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isLabelValue,
  isValidPortName,
  isValidPortNum,
  validationMessages,
} from "../../../lib/model/index.js";

/** Reference item 66: apimachinery's RegexError texts, byte for byte (double space before "or"). */
const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

describe("validationMessages", () => {
  it("spells the name-rule messages exactly as apimachinery does", () => {
    assert.equal(validationMessages.dns1123Subdomain, SUBDOMAIN);
    assert.equal(validationMessages.dns1123Label, LABEL);
    assert.equal(validationMessages.dns1035Label, DNS1035);
    assert.equal(validationMessages.portRange, "must be between 1 and 65535, inclusive");
  });
});

describe("isDNS1123Subdomain() (Pod, Deployment names)", () => {
  const valid = [
    { name: "starts with a digit", value: "1st" },
    { name: "dots separate labels", value: "a.b" },
    { name: "253 characters", value: `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}` },
  ];
  for (const c of valid) {
    it(`accepts ${c.name}: "${c.value.slice(0, 20)}"`, () => assert.deepEqual(isDNS1123Subdomain(c.value), []));
  }
  const invalid = [
    { name: "upper case", value: "Web", why: [SUBDOMAIN] },
    { name: "ends with a dash", value: "web-", why: [SUBDOMAIN] },
    { name: "underscore", value: "my_api", why: [SUBDOMAIN] },
    { name: "254 characters", value: "a".repeat(254), why: ["must be no more than 253 characters"] },
  ];
  for (const c of invalid) {
    it(`rejects ${c.name}`, () => assert.deepEqual(isDNS1123Subdomain(c.value), c.why));
  }
});

describe("isDNS1123Label() (Namespace names)", () => {
  it("accepts a name starting with a digit", () => assert.deepEqual(isDNS1123Label("123-abc"), []));
  it("rejects a dot, which subdomains allow", () => assert.deepEqual(isDNS1123Label("a.b"), [LABEL]));
  it("rejects 64 characters with the length message", () => {
    assert.deepEqual(isDNS1123Label("a".repeat(64)), ["must be no more than 63 characters"]);
  });
});

describe("isDNS1035Label() (Service names)", () => {
  it("accepts a name starting with a letter", () => assert.deepEqual(isDNS1035Label("abc-123"), []));
  const invalid = [
    { name: "starts with a digit (valid for a Pod, not a Service)", value: "1st-svc" },
    { name: "contains a dot", value: "my.svc" },
    { name: "ends with a dash", value: "svc-" },
  ];
  for (const c of invalid) {
    it(`rejects a name that ${c.name}`, () => assert.deepEqual(isDNS1035Label(c.value), [DNS1035]));
  }
});

describe("isLabelValue()", () => {
  it("accepts the empty string", () => assert.deepEqual(isLabelValue(""), []));
  it("rejects 64 characters: label values are at most 63", () => {
    assert.deepEqual(isLabelValue("x".repeat(64)), ["must be no more than 63 characters"]);
  });
});

describe("isValidPortName() and isValidPortNum()", () => {
  it("rejects a port name without a letter", () => {
    assert.deepEqual(isValidPortName("8080"), ["must contain at least one letter (a-z)"]);
  });
  it("rejects a 16-character port name (IANA_SVC_NAME is at most 15)", () => {
    assert.ok(isValidPortName("a".repeat(16)).includes("must be no more than 15 characters"));
  });
  const ports = [
    { port: 0, ok: false, why: "0 is not a port" },
    { port: 1, ok: true },
    { port: 65535, ok: true },
    { port: 65536, ok: false, why: "above 16 bits" },
    { port: 80.5, ok: false, why: "not an integer" },
    { port: "80", ok: false, why: "a string, not a number" },
  ];
  for (const c of ports) {
    it(`${c.ok ? "accepts" : "rejects"} ${JSON.stringify(c.port)}${c.why ? ` (${c.why})` : ""}`, () => {
      assert.equal(isValidPortNum(c.port), c.ok);
    });
  }
});

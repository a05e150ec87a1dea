import { strict as assert } from "node:assert";
import { parseURL } from "../../../lib/sim/exec/url.js";

describe("parseURL()", () => {
  const cases = [
    { url: "http://my-api:8080/healthz", parts: { scheme: "http", host: "my-api", port: 8080, path: "/healthz" } },
    { url: "my-api", parts: { scheme: "http", host: "my-api", port: 80, path: "/" } },
    { url: "https://kubernetes.default/", parts: { scheme: "https", host: "kubernetes.default", port: 443, path: "/" } },
    { url: "http://web/search?q=a#top", parts: { scheme: "http", host: "web", port: 80, path: "/search?q=a" } },
    { url: "10.96.0.1:443", parts: { scheme: "http", host: "10.96.0.1", port: 443, path: "/" } },
  ];
  for (const c of cases) {
    it(`reads ${c.url}`, () => assert.deepEqual(parseURL(c.url), c.parts));
  }
  const bad = [
    { url: "", why: "no host" },
    { url: ":8080", why: "a port without a host" },
  ];
  for (const c of bad) {
    it(`rejects ${JSON.stringify(c.url)}: ${c.why}`, () => assert.equal(parseURL(c.url), undefined));
  }
  it("uses defaultPort, when given, for a URL without a port whatever its scheme", () => {
    assert.equal(parseURL("https://web/", { defaultPort: 80 })?.port, 80);
    assert.equal(parseURL("https://web:8443/", { defaultPort: 80 })?.port, 8443);
  });
});

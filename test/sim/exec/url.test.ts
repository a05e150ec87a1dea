/** curl's URL parser (lib/urlapi.c): what it accepts, how it normalises hosts, and why it rejects. */
import { strict as assert } from "node:assert";
import { normalizeIPv4, normalizeIPv6, parseCurlURL, parseURL } from "../../../lib/sim/exec/url.js";

describe("parseURL()", () => {
  const cases = [
    { url: "http://my-api:8080/healthz", parts: { scheme: "http", host: "my-api", port: 8080, path: "/healthz", explicitPort: true } },
    { url: "my-api", parts: { scheme: "http", host: "my-api", port: 80, path: "/", explicitPort: false } },
    { url: "https://kubernetes.default/", parts: { scheme: "https", host: "kubernetes.default", port: 443, path: "/", explicitPort: false } },
    { url: "http://web/search?q=a#top", parts: { scheme: "http", host: "web", port: 80, path: "/search?q=a", explicitPort: false } },
    { url: "10.96.0.1:443", parts: { scheme: "http", host: "10.96.0.1", port: 443, path: "/", explicitPort: true } },
    { url: "http://api?x=1", parts: { scheme: "http", host: "api", port: 80, path: "/?x=1", explicitPort: false } },
    { url: "http://api:/", parts: { scheme: "http", host: "api", port: 80, path: "/", explicitPort: false } },
    { url: "http://api:0/", parts: { scheme: "http", host: "api", port: 0, path: "/", explicitPort: true } },
    { url: "http://user:pw@api/", parts: { scheme: "http", host: "api", port: 80, path: "/", user: "user", password: "pw", explicitPort: false } },
    { url: "http://[::1]:8080/", parts: { scheme: "http", host: "[::1]", port: 8080, path: "/", explicitPort: true } },
    { url: "http://[fe80::1%eth0]/", parts: { scheme: "http", host: "[fe80::1%eth0]", port: 80, path: "/", explicitPort: false } },
    { url: "ftp.example.com", parts: { scheme: "ftp", host: "ftp.example.com", port: 21, path: "/", explicitPort: false } },
    { url: "HTTP://API/", parts: { scheme: "http", host: "API", port: 80, path: "/", explicitPort: false } },
  ];
  for (const c of cases) {
    it(`reads ${c.url}`, () => assert.deepEqual(parseURL(c.url), c.parts));
  }
  it("uses defaultPort, when given, for a URL without a port whatever its scheme", () => {
    assert.equal(parseURL("https://web/", { defaultPort: 80 })?.port, 80);
    assert.equal(parseURL("https://web:8443/", { defaultPort: 80 })?.port, 8443);
  });
});

describe("parseCurlURL(): rejections, with curl_url_strerror's text", () => {
  const bad = [
    { url: "", error: "No host part in the URL" },
    { url: ":8080", error: "No host part in the URL" },
    { url: "http://api:65536/", error: "Port number was not a decimal number between 0 and 65535" },
    { url: "http://api:99999999999999999999999/", error: "Port number was not a decimal number between 0 and 65535" },
    { url: "http://api:-1/", error: "Port number was not a decimal number between 0 and 65535" },
    { url: "api:", error: "Port number was not a decimal number between 0 and 65535" },
    { url: "api:/", error: "No host part in the URL" },
    { url: "javascript:alert(1)", error: "Port number was not a decimal number between 0 and 65535" },
    { url: "http://[::1/", error: "Bad IPv6 address" },
    { url: "http://[::g]/", error: "Bad IPv6 address" },
    { url: "http:///", error: "No host part in the URL" },
    { url: "http:////api/", error: "Unsupported number of slashes" },
    { url: "http://a b/", error: "Malformed input to a URL function" },
    { url: "http://a%2Fb/", error: "Bad hostname" },
  ];
  for (const c of bad) {
    it(`rejects ${JSON.stringify(c.url)}: ${c.error}`, () => assert.deepEqual(parseCurlURL(c.url), { error: c.error }));
  }
});

describe("normalizeIPv4(): inet_aton's forms, as curl's ipv4_normalize", () => {
  const cases: [string, string | undefined][] = [
    ["127.1", "127.0.0.1"],
    ["2130706433", "127.0.0.1"],
    ["0x7f000001", "127.0.0.1"],
    ["010.0.0.1", "8.0.0.1"],
    ["10.1.258", "10.1.1.2"],
    ["0", "0.0.0.0"],
    ["1.2.3.4.5", undefined],
    ["999.1.1.1", undefined],
    ["08.1.1.1", undefined],
    ["api", undefined],
  ];
  for (const [host, want] of cases) it(`${host} → ${want ?? "a host name"}`, () => assert.equal(normalizeIPv4(host), want));
});

describe("normalizeIPv6(): inet_pton then inet_ntop", () => {
  const cases: [string, string | undefined][] = [
    ["::1", "::1"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["FE80:0:0:0:0:0:0:1", "fe80::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["::ffff:10.0.0.1", "::ffff:a00:1"],
    ["1::2::3", undefined],
    ["12345::", undefined],
  ];
  for (const [text, want] of cases) it(`${text} → ${want ?? "invalid"}`, () => assert.equal(normalizeIPv6(text), want));
});

/** `dig` as BIND 9.18 prints CoreDNS's replies: flags, the EDNS pseudosection, sections and size. */
import { strict as assert } from "node:assert";
import { clusterIP, dnsToolsCluster } from "../../dns/internal/dns-cluster.js";

describe("dig", () => {
  const cluster = dnsToolsCluster();

  it("prints an authoritative cluster answer (qr aa rd, no recursion) with the cookie CoreDNS echoes and the reply's size", () => {
    const t = cluster.exec("netshoot", "dig my-api.default.svc.cluster.local");
    assert.match(t.stdout, /;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n;; WARNING: recursion requested but not available\n/);
    assert.match(t.stdout, /\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n; COOKIE: [0-9a-f]{16} \(echoed\)\n;; QUESTION SECTION:\n/);
    assert.ok(
      t.stdout.includes(
        `;my-api.default.svc.cluster.local. IN\tA\n\n;; ANSWER SECTION:\nmy-api.default.svc.cluster.local. 30 IN\tA\t${clusterIP(cluster, "my-api")}\n`,
      ),
    );
    // 12 header + 34 name + 4 + answer (34 + 10 + 4) + OPT with an 8-byte cookie (23).
    assert.match(t.stdout, /\n;; MSG SIZE {2}rcvd: 121\n\n$/);
  });

  it("prints a forwarded answer as recursive (qr rd ra) without the recursion warning", () => {
    const t = cluster.exec("netshoot", "dig example.com");
    assert.match(t.stdout, /status: NXDOMAIN/);
    assert.match(t.stdout, /;; flags: qr rd ra; /);
    assert.doesNotMatch(t.stdout, /WARNING/);
    assert.ok(t.stdout.includes(";example.com.\t\t\tIN\tA\n"));
  });

  it("reads the type before or after the name, and -t", () => {
    for (const cmd of ["dig TXT dns-version.cluster.local", "dig dns-version.cluster.local TXT", "dig -t txt dns-version.cluster.local"]) {
      assert.equal(cluster.exec("netshoot", `${cmd} +short`).stdout, '"1.1.0"\n', cmd);
    }
  });

  it("answers NODATA with the SOA for a type a Service does not have", () => {
    const t = cluster.exec("netshoot", "dig AAAA my-api.default.svc.cluster.local");
    assert.match(t.stdout, /status: NOERROR/);
    assert.match(t.stdout, /ANSWER: 0, AUTHORITY: 1,/);
  });
});

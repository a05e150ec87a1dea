/** BIND's `host`: record lines per type, `-t`, and reverse lookups with their DNS hop. */
import { strict as assert } from "node:assert";
import { clusterIP, dnsToolsCluster } from "../../dns/internal/dns-cluster.js";

describe("host", () => {
  const cluster = dnsToolsCluster();

  it("takes -t srv and prints `has SRV record`", () => {
    const t = cluster.exec("netshoot", "host -t srv _http._tcp.my-api.default.svc.cluster.local");
    assert.equal(t.stdout, "_http._tcp.my-api.default.svc.cluster.local has SRV record 0 100 8080 my-api.default.svc.cluster.local.\n");
    assert.equal(t.exitCode, 0);
  });

  it("takes -t txt and prints `descriptive text`", () => {
    assert.equal(cluster.exec("netshoot", "host -t txt dns-version.cluster.local").stdout, 'dns-version.cluster.local descriptive text "1.1.0"\n');
  });

  it("says a name has no record of the type asked (NODATA)", () => {
    const t = cluster.exec("netshoot", "host -t txt my-api.default.svc.cluster.local");
    assert.equal(t.stdout, "my-api.default.svc.cluster.local has no TXT record\n");
  });

  it("shows the PTR query of a reverse lookup as a DNS hop", () => {
    const ip = clusterIP(cluster, "my-api");
    const t = cluster.exec("netshoot", `host ${ip}`);
    assert.equal(t.hops.length, 1);
    assert.match(t.hops[0]!.summary, /^DNS query PTR \S+\.in-addr\.arpa\. to 10\.96\.0\.10:53\/UDP, answered by CoreDNS Pod /);
  });
});

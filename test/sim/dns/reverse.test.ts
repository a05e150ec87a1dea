/**
 * Reverse lookups and endpoint names as CoreDNS's kubernetes plugin answers them
 * (`serviceRecordForIP`, `endpointHostname`), and the records beyond A: TXT dns-version, the SOA
 * of negative answers, SRV's additional records.
 *
 * @see https://github.com/coredns/coredns/blob/master/plugin/kubernetes/reverse.go
 */
import { strict as assert } from "node:assert";
import { clusterIP, dnsToolsCluster, podIP } from "./internal/dns-cluster.js";

describe("DNS: reverse lookups", () => {
  const cluster = dnsToolsCluster();
  const dashed = (ip: string) => ip.replaceAll(".", "-");
  const arpa = (ip: string) => `${ip.split(".").reverse().join(".")}.in-addr.arpa`;

  it("names a Service's ClusterIP after the Service", () => {
    const ip = clusterIP(cluster, "my-api");
    assert.equal(cluster.exec("netshoot", `dig +short -x ${ip}`).stdout, "my-api.default.svc.cluster.local.\n");
  });

  it("names an endpoint's Pod IP <dashed-ip>.<svc>.<ns>.svc.cluster.local, once per Service it backs", () => {
    const ip = podIP(cluster, "api-1");
    const t = cluster.exec("netshoot", `host ${ip}`);
    assert.equal(t.exitCode, 0);
    assert.equal(
      t.stdout,
      `${arpa(ip)} domain name pointer ${dashed(ip)}.my-api.default.svc.cluster.local.\n${arpa(ip)} domain name pointer ${dashed(ip)}.web.default.svc.cluster.local.\n`,
    );
  });

  it("names a Pod with a hostname by its hostname (web-0.nginx…), not its dashed IP", () => {
    const ip = podIP(cluster, "db-0");
    assert.equal(cluster.exec("netshoot", `dig +short -x ${ip}`).stdout, "db-0.nginx.default.svc.cluster.local.\n");
  });

  it("forwards an address CoreDNS does not know (fallthrough in-addr.arpa): NXDOMAIN from upstream, flags qr rd ra", () => {
    const t = cluster.exec("netshoot", "dig -x 10.244.9.9");
    assert.match(t.stdout, /status: NXDOMAIN/);
    assert.match(t.stdout, /;; flags: qr rd ra; QUERY: 1, ANSWER: 0/);
    assert.doesNotMatch(t.stdout, /recursion requested but not available/);
  });
});

describe("DNS: endpoint names", () => {
  const cluster = dnsToolsCluster();
  const dashed = (name: string) => podIP(cluster, name).replaceAll(".", "-");

  it("answers a dashed-IP name for an endpoint without a hostname", () => {
    const t = cluster.exec("netshoot", `dig +short ${dashed("api-0")}.web.default.svc.cluster.local`);
    assert.equal(t.stdout, `${podIP(cluster, "api-0")}\n`);
  });

  it("answers a StatefulSet Pod only by its hostname: the dashed-IP name is NXDOMAIN", () => {
    assert.equal(cluster.exec("netshoot", "dig +short db-0.nginx.default.svc.cluster.local").stdout, `${podIP(cluster, "db-0")}\n`);
    const t = cluster.exec("netshoot", `dig ${dashed("db-0")}.nginx.default.svc.cluster.local`);
    assert.match(t.stdout, /status: NXDOMAIN/);
  });
});

describe("DNS: TXT, SOA and additional records", () => {
  const cluster = dnsToolsCluster();

  it('answers TXT dns-version.cluster.local with "1.1.0"', () => {
    const t = cluster.exec("netshoot", "dig TXT dns-version.cluster.local");
    assert.match(t.stdout, /;dns-version\.cluster\.local\.\tIN\tTXT\n/);
    assert.match(t.stdout, /\ndns-version\.cluster\.local\. 30\tIN\tTXT\t"1\.1\.0"\n/);
  });

  it("puts the zone's SOA in the authority section of an NXDOMAIN", () => {
    const t = cluster.exec("netshoot", "dig nowhere.default.svc.cluster.local");
    assert.match(t.stdout, /ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1/);
    assert.match(
      t.stdout,
      /;; AUTHORITY SECTION:\ncluster\.local\.\t\t30\tIN\tSOA\tns\.dns\.cluster\.local\. hostmaster\.cluster\.local\. \d+ 7200 1800 86400 30\n/,
    );
  });

  it("adds each SRV target's A record in the additional section", () => {
    const t = cluster.exec("netshoot", "dig SRV _http._tcp.web.default.svc.cluster.local");
    assert.match(t.stdout, /ANSWER: 3, AUTHORITY: 0, ADDITIONAL: 4/);
    const additional = t.stdout.split(";; ADDITIONAL SECTION:\n")[1]!.split("\n\n")[0]!.split("\n");
    // The type ends past column 48, so one space (not a tab) comes before the address.
    const expected = ["api-0", "api-1", "api-2"].map(
      (n) => `${podIP(cluster, n).replaceAll(".", "-")}.web.default.svc.cluster.local. 30 IN A ${podIP(cluster, n)}`,
    );
    assert.deepEqual([...additional].sort(), [...expected].sort());
  });

  it("shuffles a headless Service's A records between responses (CoreDNS loadbalance)", () => {
    const orders = new Set<string>();
    for (let i = 0; i < 20; i++) orders.add(cluster.exec("netshoot", "dig +short web.default.svc.cluster.local").stdout);
    assert.ok(orders.size > 1, [...orders].join("\n"));
    for (const o of orders) assert.deepEqual(o.trim().split("\n").sort(), ["api-0", "api-1", "api-2"].map((n) => podIP(cluster, n)).sort());
  });
});

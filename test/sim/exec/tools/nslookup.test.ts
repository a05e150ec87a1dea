/**
 * `nslookup` as each image ships it: BusyBox 1.29+ (networking/nslookup.c with its own resolver),
 * BusyBox 1.28 (getaddrinfo) and BIND's (netshoot). The BusyBox outputs match the ones reported in
 * docker-library/busybox#48, #61 and #75.
 */
import { strict as assert } from "node:assert";
import { clusterIP, dnsToolsCluster, podIP } from "../../dns/internal/dns-cluster.js";

const BB_HEAD = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n";
const BIND_HEAD = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n";

describe("nslookup in busybox:1.36", () => {
  const cluster = dnsToolsCluster();

  it("queries a name with a dot as given, without the search list: my-api.default is NXDOMAIN (exit 1)", () => {
    const t = cluster.exec("bb", "nslookup my-api.default");
    assert.equal(t.stdout, `${BB_HEAD}** server can't find my-api.default: NXDOMAIN\n\n** server can't find my-api.default: NXDOMAIN\n\n`);
    assert.equal(t.exitCode, 1);
    assert.deepEqual(
      t.hops.map((h) => h.summary.split(" to ")[0]),
      ["DNS query A my-api.default.", "DNS query AAAA my-api.default."],
    );
    assert.match(t.hops.at(-1)!.fix!, /without the search list; ask for my-api\.default\.svc\.cluster\.local/);
  });

  it("answers a full name with its A record and says the AAAA query had no answer (exit 0)", () => {
    const t = cluster.exec("bb", "nslookup kubernetes.default.svc.cluster.local");
    assert.equal(
      t.stdout,
      `${BB_HEAD}Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n*** Can't find kubernetes.default.svc.cluster.local: No answer\n\n`,
    );
    assert.equal(t.exitCode, 0);
  });

  it("sends a name without a dot to every search domain, never alone, and exits 1 for the misses", () => {
    const t = cluster.exec("bb", "nslookup my-api");
    const vip = clusterIP(cluster, "my-api");
    assert.equal(
      t.stdout,
      `${BB_HEAD}Name:\tmy-api.default.svc.cluster.local\nAddress: ${vip}\n\n` +
        "** server can't find my-api.svc.cluster.local: NXDOMAIN\n\n** server can't find my-api.cluster.local: NXDOMAIN\n\n" +
        "*** Can't find my-api.default.svc.cluster.local: No answer\n\n" +
        "** server can't find my-api.svc.cluster.local: NXDOMAIN\n\n** server can't find my-api.cluster.local: NXDOMAIN\n\n",
    );
    assert.equal(t.exitCode, 1);
    assert.equal(t.hops.length, 6);
  });

  it("looks an address up with a PTR query", () => {
    const ip = clusterIP(cluster, "my-api");
    const arpa = `${ip.split(".").reverse().join(".")}.in-addr.arpa`;
    assert.equal(cluster.exec("bb", `nslookup ${ip}`).stdout, `${BB_HEAD}${arpa}\tname = my-api.default.svc.cluster.local\n\n`);
  });

  it("takes -type=srv and prints the service line without the target's trailing dot", () => {
    const t = cluster.exec("bb", "nslookup -type=srv _http._tcp.my-api.default.svc.cluster.local");
    assert.equal(t.stdout, `${BB_HEAD}_http._tcp.my-api.default.svc.cluster.local\tservice = 0 100 8080 my-api.default.svc.cluster.local\n\n`);
  });

  it("prints the queried name as typed, trailing dot included", () => {
    assert.equal(
      cluster.exec("bb", "nslookup my-api.").stdout,
      `${BB_HEAD}** server can't find my-api.: NXDOMAIN\n\n** server can't find my-api.: NXDOMAIN\n\n`,
    );
  });

  it("refuses a query type it does not know", () => {
    const t = cluster.exec("bb", "nslookup -type=bogus my-api");
    assert.equal(t.stderr, 'nslookup: invalid query type "bogus"\n');
    assert.equal(t.exitCode, 1);
  });
});

describe("nslookup in busybox:1.28", () => {
  const cluster = dnsToolsCluster();

  it("resolves kubernetes.default through the search list and names each address (the k8s debugging page's image)", () => {
    const t = cluster.exec("old", "nslookup kubernetes.default");
    assert.equal(
      t.stdout,
      "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n" +
        "Name:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n",
    );
    assert.equal(t.exitCode, 0);
  });

  it("says can't resolve on stderr and exits 1 for an unknown name", () => {
    const t = cluster.exec("old", "nslookup nowhere");
    assert.equal(t.stderr, "nslookup: can't resolve 'nowhere'\n");
    assert.equal(t.exitCode, 1);
  });
});

describe("nslookup in netshoot (BIND)", () => {
  const cluster = dnsToolsCluster();

  it("prints Address with #53 and the name the search list found", () => {
    const t = cluster.exec("netshoot", "nslookup my-api.default");
    assert.equal(t.stdout, `${BIND_HEAD}Name:\tmy-api.default.svc.cluster.local\nAddress: ${clusterIP(cluster, "my-api")}\n\n`);
    assert.equal(t.exitCode, 0);
  });

  it("prints an ExternalName's CNAME as `canonical name =`, then the target's address", () => {
    const t = cluster.exec("netshoot", "nslookup alias");
    assert.equal(
      t.stdout,
      `${BIND_HEAD}alias.default.svc.cluster.local\tcanonical name = my-api.default.svc.cluster.local.\nName:\tmy-api.default.svc.cluster.local\nAddress: ${clusterIP(cluster, "my-api")}\n\n`,
    );
  });

  it("takes -type=srv (and -query=srv)", () => {
    const expected = `${BIND_HEAD}_http._tcp.my-api.default.svc.cluster.local\tservice = 0 100 8080 my-api.default.svc.cluster.local.\n\n`;
    assert.equal(cluster.exec("netshoot", "nslookup -type=srv _http._tcp.my-api.default.svc.cluster.local").stdout, expected);
    assert.equal(cluster.exec("netshoot", "nslookup -query=SRV _http._tcp.my-api.default.svc.cluster.local").stdout, expected);
  });

  it("looks an endpoint's address up: the arpa name and its dashed-IP names", () => {
    const ip = podIP(cluster, "api-0");
    const arpa = `${ip.split(".").reverse().join(".")}.in-addr.arpa`;
    const d = ip.replaceAll(".", "-");
    assert.equal(
      cluster.exec("netshoot", `nslookup ${ip}`).stdout,
      `${BIND_HEAD}${arpa}\tname = ${d}.my-api.default.svc.cluster.local.\n${arpa}\tname = ${d}.web.default.svc.cluster.local.\n\n`,
    );
  });

  it("turns an address into its arpa name even with -type=ptr", () => {
    const ip = clusterIP(cluster, "my-api");
    const arpa = `${ip.split(".").reverse().join(".")}.in-addr.arpa`;
    assert.equal(cluster.exec("netshoot", `nslookup -type=ptr ${ip}`).stdout, `${BIND_HEAD}${arpa}\tname = my-api.default.svc.cluster.local.\n\n`);
  });

  it("says NXDOMAIN with the arpa name for an unknown address", () => {
    const t = cluster.exec("netshoot", "nslookup 10.244.9.9");
    assert.equal(t.stdout, `${BIND_HEAD}** server can't find 9.9.244.10.in-addr.arpa: NXDOMAIN\n\n`);
    assert.equal(t.exitCode, 1);
  });
});

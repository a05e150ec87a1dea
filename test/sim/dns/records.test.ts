/**
 * Cluster DNS as a Pod sees it through `cluster.exec`: the queries its resolver sends (the trace's
 * dns-query hops), the records CoreDNS answers (kubeadm's Corefile: `pods insecure`, `ttl 30`),
 * and the resolv.conf each dnsPolicy gives.
 */
import { strict as assert } from "node:assert";
import { Cluster, type Trace } from "../../../lib/index.js";
import { intToIp } from "../../../lib/sim/index.js";
import { namespace, pod, podWith, serviceWith, statefulSet, toolsContainer } from "../internal/fixtures.js";
import { engineOf } from "../../../lib/internal/engine.js";

/**
 * default: client, my-api, web (named port http) and plain (unnamed port) over one nginx Pod, the
 * StatefulSet web (web-0, web-1) behind headless nginx, busybox-1 (hostname + subdomain) behind
 * headless default-subdomain, headless ghosts (no Pods), ExternalName my-db.
 * shop: client. other: my-api.
 */
function dnsCluster(): Cluster {
  const cluster = new Cluster({ nodes: 2, seed: 1 });
  cluster.apply([
    namespace("shop"),
    namespace("other"),
    pod("client"),
    pod("client", { namespace: "shop" }),
    serviceWith("my-api", { selector: { app: "x" }, ports: [{ port: 8080 }] }),
    serviceWith("my-api", { selector: { app: "x" }, ports: [{ port: 8080 }] }, "other"),
    podWith("site", [{ name: "nginx", image: "nginx:1.27" }], { labels: { app: "site" } }),
    serviceWith("web", { selector: { app: "site" }, ports: [{ name: "http", port: 80 }] }),
    serviceWith("plain", { selector: { app: "site" }, ports: [{ port: 80 }] }),
    statefulSet("web", 2, { serviceName: "nginx" }),
    serviceWith("nginx", { clusterIP: "None", selector: { app: "nginx" }, ports: [{ name: "web", port: 80 }] }),
    podWith("busybox1", [toolsContainer("busybox")], { labels: { app: "sub" }, spec: { hostname: "busybox-1", subdomain: "default-subdomain" } }),
    serviceWith("default-subdomain", { clusterIP: "None", selector: { app: "sub" }, ports: [{ name: "foo", port: 1234 }] }),
    serviceWith("ghosts", { clusterIP: "None", selector: { app: "ghost" }, ports: [{ port: 80 }] }),
    serviceWith("my-db", { type: "ExternalName", externalName: "db.example.com" }),
  ]);
  cluster.advance("60s");
  return cluster;
}

/** The A queries' hops (BIND's nslookup follows a found name with one AAAA query). */
const aHops = (t: Trace) => t.hops.filter((h) => h.kind === "dns-query" && h.summary.startsWith("DNS query A "));

/** The names the resolver asked A records for, in order, as the trace's dns-query hops show them. */
function queried(t: Trace): string[] {
  return aHops(t).map((h) => /^DNS query \w+ (\S+) to /.exec(h.summary)![1]!);
}

const ipOf = (cluster: Cluster, name: string, ns = "default") => intToIp(engineOf(cluster).pod(ns, name)!.podIP!);
const vipOf = (cluster: Cluster, name: string, ns = "default") => intToIp(engineOf(cluster).service(ns, name)!.clusterIP!);

describe("DNS: the search list, as the trace's dns-query hops show it", () => {
  const cluster = dnsCluster();
  const suffixes = (ns: string) => [`${ns}.svc.cluster.local.`, "svc.cluster.local.", "cluster.local."];
  const cases: { name: string; host: string; queries: (ns: string) => string[]; answers: (ns: string) => boolean }[] = [
    {
      name: "a short name is tried in the Pod's own namespace first, then every other suffix, then as given",
      host: "my-api",
      queries: (ns) => (ns === "default" ? ["my-api.default.svc.cluster.local."] : [...suffixes(ns).map((s) => `my-api.${s}`), "my-api."]),
      answers: (ns) => ns === "default",
    },
    {
      name: "<svc>.<namespace> misses in the Pod's namespace and answers on svc.cluster.local",
      host: "my-api.other",
      queries: (ns) => [`my-api.other.${ns}.svc.cluster.local.`, "my-api.other.svc.cluster.local."],
      answers: () => true,
    },
    {
      name: "<svc>.<namespace>.svc answers on the third suffix (cluster.local)",
      host: "my-api.other.svc",
      queries: (ns) => suffixes(ns).map((s) => `my-api.other.svc.${s}`),
      answers: () => true,
    },
    {
      name: "www.example.com (2 dots < ndots:5) goes through all 3 suffixes before the absolute name",
      host: "www.example.com",
      queries: (ns) => [...suffixes(ns).map((s) => `www.example.com.${s}`), "www.example.com."],
      answers: () => false,
    },
    {
      name: "a name with a trailing dot is asked once, as given",
      host: "my-api.other.svc.cluster.local.",
      queries: () => ["my-api.other.svc.cluster.local."],
      answers: () => true,
    },
  ];
  for (const ns of ["default", "shop"]) {
    for (const c of cases) {
      it(`from namespace ${ns}: ${c.name}`, () => {
        const t = cluster.exec("client", `nslookup ${c.host}`, { namespace: ns });
        assert.deepEqual(queried(t), c.queries(ns));
        assert.equal(t.exitCode, c.answers(ns) ? 0 : 1);
        const verdicts = aHops(t).map((h) => h.verdict);
        assert.deepEqual(
          verdicts.slice(0, -1),
          verdicts.slice(0, -1).map(() => "not-found"),
          "every query before the last missed",
        );
        assert.equal(verdicts.at(-1), c.answers(ns) ? "answered" : "not-found");
      });
    }
  }
});

describe("DNS: Service records", () => {
  const cluster = dnsCluster();

  it("answers <svc>.<ns>.svc.cluster.local with the ClusterIP, TTL 30, in dig's answer section", () => {
    const t = cluster.exec("client", "dig my-api.default.svc.cluster.local");
    assert.match(t.stdout, /status: NOERROR/);
    // dig's columns: a name past column 24 is followed by one space, and so on (BIND's debug style).
    assert.ok(t.stdout.includes(`\n;; ANSWER SECTION:\nmy-api.default.svc.cluster.local. 30 IN\tA\t${vipOf(cluster, "my-api")}\n`), t.stdout);
  });

  const srv = [
    {
      name: "a named port has an SRV record pointing at the Service",
      query: "_http._tcp.web.default.svc.cluster.local",
      short: () => "0 100 80 web.default.svc.cluster.local.\n",
    },
    { name: "an unnamed port has no SRV record", query: "_http._tcp.plain.default.svc.cluster.local", short: () => "" },
    { name: "a protocol the port does not use has no SRV record", query: "_http._udp.web.default.svc.cluster.local", short: () => "" },
    {
      name: "a headless Service has one SRV record per ready Pod, with its per-Pod name",
      query: "_web._tcp.nginx.default.svc.cluster.local",
      short: () => "0 50 80 web-0.nginx.default.svc.cluster.local.\n0 50 80 web-1.nginx.default.svc.cluster.local.\n",
    },
  ];
  for (const c of srv) {
    it(`dig SRV: ${c.name}`, () => {
      const t = cluster.exec("client", `dig SRV ${c.query} +short`);
      assert.equal(t.exitCode, 0);
      assert.equal(t.stdout, c.short());
      if (c.short() === "") assert.match(cluster.exec("client", `dig SRV ${c.query}`).stdout, /status: NXDOMAIN/);
    });
  }

  it("answers a headless Service with the ready Pods' IPs, not a ClusterIP", () => {
    const t = cluster.exec("client", "dig +short nginx.default.svc.cluster.local");
    assert.deepEqual(t.stdout.trim().split("\n").sort(), [ipOf(cluster, "web-0"), ipOf(cluster, "web-1")].sort());
  });

  it("answers NXDOMAIN for a headless Service with no ready Pod", () => {
    const t = cluster.exec("client", "nslookup ghosts");
    assert.equal(t.exitCode, 1);
    assert.match(t.stdout, /\*\* server can't find ghosts: NXDOMAIN/);
  });

  it("answers a StatefulSet Pod's name <pod>.<serviceName>.<ns>.svc with that Pod's IP", () => {
    const t = cluster.exec("client", "dig +short web-0.nginx.default.svc.cluster.local");
    assert.equal(t.stdout, `${ipOf(cluster, "web-0")}\n`);
    const short = cluster.exec("client", "nslookup web-1.nginx");
    assert.match(
      short.stdout,
      new RegExp(`Name:\\tweb-1\\.nginx\\.default\\.svc\\.cluster\\.local\\nAddress: ${ipOf(cluster, "web-1").replaceAll(".", "\\.")}\\n`),
    );
  });

  it("answers <hostname>.<subdomain>.<ns>.svc for a Pod with hostname and subdomain behind a headless Service", () => {
    const t = cluster.exec("client", "dig +short busybox-1.default-subdomain.default.svc.cluster.local");
    assert.equal(t.stdout, `${ipOf(cluster, "busybox1")}\n`);
  });

  it("answers a dashed-IP Pod name <a-b-c-d>.<ns>.pod.cluster.local even when no Pod has that IP, NXDOMAIN in an unknown namespace", () => {
    assert.ok(
      !engineOf(cluster)
        .pods()
        .some((p) => p.podIP !== undefined && intToIp(p.podIP) === "10.244.1.250"),
      "no Pod has 10.244.1.250",
    );
    assert.equal(cluster.exec("client", "dig +short 10-244-1-250.default.pod.cluster.local").stdout, "10.244.1.250\n");
    const nx = cluster.exec("client", "dig 10-244-1-250.no-such-ns.pod.cluster.local");
    assert.match(nx.stdout, /status: NXDOMAIN/);
    assert.equal(nx.outcome, "nxdomain");
  });

  it("answers an ExternalName Service with a CNAME, which curl cannot follow out of the cluster (exit 6)", () => {
    const dig = cluster.exec("client", "dig my-db.default.svc.cluster.local");
    assert.ok(dig.stdout.includes("\nmy-db.default.svc.cluster.local. 30 IN\tCNAME\tdb.example.com.\n"), dig.stdout);
    assert.equal(cluster.exec("client", "dig +short my-db.default.svc.cluster.local").stdout, "db.example.com.\n");
    const curl = cluster.exec("client", "curl http://my-db/");
    assert.equal(curl.exitCode, 6);
    assert.equal(curl.stderr, "curl: (6) Could not resolve host: my-db\n");
    assert.deepEqual(queried(curl), ["my-db.default.svc.cluster.local.", "db.example.com."]);
    assert.match(curl.hops[1]!.summary, /forwards names outside cluster\.local/);
  });

  const ptr = [
    {
      name: "the kubernetes Service",
      ip: "10.96.0.1",
      stdout: "1.0.96.10.in-addr.arpa domain name pointer kubernetes.default.svc.cluster.local.\n",
      exitCode: 0,
    },
    { name: "kube-dns", ip: "10.96.0.10", stdout: "10.0.96.10.in-addr.arpa domain name pointer kube-dns.kube-system.svc.cluster.local.\n", exitCode: 0 },
    { name: "an unused ClusterIP", ip: "10.96.0.99", stdout: "", stderr: "Host 99.0.96.10.in-addr.arpa not found: 3(NXDOMAIN)\n", exitCode: 1 },
  ];
  for (const c of ptr) {
    it(`host ${c.ip}: PTR for ${c.name}`, () => {
      const t = cluster.exec("client", `host ${c.ip}`);
      assert.equal(t.stdout, c.stdout);
      assert.equal(t.exitCode, c.exitCode);
      if (c.stderr) assert.equal(t.stderr, c.stderr);
    });
  }

  it("dig -x 10.96.0.10 +short answers the PTR name", () => {
    const t = cluster.exec("client", "dig -x 10.96.0.10 +short");
    assert.equal(t.stdout, "kube-dns.kube-system.svc.cluster.local.\n");
  });
});

describe("DNS: records that follow readiness and objects", () => {
  it("drops a StatefulSet Pod's A record and SRV entry while it is not ready", () => {
    const cluster = dnsCluster();
    cluster.setReady("web-0", false);
    const a = cluster.exec("client", "dig web-0.nginx.default.svc.cluster.local");
    assert.match(a.stdout, /status: NXDOMAIN/);
    assert.equal(
      cluster.exec("client", "dig SRV _web._tcp.nginx.default.svc.cluster.local +short").stdout,
      "0 100 80 web-1.nginx.default.svc.cluster.local.\n",
    );
    assert.equal(cluster.exec("client", "dig +short nginx.default.svc.cluster.local").stdout, `${ipOf(cluster, "web-1")}\n`);
  });

  it("answers NXDOMAIN for a headless Service once none of its Pods is ready", () => {
    const cluster = dnsCluster();
    cluster.setReady("web-0", false);
    cluster.setReady("web-1", false);
    assert.match(cluster.exec("client", "dig nginx.default.svc.cluster.local").stdout, /status: NXDOMAIN/);
  });

  it("forgets <hostname>.<subdomain> when the headless Service is deleted", () => {
    const cluster = dnsCluster();
    cluster.delete("service", "default-subdomain");
    assert.match(cluster.exec("client", "dig busybox-1.default-subdomain.default.svc.cluster.local").stdout, /status: NXDOMAIN/);
  });
});

describe("DNS: resolv.conf by dnsPolicy", () => {
  const cluster = new Cluster({ nodes: 2, seed: 1 });
  cluster.apply([
    namespace("shop"),
    podWith("default-policy", [toolsContainer()], { spec: { dnsPolicy: "Default" } }),
    podWith("none-policy", [toolsContainer()], {
      spec: {
        dnsPolicy: "None",
        dnsConfig: {
          nameservers: ["1.2.3.4"],
          searches: ["ns1.svc.cluster-domain.example", "my.dns.search.suffix"],
          options: [{ name: "ndots", value: "2" }, { name: "edns0" }],
        },
      },
    }),
    podWith("merged", [toolsContainer()], { namespace: "shop", spec: { dnsConfig: { searches: ["corp.example"], options: [{ name: "ndots", value: "2" }] } } }),
    podWith("hostnet", [toolsContainer()], { spec: { hostNetwork: true } }),
    podWith("hostnet-cf", [toolsContainer()], { spec: { hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet" } }),
    podWith("plain-cf-hostnet", [toolsContainer()], { spec: { dnsPolicy: "ClusterFirstWithHostNet" } }),
  ]);
  const clusterFirst = "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n";
  const cases = [
    { name: "Default copies the node's resolver", pod: "default-policy", conf: "nameserver 172.18.0.1\n" },
    {
      name: "None uses dnsConfig alone",
      pod: "none-policy",
      conf: "search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 1.2.3.4\noptions ndots:2 edns0\n",
    },
    {
      name: "ClusterFirst merges dnsConfig: searches appended, a same-named option overridden",
      pod: "merged",
      namespace: "shop",
      conf: "search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\noptions ndots:2\n",
    },
    { name: "a hostNetwork Pod under ClusterFirst falls back to the node's resolver", pod: "hostnet", conf: "nameserver 172.18.0.1\n" },
    { name: "a hostNetwork Pod with ClusterFirstWithHostNet gets the cluster DNS", pod: "hostnet-cf", conf: clusterFirst },
    { name: "ClusterFirstWithHostNet on a Pod network Pod is plain ClusterFirst", pod: "plain-cf-hostnet", conf: clusterFirst },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(cluster.exec(c.pod, "cat /etc/resolv.conf", c.namespace ? { namespace: c.namespace } : {}).stdout, c.conf);
    });
  }

  it("sends a Default-policy Pod's Service lookups to the node's resolver, which knows no Service", () => {
    cluster.apply(serviceWith("web", { selector: { app: "web" }, ports: [{ port: 80 }] }));
    const t = cluster.exec("default-policy", "curl http://web/");
    assert.equal(t.exitCode, 6);
    assert.deepEqual(queried(t), ["web."]);
    assert.equal(t.hops[0]!.dst, "172.18.0.1:53");
    assert.match(t.failedHop!.fix!, /dnsPolicy ClusterFirst/);
  });
});

/**
 * `cluster.load()` and `cluster.proxyRules()`: how kube-proxy spreads many connections (random in
 * iptables mode, strict rotation in IPVS mode, sticky with ClientIP affinity) and the rules it
 * programs, as `iptables-save` and `ipvsadm -Ln` print them.
 */
import { strict as assert } from "node:assert";
import { Cluster, ErrorCode, PodtalkError } from "../../lib/index.js";
import { intToIp, type ProxyMode } from "../../lib/sim/index.js";
import { pinnedDeployment, pod, podWith, serviceWith, toolsContainer, whoamiContainer } from "./internal/fixtures.js";
import { engineOf } from "../../lib/internal/engine.js";

/** Three whoami Pods (api) behind api, api-np (NodePort 30080) and sticky (ClientIP); empty selects nothing. */
function loadCluster(proxyMode: ProxyMode, options: { stickyTimeout?: number; seed?: number } = {}): Cluster {
  const cluster = new Cluster({ nodes: 2, seed: options.seed ?? 1, proxyMode });
  cluster.apply([
    pod("client", { nodeName: "node-1" }),
    pinnedDeployment("api", 3, "node-2", [whoamiContainer()]),
    serviceWith("api", { selector: { app: "api" }, ports: [{ port: 8080 }] }),
    serviceWith("api-np", { type: "NodePort", selector: { app: "api" }, ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] }),
    serviceWith("sticky", {
      selector: { app: "api" },
      ports: [{ port: 8080 }],
      sessionAffinity: "ClientIP",
      ...(options.stickyTimeout ? { sessionAffinityConfig: { clientIP: { timeoutSeconds: options.stickyTimeout } } } : {}),
    }),
    serviceWith("empty", { selector: { app: "none" }, ports: [{ port: 80 }] }),
  ]);
  return cluster;
}

const apiPods = (cluster: Cluster) =>
  engineOf(cluster)
    .pods()
    .filter((p) => p.labels["app"] === "api")
    .map((p) => p.name)
    .sort();

describe("cluster.load(): kube-proxy iptables mode", () => {
  const cluster = loadCluster("iptables");

  it("spreads 30,000 connections within 1% of uniform over 3 endpoints", () => {
    const load = cluster.load("client", "http://api:8080/", { requests: 30_000 });
    assert.equal(load.proxyMode, "iptables");
    assert.deepEqual(load.failures, []);
    assert.deepEqual(
      load.servedBy.map((s) => s.pod),
      apiPods(cluster),
    );
    for (const s of load.servedBy) assert.ok(Math.abs(s.count / 30_000 - 1 / 3) < 0.01, `${s.pod}: ${s.count}`);
  });

  it("picks at random rather than in turn", () => {
    const { sequence } = cluster.load("client", "http://api:8080/", { requests: 300 });
    assert.ok(
      sequence.some((p, i) => i >= 3 && p !== sequence[i - 3]),
      "not a strict A,B,C rotation",
    );
  });
});

describe("cluster.load(): kube-proxy IPVS mode", () => {
  it("rotates strictly: A, B, C, A, B, C, …", () => {
    const cluster = loadCluster("ipvs");
    const load = cluster.load("client", "http://api:8080/", { requests: 30 });
    const first = load.sequence.slice(0, 3);
    assert.deepEqual([...first].sort(), apiPods(cluster));
    assert.deepEqual(
      load.sequence,
      Array.from({ length: 30 }, (_, i) => first[i % 3]),
    );
    assert.deepEqual(
      load.servedBy.map((s) => s.count),
      [10, 10, 10],
    );
  });

  it("keeps the rotation going across separate loads and execs", () => {
    const cluster = loadCluster("ipvs");
    const a = cluster.load("client", "http://api:8080/", { requests: 2 }).sequence;
    const viaExec = cluster.exec("client", "curl -s http://api:8080/").servedBy!.pod;
    const b = cluster.load("client", "http://api:8080/", { requests: 1 }).sequence;
    assert.deepEqual([...a, viaExec, ...b], [a[0], a[1], viaExec, a[0]]);
    assert.equal(new Set([...a, viaExec]).size, 3);
  });
});

for (const proxyMode of ["iptables", "ipvs", "nftables"] as const) {
  describe(`cluster.load(): sessionAffinity ClientIP, ${proxyMode} mode`, () => {
    it("sends 100 connections from one client to one Pod", () => {
      const cluster = loadCluster(proxyMode);
      const load = cluster.load("client", "http://sticky:8080/", { requests: 100 });
      assert.equal(load.servedBy.length, 1);
      assert.equal(load.servedBy[0]!.count, 100);
    });

    it("stays with that Pod within timeoutSeconds and may pick another after it", () => {
      const cluster = loadCluster(proxyMode, { stickyTimeout: 60 });
      const first = cluster.load("client", "http://sticky:8080/", { requests: 1 }).sequence[0];
      cluster.advance(59);
      assert.equal(cluster.load("client", "http://sticky:8080/", { requests: 1 }).sequence[0], first);
      const later = new Set<string>();
      for (let i = 0; i < 12; i++) {
        cluster.advance(61);
        later.add(cluster.load("client", "http://sticky:8080/", { requests: 1 }).sequence[0]!);
      }
      assert.ok(later.size > 1, `after each timeout a fresh pick: ${[...later].join(", ")}`);
    });

    it("says so in the trace", () => {
      const cluster = loadCluster(proxyMode);
      cluster.exec("client", "curl -s http://sticky:8080/");
      const t = cluster.exec("client", "curl -s http://sticky:8080/");
      assert.match(t.hops.find((h) => h.kind === "kube-proxy")!.summary, /session affinity \(ClientIP\) remembers it for 10800s/);
    });
  });
}

describe("cluster.load(): failures", () => {
  const cluster = loadCluster("iptables");
  const cases = [
    { name: "a Service with no endpoints refuses every request", url: "http://empty/", outcome: "refused" },
    { name: "an unknown name fails every request with NXDOMAIN", url: "http://nope:8080/", outcome: "nxdomain" },
    { name: "a port the Service does not expose times out", url: "http://api:9999/", outcome: "timeout" },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      const load = cluster.load("client", c.url, { requests: 5 });
      assert.deepEqual(load.servedBy, []);
      assert.deepEqual(load.failures, [{ outcome: c.outcome, count: 5 }]);
      assert.deepEqual(load.sequence, ["", "", "", "", ""]);
    });
  }

  const invalid = [
    { name: "zero requests", requests: 0 },
    { name: "a fraction of a request", requests: 1.5 },
    { name: "more than a million requests", requests: 1_000_001 },
  ];
  for (const c of invalid) {
    it(`rejects ${c.name}`, () => {
      assert.throws(
        () => cluster.load("client", "http://api:8080/", { requests: c.requests }),
        (e: unknown) => e instanceof PodtalkError && e.code === ErrorCode.BadRequest && e.message.startsWith(`Invalid requests ${c.requests}:`),
      );
    });
  }
});

describe("cluster.proxyRules(): iptables-save", () => {
  const cluster = loadCluster("iptables");
  const text = cluster.proxyRules("node-1").toString();
  const [filter, nat] = text.split("\n*nat\n") as [string, string];
  const vip = (name: string) => intToIp(engineOf(cluster).service("default", name)!.clusterIP!);
  const endpoints = engineOf(cluster)
    .pods()
    .filter((p) => p.labels["app"] === "api")
    .map((p) => `${intToIp(p.podIP!)}:8080`)
    .sort();
  const chainOf = (line: RegExp) => {
    const m = nat.split("\n").find((l) => line.test(l));
    assert.ok(m, `no line matches ${line}`);
    return /-j (KUBE-\w+-\w+)$/.exec(m)![1]!;
  };

  it("matches the ClusterIP and port in KUBE-SERVICES and jumps to the Service's KUBE-SVC chain", () => {
    const svc = chainOf(
      new RegExp(
        `^-A KUBE-SERVICES -d ${vip("api").replaceAll(".", "\\.")}/32 -p tcp -m comment --comment "default/api cluster IP" -m tcp --dport 8080 -j KUBE-SVC-[A-Z2-7]{16}$`,
      ),
    );
    assert.ok(nat.includes(`\n:${svc} - [0:0]\n`), "the chain is declared");
  });

  it("gives 3 endpoints the probabilities 0.33333333349, 0.50000000000 (as iptables-save prints them) and a last unconditional rule, each to a KUBE-SEP chain that DNATs", () => {
    const svc = chainOf(/^-A KUBE-SERVICES .*"default\/api cluster IP"/);
    const jumps = nat.split("\n").filter((l) => l.startsWith(`-A ${svc} `) && !l.includes("KUBE-MARK-MASQ"));
    assert.equal(jumps.length, 3);
    assert.deepEqual(
      jumps.map((l) => /--probability (\S+)/.exec(l)?.[1]),
      ["0.33333333349", "0.50000000000", undefined],
    );
    jumps.forEach((l, i) => {
      assert.ok(l.includes(`--comment "default/api -> ${endpoints[i]}"`), l);
      const sep = /-j (KUBE-SEP-[A-Z2-7]{16})$/.exec(l)![1]!;
      assert.ok(nat.includes(`\n-A ${sep} -p tcp -m comment --comment "default/api" -m tcp -j DNAT --to-destination ${endpoints[i]}\n`));
    });
  });

  it("sends a NodePort through KUBE-NODEPORTS and a KUBE-EXT chain that marks for masquerade", () => {
    const ext = chainOf(/^-A KUBE-NODEPORTS -p tcp -m comment --comment "default\/api-np" -m tcp --dport 30080 -j KUBE-EXT-[A-Z2-7]{16}$/);
    assert.ok(nat.includes(`\n-A ${ext} -m comment --comment "masquerade traffic for default/api-np external destinations" -j KUBE-MARK-MASQ\n`));
    assert.ok(nat.includes(`\n-A ${ext} -j ${ext.replace("KUBE-EXT-", "KUBE-SVC-")}\n`));
    assert.ok(nat.includes("-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS"));
  });

  it("remembers ClientIP affinity for 10800 s with `-m recent --rcheck --seconds 10800 --reap` (in libxt_recent's save order)", () => {
    const svc = chainOf(/^-A KUBE-SERVICES .*"default\/sticky cluster IP"/);
    const recent = nat.split("\n").filter((l) => l.startsWith(`-A ${svc} `) && l.includes(" -m recent "));
    assert.equal(recent.length, 3);
    for (const l of recent)
      assert.match(l, / -m recent --rcheck --seconds 10800 --reap --name (KUBE-SEP-[A-Z2-7]{16}) --mask 255\.255\.255\.255 --rsource -j \1$/);
    assert.ok(
      !nat.split("\n").some((l) => l.startsWith(`-A KUBE-SVC-`) && l.includes("default/api ->") && l.includes("-m recent")),
      "no affinity without ClientIP",
    );
  });

  it("lists a Service with no endpoints as a REJECT in the filter table, not in nat", () => {
    const reject = `-A KUBE-SERVICES -d ${vip("empty")}/32 -p tcp -m comment --comment "default/empty has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`;
    assert.ok(filter.split("\n").includes(reject), filter);
    assert.ok(!nat.includes("default/empty"));
  });

  it("is the same on every node (ClusterIP rules are not node-specific)", () => {
    assert.equal(cluster.proxyRules("node-2").toString().split("\n").slice(1).join("\n"), text.split("\n").slice(1).join("\n"));
  });
});

describe("cluster.proxyRules(): ipvsadm -Ln", () => {
  const cluster = loadCluster("ipvs");
  const vip = (name: string) => intToIp(engineOf(cluster).service("default", name)!.clusterIP!);
  const endpoints = engineOf(cluster)
    .pods()
    .filter((p) => p.labels["app"] === "api")
    .map((p) => `${intToIp(p.podIP!)}:8080`)
    .sort();
  const text = (node: string) => cluster.proxyRules(node).toString();
  const realServers = (lines: string[], virtual: string) => {
    const i = lines.indexOf(virtual);
    assert.ok(i >= 0, `no virtual server ${virtual}`);
    const out: string[] = [];
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith("  -> "); j++) out.push(lines[j]!);
    return out;
  };

  it("prints ipvsadm's header, then each virtual server with rr and its real servers (Masq, weight 1)", () => {
    const lines = text("node-1").split("\n");
    assert.deepEqual(lines.slice(0, 3), [
      "IP Virtual Server version 1.2.1 (size=4096)",
      "Prot LocalAddress:Port Scheduler Flags",
      "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
    ]);
    const real = realServers(lines, `TCP  ${vip("api")}:8080 rr`);
    assert.deepEqual(
      real.map((l) => l.slice(5).split(/\s+/)[0]),
      endpoints,
    );
    for (const l of real) assert.match(l, /\sMasq {4}1 {6}0 {10}0$/);
  });

  it("adds a virtual server on each node's own address for a NodePort", () => {
    assert.equal(realServers(text("node-1").split("\n"), "TCP  172.18.0.2:30080 rr").length, 3);
    assert.equal(realServers(text("node-2").split("\n"), "TCP  172.18.0.3:30080 rr").length, 3);
  });

  it("marks ClientIP affinity as persistent 10800", () => {
    assert.equal(realServers(text("node-1").split("\n"), `TCP  ${vip("sticky")}:8080 rr persistent 10800`).length, 3);
  });

  it("keeps a virtual server with no real servers for a Service with no endpoints", () => {
    assert.deepEqual(realServers(text("node-1").split("\n"), `TCP  ${vip("empty")}:80 rr`), []);
  });

  it("lines the real servers' Forward column up under the header", () => {
    const lines = text("node-1").split("\n");
    const forward = lines[2]!.indexOf("Forward");
    for (const l of lines.filter((x) => x.startsWith("  -> ") && x.includes("Masq"))) assert.equal(l.indexOf("Masq"), forward, l);
  });
});

describe("cluster.proxyRules(): errors", () => {
  it("names the nodes when asked for one that does not exist", () => {
    const cluster = loadCluster("iptables");
    assert.throws(
      () => cluster.proxyRules("node-9"),
      (e: unknown) => e instanceof PodtalkError && e.code === ErrorCode.NotFound && /nodes "node-9" not found; nodes are node-1, node-2/.test(e.message),
    );
  });
});

describe("cluster.load(): names", () => {
  it("resolves the Pod's own hostname from /etc/hosts, as curl does, instead of failing every request", () => {
    const cluster = new Cluster({ nodes: 2, seed: 1 });
    cluster.apply([podWith("self", [toolsContainer(), whoamiContainer()], { spec: { hostname: "box", nodeName: "node-2" } })]);
    assert.equal(cluster.exec("self", "curl -s http://box:8080/").exitCode, 0);
    const load = cluster.load("self", "http://box:8080/", { requests: 5 });
    assert.deepEqual(load.servedBy, [{ pod: "self", count: 5 }]);
    assert.deepEqual(load.failures, []);
  });
});

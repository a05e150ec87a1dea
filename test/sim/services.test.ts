/**
 * Services as the API server and the EndpointSlice controller make them: ClusterIPs from the
 * upper band, NodePorts in 30000–32767, headless and ExternalName Services, slices of at most 100
 * endpoints, named targetPorts resolved per Pod, and selection within one namespace.
 *
 * Sources: kubernetes.io/docs/concepts/services-networking/service/ (ports, selectors, headless,
 * ExternalName, NodePort), kubernetes.io/docs/concepts/services-networking/cluster-ip-allocation/
 * (upper band first), kubernetes.io/docs/concepts/services-networking/endpoint-slices/; kubernetes/kubernetes
 * pkg/kubeapiserver/options/options.go (default ranges), pkg/printers/internalversion/printers.go.
 */
import { strict as assert } from "node:assert";
import { ErrorCode, PodtalkError } from "../../lib/model/index.js";
import { getTable } from "../../lib/render/index.js";
import { Simulation, intToIp } from "../../lib/sim/index.js";
import { contains, ipToInt, parseCIDR } from "../../lib/sim/ip.js";
import { deployment, namespace, pod, podWith, service, serviceWith } from "./internal/fixtures.js";

const SLICE_NAME = (svc: string) => new RegExp(`^${svc}-[bcdfghjklmnpqrstvwxz2456789]{5}$`);

function snapshot(sim: Simulation): string {
  return JSON.stringify({ now: sim.now, pods: sim.pods(), services: sim.services(), slices: sim.endpointSlices(), events: sim.events() });
}

function rejected(sim: Simulation, manifest: Parameters<Simulation["apply"]>[0], message: string): void {
  const before = snapshot(sim);
  assert.throws(
    () => sim.apply(manifest),
    (e: unknown) => e instanceof PodtalkError && e.code === ErrorCode.Invalid && e.message.startsWith(message),
    `expected a message starting ${message}`,
  );
  assert.equal(snapshot(sim), before, "the cluster is unchanged");
}

describe("ClusterIP allocation", () => {
  const ranges = [
    { cidr: "10.96.0.0/12", staticBandEnd: "10.96.1.0", why: "a /12 reserves min(max(16, 2^20/16), 256) = 256 addresses for static picks" },
    { cidr: "10.96.0.0/24", staticBandEnd: "10.96.0.16", why: "a /24 reserves max(16, 256/16) = 16 addresses for static picks" },
  ];
  for (const r of ranges) {
    it(`hands out 40 dynamic ClusterIPs in ${r.cidr}, all above ${r.staticBandEnd} (${r.why}), no two alike`, () => {
      const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false, serviceCIDR: r.cidr });
      sim.apply(Array.from({ length: 40 }, (_, i) => service(`s${i}`, { app: `a${i}` })));
      const cidr = parseCIDR(r.cidr, "serviceCIDR");
      const ips = Array.from({ length: 40 }, (_, i) => sim.service("default", `s${i}`)!.clusterIP!);
      assert.equal(new Set(ips).size, 40);
      for (const ip of ips) {
        assert.ok(contains(cidr, ip), `${intToIp(ip)} in ${r.cidr}`);
        assert.ok(ip > ipToInt(r.staticBandEnd), `${intToIp(ip)} above ${r.staticBandEnd}`);
      }
    });
  }

  it("gives a requested free ClusterIP from the static band", () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    sim.apply(service("pinned", { app: "x" }, { clusterIP: "10.96.0.50" }));
    assert.equal(intToIp(sim.service("default", "pinned")!.clusterIP!), "10.96.0.50");
  });

  const clashes = [
    { name: "the kubernetes Service's 10.96.0.1", ip: "10.96.0.1" },
    { name: "kube-dns's 10.96.0.10", ip: "10.96.0.10" },
  ];
  for (const c of clashes) {
    it(`refuses a Service asking for ${c.name} (in use) and leaves the cluster unchanged`, () => {
      const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
      rejected(sim, service("clash", { app: "x" }, { clusterIP: c.ip }), `The Service "clash" is invalid: spec.clusterIPs`);
      assert.throws(
        () => sim.apply(service("clash", { app: "x" }, { clusterIP: c.ip })),
        (e: unknown) => e instanceof Error && e.message.includes(`failed to allocate IP ${c.ip}: provided IP is already allocated`),
      );
      assert.equal(sim.service("default", "clash"), undefined);
    });
  }

  // pkg/registry/core/service/storage/alloc.go: field.Invalid(spec.clusterIPs, service.Spec.ClusterIPs,
  // "failed to allocate IP %v: %v"); since v1.34 a []string value prints as JSON (it printed %#v).
  it('words the clash as the API server: `spec.clusterIPs: Invalid value: ["10.96.0.10"]: failed to allocate IP 10.96.0.10: provided IP is already allocated`', () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    rejected(
      sim,
      service("clash", { app: "x" }, { clusterIP: "10.96.0.10" }),
      'The Service "clash" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.10"]: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
  });

  it('refuses to change a ClusterIP once set: `spec.clusterIPs[0]: Invalid value: ["10.96.0.51"]: may not change once set`', () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    sim.apply(service("fixed", { app: "x" }, { clusterIP: "10.96.0.50" }));
    rejected(
      sim,
      service("fixed", { app: "x" }, { clusterIP: "10.96.0.51" }),
      'The Service "fixed" is invalid: spec.clusterIPs[0]: Invalid value: ["10.96.0.51"]: may not change once set',
    );
  });

  it("words a ClusterIP outside the serviceCIDR as v1.35's ServiceCIDR allocator does, and creates no IPAddress", () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    rejected(
      sim,
      service("far", { app: "x" }, { clusterIP: "100.96.0.10" }),
      'The Service "far" is invalid: spec.clusterIPs: Invalid value: ["100.96.0.10"]: failed to allocate IP 100.96.0.10: the provided network does not match the current range',
    );
    assert.deepEqual(getTable(sim, "ipaddresses").column("NAME"), ["10.96.0.1", "10.96.0.10"]);
  });
});

describe("NodePort Services", () => {
  const nodePort = (name: string, port?: number) =>
    serviceWith(name, { type: "NodePort", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080, ...(port ? { nodePort: port } : {}) }] });

  it("allocate a nodePort in 30000–32767, shown as PORT(S) `80:<nodePort>/TCP`, and a ClusterIP too", () => {
    const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    sim.apply(Array.from({ length: 20 }, (_, i) => nodePort(`np${i}`)));
    const table = getTable(sim, "svc");
    const seen = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const s = sim.service("default", `np${i}`)!;
      const np = s.nodePorts[0]!;
      assert.ok(np >= 30000 && np <= 32767, `${np} in range`);
      seen.add(np);
      assert.ok(s.clusterIP !== undefined);
      assert.equal(table.row(`np${i}`)?.["PORT(S)"], `80:${np}/TCP`);
      assert.equal(table.row(`np${i}`)?.["TYPE"], "NodePort");
    }
    assert.equal(seen.size, 20);
  });

  it("keep a requested free nodePort", () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    sim.apply(nodePort("fixed", 30080));
    assert.equal(getTable(sim, "svc").row("fixed")?.["PORT(S)"], "80:30080/TCP");
  });

  const bad = [
    {
      name: "below the range",
      port: 8080,
      message:
        'The Service "bad" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    },
    {
      name: "above the range",
      port: 32768,
      message:
        'The Service "bad" is invalid: spec.ports[0].nodePort: Invalid value: 32768: provided port is not in the valid range. The range of valid ports is 30000-32767',
    },
    {
      name: "held by another Service",
      port: 30080,
      message: 'The Service "bad" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    },
  ];
  for (const b of bad) {
    it(`refuse a requested nodePort ${b.name} (${b.port}), changing nothing`, () => {
      const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
      sim.apply(nodePort("fixed", 30080));
      rejected(sim, nodePort("bad", b.port), b.message);
    });
  }
});

describe("headless and ExternalName Services", () => {
  function cluster() {
    const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    sim.apply([
      deployment("web", 2),
      serviceWith("web-headless", { clusterIP: "None", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] }),
      serviceWith("db", { type: "ExternalName", externalName: "my.database.example.com" }),
    ]);
    return sim;
  }

  it("a headless Service has no ClusterIP and shows CLUSTER-IP `None`, yet keeps endpoints for its Pods", () => {
    const sim = cluster();
    const s = sim.service("default", "web-headless")!;
    assert.equal(s.headless, true);
    assert.equal(s.clusterIP, undefined);
    assert.equal(getTable(sim, "svc").row("web-headless")?.["CLUSTER-IP"], "None");
    assert.equal(sim.endpoints(s, 0).filter((e) => e.ready).length, 2);
  });

  it("a headless Service takes no address from the range: a later Service can ask for any static address", () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false, serviceCIDR: "10.96.0.0/28" });
    // A /28 has 14 usable addresses: kubernetes (.1) and kube-dns (.10) hold two.
    sim.apply(Array.from({ length: 5 }, (_, i) => serviceWith(`h${i}`, { clusterIP: "None", selector: { app: "x" }, ports: [{ port: 80 }] })));
    sim.apply(Array.from({ length: 12 }, (_, i) => service(`c${i}`, { app: "x" })));
    assert.equal(sim.services("default").filter((s) => s.clusterIP !== undefined).length, 13);
  });

  it("an ExternalName Service shows its name as EXTERNAL-IP, no ClusterIP, no ports and no endpoints", () => {
    const sim = cluster();
    assert.deepEqual(getTable(sim, "svc", { wide: false }).row("db"), {
      NAME: "db",
      TYPE: "ExternalName",
      "CLUSTER-IP": "<none>",
      "EXTERNAL-IP": "my.database.example.com",
      "PORT(S)": "<none>",
      AGE: "0s",
    });
    assert.equal(sim.service("default", "db")!.clusterIP, undefined);
    assert.deepEqual(sim.slicesOf(sim.service("default", "db")!), []);
    assert.equal(getTable(sim, "endpoints").row("db"), undefined);
  });
});

describe("EndpointSlices", () => {
  it("are named <service>-<5 chars>", () => {
    const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    sim.apply([deployment("api", 2), service("api", { app: "api" })]);
    const slices = sim.slicesOf(sim.service("default", "api")!);
    assert.equal(slices.length, 1);
    assert.match(slices[0]!.name, SLICE_NAME("api"));
    assert.equal(slices[0]!.service, "api");
  });

  it("hold at most 100 endpoints: 150 ready Pods make 2 slices, one with 100 and one with 50", () => {
    // Two workers (node-1 is the tainted control plane): room for 220 Pods.
    const sim = new Simulation({ nodes: 3, seed: 1, systemPods: false });
    sim.apply([deployment("api", 150), service("api", { app: "api" })]);
    const slices = sim.slicesOf(sim.service("default", "api")!);
    assert.deepEqual(
      slices.map((s) => s.endpoints.length).sort((a, b) => b - a),
      [100, 50],
    );
    for (const s of slices) assert.match(s.name, SLICE_NAME("api"));
    assert.equal(new Set(slices.flatMap((s) => s.endpoints.map((e) => e.ip))).size, 150);
    assert.ok(slices.every((s) => s.endpoints.every((e) => e.ready)));
  });

  it("resolve a named targetPort per Pod (http → 8080 on one, 9090 on another) and leave out a Pod without the name", () => {
    const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    const app = (name: string, port: { containerPort: number; name?: string }) =>
      podWith(name, [{ name: "app", image: "registry.example/app:1", ports: [port] }], { labels: { app: "web" } });
    sim.apply([
      app("p1", { containerPort: 8080, name: "http" }),
      app("p2", { containerPort: 9090, name: "http" }),
      app("p3", { containerPort: 7070 }),
      serviceWith("web", { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }] }),
    ]);
    const eps = sim.endpoints(sim.service("default", "web")!, 0);
    const ip = (n: string) => intToIp(sim.pod("default", n)!.podIP!);
    assert.deepEqual(eps.map((e) => `${e.pod!.name} ${intToIp(e.ip)}:${e.port}`).sort(), [`p1 ${ip("p1")}:8080`, `p2 ${ip("p2")}:9090`]);
    // One slice per distinct port set, as the controller groups endpoints by their ports.
    const slices = sim.slicesOf(sim.service("default", "web")!);
    assert.deepEqual(slices.map((s) => s.ports.map((p) => p.port)[0]).sort(), [8080, 9090]);
  });

  it("for a Service that selects nothing, are one placeholder slice with no ports, shown `<unset>`", () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    sim.apply(service("nobody", { app: "nobody" }));
    const slices = sim.slicesOf(sim.service("default", "nobody")!);
    assert.equal(slices.length, 1);
    assert.deepEqual([slices[0]!.ports, slices[0]!.endpoints], [[], []]);
    const row = getTable(sim, "endpointslices").rows.find((r) => SLICE_NAME("nobody").test(r["NAME"]!));
    assert.deepEqual([row?.["PORTS"], row?.["ENDPOINTS"]], ["<unset>", "<unset>"]);
  });

  it("are not made for a Service without a selector", () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    sim.apply(serviceWith("manual", { ports: [{ port: 80 }] }));
    assert.deepEqual(sim.slicesOf(sim.service("default", "manual")!), []);
    assert.equal(getTable(sim, "endpoints").row("manual"), undefined);
  });
});

describe("`get endpoints` for matching and non-matching Services", () => {
  const cases = [
    { name: "`<none>` when nothing matches (no subsets)", selector: { app: "nobody" }, unready: false, cell: () => "<none>" },
    { name: "an empty cell when the only matching Pod is not ready", selector: { app: "one" }, unready: true, cell: () => "" },
    { name: "ip:port when the matching Pod is ready", selector: { app: "one" }, unready: false, cell: (ip: string) => `${ip}:8080` },
  ];
  for (const c of cases) {
    it(`shows ${c.name}`, () => {
      const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
      sim.apply([pod("one", { labels: { app: "one" }, containers: [{ name: "app", ports: [8080] }] }), service("svc", c.selector)]);
      if (c.unready) sim.setReady("one", false);
      const t = getTable(sim, "endpoints");
      assert.deepEqual(t.warnings, ["v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"]);
      assert.equal(t.row("svc")?.["ENDPOINTS"], c.cell(intToIp(sim.pod("default", "one")!.podIP!)));
    });
  }
});

describe("Service selection across namespaces", () => {
  it("selects the Pods of its own namespace only, whatever their labels elsewhere", () => {
    const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    sim.apply([
      namespace("shop"),
      pod("here", { labels: { app: "web" }, containers: [{ name: "app", ports: [8080] }] }),
      pod("there", { namespace: "shop", labels: { app: "web" }, containers: [{ name: "app", ports: [8080] }] }),
      service("web", { app: "web" }),
      service("web", { app: "web" }, { namespace: "shop" }),
    ]);
    const podsBehind = (ns: string) => sim.endpoints(sim.service(ns, "web")!, 0).map((e) => `${e.pod!.namespace}/${e.pod!.name}`);
    assert.deepEqual(podsBehind("default"), ["default/here"]);
    assert.deepEqual(podsBehind("shop"), ["shop/there"]);
  });

  it("selects a bare Pod with extra labels: every selector key must match, extra labels do not matter", () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    sim.apply([
      pod("fe", { labels: { app: "web", tier: "fe" }, containers: [{ name: "app", ports: [8080] }] }),
      pod("other", { labels: { app: "api", tier: "fe" }, containers: [{ name: "app", ports: [8080] }] }),
      service("web", { app: "web" }),
    ]);
    assert.deepEqual(
      sim.endpoints(sim.service("default", "web")!, 0).map((e) => e.pod!.name),
      ["fe"],
    );
  });
});

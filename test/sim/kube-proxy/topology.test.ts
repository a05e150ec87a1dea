/**
 * Topology-aware routing (`spec.trafficDistribution`): each node's kube-proxy keeps a request on
 * its own node (PreferSameNode) or zone (PreferSameZone) when a ready endpoint is there, and falls
 * back to every ready endpoint when none is, in every proxy mode; its rules list only the
 * endpoints it uses, and the trace says which it chose and why.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/topology.go
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#traffic-distribution
 */
import { strict as assert } from "node:assert";
import { Simulation, intToIp, proxyModeFor, type ClusterOptions, type TraceRecord } from "../../../lib/sim/index.js";
import type { KubeObject } from "../../../lib/model/objects.js";
import { buildServiceRules } from "../../../lib/sim/kube-proxy/iptables.js";
import { filterByTopology } from "../../../lib/sim/kube-proxy/topology.js";
import type { EndpointState } from "../../../lib/sim/state.js";
import { exec } from "../internal/scenario.js";
import { pinnedDeployment, pod, serviceWith, whoamiContainer } from "../internal/fixtures.js";

const MODES = ["iptables", "ipvs"] as const;

/**
 * Four nodes; `api` runs one Pod on node-2 and one on node-3 (both labelled `tier: api`, the
 * Service's selector), and node-2, node-3 and node-4 each run a client. With zones a, b: node-1
 * and node-3 are in zone-a, node-2 and node-4 in zone-b.
 */
function apiCluster(options: ClusterOptions, trafficDistribution?: string): Simulation {
  const sim = new Simulation({ nodes: 4, seed: 1, systemPods: false, ...options });
  const pinned = (name: string, node: string) => {
    const d = pinnedDeployment(name, 1, node, [whoamiContainer()]);
    (d as unknown as { spec: { template: { metadata: { labels: Record<string, string> } } } }).spec.template.metadata.labels["tier"] = "api";
    return d;
  };
  sim.apply([
    pinned("api-2", "node-2"),
    pinned("api-3", "node-3"),
    ...["node-2", "node-3", "node-4"].map((n) => pod(`client-${n.slice(-1)}`, { nodeName: n })),
    serviceWith("api", { selector: { tier: "api" }, ports: [{ port: 80, targetPort: 8080 }], ...(trafficDistribution ? { trafficDistribution } : {}) }),
  ] satisfies KubeObject[]);
  return sim;
}

/** The nodes of the Pods that served `n` requests from `client`. */
function servingNodes(sim: Simulation, client: string, n = 12): Set<string> {
  const nodes = new Set<string>();
  for (let i = 0; i < n; i++) {
    const t = exec(sim, client, "curl -s http://api/");
    assert.equal(t.exitCode, 0, t.stderr);
    nodes.add(sim.pod("default", t.servedBy!.pod)!.nodeName!);
  }
  return nodes;
}

function proxyHop(t: TraceRecord): string {
  const hop = t.hops.find((h) => h.kind === "kube-proxy" && h.verdict === "translated");
  assert.ok(hop, "no kube-proxy hop");
  return hop.summary;
}

/** The Pod IP of the endpoint on `node`. */
function endpointOn(sim: Simulation, node: string): string {
  const p = sim.pods().find((x) => x.nodeName === node && x.labels["tier"] === "api");
  return intToIp(p!.podIP!);
}

for (const proxyMode of MODES) {
  describe(`trafficDistribution: PreferSameNode (${proxyMode} mode)`, () => {
    it("keeps every request from node-2's client on node-2, where a ready endpoint runs, and the trace says so", () => {
      const sim = apiCluster({ proxyMode }, "PreferSameNode");
      assert.deepEqual([...servingNodes(sim, "client-2")], ["node-2"]);
      assert.deepEqual([...servingNodes(sim, "client-3")], ["node-3"]);
      assert.match(
        proxyHop(exec(sim, "client-2", "curl -s http://api/")),
        /trafficDistribution: PreferSameNode: kube-proxy on node-2 uses only the 1 of 2 ready endpoints hinted for node-2$/,
      );
    });

    it("falls back to both endpoints for node-4's client, which has none on its node, and says why", () => {
      const sim = apiCluster({ proxyMode }, "PreferSameNode");
      assert.deepEqual([...servingNodes(sim, "client-4")].sort(), ["node-2", "node-3"]);
      assert.match(
        proxyHop(exec(sim, "client-4", "curl -s http://api/")),
        /trafficDistribution: PreferSameNode: no ready endpoint is on node-4, so kube-proxy there uses all 2 ready endpoints, as the endpoints have no zone hints/,
      );
    });

    it("falls back on node-2 once its own endpoint is not ready", () => {
      const sim = apiCluster({ proxyMode }, "PreferSameNode");
      const local = sim.pods().find((p) => p.nodeName === "node-2" && p.labels["tier"] === "api")!;
      sim.setReady(local.name, false);
      assert.deepEqual([...servingNodes(sim, "client-2")], ["node-3"]);
      assert.match(proxyHop(exec(sim, "client-2", "curl -s http://api/")), /no ready endpoint is on node-2, so kube-proxy there uses all 1 ready endpoint,/);
    });

    it("programs node-2's rules with node-2's endpoint only, and node-4's with both", () => {
      const sim = apiCluster({ proxyMode }, "PreferSameNode");
      const mode = proxyModeFor(proxyMode);
      const on = (node: string) => mode.render(mode.build(sim, sim.node(node)!));
      const [two, three] = [endpointOn(sim, "node-2"), endpointOn(sim, "node-3")];
      assert.ok(on("node-2").includes(`${two}:8080`));
      assert.ok(!on("node-2").includes(`${three}:8080`), "node-2 lists node-3's endpoint");
      assert.ok(on("node-4").includes(`${two}:8080`) && on("node-4").includes(`${three}:8080`));
    });
  });

  describe(`trafficDistribution: PreferSameZone (${proxyMode} mode)`, () => {
    it("keeps node-4's requests in zone-b (node-2's endpoint) and node-1's in zone-a (node-3's)", () => {
      const sim = apiCluster({ proxyMode, zones: ["zone-a", "zone-b"] }, "PreferSameZone");
      sim.apply([pod("client-1", { nodeName: "node-1" })]);
      assert.deepEqual([...servingNodes(sim, "client-4")], ["node-2"]);
      assert.deepEqual([...servingNodes(sim, "client-1")], ["node-3"]);
      assert.match(
        proxyHop(exec(sim, "client-4", "curl -s http://api/")),
        /PreferSameZone: kube-proxy on node-4 uses only the 1 of 2 ready endpoints hinted for its zone zone-b$/,
      );
    });

    it("falls back to every endpoint when the client's zone has none", () => {
      const sim = apiCluster({ proxyMode, zones: ["zone-a", "zone-b", "zone-c"] }, "PreferSameZone");
      // node-1 zone-a, node-2 zone-b, node-3 zone-c, node-4 zone-a: zone-a has no endpoint.
      assert.deepEqual([...servingNodes(sim, "client-4")].sort(), ["node-2", "node-3"]);
      assert.match(proxyHop(exec(sim, "client-4", "curl -s http://api/")), /uses all 2 ready endpoints, as none is in its zone zone-a$/);
    });

    it("uses every endpoint when the nodes have no zones (the controller writes no hints)", () => {
      const sim = apiCluster({ proxyMode }, "PreferSameZone");
      assert.deepEqual([...servingNodes(sim, "client-2")].sort(), ["node-2", "node-3"]);
    });
  });

  describe(`PreferSameNode with zones (${proxyMode} mode)`, () => {
    it("falls back to the node's zone before the whole cluster, as kube-proxy reads the zone hints next", () => {
      const sim = apiCluster({ proxyMode, zones: ["zone-a", "zone-b"] }, "PreferSameNode");
      assert.deepEqual([...servingNodes(sim, "client-4")], ["node-2"]);
      assert.match(
        proxyHop(exec(sim, "client-4", "curl -s http://api/")),
        /no ready endpoint is on node-4, so kube-proxy there uses only the 1 of 2 ready endpoints hinted for its zone zone-b$/,
      );
    });
  });

  describe(`internalTrafficPolicy: Local with trafficDistribution (${proxyMode} mode)`, () => {
    it("ignores the hints: a node without local endpoints still has none", () => {
      const sim = apiCluster({ proxyMode }, undefined);
      sim.apply([
        serviceWith("api", {
          selector: { tier: "api" },
          ports: [{ port: 80, targetPort: 8080 }],
          trafficDistribution: "PreferSameNode",
          internalTrafficPolicy: "Local",
        }),
      ]);
      const t = exec(sim, "client-4", "curl -s -m 2 http://api/");
      assert.notEqual(t.exitCode, 0);
      assert.match(t.hops.at(-1)!.summary, /internalTrafficPolicy: Local/);
    });
  });
}

describe("without trafficDistribution", () => {
  it("every node's KUBE-SVC chain lists both endpoints and the trace says nothing of topology", () => {
    const sim = apiCluster({ zones: ["zone-a", "zone-b"] });
    const svc = sim.service("default", "api")!;
    for (const n of ["node-2", "node-4"]) assert.equal(buildServiceRules(sim, svc, 0, sim.node(n)!).endpoints.length, 2);
    assert.doesNotMatch(proxyHop(exec(sim, "client-2", "curl -s http://api/")), /trafficDistribution/);
  });
});

describe("filterByTopology()", () => {
  const ep = (ip: number, hints?: EndpointState["hints"]): EndpointState => ({
    ip,
    port: 80,
    ready: true,
    serving: true,
    terminating: false,
    pod: undefined,
    nodeName: undefined,
    hostname: undefined,
    hints,
  });
  const node = (name: string, zone?: string): { name: string; labels: Record<string, string> } => ({
    name,
    labels: zone ? { "topology.kubernetes.io/zone": zone } : {},
  });

  it("ignores node hints when one ready endpoint lacks one, then uses the zone hints", () => {
    const ready = [ep(1, { forNodes: ["n1"], forZones: ["a"] }), ep(2, { forZones: ["a"] }), ep(3, { forNodes: ["n3"], forZones: ["b"] })];
    const { endpoints, decision } = filterByTopology(ready, node("n1", "a"));
    assert.deepEqual(
      endpoints.map((e) => e.ip),
      [1, 2],
    );
    assert.equal(decision.mode, "PreferSameZone");
    assert.equal(decision.nodeHints, "node-hint-missing");
  });

  it("ignores zone hints on a node without a zone label", () => {
    const ready = [ep(1, { forZones: ["a"] }), ep(2, { forZones: ["b"] })];
    const { endpoints, decision } = filterByTopology(ready, node("n1"));
    assert.equal(endpoints.length, 2);
    assert.equal(decision.mode, undefined);
    assert.equal(decision.zoneHints, "node-zone-missing");
  });

  it("ignores zone hints when one endpoint has none", () => {
    const ready = [ep(1, { forZones: ["a"] }), ep(2)];
    const { endpoints, decision } = filterByTopology(ready, node("n1", "a"));
    assert.equal(endpoints.length, 2);
    assert.equal(decision.zoneHints, "zone-hint-missing");
  });

  it("keeps only the endpoints hinted for the node when every endpoint has a node hint", () => {
    const ready = [ep(1, { forNodes: ["n1"] }), ep(2, { forNodes: ["n2"] }), ep(3, { forNodes: ["n1"] })];
    const { endpoints, decision } = filterByTopology(ready, "n1");
    assert.deepEqual(
      endpoints.map((e) => e.ip),
      [1, 3],
    );
    assert.deepEqual([decision.mode, decision.kept, decision.ready], ["PreferSameNode", 2, 3]);
  });
});

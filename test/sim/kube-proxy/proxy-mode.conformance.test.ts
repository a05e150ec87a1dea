/**
 * What every proxy mode must do, checked for each registered built-in mode: build rules for a
 * node as data, print them, list them as table rows with the columns it names, and spread new
 * connections over every ready endpoint.
 */
import { strict as assert } from "node:assert";
import { ProxyState, Simulation, intToIp, proxyModeFor, type ProxyModeImpl } from "../../../lib/sim/index.js";
import { scopedPort, servicePort } from "../../../lib/sim/kube-proxy/service-ports.js";
import { Rng } from "../../../lib/sim/rng.js";
import { deployment, service, serviceWith } from "../internal/fixtures.js";

function clusterWith(replicas: number): Simulation {
  const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
  sim.apply([deployment("api", replicas), service("web", { app: "api" })]);
  return sim;
}

for (const name of ["iptables", "ipvs"]) {
  describe(`proxy mode "${name}" (conformance)`, () => {
    const mode: ProxyModeImpl = proxyModeFor(name);

    it("is registered under its own name", () => {
      assert.equal(mode.name, name);
    });

    it("builds rules for the node it was asked about, naming itself", () => {
      const sim = clusterWith(3);
      const node = sim.nodes()[1]!;
      const rules = mode.build(sim, node);
      assert.equal(rules.mode, name);
      assert.equal(rules.node, node);
    });

    it("prints every ready endpoint's address, ending with a newline", () => {
      const sim = clusterWith(3);
      const text = mode.render(mode.build(sim, sim.nodes()[0]!));
      assert.ok(text.endsWith("\n"));
      for (const e of servicePort(sim, sim.service("default", "web")!, 0).endpoints)
        assert.ok(text.includes(`${intToIp(e.ip)}:${e.port}`), `${intToIp(e.ip)} missing`);
    });

    it("lists rows with exactly the table's columns", () => {
      const sim = clusterWith(2);
      const table = mode.table(mode.build(sim, sim.nodes()[0]!));
      assert.ok(table.rows.length > 0);
      for (const row of table.rows) assert.deepEqual(Object.keys(row), [...table.columns]);
      assert.match(table.caption, /node-1/);
    });

    it("chooses each of 3 ready endpoints within 30 new connections, reporting index and address consistently", () => {
      const sim = clusterWith(3);
      const port = servicePort(sim, sim.service("default", "web")!, 0);
      const state = new ProxyState();
      const rng = new Rng(7, "endpoints");
      const seen = new Set<number>();
      for (let i = 0; i < 30; i++) {
        const choice = mode.choose(sim, port, state, rng);
        assert.equal(choice.endpoint, port.endpoints[choice.index]);
        assert.equal(choice.address, `${intToIp(choice.endpoint.ip)}:${choice.endpoint.port}`);
        seen.add(choice.index);
      }
      assert.deepEqual([...seen].sort(), [0, 1, 2]);
    });

    it("chooses only the node's endpoints when a Local traffic policy narrowed the Service port", () => {
      const sim = clusterWith(3);
      const node = sim.nodes()[1]!;
      const port = scopedPort(servicePort(sim, sim.service("default", "web")!, 0), node.name, false, true);
      assert.ok(port.endpoints.length > 0);
      const state = new ProxyState();
      const rng = new Rng(3, "endpoints");
      for (let i = 0; i < 10; i++) assert.equal(mode.choose(sim, port, state, rng, node).endpoint.nodeName, node.name);
    });

    it("with trafficDistribution: PreferSameNode, programs and chooses only a node's own endpoints when it has a ready one", () => {
      const sim = new Simulation({ nodes: 3, seed: 1, systemPods: false, controlPlaneTaint: false });
      sim.apply([
        deployment("api", 3),
        serviceWith("web", { selector: { app: "api" }, ports: [{ port: 80, targetPort: 8080 }], trafficDistribution: "PreferSameNode" }),
      ]);
      const all = servicePort(sim, sim.service("default", "web")!, 0);
      const node = sim.node(all.endpoints[0]!.nodeName!)!;
      const port = scopedPort(all, node, false);
      assert.ok(port.endpoints.length > 0 && port.endpoints.length < all.endpoints.length);
      const state = new ProxyState();
      const rng = new Rng(3, "endpoints");
      for (let i = 0; i < 10; i++) assert.equal(mode.choose(sim, port, state, rng, node).endpoint.nodeName, node.name);
      const text = mode.render(mode.build(sim, node));
      for (const e of all.endpoints) assert.equal(text.includes(`${intToIp(e.ip)}:${e.port}`), e.nodeName === node.name, `${intToIp(e.ip)} on ${e.nodeName}`);
    });

    it("names a rule or virtual server for a Service port without endpoints", () => {
      const sim = clusterWith(0);
      const port = servicePort(sim, sim.service("default", "web")!, 0);
      assert.ok(mode.rejectRule(sim, port, { dst: `${port.clusterIP}:${port.port}`, nodePort: false, node: sim.nodes()[0]! }));
    });

    it("describes a translation with the chosen address in its rule", () => {
      const sim = clusterWith(2);
      const port = servicePort(sim, sim.service("default", "web")!, 0);
      const choice = mode.choose(sim, port, new ProxyState(), new Rng(1, "endpoints"));
      const t = mode.translation(sim, port, choice, { dst: `${port.clusterIP}:${port.port}`, nodePort: false });
      assert.ok(t.summary.length > 0);
      assert.ok(t.rule.includes(choice.address));
    });
  });
}

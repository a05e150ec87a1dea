/**
 * The EndpointSlice controller's zone and hints: each endpoint carries its node's zone label, and
 * with `trafficDistribution` every ready endpoint gets a hint for its zone (and, with
 * PreferSameNode, for its node), as the trafficdist package writes them.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/endpointslice/trafficdist/trafficdist.go
 */
import { strict as assert } from "node:assert";
import { Simulation, type ClusterOptions } from "../../../lib/sim/index.js";
import type { SliceEndpoint } from "../../../lib/sim/state.js";
import { deployment, serviceWith } from "../internal/fixtures.js";

function build(options: ClusterOptions, trafficDistribution?: string): { sim: Simulation; endpoints: () => SliceEndpoint[] } {
  const sim = new Simulation({ nodes: 3, seed: 1, systemPods: false, controlPlaneTaint: false, ...options });
  sim.apply([
    deployment("api", 3),
    serviceWith("api", { selector: { app: "api" }, ports: [{ port: 80, targetPort: 8080 }], ...(trafficDistribution ? { trafficDistribution } : {}) }),
  ]);
  const service = sim.service("default", "api")!;
  return { sim, endpoints: () => sim.slicesOf(service).flatMap((s) => [...s.endpoints]) };
}

const zoneOf = (sim: Simulation, node: string | undefined) => sim.node(node!)!.labels["topology.kubernetes.io/zone"];

describe("EndpointSlice controller: zones and hints", () => {
  it("writes each endpoint's zone from its node's label, and no hints without trafficDistribution", () => {
    const { sim, endpoints } = build({ zones: ["zone-a", "zone-b"] });
    assert.equal(endpoints().length, 3);
    for (const e of endpoints()) {
      assert.equal(e.zone, zoneOf(sim, e.nodeName));
      assert.equal(e.hints, undefined);
    }
  });

  it("writes no zone when the nodes have none (a kubeadm cluster)", () => {
    const { endpoints } = build({}, "PreferSameZone");
    for (const e of endpoints()) {
      assert.equal(e.zone, undefined);
      assert.equal(e.hints, undefined, "PreferSameZone without zones has nothing to hint");
    }
  });

  for (const td of ["PreferSameZone", "PreferClose"]) {
    it(`hints each ready endpoint for its own zone with ${td}, and for no node`, () => {
      const { sim, endpoints } = build({ zones: ["zone-a", "zone-b"] }, td);
      for (const e of endpoints()) assert.deepEqual(e.hints, { forZones: [zoneOf(sim, e.nodeName)] });
    });
  }

  it("hints each ready endpoint for its node and its zone with PreferSameNode", () => {
    const { sim, endpoints } = build({ zones: ["zone-a", "zone-b"] }, "PreferSameNode");
    for (const e of endpoints()) assert.deepEqual(e.hints, { forZones: [zoneOf(sim, e.nodeName)], forNodes: [e.nodeName] });
  });

  it("hints only the node with PreferSameNode when the nodes have no zones", () => {
    const { endpoints } = build({}, "PreferSameNode");
    for (const e of endpoints()) assert.deepEqual(e.hints, { forNodes: [e.nodeName] });
  });

  it("drops the hints of an endpoint that stops being ready, and gives them back when it is ready again", () => {
    const { sim, endpoints } = build({}, "PreferSameNode");
    const name = endpoints()[0]!.podName!;
    sim.setReady(name, false);
    const off = endpoints().find((e) => e.podName === name)!;
    assert.equal(off.ready, false);
    assert.equal(off.hints, undefined);
    sim.setReady(name, true);
    assert.ok(endpoints().find((e) => e.podName === name)!.hints);
  });

  it("adds and removes the hints when the Service's trafficDistribution is set and unset", () => {
    const { sim, endpoints } = build({});
    const spec = { selector: { app: "api" }, ports: [{ port: 80, targetPort: 8080 }] };
    sim.apply([serviceWith("api", { ...spec, trafficDistribution: "PreferSameNode" })]);
    assert.ok(endpoints().every((e) => e.hints?.forNodes?.[0] === e.nodeName));
    sim.apply([serviceWith("api", spec)]);
    assert.ok(endpoints().every((e) => e.hints === undefined));
  });
});

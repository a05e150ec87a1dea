/**
 * What every network model must do, checked for each registered built-in model: route each other
 * node's Pod range, carry a packet across without rewriting its addresses, and keep the MTU
 * within Ethernet's.
 */
import { strict as assert } from "node:assert";
import { Simulation, formatCIDR, type NetworkModelImpl } from "../../../lib/sim/index.js";
import { networkModelFor } from "../../../lib/sim/datapath/registry.js";

for (const name of ["flannel-vxlan", "flannel-host-gw"]) {
  describe(`network model "${name}" (conformance)`, () => {
    const model: NetworkModelImpl = networkModelFor(name);
    const sim = new Simulation({ nodes: 3, seed: 1, systemPods: false, network: name });
    const [a, b] = sim.nodes();

    it("is registered under its own name, with an MTU of at most 1500", () => {
      assert.equal(model.name, name);
      assert.ok(model.mtu > 0 && model.mtu <= 1500);
    });

    it("routes another node's podCIDR, and says so in the route's text", () => {
      const route = model.routeTo(a!, b!);
      assert.equal(route.destination, formatCIDR(b!.podCIDR));
      assert.ok(route.text.startsWith(`${route.destination} via ${route.via}`));
    });

    it("crosses from one node to the other with the packet's addresses unchanged", () => {
      const hops = model.crossNode(a!, b!, { src: "10.244.0.2:40000", dst: "10.244.1.2:8080" });
      assert.ok(hops.length > 0);
      assert.equal(hops[0]!.node, a!.name);
      for (const h of hops) assert.deepEqual([h.src, h.dst], ["10.244.0.2:40000", "10.244.1.2:8080"]);
      for (const h of hops) assert.equal(h.verdict, "forwarded");
    });
  });
}

import { strict as assert } from "node:assert";
import fc from "fast-check";
import { ErrorCode, PodtalkError, selects } from "../../lib/model/index.js";
import { Simulation, intToIp } from "../../lib/sim/index.js";
import { contains } from "../../lib/sim/ip.js";
import { deployment, service } from "./internal/fixtures.js";

type Step =
  | { readonly op: "apply"; readonly name: "api" | "web"; readonly replicas: number }
  | { readonly op: "deletePod"; readonly pick: number }
  | { readonly op: "advance"; readonly seconds: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant("apply" as const), name: fc.constantFrom("api" as const, "web" as const), replicas: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ op: fc.constant("deletePod" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("advance" as const), seconds: fc.integer({ min: 0, max: 45 }) }),
);

function run(sim: Simulation, s: Step): void {
  switch (s.op) {
    case "apply":
      sim.apply([deployment(s.name, s.replicas), service(s.name, { app: s.name })]);
      return;
    case "deletePod": {
      const pods = sim.pods("default");
      if (pods.length > 0) sim.deletePod(pods[s.pick % pods.length]!.name);
      return;
    }
    case "advance":
      sim.advance(s.seconds);
  }
}

function checkInvariants(sim: Simulation): void {
  // hostNetwork Pods (the system Pods) have their node's address, outside the Pod network.
  const pods = sim.pods().filter((p) => !p.spec.hostNetwork);
  const ips = pods.map((p) => p.podIP!);
  assert.equal(new Set(ips).size, ips.length, `two Pods share an IP: ${ips.map((n) => intToIp(n!)).join(", ")}`);
  for (const p of pods) {
    const node = sim.node(p.nodeName!)!;
    assert.ok(contains(node.podCIDR, p.podIP!), `${p.name} ${intToIp(p.podIP!)} is outside ${p.nodeName}'s podCIDR`);
    assert.ok(p.podIP! > sim.gatewayOf(node) && p.podIP! < node.podCIDR.base + node.podCIDR.size - 1, `${p.name} has a reserved address`);
  }
  for (const svc of sim.services()) {
    if (!svc.selector) continue;
    const ready = sim
      .endpoints(svc, 0)
      .filter((e) => e.ready)
      .map((e) => intToIp(e.ip))
      .sort();
    const expected = pods
      .filter((p) => p.namespace === svc.namespace && selects(svc.selector!, p.labels) && p.phase === "Running" && p.deletion === undefined)
      .map((p) => intToIp(p.podIP!))
      .sort();
    assert.deepEqual(ready, expected, `endpoints of ${svc.namespace}/${svc.name}`);
  }
}

describe("Simulation invariants (fast-check)", () => {
  it("keep Pod IPs unique and inside their node's podCIDR, and endpoints equal to the ready selected Pods", function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 3 }), fc.array(step, { maxLength: 25 }), (seed, nodes, steps) => {
        const sim = new Simulation({ nodes, seed });
        checkInvariants(sim);
        for (const s of steps) {
          run(sim, s);
          checkInvariants(sim);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("hold with small podCIDRs too, where host-local wraps around and a failing step changes nothing", function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(step, { maxLength: 30 }), (seed, steps) => {
        // /28 per node: 13 Pod addresses, so the range wraps and sometimes fills up.
        const sim = new Simulation({ nodes: 2, seed, nodeCIDRMaskSize: 28 });
        for (const s of steps) {
          const before = JSON.stringify([sim.now, sim.pods(), sim.services(), sim.replicaSets(), sim.events()]);
          try {
            run(sim, s);
          } catch (e) {
            assert.ok(e instanceof PodtalkError && e.code === ErrorCode.RangeFull, String(e));
            assert.equal(JSON.stringify([sim.now, sim.pods(), sim.services(), sim.replicaSets(), sim.events()]), before);
          }
          checkInvariants(sim);
        }
      }),
      { numRuns: 100 },
    );
  });
});

/**
 * The `zones` and `region` cluster options: nodes take `topology.kubernetes.io/zone` and
 * `topology.kubernetes.io/region` labels in turn, none by default (kubeadm sets none), and bad
 * values are refused with a message saying what to pass.
 */
import { strict as assert } from "node:assert";
import { ErrorCode, PodtalkError } from "../../lib/model/errors.js";
import { Simulation, type ClusterOptions } from "../../lib/sim/index.js";

const ZONE = "topology.kubernetes.io/zone";
const REGION = "topology.kubernetes.io/region";

function refusal(options: Record<string, unknown>): PodtalkError {
  try {
    new Simulation(options as ClusterOptions);
  } catch (e) {
    assert.ok(e instanceof PodtalkError, String(e));
    assert.equal(e.code, ErrorCode.BadRequest);
    return e;
  }
  assert.fail("the options were accepted");
}

describe("cluster option zones", () => {
  it("gives nodes no zone or region label by default, as kubeadm does", () => {
    for (const n of new Simulation({ nodes: 2, systemPods: false }).nodes()) {
      assert.equal(n.labels[ZONE], undefined);
      assert.equal(n.labels[REGION], undefined);
    }
  });

  it("spreads the nodes over the zones in order, each with the region (region-1 unless given)", () => {
    const nodes = new Simulation({ nodes: 5, systemPods: false, zones: ["zone-a", "zone-b"] }).nodes();
    assert.deepEqual(
      nodes.map((n) => n.labels[ZONE]),
      ["zone-a", "zone-b", "zone-a", "zone-b", "zone-a"],
    );
    assert.ok(nodes.every((n) => n.labels[REGION] === "region-1"));
    const west = new Simulation({ nodes: 1, systemPods: false, zones: ["eu-west-1a"], region: "eu-west-1" }).nodes()[0]!;
    assert.deepEqual([west.labels[REGION], west.labels[ZONE]], ["eu-west-1", "eu-west-1a"]);
  });

  it("refuses an empty list, a duplicate, a zone that is no label value, and a region without zones", () => {
    assert.match(refusal({ zones: [] }).message, /Invalid zones \(an empty list\): pass a list of zone names such as \["zone-a", "zone-b"\]/);
    assert.match(refusal({ zones: "zone-a" }).message, /Invalid zones "zone-a"/);
    assert.match(refusal({ zones: ["a", "a"] }).message, /Duplicate zone "a"/);
    assert.match(refusal({ zones: ["zone a"] }).message, /Invalid zone "zone a": it becomes a node label value/);
    assert.match(refusal({ zones: [""] }).message, /Invalid zone "": a zone is a non-empty label value/);
    assert.match(refusal({ zones: ["a"], region: "-x" }).message, /Invalid region "-x"/);
    assert.match(refusal({ region: "r" }).message, /A region needs zones/);
  });
});

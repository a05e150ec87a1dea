import { strict as assert } from "node:assert";
import { ErrorCode, PodtalkError } from "../../../lib/model/index.js";
import { formatCIDR } from "../../../lib/sim/index.js";
import { parseCIDR } from "../../../lib/sim/ip.js";
import { NodeCIDRAllocator } from "../../../lib/sim/ipam/node-cidr.js";
import { Journal } from "../../../lib/sim/store/journal.js";

const cidr = (text: string) => parseCIDR(text, "test CIDR");

describe("NodeCIDRAllocator.allocateNext()", () => {
  it("carves 10.244.0.0/24, 10.244.1.0/24, 10.244.2.0/24 in order from a /16", () => {
    const a = new NodeCIDRAllocator(cidr("10.244.0.0/16"), 24);
    const j = new Journal();
    assert.equal(a.capacity, 256);
    assert.deepEqual(
      [1, 2, 3].map(() => formatCIDR(a.allocateNext(j))),
      ["10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"],
    );
  });

  it("says which cluster CIDR is full and how to fix it when every block is taken", () => {
    const a = new NodeCIDRAllocator(cidr("10.244.0.0/23"), 24);
    const j = new Journal();
    a.allocateNext(j);
    a.allocateNext(j);
    assert.throws(
      () => a.allocateNext(j),
      (e: unknown) =>
        e instanceof PodtalkError &&
        e.code === ErrorCode.RangeFull &&
        e.message ===
          "Cannot allocate a podCIDR: cluster CIDR 10.244.0.0/23 is full (2 of 2 /24 ranges in use); use a larger clusterCIDR or a larger nodeCIDRMaskSize",
    );
  });

  it("rejects a node mask shorter than the cluster prefix (a node cannot hold more than the cluster)", () => {
    assert.throws(() => new NodeCIDRAllocator(cidr("10.244.0.0/16"), 8), /Invalid nodeCIDRMaskSize 8/);
  });

  it("takes a block back on rollback, so the next node gets it again", () => {
    const a = new NodeCIDRAllocator(cidr("10.244.0.0/16"), 24);
    a.allocateNext(new Journal());
    const j = new Journal();
    a.allocateNext(j);
    j.rollback();
    assert.equal(formatCIDR(a.allocateNext(new Journal())), "10.244.1.0/24");
  });
});

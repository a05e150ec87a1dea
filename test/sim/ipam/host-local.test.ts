import { strict as assert } from "node:assert";
import { ErrorCode, PodtalkError } from "../../../lib/model/index.js";
import { intToIp } from "../../../lib/sim/index.js";
import { ipToInt, parseCIDR } from "../../../lib/sim/ip.js";
import { HostLocalAllocator } from "../../../lib/sim/ipam/host-local.js";
import { Journal } from "../../../lib/sim/store/journal.js";

const cidr = (text: string) => parseCIDR(text, "test CIDR");

describe("HostLocalAllocator.allocate()", () => {
  const take = (a: HostLocalAllocator, j = new Journal()) => intToIp(a.allocate(j));

  it("hands out .2 first: .1 is the cni0 gateway", () => {
    const a = new HostLocalAllocator(cidr("10.244.1.0/24"), "node-2");
    assert.equal(intToIp(a.gateway), "10.244.1.1");
    assert.equal(take(a), "10.244.1.2");
  });

  it("holds 253 Pod addresses in a /24 (.2 to .254)", () => {
    const a = new HostLocalAllocator(cidr("10.244.0.0/24"), "n");
    assert.equal(a.capacity, 253);
    const ips = Array.from({ length: 253 }, () => take(a));
    assert.equal(ips[252], "10.244.0.254");
    assert.ok(!ips.includes("10.244.0.1") && !ips.includes("10.244.0.255"));
    assert.throws(
      () => take(a),
      (e: unknown) => e instanceof PodtalkError && e.code === ErrorCode.RangeFull,
    );
  });

  it("hands out the address after the last one reserved, not the lowest free one", () => {
    const a = new HostLocalAllocator(cidr("10.244.0.0/24"), "n");
    const j = new Journal();
    const [pa, pb, pc] = [take(a, j), take(a, j), take(a, j)];
    assert.deepEqual([pa, pb, pc], ["10.244.0.2", "10.244.0.3", "10.244.0.4"]);
    a.release(ipToInt(pb), j);
    assert.equal(take(a, j), "10.244.0.5");
  });

  it("wraps around to the lowest free address once it reaches the end of the range", () => {
    const a = new HostLocalAllocator(cidr("10.244.0.0/29"), "n"); // .2 - .6
    const j = new Journal();
    const ips = Array.from({ length: 5 }, () => take(a, j));
    assert.deepEqual(ips, ["10.244.0.2", "10.244.0.3", "10.244.0.4", "10.244.0.5", "10.244.0.6"]);
    a.release(ipToInt("10.244.0.4"), j);
    a.release(ipToInt("10.244.0.3"), j);
    assert.equal(take(a, j), "10.244.0.3");
    assert.equal(take(a, j), "10.244.0.4");
  });

  it("says the podCIDR is full, with the count and the fix", () => {
    const a = new HostLocalAllocator(cidr("10.244.0.0/30"), "n");
    assert.equal(take(a), "10.244.0.2");
    assert.throws(
      () => take(a),
      (e: unknown) =>
        e instanceof PodtalkError &&
        e.code === ErrorCode.RangeFull &&
        e.message === 'Cannot allocate a Pod IP on node "n": podCIDR "10.244.0.0/30" is full (1 of 1 in use); add a node or use a larger podCIDR',
    );
  });

  it("restores both the address and the round-robin cursor on rollback", () => {
    const a = new HostLocalAllocator(cidr("10.244.0.0/24"), "n");
    take(a);
    const j = new Journal();
    take(a, j);
    take(a, j);
    j.rollback();
    assert.equal(a.inUse, 1);
    assert.equal(take(a), "10.244.0.3");
  });

  it("puts a released address back on rollback of the release", () => {
    const a = new HostLocalAllocator(cidr("10.244.0.0/24"), "n");
    const ip = a.allocate(new Journal());
    const j = new Journal();
    a.release(ip, j);
    assert.equal(a.inUse, 0);
    j.rollback();
    assert.equal(a.inUse, 1);
  });
});

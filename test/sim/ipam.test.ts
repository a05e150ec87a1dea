import { strict as assert } from "node:assert";
import { ErrorCode, PodtalkError } from "../../lib/model/index.js";
import {
  HostLocalAllocator,
  Journal,
  NodeCIDRAllocator,
  Rng,
  ServiceIPAllocator,
  formatCIDR,
  intToIp,
  ipToInt,
  parseCIDR,
} from "../../lib/sim/index.js";

const cidr = (text: string) => parseCIDR(text, "test CIDR");

describe("NodeCIDRAllocator.allocateNext()", () => {
  it("carves 10.244.0.0/24, 10.244.1.0/24, 10.244.2.0/24 in order from a /16", () => {
    const a = new NodeCIDRAllocator(cidr("10.244.0.0/16"), 24);
    const j = new Journal();
    assert.equal(a.capacity, 256);
    assert.deepEqual([1, 2, 3].map(() => formatCIDR(a.allocateNext(j))), ["10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"]);
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
    assert.throws(() => take(a), (e: unknown) => e instanceof PodtalkError && e.code === ErrorCode.RangeFull);
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
        e.message ===
          'Cannot allocate a Pod IP on node "n": podCIDR "10.244.0.0/30" is full (1 of 1 in use); add a node or use a larger podCIDR',
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

describe("ServiceIPAllocator", () => {
  const range = () => new ServiceIPAllocator(cidr("10.96.0.0/24"));

  it("reserves a requested address for its Service", () => {
    const a = range();
    a.allocateSpecific(ipToInt("10.96.0.10"), "kube-system/kube-dns", new Journal());
    assert.equal(a.owner(ipToInt("10.96.0.10")), "kube-system/kube-dns");
  });

  it("rejects a requested address another Service holds, as the API server words it", () => {
    const a = range();
    a.allocateSpecific(ipToInt("10.96.0.10"), "kube-system/kube-dns", new Journal());
    assert.throws(
      () => a.allocateSpecific(ipToInt("10.96.0.10"), "default/web", new Journal()),
      (e: unknown) =>
        e instanceof PodtalkError &&
        e.code === ErrorCode.Invalid &&
        e.message.includes("failed to allocate IP 10.96.0.10: provided IP is already allocated") && e.message.includes("[]string{\"10.96.0.10\"}"),
    );
  });

  it("rejects a requested address outside the range", () => {
    assert.throws(
      () => range().allocateSpecific(ipToInt("10.97.0.1"), "default/web", new Journal()),
      /provided IP is not in the valid range. The range of valid IPs is 10.96.0.0\/24/,
    );
  });

  it("picks dynamic addresses from the upper band: with a /24, 50 picks are all above .16", () => {
    const a = range();
    const rng = new Rng(1, "cluster-ips");
    const ips = Array.from({ length: 50 }, (_, i) => a.allocateNext(`default/s${i}`, rng, new Journal()));
    assert.equal(new Set(ips).size, 50);
    for (const ip of ips) assert.ok(ip > ipToInt("10.96.0.16") && ip <= ipToInt("10.96.0.254"), intToIp(ip));
  });

  it("falls back to the static band once the upper band is used up, then reports the range full", () => {
    const a = range();
    const rng = new Rng(1, "cluster-ips");
    const j = new Journal();
    for (let i = 0; i < 238; i++) assert.ok(a.allocateNext(`default/u${i}`, rng, j) > ipToInt("10.96.0.16"));
    const low = a.allocateNext("default/low", rng, j);
    assert.ok(low >= ipToInt("10.96.0.1") && low <= ipToInt("10.96.0.16"), intToIp(low));
    for (let i = 0; i < 15; i++) a.allocateNext(`default/l${i}`, rng, j);
    assert.throws(
      () => a.allocateNext("default/one-too-many", rng, j),
      (e: unknown) => e instanceof PodtalkError && e.code === ErrorCode.RangeFull && /serviceCIDR "10.96.0.0\/24" is full/.test(e.message),
    );
  });

  it("is deterministic for a seed", () => {
    const picks = (seed: number) => {
      const a = range();
      const rng = new Rng(seed, "cluster-ips");
      return Array.from({ length: 10 }, (_, i) => a.allocateNext(`default/s${i}`, rng, new Journal()));
    };
    assert.deepEqual(picks(7), picks(7));
    assert.notDeepEqual(picks(7), picks(8));
  });

  it("frees addresses taken in a journal on rollback", () => {
    const a = range();
    const j = new Journal();
    const ip = a.allocateNext("default/web", new Rng(1, "x"), j);
    a.allocateSpecific(ipToInt("10.96.0.10"), "kube-system/kube-dns", j);
    j.rollback();
    assert.equal(a.owner(ip), undefined);
    assert.equal(a.owner(ipToInt("10.96.0.10")), undefined);
  });

  it("keeps an address its owner held before when a re-reservation is rolled back", () => {
    const a = range();
    a.allocateSpecific(ipToInt("10.96.0.10"), "kube-system/kube-dns", new Journal());
    const j = new Journal();
    a.allocateSpecific(ipToInt("10.96.0.10"), "kube-system/kube-dns", j);
    j.rollback();
    assert.equal(a.owner(ipToInt("10.96.0.10")), "kube-system/kube-dns");
  });

  it("refuses a range smaller than 8 addresses", () => {
    assert.throws(() => new ServiceIPAllocator(cidr("10.96.0.0/30")), /the range must hold at least 8 addresses/);
  });
});

import { strict as assert } from "node:assert";
import { ErrorCode, PodtalkError } from "../../../lib/model/index.js";
import { intToIp } from "../../../lib/sim/index.js";
import { ipToInt, parseCIDR } from "../../../lib/sim/ip.js";
import { ServiceIPAllocator } from "../../../lib/sim/ipam/service-ip.js";
import { Rng } from "../../../lib/sim/rng.js";
import { Journal } from "../../../lib/sim/store/journal.js";

const cidr = (text: string) => parseCIDR(text, "test CIDR");

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
        e.message.includes("failed to allocate IP 10.96.0.10: provided IP is already allocated") &&
        e.message.includes('Invalid value: ["10.96.0.10"]'),
    );
  });

  it("rejects a requested address outside the range as the ServiceCIDR allocator does: no ServiceCIDR holds it", () => {
    assert.throws(
      () => range().allocateSpecific(ipToInt("10.97.0.1"), "default/web", new Journal()),
      (e: unknown) =>
        e instanceof PodtalkError &&
        e.message === 'spec.clusterIPs: Invalid value: ["10.97.0.1"]: failed to allocate IP 10.97.0.1: the provided network does not match the current range',
    );
  });

  it("rejects the range's network and broadcast addresses, naming the address and the range", () => {
    for (const ip of ["10.96.0.0", "10.96.0.255"]) {
      assert.throws(
        () => range().allocateSpecific(ipToInt(ip), "default/web", new Journal()),
        (e: unknown) =>
          e instanceof PodtalkError &&
          e.message ===
            `spec.clusterIPs: Invalid value: ["${ip}"]: failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is 10.96.0.0/24`,
      );
    }
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

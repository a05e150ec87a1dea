/**
 * A cluster's address ranges: each clear of the special IPv4 ranges and of the others, a service
 * range kubeadm accepts, and the messages naming the option to change.
 */
import { strict as assert } from "node:assert";
import { Cluster, type ClusterOptions } from "../../lib/index.js";

function refusal(options: ClusterOptions): string {
  try {
    new Cluster(options);
  } catch (e) {
    return (e as Error).message;
  }
  return "accepted";
}

describe("cluster address ranges", () => {
  const special: [string, string][] = [
    ["0.0.0.0/0", `"this network" (0.0.0.0/8)`],
    ["127.0.0.0/8", "the loopback range (127.0.0.0/8)"],
    ["224.0.0.0/4", "the multicast range (224.0.0.0/4)"],
    ["169.254.0.0/16", "the link-local range (169.254.0.0/16)"],
  ];
  for (const [range, what] of special) {
    it(`refuses clusterCIDR ${range}, naming ${what}`, () => {
      const m = refusal({ clusterCIDR: range });
      assert.ok(m.startsWith(`Invalid clusterCIDR "${range}": it overlaps ${what}`), m);
      assert.match(m, /Use a private range \(10\.0\.0\.0\/8, 172\.16\.0\.0\/12 or 192\.168\.0\.0\/16\)/);
    });
  }

  it("refuses overlapping ranges, naming both options", () => {
    assert.equal(
      refusal({ clusterCIDR: "10.96.0.0/16" }),
      `Invalid clusterCIDR "10.96.0.0/16" and serviceCIDR "10.96.0.0/12": the ranges overlap, so an address in both could be a Pod's address or a Service's ClusterIP; choose ranges that do not overlap, such as the defaults clusterCIDR "10.244.0.0/16", serviceCIDR "10.96.0.0/12" and nodeNetwork "172.18.0.0/16"`,
    );
    assert.match(refusal({ clusterCIDR: "172.18.0.0/16" }), /^Invalid clusterCIDR "172\.18\.0\.0\/16" and nodeNetwork "172\.18\.0\.0\/16": the ranges overlap/);
    assert.match(refusal({ serviceCIDR: "172.18.0.0/16" }), /^Invalid serviceCIDR "172\.18\.0\.0\/16" and nodeNetwork "172\.18\.0\.0\/16": the ranges overlap/);
  });

  it("a Service range inside the cluster CIDR is left out of the nodes' podCIDRs, as kube-controller-manager does", () => {
    const c = new Cluster({ nodes: 2, clusterCIDR: "10.96.0.0/11" });
    assert.match(String(c.describe("node", "node-1")), /PodCIDR:\s+10\.112\.0\.0\/24\n/);
    assert.match(String(c.describe("node", "node-2")), /PodCIDR:\s+10\.112\.1\.0\/24\n/);
    assert.equal(refusal({ clusterCIDR: "10.0.0.0/8" }), "accepted");
  });

  it("a serviceCIDR of /29 blames the option (kubeadm's tenth address), not the kube-dns Service", () => {
    assert.equal(
      refusal({ serviceCIDR: "10.96.0.0/29" }),
      `Invalid serviceCIDR "10.96.0.0/29": unable to get tenth IP address from service subnet CIDR 10.96.0.0/29 (kubeadm gives it, 10.96.0.10, to the kube-dns Service); use a /28 or larger, such as "10.96.0.0/12"`,
    );
    assert.equal(refusal({ serviceCIDR: "10.96.0.0/28" }), "accepted");
  });

  it("refuses a service range larger than kubeadm allows, in kubeadm's words", () => {
    assert.equal(
      refusal({ serviceCIDR: "100.64.0.0/11" }),
      `Invalid serviceCIDR "100.64.0.0/11": specified service subnet is too large; for 32-bit addresses, the mask must be >= 12`,
    );
  });

  it("takes only dotted decimal, as Go's net.ParseCIDR does (no octal or hex octets)", () => {
    assert.equal(refusal({ clusterCIDR: "010.244.0.0/16" }), `Invalid clusterCIDR "010.244.0.0/16": expected an IPv4 CIDR such as "10.244.0.0/16"`);
    assert.equal(refusal({ clusterCIDR: "0x0a.244.0.0/16" }), `Invalid clusterCIDR "0x0a.244.0.0/16": expected an IPv4 CIDR such as "10.244.0.0/16"`);
  });

  it("says 1 node, not 1 nodes", () => {
    assert.equal(refusal({ nodes: 1, nodeNetwork: "172.18.0.0/31" }), "1 node does not fit in nodeNetwork 172.18.0.0/31; use a larger nodeNetwork");
  });
});

describe("cluster.advance() out of range", () => {
  it("reports Infinity, a huge number and NaN for what they are, not as time moving backwards", () => {
    const c = new Cluster({ nodes: 1 });
    const message = (d: number | string) => {
      try {
        c.advance(d);
      } catch (e) {
        return (e as Error).message;
      }
      return "accepted";
    };
    const tail = `out of range; the longest is 2562047h47m16s (about 292 years, Go's time.Duration), so use one such as "30s", "5m" or "2h"`;
    assert.equal(message(Number.POSITIVE_INFINITY), `Invalid duration Infinity: ${tail}`);
    assert.equal(message(1e300), `Invalid duration 1e+300: ${tail}`);
    assert.equal(message("2562048h"), `Invalid duration "2562048h": ${tail}`);
    assert.equal(message(Number.NaN), `Invalid duration NaN: not a number; pass "30s" or a number of seconds ≥ 0`);
    assert.equal(message(-1), `Invalid duration -1: time only moves forward; pass "30s" or a number of seconds ≥ 0`);
    assert.equal(c.now, 600, "nothing moved");
  });
});

/**
 * CoreDNS's `loadbalance` (round_robin): CNAMEs first, other records next, then the addresses in a
 * random order drawn per response, from a stream of their own.
 *
 * @see https://github.com/coredns/coredns/blob/master/plugin/loadbalance/loadbalance.go
 */
import { strict as assert } from "node:assert";
import { Rng } from "../../../lib/sim/rng.js";
import { loadbalance, roundRobin } from "../../../lib/sim/dns/loadbalance.js";
import type { ResourceRecord } from "../../../lib/sim/dns/records.js";

const a = (ip: string): ResourceRecord => ({ name: "web.default.svc.cluster.local.", type: "A", ttl: 30, data: ip });
const ips = ["10.244.0.4", "10.244.0.5", "10.244.1.4", "10.244.1.5"];

describe("roundRobin()", () => {
  it("puts CNAMEs first and the other records before the addresses", () => {
    const cname: ResourceRecord = { name: "x.", type: "CNAME", ttl: 30, data: "web.default.svc.cluster.local." };
    const srv: ResourceRecord = { name: "_http._tcp.web.", type: "SRV", ttl: 30, data: "0 100 80 web." };
    const out = roundRobin([a(ips[0]!), srv, cname, a(ips[1]!)], new Rng(1, "dns-answers"));
    assert.deepEqual(
      out.slice(0, 2).map((r) => r.type),
      ["CNAME", "SRV"],
    );
    assert.deepEqual(
      out
        .slice(2)
        .map((r) => r.data)
        .sort(),
      [ips[0], ips[1]],
    );
  });

  it("shuffles 4 addresses into every order over many responses, as kubeadm's Corefile makes CoreDNS do", () => {
    const rng = new Rng(7, "dns-answers");
    const orders = new Set<string>();
    for (let i = 0; i < 2000; i++)
      orders.add(
        roundRobin(ips.map(a), rng)
          .map((r) => r.data)
          .join(","),
      );
    assert.equal(orders.size, 24);
  });

  it("draws nothing for a single record, so a ClusterIP answer never moves the stream", () => {
    const rng = new Rng(3, "dns-answers");
    const before = rng.save();
    roundRobin([a(ips[0]!)], rng);
    assert.deepEqual(rng.save(), before);
  });

  it("gives the same order for the same seed", () => {
    const order = (seed: number) => roundRobin(ips.map(a), new Rng(seed, "dns-answers")).map((r) => r.data);
    assert.deepEqual(order(5), order(5));
  });
});

describe("loadbalance()", () => {
  it("leaves an NXDOMAIN response alone", () => {
    const nx = { rcode: "NXDOMAIN" as const, answers: [], authority: [], additional: [] };
    assert.equal(loadbalance(nx, new Rng(1, "dns-answers")), nx);
  });

  it("shuffles the additional section too (the A records of an SRV answer)", () => {
    const rng = new Rng(11, "dns-answers");
    const orders = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const r = loadbalance({ rcode: "NOERROR", answers: [], authority: [], additional: ips.map(a) }, rng);
      orders.add(r.additional.map((x) => x.data).join(","));
    }
    assert.ok(orders.size > 1);
  });
});

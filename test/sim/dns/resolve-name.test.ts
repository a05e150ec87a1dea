import { strict as assert } from "node:assert";
import { Simulation, intToIp } from "../../../lib/sim/index.js";
import { CLUSTER_TTL, lookupA } from "../../../lib/sim/dns/records.js";
import { candidateNames, resolveHost } from "../../../lib/sim/dns/resolve-name.js";
import { deployment, namespace, pod, service } from "../internal/fixtures.js";
import { shopConf } from "./internal/fixtures.js";

describe("candidateNames()", () => {
  const cases = [
    {
      name: "a short name goes through the search list first, then as given",
      host: "my-api",
      expected: ["my-api.shop.svc.cluster.local.", "my-api.svc.cluster.local.", "my-api.cluster.local.", "my-api."],
    },
    {
      name: "www.example.com (2 dots < ndots:5) tries 3 search names, then the absolute name",
      host: "www.example.com",
      expected: ["www.example.com.shop.svc.cluster.local.", "www.example.com.svc.cluster.local.", "www.example.com.cluster.local.", "www.example.com."],
    },
    {
      name: "a trailing dot means one absolute query",
      host: "my-api.other-ns.svc.cluster.local.",
      expected: ["my-api.other-ns.svc.cluster.local."],
    },
    {
      name: "a name with 5 dots is tried as given first",
      host: "a.b.c.d.e.f",
      expected: ["a.b.c.d.e.f.", "a.b.c.d.e.f.shop.svc.cluster.local.", "a.b.c.d.e.f.svc.cluster.local.", "a.b.c.d.e.f.cluster.local."],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(candidateNames(c.host, shopConf), c.expected));
  }
});

describe("lookupA() and resolveHost()", () => {
  const sim = new Simulation({ nodes: 2, seed: 3, systemPods: false });
  sim.apply([
    namespace("other-ns"),
    deployment("data", 1, { namespace: "other-ns" }),
    service("data", { app: "data" }, { namespace: "other-ns" }),
    service("lonely", { app: "nobody" }),
    pod("client"),
  ]);
  const data = sim.service("other-ns", "data")!;
  const client = sim.pod("default", "client")!;

  it("answers <svc>.<ns>.svc.<zone> with the ClusterIP and TTL 30", () => {
    assert.deepEqual(lookupA(sim, "data.other-ns.svc.cluster.local."), {
      rcode: "NOERROR",
      answers: [{ name: "data.other-ns.svc.cluster.local.", type: "A", ttl: CLUSTER_TTL, data: intToIp(data.clusterIP!) }],
    });
    assert.equal(CLUSTER_TTL, 30);
  });

  it("still resolves a Service with no endpoints", () => {
    const r = resolveHost(sim, client, "lonely");
    assert.deepEqual(r.addresses, [sim.service("default", "lonely")!.clusterIP]);
  });

  it("gives NXDOMAIN for a short name of a Service in another namespace", () => {
    const r = resolveHost(sim, client, "data");
    assert.deepEqual(r.addresses, []);
    assert.deepEqual(
      r.queries.map((q) => [q.name, q.rcode]),
      [
        ["data.default.svc.cluster.local.", "NXDOMAIN"],
        ["data.svc.cluster.local.", "NXDOMAIN"],
        ["data.cluster.local.", "NXDOMAIN"],
        ["data.", "NXDOMAIN"],
      ],
    );
  });

  it("resolves <svc>.<ns> on the second search suffix", () => {
    const r = resolveHost(sim, client, "data.other-ns");
    assert.deepEqual(r.addresses, [data.clusterIP]);
    assert.equal(r.answeredName, "data.other-ns.svc.cluster.local.");
    assert.deepEqual(
      r.queries.map((q) => q.rcode),
      ["NXDOMAIN", "NOERROR"],
    );
    assert.equal(r.nameserver, "10.96.0.10");
  });

  const podRecords = [
    { name: "a dashed Pod IP in an existing namespace", fqdn: "10-244-1-7.default.pod.cluster.local.", rcode: "NOERROR", data: "10.244.1.7" },
    { name: "a namespace that does not exist", fqdn: "10-244-1-7.nope.pod.cluster.local.", rcode: "NXDOMAIN" },
    { name: "dashes that are not an IPv4 address", fqdn: "10-244-1.default.pod.cluster.local.", rcode: "NXDOMAIN" },
    { name: "a name outside the cluster domain (no internet)", fqdn: "www.example.com.", rcode: "NXDOMAIN" },
    { name: "a Service that does not exist", fqdn: "nope.default.svc.cluster.local.", rcode: "NXDOMAIN" },
  ];
  for (const c of podRecords) {
    it(`answers ${c.name} with ${c.rcode}`, () => {
      const r = lookupA(sim, c.fqdn);
      assert.equal(r.rcode, c.rcode);
      assert.deepEqual(
        r.answers.map((a) => a.data),
        c.data ? [c.data] : [],
      );
    });
  }
});

import { strict as assert } from "node:assert";
import {
  Rng,
  Simulation,
  buildServiceRules,
  endpointChainName,
  intToIp,
  pickEndpoint,
  serviceChainName,
  servicePortName,
} from "../../lib/sim/index.js";
import { deployment, service } from "./internal/fixtures.js";

function clusterWith(replicas: number): Simulation {
  const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
  sim.apply([deployment("api", replicas), service("web", { app: "api" })]);
  return sim;
}

describe("serviceChainName()", () => {
  // Chain names from a real cluster's iptables-save (kube-proxy hashes portName + lower-case protocol).
  const cases = [
    { portName: "default/kubernetes:https", protocol: "TCP", chain: "KUBE-SVC-NPX46M4PTMTKRN6Y" },
    { portName: "kube-system/kube-dns:dns", protocol: "UDP", chain: "KUBE-SVC-TCOU7JCQXEZGVUNU" },
    { portName: "kube-system/kube-dns:dns-tcp", protocol: "TCP", chain: "KUBE-SVC-ERIFXISQEP7F7OF4" },
    { portName: "kube-system/kube-dns:metrics", protocol: "TCP", chain: "KUBE-SVC-JD5MR3NA4I4DYORP" },
  ];
  for (const c of cases) {
    it(`names ${c.portName}/${c.protocol} ${c.chain}, as kube-proxy does`, () => {
      assert.equal(serviceChainName(c.portName, c.protocol), c.chain);
    });
  }

  it("gives KUBE-SEP chains 16 base32 characters that differ per endpoint", () => {
    const a = endpointChainName("default/web", "TCP", "10.244.0.2:8080");
    const b = endpointChainName("default/web", "TCP", "10.244.0.3:8080");
    assert.match(a, /^KUBE-SEP-[A-Z2-7]{16}$/);
    assert.notEqual(a, b);
  });
});

describe("servicePortName()", () => {
  it("adds :name only when the port is named", () => {
    const sim = new Simulation({ nodes: 1, systemPods: false });
    assert.equal(servicePortName(sim.service("default", "kubernetes")!, 0), "default/kubernetes:https");
    sim.apply(service("web", { app: "x" }));
    assert.equal(servicePortName(sim.service("default", "web")!, 0), "default/web");
  });
});

describe("buildServiceRules()", () => {
  it("gives 3 endpoints the probabilities 0.3333333333, 0.5000000000, then an unconditional rule", () => {
    const sim = clusterWith(3);
    const rules = buildServiceRules(sim, sim.service("default", "web")!, 0);
    assert.deepEqual(
      rules.endpoints.map((e) => e.probability?.toFixed(10)),
      ["0.3333333333", "0.5000000000", undefined],
    );
    assert.match(rules.endpoints[0]!.jumpRule.text, / -m statistic --mode random --probability 0\.3333333333 -j KUBE-SEP-/);
    assert.match(rules.endpoints[1]!.jumpRule.text, / -m statistic --mode random --probability 0\.5000000000 -j KUBE-SEP-/);
    assert.doesNotMatch(rules.endpoints[2]!.jumpRule.text, /statistic/);
    assert.equal(rules.rejectRule, undefined);
  });

  it("matches the ClusterIP and port in KUBE-SERVICES and DNATs each KUBE-SEP chain to its endpoint", () => {
    const sim = clusterWith(1);
    const svc = sim.service("default", "web")!;
    const rules = buildServiceRules(sim, svc, 0);
    const vip = intToIp(svc.clusterIP!);
    assert.equal(
      rules.serviceRule.text,
      `-A KUBE-SERVICES -d ${vip}/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j ${rules.chain}`,
    );
    const ep = rules.endpoints[0]!;
    assert.match(ep.sepRules[1]!.text, new RegExp(`^-A ${ep.chain} -p tcp .* -j DNAT --to-destination ${intToIp(ep.endpoint.ip).replaceAll(".", "\\.")}:8080$`));
  });

  it("writes a REJECT rule saying `has no endpoints` when no Pod is ready", () => {
    const sim = clusterWith(0);
    const svc = sim.service("default", "web")!;
    const rules = buildServiceRules(sim, svc, 0);
    assert.deepEqual(rules.endpoints, []);
    assert.equal(
      rules.rejectRule?.text,
      `-A KUBE-SERVICES -d ${intToIp(svc.clusterIP!)}/32 -p tcp -m comment --comment "default/web has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`,
    );
  });
});

describe("pickEndpoint()", () => {
  it("gives each of 3 endpoints 1/3 of 30,000 picks, within 1%", () => {
    const sim = clusterWith(3);
    const rules = buildServiceRules(sim, sim.service("default", "web")!, 0);
    const rng = new Rng(42, "endpoints");
    const counts = new Map<string, number>();
    const n = 30_000;
    for (let i = 0; i < n; i++) {
      const chosen = pickEndpoint(rules, rng)!;
      counts.set(chosen.chain, (counts.get(chosen.chain) ?? 0) + 1);
    }
    assert.equal(counts.size, 3);
    for (const [chain, count] of counts) assert.ok(Math.abs(count / n - 1 / 3) < 0.01, `${chain}: ${count}`);
  });

  it("returns nothing when the Service has no ready endpoints", () => {
    const sim = clusterWith(0);
    assert.equal(pickEndpoint(buildServiceRules(sim, sim.service("default", "web")!, 0), new Rng(1, "e")), undefined);
  });
});

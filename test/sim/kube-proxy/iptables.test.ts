import { strict as assert } from "node:assert";
import { Simulation, intToIp } from "../../../lib/sim/index.js";
import { buildServiceRules, pickEndpoint } from "../../../lib/sim/kube-proxy/iptables.js";
import { Rng } from "../../../lib/sim/rng.js";
import { deployment, service } from "../internal/fixtures.js";

function clusterWith(replicas: number): Simulation {
  const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
  sim.apply([deployment("api", replicas), service("web", { app: "api" })]);
  return sim;
}

describe("buildServiceRules()", () => {
  it("gives 3 endpoints the probabilities 1/3, 1/2, then an unconditional rule, printed as iptables-save does (0.33333333349, 0.50000000000)", () => {
    const sim = clusterWith(3);
    const rules = buildServiceRules(sim, sim.service("default", "web")!, 0);
    assert.deepEqual(
      rules.endpoints.map((e) => e.probability?.toFixed(10)),
      ["0.3333333333", "0.5000000000", undefined],
    );
    assert.match(rules.endpoints[0]!.jumpRule.text, / -m statistic --mode random --probability 0\.33333333349 -j KUBE-SEP-/);
    assert.match(rules.endpoints[1]!.jumpRule.text, / -m statistic --mode random --probability 0\.50000000000 -j KUBE-SEP-/);
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
    assert.match(
      ep.sepRules[1]!.text,
      new RegExp(`^-A ${ep.chain} -p tcp .* -j DNAT --to-destination ${intToIp(ep.endpoint.ip).replaceAll(".", "\\.")}:8080$`),
    );
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

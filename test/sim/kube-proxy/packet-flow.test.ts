/**
 * Conformance with kube-proxy's own packet-flow tests: every `runPacketFlowTests` table of
 * pkg/proxy/iptables/proxier_test.go (kubernetes/kubernetes), run through podtalk's clusters.
 * Each case builds upstream's Services and endpoints, sends the packet from the matching client,
 * and compares kube-proxy's verdict read off the trace (the endpoints the DNAT may choose,
 * REJECT, DROP, ACCEPT or no rule, and whether the packet is masqueraded) with upstream's.
 *
 * The expected verdicts do not depend on the proxy mode; cases podtalk cannot express are
 * pending, with their reason. See docs/fidelity.md, "kube-proxy packet-flow conformance".
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier_test.go
 */
import { strict as assert } from "node:assert";
import { CASES } from "./packet-flow/cases.js";
import { buildScenario, type FlowCluster, normalize, runFlow } from "./packet-flow/run.js";
import type { ScenarioId } from "./packet-flow/scenarios.js";

/** The proxy modes checked against upstream's verdicts (IPVS has no packet-flow tests upstream). */
const MODES = ["iptables", "nftables"] as const;

describe("kube-proxy packet-flow cases (the table)", () => {
  it("holds the iptables tests' 246 cases, 71 of which podtalk can express, and one more of the nftables tests", () => {
    const iptables = CASES.filter((c) => c.onlyModes === undefined);
    assert.equal(iptables.length, 246);
    assert.equal(iptables.filter((c) => c.skip === undefined).length, 71);
    assert.equal(CASES.length, 247);
  });
});

for (const mode of MODES) {
  describe(`kube-proxy packet-flow conformance (${mode} mode)`, () => {
    const clusters = new Map<ScenarioId, FlowCluster>();
    const cluster = (id: ScenarioId): FlowCluster => {
      let c = clusters.get(id);
      if (!c) {
        c = buildScenario(id, mode);
        clusters.set(id, c);
      }
      return c;
    };
    for (const c of CASES) {
      if (c.onlyModes && !c.onlyModes.includes(mode)) continue;
      const title = `${c.upstream}: ${c.name}`;
      const own = c.modes?.[mode];
      const skip = c.skip ?? (own === "absent" ? `kube-proxy's ${mode} tests have no such case` : undefined);
      if (skip !== undefined || own === "absent") {
        it.skip(`${title} (${skip})`);
        continue;
      }
      const expected = own ?? c;
      it(title, () => {
        const got = runFlow(cluster(c.scenario), c);
        assert.deepEqual(got, { output: normalize(expected.output), masq: expected.masq ?? false });
      });
    }
  });
}

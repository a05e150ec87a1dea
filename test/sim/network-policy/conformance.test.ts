/**
 * NetworkPolicy conformance: the truth-table scenarios of the upstream e2e suite
 * (kubernetes/kubernetes test/e2e/network/netpol/network_policy.go) and of cyclonus
 * (mattfenwick/cyclonus pkg/generator), run on the suite's model cluster (netpol-model.ts).
 *
 * - Under an enforcing implementation (`networkPolicy: "kube-network-policies"`), every observed
 *   table must equal the expected one, loopback aside as upstream does. The suite skips, saying
 *   why, on a build where that implementation is not registered.
 * - Under plain flannel (`networkPolicy: "none"`), every policy of every case is accepted and
 *   changes nothing: every probe connects.
 */
import { strict as assert } from "node:assert";
import { Cluster } from "../../../lib/index.js";
import { CONFORMANCE_CASES, NOT_PORTED } from "./cases.js";
import type { ConformanceCase } from "./netpol-cases.js";
import { buildModel, probe } from "./netpol-model.js";
import { ModelRun, describeOutcome, runCase } from "./netpol-runner.js";
import { PODS } from "./netpol-truth-table.js";

/** The enforcing implementation the suite checks. */
const ENFORCING = "kube-network-policies";

/** Why the enforcing suite cannot run on this build, or undefined when it can. */
function enforcingUnavailable(): string | undefined {
  try {
    new Cluster({ networkPolicy: ENFORCING, systemPods: false });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const unavailable = enforcingUnavailable();
const enforcingSuite = unavailable === undefined ? describe : describe.skip;
if (unavailable !== undefined) {
  console.log(`NetworkPolicy conformance under "${ENFORCING}" skipped: ${unavailable}`);
}

function title(c: ConformanceCase): string {
  return `${c.source}: ${c.name}`;
}

enforcingSuite(`NetworkPolicy conformance under networkPolicy: "${ENFORCING}" (${CONFORMANCE_CASES.length} cases)`, () => {
  for (const c of CONFORMANCE_CASES) {
    it(title(c), () => {
      const outcomes = runCase(c, ENFORCING);
      const wrong = outcomes.filter((o) => o.wrong > 0);
      assert.equal(wrong.length, 0, wrong.map((o) => describeOutcome(c, o)).join("\n"));
    });
  }
  for (const n of NOT_PORTED) it.skip(`not ported: ${n.name} (${n.why})`);
});

describe(`NetworkPolicy conformance cases under plain flannel (networkPolicy: "none", ${CONFORMANCE_CASES.length} cases)`, () => {
  it("builds the model: nine Pods of two containers each, every one reachable from every one on ports 80 and 81 through its Service", () => {
    const model = buildModel({ networkPolicy: "none" });
    assert.deepEqual(
      model.cluster
        .get("pods", { allNamespaces: true })
        .rows.filter((r) => ["x", "y", "z"].includes(r["NAMESPACE"]!))
        .map((r) => `${r["NAMESPACE"]}/${r["NAME"]} ${r["READY"]}`),
      PODS.map((p) => `${p} 2/2`),
    );
    for (const port of [80, 81] as const) {
      const refused = PODS.flatMap((from) => PODS.filter((to) => !probe(model, from, to, port).connected).map((to) => `${from} → ${to}`));
      assert.deepEqual(refused, [], `port ${port}`);
    }
    // A port the model does not serve is refused (curl's exit 7), so a probe does tell the two apart.
    const closed = model.cluster.exec("a", `curl -s -o /dev/null --connect-timeout 1 http://${model.podIP("y/b")}:82/`, {
      namespace: "x",
      container: "cont-80-tcp",
    });
    assert.equal(closed.exitCode, 7);
  });

  it("counts at least 40 upstream e2e cases and 60 cases in all, each named once", () => {
    const e2e = CONFORMANCE_CASES.filter((c) => c.source === "kubernetes e2e");
    assert.ok(e2e.length >= 40, `${e2e.length} e2e cases`);
    assert.ok(CONFORMANCE_CASES.length >= 60, `${CONFORMANCE_CASES.length} cases`);
    const names = CONFORMANCE_CASES.map(title);
    assert.deepEqual(
      names.filter((n, i) => names.indexOf(n) !== i),
      [],
    );
  });

  for (const c of CONFORMANCE_CASES) {
    it(`accepts every policy of ${title(c)}, and every probe still connects`, () => {
      const run = new ModelRun("none");
      c.steps.forEach((s, i) => {
        for (const action of s.actions) run.apply(action);
        for (const p of s.probes) {
          const observed = run.observe(p.port);
          assert.equal(observed.countAllowed(), PODS.length ** 2, `step ${i + 1}, port ${p.port}:\n${observed}`);
        }
      });
    });
  }
});

/**
 * The reference matcher, which gives cyclonus's cases their expected tables, against the facts it
 * must agree with: every truth table the upstream e2e suite writes by hand, and the builder calls'
 * expansion itself.
 */
import { strict as assert } from "node:assert";
import { E2E_EGRESS_CASES } from "./cases-e2e-egress.js";
import { E2E_INGRESS_CASES } from "./cases-e2e-ingress.js";
import { selectorMatches } from "./netpol-matcher.js";
import { IGNORE_LOOPBACK, ModelRun } from "./netpol-runner.js";
import { PODS, reach } from "./netpol-truth-table.js";

describe("NetworkPolicy truth tables (upstream's Reachability builder)", () => {
  it("expands ExpectPeer, ExpectAllIngress, ExpectAllEgress and Expect in order, later calls winning", () => {
    const t = reach()
      .expectPeer({ namespace: "x", pod: "a" }, {}, false)
      .expectPeer({}, { namespace: "y", pod: "a" }, false)
      .expectPeer({ namespace: "x", pod: "a" }, { namespace: "y", pod: "a" }, true).expected;
    // Upstream's own drawing of this case (the client-side egress denial test), row x/a and column y/a.
    assert.equal(t.toString().split("\n")[1], "x/a\tX\tX\tX\t.\tX\tX\tX\tX\tX");
    assert.deepEqual(
      PODS.filter((p) => !t.get(p, "y/a")),
      PODS.filter((p) => p !== "x/a"),
    );
    assert.equal(t.countAllowed(), 81 - 9 - 8 + 1);
    const u = reach().expectAllIngress("x/a", false).expectAllEgress("x/a", false).expect("x/b", "x/a", true).expected;
    assert.equal(u.countAllowed(), 81 - 17 + 1);
  });

  it("prints a table as upstream's PrettyPrint does: a header row, then one tab-separated row per client", () => {
    const lines = reach().expectAllIngress("z/c", false).expected.toString().split("\n");
    assert.equal(lines[0], "-\tx/a\tx/b\tx/c\ty/a\ty/b\ty/c\tz/a\tz/b\tz/c");
    assert.equal(lines[9], "z/c\t.\t.\t.\t.\t.\t.\t.\t.\tX");
    assert.equal(lines.length, 10);
  });
});

describe("the reference NetworkPolicy matcher", () => {
  it("matches selectors as LabelSelectorAsSelector: matchLabels and In, NotIn, Exists, DoesNotExist", () => {
    const l = { pod: "a", ns: "x" };
    assert.ok(selectorMatches({}, l));
    assert.ok(selectorMatches({ matchLabels: { pod: "a" }, matchExpressions: [{ key: "ns", operator: "In", values: ["x", "y"] }] }, l));
    assert.ok(!selectorMatches({ matchExpressions: [{ key: "pod", operator: "NotIn", values: ["a"] }] }, l));
    assert.ok(selectorMatches({ matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] }, l));
    assert.ok(!selectorMatches({ matchExpressions: [{ key: "zone", operator: "Exists" }] }, l));
    assert.ok(selectorMatches({ matchExpressions: [{ key: "zone", operator: "DoesNotExist" }] }, l));
  });

  for (const c of [...E2E_INGRESS_CASES, ...E2E_EGRESS_CASES]) {
    it(`reproduces the truth tables of "${c.name}"`, () => {
      const run = new ModelRun("none");
      c.steps.forEach((s, i) => {
        for (const action of s.actions) run.apply(action);
        for (const p of s.probes) {
          const written = p.expected!;
          const computed = run.expected({ port: p.port });
          const diff = written.differences(computed, IGNORE_LOOPBACK);
          assert.deepEqual(diff, [], `step ${i + 1}, port ${p.port}\nupstream:\n${written}\nmatcher:\n${computed}`);
        }
      });
    });
  }
});

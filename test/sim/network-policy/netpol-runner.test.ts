/**
 * The conformance runner against an implementation whose behaviour is known: one registered for
 * this test that drops every connection into namespace x and nothing else. It passes the
 * default-deny-ingress case, fails the default-deny-all case, and reports that failure with
 * upstream's three tables.
 */
import { strict as assert } from "node:assert";
import { registerNetworkPolicy } from "../../../lib/index.js";
import { E2E_INGRESS_CASES } from "./cases-e2e-ingress.js";
import { describeOutcome, runCase } from "./netpol-runner.js";

const NAME = "drop-into-x-test";

describe("the NetworkPolicy conformance runner", () => {
  let unregister: () => void = () => {};
  before(() => {
    unregister = registerNetworkPolicy({
      name: NAME,
      enforces: true,
      decide: (_view, q) => (q.direction === "Ingress" && q.pod.namespace === "x" ? { verdict: "dropped", policies: ["x/deny-ingress"] } : undefined),
    });
  });
  after(() => unregister());

  const byName = (name: string) => E2E_INGRESS_CASES.find((c) => c.name === name)!;

  it("finds no difference where the implementation does what the case expects (loopback ignored)", () => {
    const outcomes = runCase(byName("should support a 'default-deny-ingress' policy"), NAME);
    assert.equal(outcomes.length, 1);
    assert.equal(outcomes[0]!.wrong, 0);
    // Every connection into x is dropped, x/a's own hairpin through its Service included.
    assert.equal(outcomes[0]!.observed.countAllowed(), 81 - 27);
  });

  it("counts and prints the differences where it does not, as upstream's truth tables", () => {
    const c = byName("should support a 'default-deny-all' policy");
    const [o] = runCase(c, NAME);
    // Egress from x to y and z (3 × 6 pairs) is expected denied and observed allowed.
    assert.equal(o!.wrong, 18);
    const text = describeOutcome(c, o!);
    assert.match(text, /^kubernetes e2e: should support a 'default-deny-all' policy \(test\/e2e\/network\/netpol\/network_policy\.go\), step 1, TCP port 80\n/);
    assert.match(text, /\nreachability: correct:54, incorrect:18, result=false\nexpected:\n\n-\tx\/a\tx\/b/);
    assert.ok(text.includes("\ncomparison:\n\n-\tx/a\tx/b\tx/c\ty/a\ty/b\ty/c\tz/a\tz/b\tz/c\nx/a\t.\t.\t.\tX\tX\tX\tX\tX\tX\n"), text);
  });
});

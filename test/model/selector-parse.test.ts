import { strict as assert } from "node:assert";
import fc from "fast-check";
import { matchesRequirements, parseLabelSelector } from "../../lib/model/selector-parse.js";

// Cases and messages follow apimachinery's pkg/labels/selector_test.go (TestSelectorParse, TestLexer).
describe("parseLabelSelector()", () => {
  it("parses equality, set-based, existence and negation requirements", () => {
    assert.deepEqual(parseLabelSelector("x=a,y==b,z!=c"), [
      { key: "x", operator: "=", values: ["a"] },
      { key: "y", operator: "==", values: ["b"] },
      { key: "z", operator: "!=", values: ["c"] },
    ]);
    assert.deepEqual(parseLabelSelector(" env in ( a , b ) , !legacy , release , x notin ()"), [
      { key: "env", operator: "in", values: ["a", "b"] },
      { key: "legacy", operator: "!", values: [] },
      { key: "release", operator: "exists", values: [] },
      { key: "x", operator: "notin", values: [""] },
    ]);
    assert.deepEqual(parseLabelSelector("x="), [{ key: "x", operator: "=", values: [""] }]);
    assert.deepEqual(parseLabelSelector("x in (in,notin)"), [{ key: "x", operator: "in", values: ["in", "notin"] }]);
    assert.deepEqual(parseLabelSelector(""), []);
    assert.deepEqual(parseLabelSelector("example.com/tier=db"), [{ key: "example.com/tier", operator: "=", values: ["db"] }]);
  });

  it("rejects what apimachinery rejects, with its messages", () => {
    const message = (s: string): string => {
      try {
        parseLabelSelector(s);
      } catch (e) {
        return (e as Error).message;
      }
      return "(parsed)";
    };
    assert.equal(message("x in a"), "unable to parse requirement: found 'a' expected: '('");
    assert.equal(message("x,"), "found '', expected: identifier after ','");
    assert.equal(message("x y"), "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt");
    assert.equal(message("x IN (a)"), "unable to parse requirement: found 'IN', expected: in, notin, =, ==, !=, gt, lt");
    assert.equal(message(",x"), "found ',', expected: !, identifier, or 'end of string'");
    assert.match(message("-x=a"), /^unable to parse requirement: invalid label key "-x": name part must consist of/);
    assert.match(message("x=a b"), /^found 'b', expected: ',' or 'end of string'$/);
    assert.match(message("x=-a"), /^unable to parse requirement: invalid label value: "-a": at key: "x": /);
  });

  it("matches labels as apimachinery's Requirement.Matches does", () => {
    const labels = { app: "api", tier: "web", n: "5" };
    const m = (s: string) => matchesRequirements(parseLabelSelector(s), labels);
    assert.ok(m("app=api,tier!=db"));
    assert.ok(m("app in (api,web)"));
    assert.ok(!m("app notin (api)"));
    assert.ok(m("!legacy") && !m("!app"));
    assert.ok(m("legacy!=x"), "!= holds when the key is absent");
    assert.ok(!m("legacy in (x)"));
    assert.ok(m("n>3") && !m("n<3") && !m("app>1"));
  });
});

describe("parseLabelSelector(), for any text", () => {
  it("parses or throws a plain Error with apimachinery's wording, never a TypeError", () => {
    const text = fc.oneof(fc.string(), fc.stringMatching(/^[a-z!=(),<> ]{0,20}$/), fc.constantFrom("in", "notin", "x in", "!", "(", "x in (", "x=(a)"));
    fc.assert(
      fc.property(text, (s) => {
        try {
          const reqs = parseLabelSelector(s);
          matchesRequirements(reqs, { x: "1" });
        } catch (e) {
          assert.equal((e as Error).constructor, Error, String(e));
          assert.match((e as Error).message, /^(unable to parse requirement: |found |error expected)/);
        }
      }),
      { numRuns: Number(process.env["FUZZ_RUNS"] ?? 300) },
    );
  });
});

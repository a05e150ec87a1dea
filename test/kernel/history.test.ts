import { strict as assert } from "node:assert";
import { History, globMatch } from "../../kernel/history.js";

describe("globMatch()", () => {
  const cases: { glob: string; text: string; match: boolean; why: string }[] = [
    { glob: "*", text: "", match: true, why: "a star matches nothing too" },
    { glob: "1 + 2*", text: "1 + 2 + 3", match: true, why: "prefix, as jupyter_kernel_test's history pattern" },
    { glob: "1 + 2*", text: "x = 1 + 2", match: false, why: "the glob is anchored at the start" },
    { glob: "*apply*", text: 'cluster.apply("x")\ncluster.get("pods")', match: true, why: "a star spans lines" },
    { glob: "a?c", text: "abc", match: true, why: "? is one character" },
    { glob: "a?c", text: "ac", match: false, why: "? is not optional" },
    { glob: "a*b*c", text: "a-b-b-c", match: true, why: "stars backtrack" },
    { glob: "a*b", text: "a-b-c", match: false, why: "anchored at the end" },
    { glob: "(x).[y]+", text: "(x).[y]+", match: true, why: "regular-expression characters are literal" },
    { glob: "**a", text: "bba", match: true, why: "consecutive stars" },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.glob)} ${c.match ? "matches" : "does not match"} ${JSON.stringify(c.text)}: ${c.why}`, () => {
      assert.equal(globMatch(c.glob, c.text), c.match);
    });
  }
});

describe("History.query() with hist_access_type search", () => {
  it("answers a pattern of many stars against a long cell at once instead of blocking the kernel", () => {
    const history = new History();
    // A regular expression made of this glob backtracks for seconds here, and exponentially
    // longer with every further star.
    history.add(1, "a".repeat(500));
    const startedAt = Date.now();
    const rows = history.query({ hist_access_type: "search", pattern: "*a*a*a*b" });
    assert.deepEqual(rows, []);
    assert.ok(Date.now() - startedAt < 500, `took ${Date.now() - startedAt} ms`);
  });

  it("finds nothing, rather than throwing, for a pattern that is not a string", () => {
    const history = new History();
    history.add(1, "1 + 2");
    assert.deepEqual(history.query({ hist_access_type: "search", pattern: 5 }), []);
    assert.deepEqual(history.query({ hist_access_type: "search", pattern: "1*" }), [[1, 1, "1 + 2"]]);
  });
});

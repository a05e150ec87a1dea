import { strict as assert } from "node:assert";
import { DESCRIBE_TABWRITER, GET_TABWRITER, tabwrite, tabwriteCells } from "../../lib/render/tabwriter.js";

describe("tabwriteCells()", () => {
  const cases: { name: string; lines: string[][]; options: Parameters<typeof tabwriteCells>[1]; want: string[] }[] = [
    {
      name: "pads a column to its widest cell plus kubectl get's padding of 3",
      lines: [
        ["NAME", "READY"],
        ["a", "1/1"],
      ],
      options: GET_TABWRITER,
      want: ["NAME   READY", "a      1/1"],
    },
    {
      name: "keeps kubectl get's minimum width of 6, even for empty cells",
      lines: [
        ["", "x"],
        ["ab", "y"],
      ],
      options: GET_TABWRITER,
      want: ["      x", "ab    y"],
    },
    {
      name: "never pads the last cell of a line",
      lines: [
        ["a", "trailing"],
        ["bb", "t"],
      ],
      options: DESCRIBE_TABWRITER,
      want: ["a   trailing", "bb  t"],
    },
    {
      name: "counts code points, as Go counts runes",
      lines: [
        ["é😀", "x"],
        ["ab", "y"],
      ],
      options: { padding: 1 },
      want: ["é😀 x", "ab y"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(tabwriteCells(c.lines, c.options), c.want));
  }
});

describe("tabwrite()", () => {
  it("aligns tab-separated lines with kubectl describe's padding of 2", () => {
    assert.equal(tabwrite("Name:\tweb\nNamespace:\tdefault", DESCRIBE_TABWRITER), "Name:       web\nNamespace:  default");
  });

  it("ends a column block at a line without that column, as Go's elastic tabstops do", () => {
    assert.equal(tabwrite("a:\tx\nno tab\nlonger:\ty", DESCRIBE_TABWRITER), "a:  x\nno tab\nlonger:  y");
  });
});

describe("tabwriteCells() at the size of a 10,000-Service cluster's rules", () => {
  it("aligns 300,000 lines (more than a function call takes arguments)", () => {
    const lines = Array.from({ length: 300_000 }, (_, i) => [`KUBE-SEP-${i}`, "-j", "DNAT"]);
    const out = tabwriteCells(lines, GET_TABWRITER);
    assert.equal(out.length, 300_000);
    assert.equal(out[0], "KUBE-SEP-0        -j    DNAT");
    assert.equal(out[299_999], "KUBE-SEP-299999   -j    DNAT");
  });
});

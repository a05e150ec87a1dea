import { strict as assert } from "node:assert";
import { compareNotebooks, formatDifferences, parseSanitizers, textDifference } from "../../lib/notebook/compare.js";
import type { Notebook, Output } from "../../lib/notebook/ipynb.js";

function nb(cells: { outputs: Output[]; tags?: string[] }[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((c, i) => ({
      cell_type: "code",
      id: `c${i}`,
      source: `cell ${i}`,
      metadata: c.tags ? { tags: c.tags } : {},
      execution_count: i + 1,
      outputs: c.outputs,
    })),
  };
}
const text = (t: string): Output => ({ output_type: "stream", name: "stdout", text: t });
const bundle = (data: Record<string, unknown>, count = 1): Output => ({ output_type: "execute_result", execution_count: count, data, metadata: {} });
const svg = (n: number, label: string): string => `<svg xmlns="http://www.w3.org/2000/svg">${"<rect/>".repeat(n)}<text>${label}</text></svg>`;

describe("compareNotebooks()", () => {
  it("finds nothing when outputs match, ignoring execution counts and how streams were chunked", () => {
    const a = nb([{ outputs: [text("a\n"), text("b\n"), bundle({ "text/plain": "1" }, 1)] }]);
    const b = nb([{ outputs: [text("a\nb\n"), bundle({ "text/plain": "1" }, 7)] }]);
    assert.deepEqual(compareNotebooks(a, b), []);
  });

  it("diffs text per MIME type, line by line", () => {
    const a = nb([{ outputs: [bundle({ "text/plain": "NAME  IP\napi   10.244.1.2\nweb   10.244.2.2" })] }]);
    const b = nb([{ outputs: [bundle({ "text/plain": "NAME  IP\napi   10.244.1.3\nweb   10.244.2.2" })] }]);
    const [d] = compareNotebooks(a, b);
    assert.equal(d!.what, "text/plain");
    assert.equal(d!.detail, "  NAME  IP\n- api   10.244.1.2\n+ api   10.244.1.3\n  web   10.244.2.2");
    assert.equal(d!.cell, 1);
  });

  it('says "SVG changed" with the marks and labels that changed, in plain SVG too', () => {
    const a = nb([{ outputs: [bundle({ "image/svg+xml": svg(2, "node-1"), "text/plain": "x" })] }]);
    const b = nb([{ outputs: [bundle({ "image/svg+xml": svg(3, "node-2"), "text/plain": "x" })] }]);
    const [d] = compareNotebooks(a, b);
    assert.equal(d!.what, "image/svg+xml");
    assert.equal(d!.detail, 'SVG changed: 1 label changed ("node-1" → "node-2"), 1 box added\n  label: "node-1" → "node-2"\n  box added');
  });

  it("compares JSON MIME types structurally and names the paths that changed", () => {
    const a = nb([{ outputs: [bundle({ "application/vnd.vegalite.v5+json": { mark: "rect", data: { values: [1] } } })] }]);
    const b = nb([{ outputs: [bundle({ "application/vnd.vegalite.v5+json": { data: { values: [2] }, mark: "rect" } })] }]);
    assert.deepEqual(
      compareNotebooks(a, b).map((d) => d.detail),
      ["JSON changed at /data/values/0"],
    );
  });

  it("reports MIME types and outputs that appeared or went away", () => {
    const a = nb([{ outputs: [bundle({ "text/plain": "1", "text/html": "<b>1</b>" })] }, { outputs: [text("x\n")] }]);
    const b = nb([{ outputs: [bundle({ "text/plain": "1" })] }, { outputs: [text("x\n"), { output_type: "error", ename: "E", evalue: "v", traceback: [] }] }]);
    const diffs = compareNotebooks(a, b);
    assert.deepEqual(
      diffs.map((d) => [d.cell, d.what]),
      [
        [1, "text/html"],
        [2, "outputs"],
      ],
    );
    assert.match(diffs[1]!.detail, /stored: stream stdout\nfresh:  stream stdout, error/);
  });

  it("skips cells tagged nbval-ignore-output, nbval-skip and skip-execution", () => {
    for (const tag of ["nbval-ignore-output", "nbval-skip", "skip-execution"]) {
      assert.deepEqual(compareNotebooks(nb([{ outputs: [text("a")], tags: [tag] }]), nb([{ outputs: [text("b")] }])), [], tag);
    }
  });

  it("applies sanitizers to both sides (nbval's file format)", () => {
    const sanitizers = parseSanitizers("[pod names]\nregex: api-[a-z0-9]{5}\nreplace: api-XXXXX\n\n[times]\nregex: \\d+ ms\nreplace: T\n");
    assert.equal(sanitizers.length, 2);
    const a = nb([{ outputs: [text("api-7c9d8 took 12 ms\n")] }]);
    const b = nb([{ outputs: [text("api-2xk4q took 9 ms\n")] }]);
    assert.deepEqual(compareNotebooks(a, b, { sanitizers }), []);
    assert.equal(compareNotebooks(a, b).length, 1);
  });

  it("formats the report with path, cell number, the cell's first line and each change", () => {
    const stored = nb([{ outputs: [text("a\n")] }]);
    const report = formatDifferences("x.ipynb", stored, compareNotebooks(stored, nb([{ outputs: [text("b\n")] }])));
    assert.equal(report, "x.ipynb: cell 1 (c0) outputs changed:\n    cell 0\n  stream stdout:\n    - a\n    + b");
  });
});

describe("textDifference()", () => {
  it("is empty for equal texts and marks insertions", () => {
    assert.equal(textDifference("a\nb", "a\nb"), "");
    assert.equal(textDifference("a\nc", "a\nb\nc"), "  a\n+ b\n  c");
  });
});

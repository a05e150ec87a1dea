import { strict as assert } from "node:assert";
import { join } from "node:path";
import { MAX_SUMMARY_LINES, compareNotebooks, formatDifferences } from "../../lib/notebook/compare.js";
import { readNotebook, type Notebook, type Output } from "../../lib/notebook/ipynb.js";
import { packageRoot } from "../../lib/notebook/kernelspec.js";

const COURSE = join(packageRoot(), "notebooks");

/** Text of a MIME value as stored (a string or a list of lines). */
const textOf = (v: unknown): string => (Array.isArray(v) ? v.join("") : String(v));

/** The outputs of `notebook` that carry `mime`, in order. */
function outputsWith(notebook: Notebook, mime: string): (Output & { data: Record<string, unknown> })[] {
  return notebook.cells
    .flatMap((c) => (c.cell_type === "code" ? c.outputs : []))
    .filter((o): o is Output & { data: Record<string, unknown> } => "data" in o && mime in o.data);
}

/** A copy of `notebook` whose `index`-th output carrying `mime` was changed by `edit`. */
function mutated(notebook: Notebook, mime: string, index: number, edit: (data: Record<string, unknown>) => void): Notebook {
  const copy = JSON.parse(JSON.stringify(notebook)) as Notebook;
  edit(outputsWith(copy, mime)[index]!.data);
  return copy;
}

describe("podtalk check's account of changed HTML and SVG outputs (course notebooks)", () => {
  const pods = readNotebook(join(COURSE, "00-every-pod-has-an-ip.ipynb"));

  it("an HTML table: the text/plain diff first, then the row and cell that changed, never the markup", () => {
    const withIP = outputsWith(pods, "text/html").findIndex((o) => /<td>10\.244\.\d+\.\d+<\/td>/.test(textOf(o.data["text/html"])));
    const fresh = mutated(pods, "text/html", withIP, (data) => {
      const before = textOf(data["text/html"]).match(/<td>(10\.244\.\d+\.\d+)<\/td>/)![1]!;
      const after = before.replace(/\d+$/, (n) => String(Number(n) + 50));
      data["text/html"] = textOf(data["text/html"]).replace(`<td>${before}</td>`, `<td>${after}</td>`);
      data["text/plain"] = textOf(data["text/plain"]).replace(before, after);
    });
    const diffs = compareNotebooks(pods, fresh);
    assert.deepEqual(
      diffs.map((d) => d.what),
      ["text/plain", "text/html"],
    );
    const html = diffs[1]!.detail;
    assert.match(html, /^HTML changed: table row 1 \([\w-]+\) cell IP 10\.244\.\d+\.\d+ → 10\.244\.\d+\.\d+$/);
    assert.doesNotMatch(formatDifferences("nb.ipynb", pods, diffs), /<td>|<tr>/);
  });

  it("an SVG topology: boxes moved and labels changed, by name", () => {
    const fresh = mutated(pods, "image/svg+xml", 0, (data) => {
      data["image/svg+xml"] = textOf(data["image/svg+xml"])
        .replace(/node-1/g, "node-9")
        .replace('d="M18,36L172,36', 'd="M20,36L174,36');
    });
    const [d] = compareNotebooks(pods, fresh);
    assert.equal(d!.what, "image/svg+xml");
    assert.equal(
      d!.detail,
      'SVG changed: 1 box moved, 1 label changed ("node-1 · 172.18.0.2" → "node-9 · 172.18.0.2")\n  box moved from (18, 36) to (20, 36)\n  label at (22, 53): "node-1 · 172.18.0.2" → "node-9 · 172.18.0.2"',
    );
  });

  it("a wholly different picture or page stays within the line limit and holds no markup", () => {
    for (const mime of ["image/svg+xml", "text/html"]) {
      const outputs = outputsWith(pods, mime);
      const fresh = mutated(pods, mime, 0, (data) => {
        data[mime] = outputs[outputs.length - 1]!.data[mime];
      });
      const diff = compareNotebooks(pods, fresh).find((d) => d.what === mime)!;
      const lines = diff.detail.split("\n");
      assert.ok(lines.length <= MAX_SUMMARY_LINES, `${mime}: ${lines.length} lines`);
      assert.match(lines[0]!, mime === "text/html" ? /^HTML changed: / : /^SVG changed: /);
      assert.doesNotMatch(diff.detail, /<\w+[ >]/, `${mime}: no markup`);
    }
  });
});

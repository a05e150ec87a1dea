/**
 * The course's scenarios under kube-proxy's nftables mode: every notebook, with each
 * `new Cluster({ … })` given `proxyMode: "nftables"` (a cluster that names its own mode keeps
 * it), runs through podtalk's kernel without an error: traces, rules views, load charts. Cells
 * that check iptables mode's own data (its `IptablesRules` and statistic probabilities) are left
 * out, as they are about that mode.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { main } from "../../lib/cli/main.js";

const root = resolve(__dirname, "..", "..", "..");
const notebooksDir = join(root, "notebooks");

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: { output_type: string; ename?: string; evalue?: string }[];
}

const text = (source: string | string[]): string => (Array.isArray(source) ? source.join("") : source);

/** The notebook with every cluster in nftables mode, and without the cells about iptables mode's data. */
function inNftablesMode(json: string): string {
  const nb = JSON.parse(json) as { cells: Cell[] };
  nb.cells = nb.cells
    .filter((c) => c.cell_type !== "code" || !text(c.source).includes("IptablesRules"))
    .map((c) =>
      c.cell_type !== "code"
        ? c
        : {
            ...c,
            source: text(c.source)
              .replace(/new Cluster\(\{(?![^}]*proxyMode)/g, 'new Cluster({ proxyMode: "nftables",')
              .replace(/new Cluster\(\)/g, 'new Cluster({ proxyMode: "nftables" })'),
          },
    );
  return JSON.stringify(nb);
}

describe("the course under kube-proxy's nftables mode", function () {
  this.timeout(300_000);
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), "podtalk-nft-course-"));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("runs every notebook's scenario with no error", async () => {
    const names = readdirSync(notebooksDir)
      .filter((f) => f.endsWith(".ipynb"))
      .sort();
    const inputs = names.map((n) => {
      const source = readFileSync(join(notebooksDir, n), "utf8");
      const rewritten = inNftablesMode(source);
      assert.match(rewritten, /proxyMode: \\"nftables\\"/, `${n} creates no cluster`);
      const path = join(work, n);
      writeFileSync(path, rewritten);
      return path;
    });
    let err = "";
    const code = await main(["run", ...inputs, "--out", join(work, "out")], { stdout: () => {}, stderr: (t) => (err += t), progress: false });
    assert.equal(code, 0, err);
    for (const n of names) {
      const nb = JSON.parse(readFileSync(join(work, "out", n), "utf8")) as { cells: Cell[] };
      const errors = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "error");
      assert.deepEqual(errors, [], `${n}: ${errors.map((e) => `${e.ename}: ${e.evalue}`).join("; ")}`);
      assert.ok(
        nb.cells.some((c) => (c.outputs ?? []).length > 0),
        `${n} printed nothing`,
      );
    }
  });
});

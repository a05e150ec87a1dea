import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { SYSTEM_JUPYTER, jupyterAvailable, requireInterop } from "../internal/interop.js";
import { installTempKernel, repoRoot, run, type TempKernel } from "./kernelspec-env.js";

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Notebook {
  cells: { cell_type: string; source: string | string[]; outputs?: Output[]; execution_count?: number | null }[];
}

const joinText = (t: unknown): string => (Array.isArray(t) ? t.join("") : String(t ?? ""));

/** A stored MIME bundle with multi-line strings joined (nbformat may split them into lists). */
const bundle = (data: Record<string, unknown> | undefined): Record<string, unknown> =>
  Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [k, /json$/.test(k) ? v : joinText(v)]));

describe("podtalk kernel under `jupyter nbconvert --execute`", function () {
  this.timeout(300_000);
  let kernel: TempKernel | undefined;
  let outDir = "";

  before(function () {
    requireInterop(this, "Debian's Jupyter (/usr/bin/jupyter with nbconvert)", jupyterAvailable());
    kernel = installTempKernel();
    outDir = mkdtempSync(join(tmpdir(), "podtalk-nbconvert-"));
  });
  after(() => {
    kernel?.remove();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  /** Executes `notebook` with the kernel started in the notebook's folder; returns the result. */
  async function execute(notebook: string): Promise<Notebook> {
    const res = await run(
      SYSTEM_JUPYTER,
      ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=podtalk", "--output-dir", outDir, notebook],
      { cwd: dirname(notebook), env: kernel!.env },
    );
    assert.equal(res.code, 0, `nbconvert failed on ${notebook}:\n${res.stdout}\n${res.stderr}`);
    return JSON.parse(readFileSync(join(outDir, basename(notebook)), "utf8")) as Notebook;
  }

  it("runs test/fixtures/hello.ipynb: a stream, a text result and the object's SVG", async () => {
    const nb = await execute(join(repoRoot(), "test", "fixtures", "hello.ipynb"));
    const code = nb.cells.filter((c) => c.cell_type === "code");
    assert.equal(code.length, 3);
    assert.deepEqual(
      code[0]!.outputs!.map((o) => [o.output_type, o.name, joinText(o.text)]),
      [["stream", "stdout", "hello\n"]],
    );
    assert.deepEqual(
      code[1]!.outputs!.map((o) => [o.output_type, bundle(o.data)]),
      [["execute_result", { "text/plain": "2" }]],
    );
    assert.deepEqual(
      code[2]!.outputs!.map((o) => [o.output_type, bundle(o.data)]),
      [["execute_result", { "text/plain": "x", "image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg"/>' }]],
    );
    assert.deepEqual(
      code.map((c) => c.execution_count),
      [1, 2, 3],
    );
  });

  const notebooksDir = join(repoRoot(), "notebooks");
  const course = existsSync(notebooksDir)
    ? readdirSync(notebooksDir)
        .filter((f) => f.endsWith(".ipynb"))
        .sort()
    : [];
  for (const file of course) {
    it(`runs notebooks/${file} without an error output, every code cell producing its outputs`, async () => {
      const nb = await execute(join(notebooksDir, file));
      for (const [i, cell] of nb.cells.entries()) {
        if (cell.cell_type !== "code") continue;
        const errors = (cell.outputs ?? []).filter((o) => o.output_type === "error");
        assert.deepEqual(errors, [], `cell ${i} of ${file} failed`);
        for (const o of cell.outputs ?? []) {
          assert.ok(["stream", "execute_result", "display_data"].includes(o.output_type), `cell ${i}: unexpected ${o.output_type}`);
          if (o.output_type !== "stream")
            assert.ok(joinText(o.data?.["text/plain"] as string | string[] | undefined), `cell ${i}: a bundle without text/plain`);
        }
      }
      const bundles = nb.cells.flatMap((c) => c.outputs ?? []).map((o) => o.data ?? {});
      assert.ok(
        bundles.some(
          (b) => typeof b["application/vnd.vegalite.v5+json"] === "object" && joinText(b["image/svg+xml"] as string | string[] | undefined).startsWith("<svg"),
        ),
        `${file}: no output carries a Vega-Lite v5 spec with its SVG`,
      );
    });
  }
});

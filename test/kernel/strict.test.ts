import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "podtalk/protocol";
import { CellExecutor } from "../../kernel/cell-executor.js";
import { notebookSettings } from "../../kernel/notebook-settings.js";
import { readNotebook } from "../../lib/notebook/ipynb.js";
import { runNotebook } from "../../lib/notebook/runner.js";

const notebook = (metadata: Record<string, unknown>, sources: readonly string[]): string =>
  JSON.stringify({
    cells: sources.map((source, i) => ({ cell_type: "code", execution_count: null, id: `c${i}`, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { name: "podtalk", display_name: "TypeScript (podtalk)", language: "typescript" }, ...metadata },
    nbformat: 4,
    nbformat_minor: 5,
  });

// `find` may find nothing: strict checking says so before the cell runs.
const LOOSE = "const found = [1, 2].find((n) => n > 5);\nfound.toFixed(1)";

describe("strict type-checking of cells", function () {
  this.timeout(120_000);
  let dir = "";
  const executors: CellExecutor[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-strict-"));
  });
  after(() => {
    for (const e of executors) e.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports a possibly undefined value before the cell runs, unless the author relaxed it", async () => {
    const strict = new CellExecutor(dir, packageRoot(), {});
    const loose = new CellExecutor(dir, packageRoot(), { strict: false });
    executors.push(strict, loose);
    const checked = await strict.execute(LOOSE);
    assert.equal(checked.kind, "diagnostics");
    assert.match(JSON.stringify(checked), /'found' is possibly 'undefined'/);
    assert.equal((await strict.execute("function twice(n) { return 2 * n; }")).kind, "diagnostics", "an implicit any");
    const ran = await loose.execute(LOOSE);
    assert.equal(ran.kind, "thrown", "with strict off, the cell type-checks and fails when it runs");
  });

  it("reads the setting from the notebook's metadata, by the name Jupyter Server gives the kernel", () => {
    const folder = join(dir, "course");
    mkdirSync(folder);
    writeFileSync(join(folder, "loose.ipynb"), notebook({ podtalk: { strict: false } }, []));
    writeFileSync(join(folder, "plain.ipynb"), notebook({}, []));
    writeFileSync(join(folder, "broken.ipynb"), "{ not json");
    assert.deepEqual(notebookSettings(folder, { JPY_SESSION_NAME: "course/loose.ipynb" }), { strict: false }, "relative to the server's root");
    assert.deepEqual(notebookSettings(dir, { JPY_SESSION_NAME: join(folder, "loose.ipynb") }), { strict: false }, "an absolute path");
    assert.deepEqual(notebookSettings(folder, { JPY_SESSION_NAME: "plain.ipynb" }), { strict: true });
    assert.deepEqual(notebookSettings(folder, { JPY_SESSION_NAME: "broken.ipynb" }), { strict: true });
    assert.deepEqual(notebookSettings(folder, { JPY_SESSION_NAME: "missing.ipynb" }), { strict: true });
    assert.deepEqual(notebookSettings(folder, {}), { strict: true });
  });

  it("`podtalk run` lets a notebook's metadata relax the checks for its cells", async () => {
    const env = { ...process.env, PODTALK_CACHE_DIR: "off" };
    const loose = join(dir, "loose.ipynb");
    writeFileSync(loose, notebook({ podtalk: { strict: false } }, ["const n: number = undefined;\nString(n)"]));
    const strict = join(dir, "strict.ipynb");
    writeFileSync(strict, notebook({}, ["const n: number = undefined;\nString(n)"]));
    assert.equal((await runNotebook(loose, { env })).failure, undefined);
    const cell = readNotebook(loose).cells[0] as { outputs?: readonly { data?: Record<string, unknown> }[] };
    assert.deepEqual(
      cell.outputs?.map((o) => o.data?.["text/plain"]),
      ["'undefined'"],
    );
    const failed = await runNotebook(strict, { env });
    assert.match(failed.failure?.message ?? "", /Type 'undefined' is not assignable to type 'number'/);
  });
});

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { packageRoot } from "podtalk/protocol";
import { CellExecutor, type CellOutcome } from "../../kernel/cell-executor.js";

/**
 * A learner edits a module the notebook imports, then runs the next cell in the same kernel. The
 * compiler watches the files its programs read (kernel/tslab/converter.ts starts those watchers
 * once a cell's answer is sent), and the next cell must be checked against the new text.
 */
describe("a module edited between two cells of a session", function () {
  this.timeout(120_000);
  let dir = "";
  let executor: CellExecutor | undefined;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-file-watch-"));
  });
  after(() => {
    executor?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is read again: the next cell is checked against the module's new types", async () => {
    writeFileSync(join(dir, "shapes.d.ts"), "export type Port = number;\n");
    executor = new CellExecutor(dir, packageRoot(), {});
    const cell = 'import type { Port } from "./shapes"; const port: Port = "http"; port';
    const before = await executor.execute(cell);
    assert.equal(before.kind, "diagnostics");
    assert.match(JSON.stringify(before), /Type 'string' is not assignable to type 'number'/);

    // The learner saves the file a moment after the cell ran.
    await sleep(200);
    writeFileSync(join(dir, "shapes.d.ts"), "export type Port = string;\n");
    // The change reaches the compiler through its file watcher, a few milliseconds later.
    let after: CellOutcome = before;
    for (const deadline = Date.now() + 20_000; after.kind !== "ok" && Date.now() < deadline; ) {
      await sleep(50);
      after = await executor.execute(cell);
    }
    assert.deepEqual(after, { kind: "ok", hasValue: true, value: "http" });
  });
});

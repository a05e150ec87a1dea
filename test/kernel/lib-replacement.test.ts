import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { packageRoot } from "podtalk/protocol";
import { CellExecutor, type CellOutcome } from "../../kernel/cell-executor.js";

/**
 * TypeScript takes a standard library file from a package named after it when the notebook's
 * folder has one (`@typescript/lib-es2015/symbol` for lib.es2015.symbol.d.ts). The cell compiler
 * remembers where it looked (kernel/tslab/converter.ts, rememberLibReplacements), so these cells
 * alternate between importing modules and not: each such change makes TypeScript build the
 * program's file list anew, and look for the packages again or take the remembered answers.
 */
describe("a package that replaces a standard library file", function () {
  this.timeout(120_000);
  const MARKER = "from @typescript/lib-es2015";
  const cells = [
    `import { Cluster } from "podtalk"; const a: ReplacedLibMarker = ${JSON.stringify(MARKER)}; a`,
    "const b: ReplacedLibMarker = a; b",
    `import { basename } from "node:path"; const c: ReplacedLibMarker = b; c.length`,
    "const d: ReplacedLibMarker = b; d.length + 1",
  ];
  const roots: string[] = [];
  const executors: CellExecutor[] = [];
  const folder = (withReplacement: boolean): string => {
    const dir = mkdtempSync(join(tmpdir(), "podtalk-lib-replacement-"));
    roots.push(dir);
    if (withReplacement) {
      const tslabTs = dirname(require.resolve("@tslab/typescript-for-tslab/package.json", { paths: [dirname(require.resolve("tslab/package.json"))] }));
      const original = readFileSync(join(tslabTs, "lib", "lib.es2015.symbol.d.ts"), "utf8");
      const target = join(dir, "node_modules", "@typescript", "lib-es2015", "symbol.d.ts");
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, `${original}\ntype ReplacedLibMarker = ${JSON.stringify(MARKER)};\n`);
    }
    return dir;
  };
  const run = async (dir: string): Promise<CellOutcome[]> => {
    const executor = new CellExecutor(dir, packageRoot(), {});
    executors.push(executor);
    const out: CellOutcome[] = [];
    for (const code of cells) out.push(await executor.execute(code));
    return out;
  };
  after(() => {
    for (const e of executors) e.close();
    for (const dir of roots) rmSync(dir, { recursive: true, force: true });
  });

  it("is used by every cell of a session, also by cells whose imports differ from the cell before", async () => {
    const outcomes = await run(folder(true));
    assert.deepEqual(outcomes, [
      { kind: "ok", hasValue: true, value: MARKER },
      { kind: "ok", hasValue: true, value: MARKER },
      { kind: "ok", hasValue: true, value: MARKER.length },
      { kind: "ok", hasValue: true, value: MARKER.length + 1 },
    ]);
  });

  it("is not seen from a folder without it: the first cell reports the unknown type and does not run", async () => {
    const [first] = await run(folder(false));
    assert.equal(first?.kind, "diagnostics");
    assert.match(JSON.stringify(first), /Cannot find name 'ReplacedLibMarker'/);
  });
});

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "podtalk/protocol";
import { CellExecutor, type CellOutcome } from "../../kernel/cell-executor.js";

/**
 * The type libraries of a notebook's folder (node_modules/@types/*) are in every cell's scope, as
 * TypeScript includes them: found through each package.json's `types`, `typings`, `main` or
 * `typesVersions`, and left out when `"typings": null` marks a stub. The cell compiler gives
 * TypeScript only those fields of these files (kernel/tslab/converter.ts, typesManifestView), so
 * each is used here, with fields TypeScript does not read around them.
 */
describe("type libraries in the notebook folder's node_modules/@types", function () {
  this.timeout(120_000);
  let dir = "";
  let executor: CellExecutor | undefined;
  const library = (name: string, manifest: Record<string, unknown>, files: Record<string, string>): void => {
    const folder = join(dir, "node_modules", "@types", name);
    mkdirSync(folder, { recursive: true });
    const unread = { description: `the ${name} library`, contributors: [{ name: "A", url: "https://example.org" }], dependencies: {}, scripts: {} };
    writeFileSync(join(folder, "package.json"), JSON.stringify({ ...unread, name: `@types/${name}`, version: "1.0.0", ...manifest }, null, 2));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(folder, file, ".."), { recursive: true });
      writeFileSync(join(folder, file), text);
    }
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-type-libraries-"));
    library("by-types", { types: "lib/main.d.ts" }, { "lib/main.d.ts": "declare const byTypes: 'types field';\n" });
    library("by-typings", { typings: "typed.d.ts" }, { "typed.d.ts": "declare const byTypings: 'typings field';\n" });
    library("by-versions", { typesVersions: { "*": { "*": ["ts4/*"] } } }, { "ts4/index.d.ts": "declare const byVersions: 'typesVersions field';\n" });
    library("stub", { typings: null }, { "index.d.ts": "declare const fromStub: 'a stub is left out';\n" });
  });
  after(() => {
    executor?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("takes each library from the file its package.json names, and leaves out a stub", async () => {
    executor = new CellExecutor(dir, packageRoot(), {});
    const outcomes: CellOutcome[] = [];
    for (const cell of [
      "type Found = [typeof byTypes, typeof byTypings, typeof byVersions];\nconst found: Found = ['types field', 'typings field', 'typesVersions field'];\nfound.length",
      // A cell that imports a module makes TypeScript read the libraries again.
      'import { basename } from "node:path";\nconst again: typeof byVersions = "typesVersions field";\nbasename(again)',
      "fromStub",
    ]) {
      outcomes.push(await executor.execute(cell));
    }
    assert.deepEqual(outcomes.slice(0, 2), [
      { kind: "ok", hasValue: true, value: 3 },
      { kind: "ok", hasValue: true, value: "typesVersions field" },
    ]);
    assert.equal(outcomes[2]?.kind, "diagnostics");
    assert.match(JSON.stringify(outcomes[2]), /Cannot find name 'fromStub'/);
  });
});

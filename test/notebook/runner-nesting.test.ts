/**
 * `podtalk run` and the depth limit of notebooks: what a cell displays is written only as deep
 * as podtalk (and nbformat) read notebooks back.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readNotebook, type CodeCell } from "../../lib/notebook/ipynb.js";
import { podtalk } from "../cli/internal/podtalk.js";
import { nbformatSchemaErrors } from "./internal/nbformat-schema.js";

describe("runNotebook() and deeply nested outputs", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-nesting-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("leaves out JSON output nested deeper than a notebook may be, says so, and writes a notebook it reads back", async () => {
    const path = join(dir, "deep.ipynb");
    const source = (depth: number) =>
      `let d: unknown = 0; for (let i = 0; i < ${depth}; i++) d = [d]; ({ [Symbol.for("Jupyter.display")]: () => ({ "application/json": d, "text/plain": "deep ${depth}" }) })`;
    const cells = [source(1500), source(3000), source(10)].map((s, i) => ({
      cell_type: "code",
      execution_count: null,
      id: `c${i}`,
      metadata: {},
      outputs: [],
      source: s,
    }));
    writeFileSync(
      path,
      JSON.stringify({ cells, metadata: { kernelspec: { name: "podtalk", display_name: "TypeScript (podtalk)" } }, nbformat: 4, nbformat_minor: 5 }),
    );
    const { code, stderr } = await podtalk(["run", path]);
    assert.equal(code, 0, stderr);
    const written = readNotebook(path).cells as CodeCell[];
    for (const [i, depth] of [1500, 3000].entries()) {
      const outputs = written[i]!.outputs;
      assert.deepEqual((outputs[0] as { data: unknown }).data, { "text/plain": `deep ${depth}` });
      assert.match((outputs[1] as { text: string }).text, /podtalk: left out "application\/json" of an output: it is nested more than \d+ levels deep/);
    }
    assert.equal(((written[2]!.outputs[0] as { data: Record<string, unknown> }).data["application/json"] as unknown[]).length, 1, "a shallow value is kept");
    assert.deepEqual(nbformatSchemaErrors(readFileSync(path, "utf8")), []);
  });
});

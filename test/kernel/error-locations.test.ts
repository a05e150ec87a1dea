import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readNotebook } from "../../lib/notebook/ipynb.js";
import { runNotebook } from "../../lib/notebook/runner.js";

/** The tracebacks of a notebook's error outputs, one per cell that failed. */
function tracebacks(path: string): string[] {
  return readNotebook(path).cells.flatMap((cell) => {
    const outputs = (cell as { outputs?: readonly { output_type: string; traceback?: string[] }[] }).outputs ?? [];
    return outputs.filter((o) => o.output_type === "error").map((o) => (o.traceback ?? []).join("\n"));
  });
}

describe("error locations in podtalk's kernel", function () {
  this.timeout(120_000);
  let dir = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-error-locations-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("name cells by execution count, an earlier cell also by its first line, and leave out podtalk's own frames", async () => {
    const sources = [
      'import { Cluster } from "podtalk";\nconst cluster = new Cluster({ nodes: 2, seed: 1 });',
      '// Fails on purpose.\nfunction boom(): never {\n  throw new Error("boom");\n}',
      "const before = 1;\nboom();",
      'cluster.exec("nope", "curl -s http://x")',
      "const wrong: number = 'text';",
    ];
    const path = join(dir, "errors.ipynb");
    writeFileSync(
      path,
      JSON.stringify({
        cells: sources.map((source, i) => ({
          cell_type: "code",
          execution_count: null,
          id: `c${i}`,
          metadata: { tags: ["raises-exception"] },
          outputs: [],
          source,
        })),
        metadata: { kernelspec: { name: "podtalk", display_name: "TypeScript (podtalk)", language: "typescript" } },
        nbformat: 4,
        nbformat_minor: 5,
      }),
    );
    const result = await runNotebook(path, { env: { ...process.env, PODTALK_CACHE_DIR: "off" } });
    assert.equal(result.failure, undefined);
    assert.deepEqual(tracebacks(path), [
      "Error: boom\n    at boom (Cell In[2] `// Fails on purpose.`, line 3)\n    at Cell In[3], line 2",
      'PodtalkError: Error from server (NotFound): pods "nope" not found\n    at Cell In[4], line 1',
      "Cell In[5]:1:7 - error: Type 'string' is not assignable to type 'number'.\n    const wrong: number = 'text';\n          ^",
    ]);
  });
});

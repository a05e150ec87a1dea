import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cluster, type KubeObject } from "../../lib/index.js";
import { exportNotebook } from "../../lib/notebook/export/index.js";
import { readNotebook } from "../../lib/notebook/ipynb.js";
import { runNotebook } from "../../lib/notebook/runner.js";

/** A podtalk notebook of code cells; the last one is tagged `verify`. */
function writeNotebook(path: string, sources: readonly string[]): void {
  writeFileSync(
    path,
    JSON.stringify({
      cells: sources.map((source, i) => ({
        cell_type: "code",
        execution_count: null,
        id: `c${i}`,
        metadata: i === sources.length - 1 ? { tags: ["verify"] } : {},
        outputs: [],
        source,
      })),
      metadata: { kernelspec: { name: "podtalk", display_name: "TypeScript (podtalk)", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    }),
  );
}

describe("verify cells in podtalk's kernel", function () {
  this.timeout(120_000);
  let dir = "";
  const env = { ...process.env, PODTALK_CACHE_DIR: "off" };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-verify-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const CLIENT = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "client" },
    spec: { containers: [{ name: "c", image: "busybox", command: ["sleep", "3600"] }] },
  };
  const setup = [
    `import { Cluster, check } from "podtalk";\nconst cluster = new Cluster({ nodes: 2, seed: 1 });\ncluster.apply(${JSON.stringify(CLIENT)});\ncluster.advance("30s");`,
  ];

  it("run: a check that holds shows ✔ verified; the article leaves the cell out", async () => {
    const path = join(dir, "holds.ipynb");
    writeNotebook(path, [
      ...setup,
      'console.log(cluster.manifests());\nconsole.log(cluster.manifests().includes("kind: Pod"))',
      '// verifies the Pod\ncheck(cluster.get("pods").row("client")?.["STATUS"] === "Running", "the client Pod runs")',
    ]);
    const result = await runNotebook(path, { env });
    assert.equal(result.failure, undefined);
    const nb = readNotebook(path);
    // console.log prints the YAML itself, not [String: '…'].
    const here = new Cluster({ nodes: 2, seed: 1 });
    here.apply(CLIENT as KubeObject);
    const printed = nb.cells[1]!;
    assert.deepEqual(printed.cell_type === "code" ? printed.outputs : [], [
      { output_type: "stream", name: "stdout", text: `${String(here.manifests())}\ntrue\n` },
    ]);
    const last = nb.cells[nb.cells.length - 1]!;
    assert.deepEqual(last.cell_type === "code" ? last.outputs.map((o) => ("data" in o ? o.data["text/plain"] : o.output_type)) : [], [
      "✔ verified: the client Pod runs",
    ]);
    const html = exportNotebook(nb);
    assert.doesNotMatch(html, /verifies the Pod|the client Pod runs/);
  });

  it("run fails at a check that no longer holds, naming the cell and the claim", async () => {
    const path = join(dir, "fails.ipynb");
    writeNotebook(path, [...setup, '// verifies the Pod\ncheck.equal(cluster.get("pods").rows.length, 2, "two Pods run")']);
    const result = await runNotebook(path, { env });
    assert.ok(result.failure, "the run fails");
    assert.equal(result.failure.cell, 2);
    assert.match(result.failure.message, /: cell In\[2\] `\/\/ verifies the Pod`, line 2 failed:\n {4}check\.equal\(/);
    assert.match(result.failure.message, /PodtalkError: ✘ claim no longer holds: two Pods run\n {2}expected: 2\n {2}seen: {5}1/);
  });
});

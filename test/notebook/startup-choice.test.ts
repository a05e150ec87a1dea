import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kernelStartupArgs } from "../../lib/notebook/kernelspec.js";
import { runNotebook, startKernelFor } from "../../lib/notebook/runner.js";

describe("which start `podtalk run` gives a notebook's kernel", function () {
  this.timeout(120_000);
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-start-choice-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeNotebook(path: string, sources: string[]): void {
    const cells = sources.map((source, i) => ({ cell_type: "code", execution_count: null, id: `c${i}`, metadata: {}, outputs: [], source }));
    const metadata = { kernelspec: { display_name: "TypeScript (podtalk)", language: "typescript", name: "podtalk" } };
    writeFileSync(path, `${JSON.stringify({ cells, metadata, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`);
  }

  /** The Node arguments and PODTALK_KERNEL_SNAPSHOT of the kernel podtalk would start for `path` now. */
  async function startOf(path: string, env: NodeJS.ProcessEnv): Promise<{ snapshot: boolean; env: string | undefined }> {
    const lease = startKernelFor(path, { env });
    await lease.client.then((c) => c.dispose());
    return { snapshot: lease.spec.spec.argv.includes("--snapshot-blob"), env: lease.spec.spec.env?.["PODTALK_KERNEL_SNAPSHOT"] };
  }

  it("starts from the snapshot while a cell of the notebook needs compiling, plainly once the compile cache holds them all, with the same outputs", async function () {
    if (kernelStartupArgs(process.env).length === 0) this.skip(); // No snapshot was built (a Node before 18.20).
    const path = join(dir, "nb.ipynb");
    writeNotebook(path, ['import { Cluster } from "podtalk";\nconst cluster = new Cluster({ nodes: 2, seed: 4 });\ncluster.nodes().length', "cluster"]);
    const env = { ...process.env, PODTALK_CACHE_DIR: join(dir, "cache") };
    assert.deepEqual(await startOf(path, env), { snapshot: true, env: undefined }, "an empty cache: TypeScript will be needed");
    await runNotebook(path, { env });
    const first = readFileSync(path, "utf8");
    assert.deepEqual(await startOf(path, env), { snapshot: false, env: "off" }, "the cache holds every cell now");
    await runNotebook(path, { env });
    assert.equal(readFileSync(path, "utf8"), first, "a kernel started plainly writes the same bytes");
    writeNotebook(path, ['import { Cluster } from "podtalk";\nconst cluster = new Cluster({ nodes: 3, seed: 4 });\ncluster.nodes().length', "cluster"]);
    assert.deepEqual(await startOf(path, env), { snapshot: true, env: undefined }, "a changed cell must be compiled");
    writeNotebook(path, ["const n: number = 1;\nn", 'const port: number = "80";']);
    await runNotebook(path, { env, allowErrors: true });
    assert.deepEqual(await startOf(path, env), { snapshot: true, env: undefined }, "a cell with a type error is compiled every time");
  });
});

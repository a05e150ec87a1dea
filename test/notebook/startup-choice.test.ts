import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runNotebook, startKernelFor } from "../../lib/notebook/runner.js";
import { writePodtalkNotebook } from "../internal/notebooks.js";

describe("which start `podtalk run` gives a notebook's kernel", function () {
  this.timeout(120_000);
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-start-choice-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** When the kernel podtalk would start for `path` now starts its compiler (PODTALK_KERNEL_COMPILER). */
  async function startOf(path: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
    const lease = startKernelFor(path, { env });
    await lease.client.then((c) => c.dispose());
    return lease.spec.spec.env?.["PODTALK_KERNEL_COMPILER"];
  }

  it("starts the compiler with the kernel while a cell of the notebook needs compiling, on demand once the compile cache holds them all, with the same outputs", async () => {
    const path = join(dir, "nb.ipynb");
    writePodtalkNotebook(path, ['import { Cluster } from "podtalk";\nconst cluster = new Cluster({ nodes: 2, seed: 4 });\ncluster.nodes().length', "cluster"]);
    const env = { ...process.env, PODTALK_CACHE_DIR: join(dir, "cache") };
    assert.equal(await startOf(path, env), "early", "an empty cache: TypeScript will be needed");
    await runNotebook(path, { env });
    const first = readFileSync(path, "utf8");
    assert.equal(await startOf(path, env), "on-demand", "the cache holds every cell now");
    await runNotebook(path, { env });
    assert.equal(readFileSync(path, "utf8"), first, "a kernel without its compiler writes the same bytes");
    writePodtalkNotebook(path, ['import { Cluster } from "podtalk";\nconst cluster = new Cluster({ nodes: 3, seed: 4 });\ncluster.nodes().length', "cluster"]);
    assert.equal(await startOf(path, env), "early", "a changed cell must be compiled");
    writePodtalkNotebook(path, ["const n: number = 1;\nn", 'const port: number = "80";']);
    await runNotebook(path, { env, allowErrors: true });
    assert.equal(await startOf(path, env), "early", "a cell with a type error is compiled every time");
  });
});

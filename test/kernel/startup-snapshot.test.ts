import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KernelClient } from "../../lib/notebook/client.js";
import { installKernelSpec, kernelEntryPoint, kernelLauncher, compilerStartupArgs } from "../../lib/notebook/kernelspec.js";
import { startKernelFor } from "../../lib/notebook/runner.js";
import { type ProcessEntry, childrenRunning } from "../internal/processes.js";

describe("the startup snapshot of the kernel's compiler", function () {
  this.timeout(120_000);
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-startup-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A snapshot folder with a blob and a stamp naming `node`, built with V8 `flags`. */
  function snapshotDir(node: string, flags: unknown = ["--no-rehash-snapshot"]): string {
    writeFileSync(join(dir, "ts-startup.blob"), "");
    writeFileSync(join(dir, "ts-startup.json"), JSON.stringify({ node, arch: process.arch, nodeOptions: "", flags }));
    return dir;
  }

  it("is used only when it was built by this Node under the same NODE_OPTIONS, is there, and PODTALK_KERNEL_SNAPSHOT is not off", () => {
    const blob = join(dir, "ts-startup.blob");
    assert.deepEqual(
      compilerStartupArgs({}, snapshotDir(process.version)),
      ["--no-rehash-snapshot", "--snapshot-blob", blob],
      "with the V8 flags it was built with",
    );
    assert.deepEqual(compilerStartupArgs({}, snapshotDir(process.version, [])), ["--snapshot-blob", blob]);
    assert.deepEqual(compilerStartupArgs({}, snapshotDir(process.version, "--no-rehash-snapshot")), [], "a stamp whose flags are not a list of flags");
    assert.deepEqual(compilerStartupArgs({}, snapshotDir(process.version, [42])), [], "a stamp whose flags are not flags");
    snapshotDir(process.version);
    assert.deepEqual(compilerStartupArgs({ PODTALK_KERNEL_SNAPSHOT: "off" }, dir), []);
    // Node would refuse the blob (exit code 14) under V8 flags other than the build's.
    assert.deepEqual(compilerStartupArgs({ NODE_OPTIONS: "--max-old-space-size=4096" }, dir), []);
    assert.deepEqual(compilerStartupArgs({}, snapshotDir("v0.0.1")), [], "a blob of another Node would not start");
    rmSync(join(dir, "ts-startup.blob"));
    writeFileSync(join(dir, "ts-startup.json"), JSON.stringify({ node: process.version, arch: process.arch, nodeOptions: "" }));
    assert.deepEqual(compilerStartupArgs({}, dir), [], "no blob");
    rmSync(join(dir, "ts-startup.json"));
    assert.deepEqual(compilerStartupArgs({}, dir), [], "no stamp");
  });

  /** What a kernel whose environment adds `env` prints for `cells`, each cell's outputs as JSON. */
  async function outputsOf(env: NodeJS.ProcessEnv, cells: string[]): Promise<string[]> {
    const argv = [process.execPath, kernelEntryPoint(), "--connection-file", "{connection_file}"];
    const spec = { name: "podtalk", dir: undefined, spec: { argv, display_name: "podtalk", language: "typescript" } };
    const cache = join(dir, `cache-${Object.keys(env).length}`);
    const client = await KernelClient.start(spec, { cwd: dir, env: { ...process.env, ...env, PODTALK_CACHE_DIR: cache } });
    try {
      const out: string[] = [];
      for (const code of cells) {
        const { reply, outputs } = await client.execute(code, { stopOnError: false });
        out.push(JSON.stringify({ status: reply["status"], outputs }));
      }
      return out;
    } finally {
      await client.dispose();
    }
  }

  it("gives a compiler whose kernel prints what a kernel without it prints, and reports a type error before the cell runs", async function () {
    if (compilerStartupArgs(process.env).length === 0) this.skip(); // `npm run build` made no snapshot (a Node before 18.20).
    const cells = [
      'import { Cluster } from "podtalk";\nconst cluster = new Cluster({ nodes: 2, seed: 1 });\ncluster.nodes().map((n) => n.addresses.internalIP)',
      "let ran = false;",
      'const port: number = "80";\nran = true;',
      "ran",
      "process.versions.node.length > 0",
    ];
    const withSnapshot = await outputsOf({}, cells);
    const without = await outputsOf({ PODTALK_KERNEL_SNAPSHOT: "off" }, cells);
    assert.deepEqual(withSnapshot, without);
    assert.match(withSnapshot[0]!, /172\.18\.0\.2/);
    assert.match(withSnapshot[2]!, /Type 'string' is not assignable to type 'number'/);
    assert.match(withSnapshot[3]!, /"text\/plain":"false"/, "the cell with a type error did not run");
  });

  it("serves the compiler of a kernel started as Jupyter starts it (node dist/kernel/main.js), on every Node that built one; the compiler ends with the kernel", async function () {
    if (process.platform !== "linux") this.skip(); // The test reads /proc.
    const argv = [process.execPath, kernelEntryPoint(), "--connection-file", "{connection_file}"];
    const spec = { name: "podtalk", dir: undefined, spec: { argv, display_name: "podtalk", language: "typescript" } };
    const client = await KernelClient.start(spec, { cwd: dir, env: { ...process.env, PODTALK_CACHE_DIR: join(dir, "cache-jupyter") } });
    let compiler: ProcessEntry | undefined;
    try {
      const { reply } = await client.execute("const n: number = 1;");
      assert.equal(reply["status"], "ok");
      compiler = childrenRunning(client.pid!, "compiler/main.js")[0];
      assert.ok(compiler, "the kernel has a compiler process");
      assert.deepEqual(compiler.argv.slice(1, -1), compilerStartupArgs(process.env), `Node ${process.version}`);
    } finally {
      await client.dispose();
    }
    const deadline = Date.now() + 3000;
    while (existsSync(`/proc/${compiler.pid}`) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(!existsSync(`/proc/${compiler.pid}`), "the compiler process ended with its kernel");
  });

  it("is not named by the kernelspec `podtalk run` starts, installed or not: its launcher starts the kernel, and its compiler from the snapshot", () => {
    const prefix = join(dir, "prefix");
    installKernelSpec({ prefix });
    const notebook = join(dir, "nb.ipynb");
    writeFileSync(
      notebook,
      JSON.stringify({
        cells: [],
        metadata: { kernelspec: { name: "podtalk", display_name: "podtalk", language: "typescript" } },
        nbformat: 4,
        nbformat_minor: 5,
      }),
    );
    const env = { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter") };
    const lease = startKernelFor(notebook, { env });
    void lease.client.then(
      (c) => c.dispose(),
      () => undefined,
    );
    assert.equal(lease.spec.dir, join(prefix, "share", "jupyter", "kernels", "podtalk"), "the installed kernelspec was found");
    assert.deepEqual(lease.spec.spec.argv.slice(1), [kernelLauncher(), process.execPath, "{connection_file}"]);
  });
});

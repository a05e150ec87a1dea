import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KernelClient } from "../../lib/notebook/client.js";
import { kernelEntryPoint, kernelStartupArgs } from "../../lib/notebook/kernelspec.js";

describe("the kernel's startup snapshot", function () {
  this.timeout(120_000);
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-startup-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A snapshot folder with a blob and a stamp naming `node`. */
  function snapshotDir(node: string): string {
    writeFileSync(join(dir, "ts-startup.blob"), "");
    writeFileSync(join(dir, "ts-startup.json"), JSON.stringify({ node, arch: process.arch, nodeOptions: "" }));
    return dir;
  }

  it("is used only when it was built by this Node under the same NODE_OPTIONS, is there, and PODTALK_KERNEL_SNAPSHOT is not off", () => {
    assert.deepEqual(kernelStartupArgs({}, snapshotDir(process.version)), ["--snapshot-blob", join(dir, "ts-startup.blob")]);
    assert.deepEqual(kernelStartupArgs({ PODTALK_KERNEL_SNAPSHOT: "off" }, dir), []);
    // Node would refuse the blob (exit code 14) under V8 flags other than the build's.
    assert.deepEqual(kernelStartupArgs({ NODE_OPTIONS: "--max-old-space-size=4096" }, dir), []);
    assert.deepEqual(kernelStartupArgs({}, snapshotDir("v0.0.1")), [], "a blob of another Node would not start");
    rmSync(join(dir, "ts-startup.blob"));
    writeFileSync(join(dir, "ts-startup.json"), JSON.stringify({ node: process.version, arch: process.arch, nodeOptions: "" }));
    assert.deepEqual(kernelStartupArgs({}, dir), [], "no blob");
    rmSync(join(dir, "ts-startup.json"));
    assert.deepEqual(kernelStartupArgs({}, dir), [], "no stamp");
  });

  /** What a kernel started with `nodeArgs` prints for `cells`, each cell's outputs as JSON. */
  async function outputsOf(nodeArgs: string[], cells: string[]): Promise<string[]> {
    const argv = [process.execPath, ...nodeArgs, kernelEntryPoint(), "--connection-file", "{connection_file}"];
    const spec = { name: "podtalk", dir: undefined, spec: { argv, display_name: "podtalk", language: "typescript" } };
    const client = await KernelClient.start(spec, { cwd: dir, env: { PODTALK_CACHE_DIR: join(dir, `cache-${nodeArgs.length}`) } });
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

  it("gives a kernel that prints what a kernel without it prints, and reports a type error before the cell runs", async function () {
    const args = kernelStartupArgs(process.env);
    if (args.length === 0) this.skip(); // `npm run build` made no snapshot (a Node before 18.20).
    const cells = [
      'import { Cluster } from "podtalk";\nconst cluster = new Cluster({ nodes: 2, seed: 1 });\ncluster.nodes().map((n) => n.addresses.internalIP)',
      "let ran = false;",
      'const port: number = "80";\nran = true;',
      "ran",
      "process.versions.node.length > 0",
    ];
    const withSnapshot = await outputsOf(args, cells);
    const without = await outputsOf([], cells);
    assert.deepEqual(withSnapshot, without);
    assert.match(withSnapshot[0]!, /172\.18\.0\.2/);
    assert.match(withSnapshot[2]!, /Type 'string' is not assignable to type 'number'/);
    assert.match(withSnapshot[3]!, /"text\/plain":"false"/, "the cell with a type error did not run");
  });
});

/**
 * `podtalk run` with several notebooks lends its kernels compiler processes it keeps
 * (lib/notebook/compiler-pool.ts): the kernels fork none of their own, the outputs are those of
 * kernels that compile alone, and nothing is left behind. A kernel pointed at a socket where no
 * compiler answers forks its own.
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KernelClient } from "../../lib/notebook/client.js";
import { kernelEntryPoint } from "../../lib/notebook/kernelspec.js";
import { runNotebook } from "../../lib/notebook/runner.js";
import { childrenRunning, processes } from "../internal/processes.js";
import { writePodtalkNotebook } from "../internal/notebooks.js";

const root = join(__dirname, "..", "..", "..");

describe("compiler processes shared by the kernels of one `podtalk run`", function () {
  this.timeout(120_000);
  let dir = "";
  beforeEach(function () {
    if (process.platform !== "linux") this.skip(); // The test reads /proc.
    dir = mkdtempSync(join(tmpdir(), "podtalk-pool-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("serves every kernel from one compiler at -j 1, with the bytes kernels compiling alone write, and leaves none behind", async () => {
    const sources = [
      ['import { Cluster } from "podtalk";\nconst cluster = new Cluster({ nodes: 2, seed: 5 });\ncluster.nodes().length', "const n: number = 2;\nn * 21"],
      ["const s: string = 'shared';\ns.toUpperCase()", 'import { Cluster } from "podtalk";\nnew Cluster({ nodes: 1, seed: 2 }).nodes()[0]!.name'],
      ["let x = 1;\nx += 1;\nx", "const port: number = 80;\nport"],
    ];
    const shared = join(dir, "shared");
    const alone = join(dir, "alone");
    mkdirSync(shared);
    mkdirSync(alone);
    sources.forEach((cells, i) => {
      writePodtalkNotebook(join(shared, `nb${i}.ipynb`), cells);
      writePodtalkNotebook(join(alone, `nb${i}.ipynb`), cells);
    });
    const temp = join(dir, "tmp");
    mkdirSync(temp);
    // A compiler has no use for extra certificates, which Node reads before anything else.
    const certificates = join(dir, "extra-ca.pem");
    writeFileSync(certificates, "");
    const env = { ...process.env, PODTALK_CACHE_DIR: join(dir, "cache-shared"), TMPDIR: temp, NODE_EXTRA_CA_CERTS: certificates };
    const withCertificates = new Set<number>();
    const podtalk = spawn(process.execPath, [join(root, "bin", "podtalk.js"), "run", "-j", "1", ...sources.map((_, i) => `nb${i}.ipynb`)], {
      cwd: shared,
      env,
      stdio: "ignore",
    });
    const listening = new Set<number>();
    const forked = new Set<number>();
    const exited = new Promise<number | null>((resolve) => podtalk.once("exit", (code) => resolve(code)));
    let done = false;
    void exited.then(() => {
      done = true;
    });
    while (!done) {
      const all = processes();
      const kernels = new Set(all.filter((p) => p.ppid === podtalk.pid && p.argv.some((a) => a.endsWith("kernel/main.js"))).map((p) => p.pid));
      for (const p of all) {
        if (!p.argv.some((a) => a.endsWith("compiler/main.js"))) continue;
        if (p.ppid === podtalk.pid && p.argv.includes("--serve")) {
          listening.add(p.pid);
          if (process.platform === "linux" && environOf(p.pid).includes("NODE_EXTRA_CA_CERTS=")) withCertificates.add(p.pid);
        }
        if (kernels.has(p.ppid)) forked.add(p.pid);
      }
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    assert.equal(await exited, 0);
    assert.deepEqual([...forked], [], "no kernel forked a compiler of its own");
    // The kernel started ahead of the next notebook waits for the running one's compiler.
    assert.equal(listening.size, 1, `${listening.size} shared compilers`);
    assert.deepEqual([...withCertificates], [], "no compiler was started with NODE_EXTRA_CA_CERTS");
    const deadline = Date.now() + 3000;
    let left = processes().filter((p) => listening.has(p.pid) && p.argv.includes("--serve"));
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      left = processes().filter((p) => listening.has(p.pid) && p.argv.includes("--serve"));
    }
    assert.deepEqual(left, [], "the shared compilers ended with podtalk");
    assert.deepEqual(readdirSync(temp), [], "their sockets' folder is gone");

    for (let i = 0; i < sources.length; i++) {
      const env1 = { ...process.env, PODTALK_CACHE_DIR: join(dir, `cache-alone-${i}`) };
      const result = await runNotebook(join(alone, `nb${i}.ipynb`), { env: env1 });
      assert.equal(result.failure, undefined);
      assert.equal(readFileSync(join(shared, `nb${i}.ipynb`), "utf8"), readFileSync(join(alone, `nb${i}.ipynb`), "utf8"), `nb${i}`);
    }
  });

  it("lets a kernel pointed at a socket where no compiler answers fork its own, and compile", async () => {
    const argv = [process.execPath, kernelEntryPoint(), "--connection-file", "{connection_file}"];
    const spec = { name: "podtalk", dir: undefined, spec: { argv, display_name: "podtalk", language: "typescript" } };
    const env = { ...process.env, PODTALK_CACHE_DIR: join(dir, "cache"), PODTALK_COMPILER_SOCKET: join(dir, "nobody.sock") };
    const client = await KernelClient.start(spec, { cwd: dir, env });
    try {
      const { reply, outputs } = await client.execute("const n: number = 41;\nn + 1");
      assert.equal(reply["status"], "ok");
      assert.deepEqual(
        outputs.map((o) => (o as { data?: Record<string, unknown> }).data?.["text/plain"]),
        ["42"],
      );
      const own = childrenRunning(client.pid!, "compiler/main.js");
      assert.equal(own.length, 1, "the kernel forked its own compiler");
    } finally {
      await client.dispose();
    }
  });
});

/** A process's environment as /proc shows it ("" once it is gone). */
function environOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/environ`, "utf8");
  } catch {
    return "";
  }
}

/**
 * The kernel's compiler in a process of its own (kernel/compiler/): it answers as the compiler in
 * the kernel's process would, a death of it fails only the requests that waited on it, and an
 * interrupt meant for the kernel's cell leaves it alone.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CELL_GLOBALS_DECLARATION } from "../../kernel/cell-globals.js";
import type { CompilerBackend } from "../../kernel/compiler/backend.js";
import { LocalCompiler } from "../../kernel/compiler/local.js";
import { CompilerProcess } from "../../kernel/compiler/process.js";
import { FIRST_CELL } from "../../kernel/first-session.js";
import type { DeclScope } from "../../kernel/tslab/decl-chain.js";
import { KernelClient } from "../../lib/notebook/client.js";
import { kernelEntryPoint, compilerStartupArgs, packageRoot } from "../../lib/notebook/kernelspec.js";

const SCOPE: DeclScope = { chunks: [], tail: CELL_GLOBALS_DECLARATION };

describe("the kernel's compiler process", function () {
  this.timeout(60_000);
  let dir = "";
  const opened: CompilerBackend[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-compiler-"));
  });
  afterEach(() => {
    for (const c of opened.splice(0)) c.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function processCompiler(nodeArgs = compilerStartupArgs(process.env)): CompilerProcess {
    const logged: string[] = [];
    const c = new CompilerProcess({ cwd: dir, packageRoot: packageRoot(), strict: true }, { nodeArgs, log: (m) => logged.push(m) });
    opened.push(c);
    return c;
  }

  it("answers what the compiler in the kernel's own process answers: the output, the errors, completions, quick info and the files it read", async () => {
    const local = new LocalCompiler({ cwd: dir, packageRoot: packageRoot(), strict: true });
    opened.push(local);
    const remote = processCompiler();
    const asks = async (c: CompilerBackend): Promise<unknown[]> => {
      const first = await c.convert(SCOPE, FIRST_CELL);
      const wrong = await c.convert(SCOPE, 'const port: number = "80";');
      const done = await c.complete(SCOPE, "const n: number = 1;\nn.toFix", 27);
      const quick = await c.inspect(SCOPE, "const n: number = 1;\nn.toFixed(2)", 24);
      return [first.value, wrong.value, done.value.candidates, done.value.start, quick.value, [...first.filesRead].sort()];
    };
    const [ours, theirs] = [await asks(local), await asks(remote)];
    assert.deepEqual(theirs, ours);
    assert.match(JSON.stringify(theirs[1]), /Type 'string' is not assignable to type 'number'/);
    assert.ok((theirs[2] as string[]).includes("toFixed"));
    assert.ok(
      (theirs[5] as string[]).some((f) => f.includes("/@types/node/") && f.endsWith(".d.ts")),
      "the files read name @types/node",
    );
  });

  it("starts its process without NODE_EXTRA_CA_CERTS, which Node spends tens of milliseconds reading and a compiler has no use for", async function () {
    if (process.platform !== "linux") this.skip(); // /proc shows a process's environment
    const certificates = join(dir, "extra-ca.pem");
    writeFileSync(certificates, "");
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: certificates, PODTALK_TEST_MARK: "kept" };
    const c = new CompilerProcess({ cwd: dir, packageRoot: packageRoot(), strict: true }, { nodeArgs: compilerStartupArgs(env), env });
    opened.push(c);
    assert.equal((await c.convert(SCOPE, "const n: number = 1;\nn")).value.diagnostics.length, 0);
    const environ = readFileSync(`/proc/${c.pid}/environ`, "utf8").split("\0");
    assert.ok(environ.includes("PODTALK_TEST_MARK=kept"), "the kernel's environment is passed on");
    assert.ok(!environ.some((v) => v.startsWith("NODE_EXTRA_CA_CERTS=")), "but not the certificates");
  });

  it("fails the requests waiting on a process that dies, saying how it ended, and serves the next from a new process", async () => {
    const c = processCompiler();
    await c.convert(SCOPE, "const a = 1;");
    const first = c.pid;
    const waiting = c.convert(SCOPE, "const b: number = 2;");
    process.kill(first!, "SIGKILL");
    await assert.rejects(waiting, /TypeScript's compiler process ended \(killed by SIGKILL\)/);
    const again = await c.convert(SCOPE, "const b: number = 2;");
    assert.deepEqual(again.value.diagnostics, []);
    assert.notEqual(c.pid, first, "a new process answered");
  });

  it("goes on after an interrupt meant for the cell (Jupyter may signal the kernel's whole process group)", async () => {
    const c = processCompiler();
    await c.convert(SCOPE, "const a = 1;");
    const pid = c.pid;
    process.kill(pid!, "SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await c.convert(SCOPE, "const b = 2;");
    assert.deepEqual(after.value.diagnostics, []);
    assert.equal(c.pid, pid);
  });

  it("starts without the startup snapshot too, with the same answers", async () => {
    const plain = processCompiler([]);
    const snap = processCompiler();
    const a = await plain.convert(SCOPE, FIRST_CELL);
    const b = await snap.convert(SCOPE, FIRST_CELL);
    assert.deepEqual(a.value, b.value);
  });
});

describe("a kernel interrupted while a cell waits for its compiler", function () {
  this.timeout(60_000);
  it("does not run the cell, says why, and runs the next one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "podtalk-compiler-interrupt-"));
    const argv = [process.execPath, kernelEntryPoint(), "--connection-file", "{connection_file}"];
    const spec = { name: "podtalk", dir: undefined, spec: { argv, display_name: "podtalk", language: "typescript", interrupt_mode: "signal" as const } };
    // The compiler starts when the cell asks for it, and without the snapshot: a second or more.
    const env = { ...process.env, PODTALK_CACHE_DIR: join(dir, "cache"), PODTALK_KERNEL_WARM_UP: "off", PODTALK_KERNEL_SNAPSHOT: "off" };
    const client = await KernelClient.start(spec, { cwd: dir, env });
    try {
      const waiting = client.execute('(globalThis as Record<string, unknown>)["ran"] = true;', { stopOnError: false });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await client.interrupt();
      const { reply } = await waiting;
      assert.equal(reply["status"], "error");
      assert.match(String(reply["evalue"]), /waiting for TypeScript's compiler, and did not run/);
      const { outputs } = await client.execute('(globalThis as Record<string, unknown>)["ran"] === undefined');
      assert.deepEqual(
        outputs.map((o) => (o as { data?: Record<string, unknown> }).data?.["text/plain"]),
        ["true"],
      );
    } finally {
      await client.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readNotebook } from "../../lib/notebook/ipynb.js";
import { runNotebook, startKernelFor } from "../../lib/notebook/runner.js";
import { SYSTEM_PYTHON, pythonHasModules, requireInterop } from "../internal/interop.js";
import { ipykernelEnv, writePythonNotebook } from "./internal/ipykernel.js";
import { nbformatSchemaErrors } from "./internal/nbformat-schema.js";
import { writePodtalkNotebook } from "../internal/notebooks.js";

describe("runNotebook() against ipykernel", function () {
  this.timeout(120_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(function () {
    requireInterop(this, "Debian's ipykernel and nbformat", pythonHasModules("ipykernel", "nbformat"));
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-runner-"));
    env = ipykernelEnv(join(dir, "jupyter"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const CELLS = [
    { source: "# Title", markdown: true },
    { source: "import os\nprint('cwd', os.path.basename(os.getcwd()))\nprint('more')\nx = 41" },
    { source: "from IPython.display import SVG, display\ndisplay(SVG('<svg xmlns=\"http://www.w3.org/2000/svg\"/>'))\nx + 1" },
    { source: "raise ValueError('expected')", tags: ["raises-exception"] },
    { source: "import does_not_exist", tags: ["skip-execution"] },
    { source: "print('last')" },
  ];

  it("records streams (merged), displays, results and errors, numbering executions from 1", async () => {
    const path = join(dir, "nb.ipynb");
    writePythonNotebook(path, CELLS);
    const result = await runNotebook(path, { env });
    assert.equal(result.failure, undefined);
    const nb = readNotebook(path);
    const code = nb.cells.filter((c) => c.cell_type === "code");
    assert.deepEqual(code[0]!.outputs, [{ output_type: "stream", name: "stdout", text: `cwd ${dir.split("/").pop()}\nmore\n` }]);
    assert.equal(code[0]!.execution_count, 1);
    assert.deepEqual(
      code[1]!.outputs.map((o) => o.output_type),
      ["display_data", "execute_result"],
    );
    assert.deepEqual(code[1]!.outputs[1], { output_type: "execute_result", execution_count: 2, data: { "text/plain": "42" }, metadata: {} });
    assert.equal(code[2]!.outputs[0]!.output_type, "error");
    assert.equal(code[3]!.execution_count, null, "skip-execution");
    assert.equal(code[4]!.execution_count, 4);
    assert.deepEqual(nb.metadata["kernelspec"], { display_name: "Python 3", language: "python", name: "python3" });
    assert.equal((nb.metadata["language_info"] as { name: string }).name, "python");
  });

  it("gives a byte-identical file when run again", async () => {
    const path = join(dir, "nb.ipynb");
    writePythonNotebook(path, CELLS);
    await runNotebook(path, { env });
    const first = readFileSync(path, "utf8");
    await runNotebook(path, { env });
    assert.equal(readFileSync(path, "utf8"), first);
  });

  it("runs with a kernel started ahead by startKernelFor() exactly as with a kernel of its own", async () => {
    const path = join(dir, "nb.ipynb");
    writePythonNotebook(path, CELLS);
    await runNotebook(path, { env, out: join(dir, "own") });
    const lease = startKernelFor(path, { env });
    assert.equal(lease.spec.name, "python3");
    const result = await runNotebook(path, { env, out: join(dir, "ahead"), kernel: lease });
    assert.equal(result.failure, undefined);
    assert.equal(readFileSync(join(dir, "ahead", "nb.ipynb"), "utf8"), readFileSync(join(dir, "own", "nb.ipynb"), "utf8"));
    assert.equal((await lease.client).alive, false, "the run shuts the kernel down");
  });

  it("shuts down a kernel started ahead when its notebook turns out unreadable", async () => {
    const good = join(dir, "nb.ipynb");
    writePythonNotebook(good, CELLS);
    const lease = startKernelFor(good, { env });
    const broken = join(dir, "broken.ipynb");
    copyFileSync(join(__dirname, "..", "..", "..", "test", "fixtures", "notebook", "malformed.ipynb"), broken);
    await assert.rejects(runNotebook(broken, { env, kernel: lease }), /broken\.ipynb: invalid JSON/);
    const client = await lease.client;
    for (let i = 0; i < 100 && client.alive; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(client.alive, false);
  });

  it("stops at the first error, keeps the outputs so far and reports path, cell, line and error", async () => {
    const path = join(dir, "fails.ipynb");
    writePythonNotebook(path, [{ source: "print('before')" }, { source: "a = 1\nb = undefined_name\nprint('never')" }, { source: "print('not run')" }]);
    const result = await runNotebook(path, { env });
    assert.ok(result.failure);
    assert.equal(result.failure.cell, 2);
    assert.equal(result.failure.line, 2);
    assert.equal(result.failure.sourceLine, "b = undefined_name");
    assert.equal(result.failure.ename, "NameError");
    assert.match(
      result.failure.message,
      new RegExp(`^${path}: cell In\\[2\\] \`a = 1\`, line 2 failed:\\n    b = undefined_name\\n  NameError: name 'undefined_name' is not defined`),
    );
    const nb = readNotebook(path);
    assert.deepEqual(nb.cells[0]!.cell_type === "code" && nb.cells[0]!.outputs[0], { output_type: "stream", name: "stdout", text: "before\n" });
    assert.equal(nb.cells[1]!.cell_type === "code" && nb.cells[1]!.outputs[0]!.output_type, "error");
    assert.deepEqual(nb.cells[2]!.cell_type === "code" && nb.cells[2]!.outputs, []);
  });

  it("stops a cell that runs past its timeout", async () => {
    const path = join(dir, "slow.ipynb");
    writePythonNotebook(path, [{ source: "import time\ntime.sleep(30)" }, { source: "print('not run')" }]);
    const result = await runNotebook(path, { env, timeoutMs: 1000 });
    assert.equal(result.failure?.ename, "CellTimeoutError");
    assert.equal(result.failure?.cell, 1);
  });

  it("with `out` writes the executed copy there and leaves the source untouched", async () => {
    const path = join(dir, "src.ipynb");
    writePythonNotebook(path, CELLS);
    const before = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    const result = await runNotebook(path, { env, out: join(dir, "out") });
    assert.equal(result.outputPath, join(dir, "out", "src.ipynb"));
    assert.deepEqual(readFileSync(path), before);
    assert.equal(statSync(path).mtimeMs, mtime);
    assert.equal((readNotebook(result.outputPath).cells[5] as { outputs: unknown[] }).outputs.length, 1);
  });

  it("writes notebooks that nbformat validates", async function () {
    const path = join(dir, "nb.ipynb");
    writePythonNotebook(path, CELLS);
    await runNotebook(path, { env });
    const r = spawnSync(SYSTEM_PYTHON, ["-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT))", path], {
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
  });

  it("writes notebooks that the nbformat 4.5 JSON schema accepts (ajv)", async () => {
    const path = join(dir, "nb.ipynb");
    writePythonNotebook(path, CELLS);
    await runNotebook(path, { env });
    assert.deepEqual(nbformatSchemaErrors(readFileSync(path, "utf8")), []);
  });

  it("with allowErrors records every error and runs to the end", async () => {
    const path = join(dir, "errors.ipynb");
    writePythonNotebook(path, [{ source: "1/0" }, { source: "print('after')" }, { source: "undefined_name" }, { source: "print('end')" }]);
    const result = await runNotebook(path, { env, allowErrors: true });
    assert.equal(result.failure, undefined);
    assert.equal(result.allowedErrors, 2);
    const outputs = readNotebook(path).cells.map((c) => (c.cell_type === "code" ? c.outputs.map((o) => o.output_type) : []));
    assert.deepEqual(outputs, [["error"], ["stream"], ["error"], ["stream"]]);
  });

  it("injects parameters after the cell tagged parameters, as papermill does", async () => {
    const path = join(dir, "params.ipynb");
    writePythonNotebook(path, [{ source: "nodes = 3\nname = 'a'", tags: ["parameters"] }, { source: "print(nodes, name)" }]);
    const result = await runNotebook(path, { env, parameters: { nodes: 5, name: "b" } });
    assert.equal(result.failure, undefined);
    const nb = readNotebook(path);
    assert.deepEqual(
      nb.cells.map((c) => c.metadata["tags"] ?? []),
      [["parameters"], ["injected-parameters"], []],
    );
    assert.deepEqual((nb.cells[2] as { outputs: unknown[] }).outputs, [{ output_type: "stream", name: "stdout", text: "5 b\n" }]);
    const first = readFileSync(path, "utf8");
    await runNotebook(path, { env, parameters: { nodes: 5, name: "b" } });
    assert.equal(readFileSync(path, "utf8"), first, "re-running with the same parameters replaces the injected cell, same bytes");
  });

  it("with write: false leaves the file alone and returns the executed notebook", async () => {
    const path = join(dir, "nb.ipynb");
    writePythonNotebook(path, CELLS);
    const before = readFileSync(path);
    const result = await runNotebook(path, { env, write: false });
    assert.deepEqual(readFileSync(path), before);
    assert.equal(result.notebook.cells.filter((c) => c.cell_type === "code" && c.outputs.length > 0).length, 4);
  });
});

describe("runNotebook() and the file it writes back", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-runner-file-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("does not overwrite an edit saved while it ran, and says how to keep the results", async () => {
    const path = join(dir, "lost.ipynb");
    writePodtalkNotebook(path, ["1 + 1"]);
    const edited = `${readFileSync(path, "utf8").trimEnd()} \n`;
    await assert.rejects(
      runNotebook(path, { onCell: () => writeFileSync(path, edited) }),
      (e: Error) => e.message.startsWith(`${path}: changed on disk while it ran`) && /--out DIR/.test(e.message),
    );
    assert.equal(readFileSync(path, "utf8"), edited, "the author's edit was overwritten");
    assert.deepEqual(readdirSync(dir), ["lost.ipynb"]);
  });

  it("refuses a read-only notebook before running it", async () => {
    const path = join(dir, "ro.ipynb");
    writePodtalkNotebook(path, ["1 + 1"]);
    chmodSync(path, 0o444);
    const before = readFileSync(path);
    let ran = 0;
    await assert.rejects(
      runNotebook(path, { onCell: () => ran++ }),
      (e: Error) => e.message === `${path}: is read-only (mode 0444); make it writable (chmod u+w) or write the result elsewhere (podtalk run --out DIR)`,
    );
    assert.equal(ran, 0, "no cell should run");
    assert.deepEqual(readFileSync(path), before);
  });

  it("says that the kernel starts TypeScript while a first cell waits for it, and not once the compile cache answers", async () => {
    const path = join(dir, "first.ipynb");
    writePodtalkNotebook(path, ["const x: number = 1;\nx + 1", "x * 2"]);
    // Without the idle warm-up: with it, whether the first cell waits depends on how soon it
    // arrives after the kernel starts (the next test covers the warm-up).
    const env = { ...process.env, PODTALK_CACHE_DIR: join(dir, "cache"), PODTALK_KERNEL_WARM_UP: "off" };
    const cold: string[] = [];
    const first = await runNotebook(path, { env, onKernelStatus: (s) => cold.push(s) });
    assert.equal(first.failure, undefined);
    assert.deepEqual(cold, ["starting TypeScript…"]);
    const before = readFileSync(path, "utf8");
    const warm: string[] = [];
    await runNotebook(path, { env, onKernelStatus: (s) => warm.push(s) });
    assert.deepEqual(warm, [], "every cell came from the compile cache: TypeScript never started");
    assert.equal(readFileSync(path, "utf8"), before, "the status line must not reach the notebook");
  });

  it("creates TypeScript's compiler as soon as a kernel with an empty cache is idle, and not with PODTALK_KERNEL_WARM_UP=off; outputs are the same", async () => {
    const sources = ['import { Cluster } from "podtalk";\nconst cluster = new Cluster({ nodes: 2, seed: 3 });\ncluster', 'cluster.get("nodes")'];
    const runs = new Map<string, { statuses: string[]; text: string }>();
    for (const warmUp of ["on", "off"]) {
      const path = join(dir, `warm-${warmUp}.ipynb`);
      writePodtalkNotebook(path, sources);
      const env = { ...process.env, PODTALK_CACHE_DIR: join(dir, `cache-${warmUp}`), PODTALK_KERNEL_WARM_UP: warmUp };
      // A kernel started ahead and left idle, as `podtalk run` does for the next notebook.
      const kernel = startKernelFor(path, { env });
      await kernel.client;
      // The kernel warms up one second after it starts; leave it a margin.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const statuses: string[] = [];
      const result = await runNotebook(path, { env, kernel, onKernelStatus: (s) => statuses.push(s) });
      assert.equal(result.failure, undefined);
      runs.set(warmUp, { statuses, text: readFileSync(path, "utf8") });
    }
    assert.deepEqual(runs.get("on")!.statuses, [], "the idle kernel should have created the compiler before the first cell");
    assert.deepEqual(runs.get("off")!.statuses, ["starting TypeScript…"]);
    assert.equal(runs.get("on")!.text, runs.get("off")!.text);
  });

  it("writes at most 10 MiB of a cell's printed output, with a note of how much was cut", async () => {
    const path = join(dir, "loud.ipynb");
    writePodtalkNotebook(path, ['const mib = "y".repeat(1024 * 1024);\nfor (let i = 0; i < 24; i++) process.stdout.write(mib);', '"next"']);
    const result = await runNotebook(path);
    assert.equal(result.failure, undefined);
    const [loud, next] = readNotebook(path).cells.flatMap((c) => (c.cell_type === "code" ? [c] : []));
    assert.deepEqual(
      loud!.outputs.map((o) => (o.output_type === "stream" ? [o.name, o.text.length] : o.output_type)),
      [
        ["stdout", 10 * 1024 * 1024],
        ["stderr", 87],
      ],
    );
    assert.match(JSON.stringify(loud!.outputs[1]), /… output cut: 14,680,064 bytes more \(podtalk keeps 10 MiB of printed output per cell\)/);
    assert.ok(statSync(path).size < 11 * 1024 * 1024, `${statSync(path).size} bytes`);
    assert.equal(next!.outputs[0]?.output_type, "execute_result");
  });

  /** Each code cell's outputs, streams as `name: text`, others by type. */
  function outputsOf(path: string): string[][] {
    return readNotebook(path)
      .cells.flatMap((c) => (c.cell_type === "code" ? [c] : []))
      .map((c) => c.outputs.map((o) => (o.output_type === "stream" ? `${o.name}: ${o.text}` : o.output_type)));
  }

  it("puts a timer's output in the cell that started it, even when it fires during a later cell or after the last one", async () => {
    const path = join(dir, "timers.ipynb");
    writePodtalkNotebook(path, [
      'setTimeout(() => console.log("late from 1"), 300);\n"one"',
      'await new Promise((resolve) => setTimeout(resolve, 900));\nconsole.log("two");',
      'setTimeout(() => console.log("after the last cell"), 300);\n"three"',
    ]);
    const result = await runNotebook(path);
    assert.equal(result.failure, undefined, result.failure?.message);
    assert.deepEqual(outputsOf(path), [["execute_result", "stdout: late from 1\n"], ["stdout: two\n"], ["execute_result", "stdout: after the last cell\n"]]);
  });

  it("fails the run, naming the cell, when a timer throws after its cell finished", async () => {
    const path = join(dir, "late-throw.ipynb");
    writePodtalkNotebook(path, ['"fine"', 'setTimeout(() => {\n  throw new Error("late boom");\n}, 200);\n"scheduled"']);
    const result = await runNotebook(path);
    assert.equal(result.failure?.cell, 2);
    assert.equal(result.failure?.ename, "BackgroundError");
    assert.match(
      result.failure!.message,
      new RegExp(
        `^${path}: cell In\\[2\\] \`setTimeout\\(\\(\\) => \\{\` failed:\n    setTimeout\\(\\(\\) => \\{\n  BackgroundError: a timer or promise this cell started threw`,
      ),
    );
    assert.match(outputsOf(path)[1]!.join(""), /stderr: Uncaught exception: Error: late boom/);
  });

  it("fails the run, naming the cell, when a timer it started is still pending well after the last cell", async () => {
    const path = join(dir, "interval.ipynb");
    writePodtalkNotebook(path, ["const ticker = setInterval(() => undefined, 1000);", '"last"']);
    const result = await runNotebook(path);
    assert.equal(result.failure?.cell, 1);
    assert.equal(result.failure?.ename, "UnfinishedTimerError");
    assert.match(result.failure!.evalue, /still pending 5 s after the last cell/);
  });
});

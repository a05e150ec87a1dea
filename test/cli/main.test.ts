import { strict as assert } from "node:assert";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, lstatSync, mkdirSync, symlinkSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { podtalk } from "./internal/podtalk.js";
import { readNotebook, type CodeCell } from "../../lib/notebook/ipynb.js";
import { packageRoot } from "../../lib/notebook/kernelspec.js";
import { pythonHasModules, requireInterop } from "../internal/interop.js";
import { ipykernelEnv, writePythonNotebook } from "../notebook/internal/ipykernel.js";
import { nbformatSchemaErrors } from "../notebook/internal/nbformat-schema.js";

const FIXTURES = join(packageRoot(), "test", "fixtures", "notebook");

/** Writes a TypeScript notebook for the podtalk kernel: a markdown cell, then one code cell per source. */
function writeTypeScriptNotebook(path: string, sources: string[]): void {
  const cells = [
    { cell_type: "markdown", id: "intro", metadata: {}, source: "# A test" },
    ...sources.map((source, i) => ({ cell_type: "code", execution_count: null, id: `c${i}`, metadata: {}, outputs: [], source })),
  ];
  const metadata = { kernelspec: { display_name: "TypeScript (podtalk)", language: "typescript", name: "podtalk" } };
  writeFileSync(path, `${JSON.stringify({ cells, metadata, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`);
}

describe("podtalk (CLI)", function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-cli-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("`run` on a malformed notebook exits 1, names the path and leaves the file byte-identical", async () => {
    const path = join(dir, "malformed.ipynb");
    copyFileSync(join(FIXTURES, "malformed.ipynb"), path);
    const before = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    const { code, stderr } = await podtalk(["run", path]);
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`${path}: invalid JSON at line 4, column 2`));
    assert.deepEqual(readFileSync(path), before);
    assert.equal(statSync(path).mtimeMs, mtime);
    assert.deepEqual(readdirSync(dir), ["malformed.ipynb"]);
  });

  const usage: { name: string; argv: string[] }[] = [
    { name: "no arguments", argv: [] },
    { name: "an unknown command", argv: ["frobnicate"] },
    { name: "run without notebooks", argv: ["run"] },
    { name: "a non-numeric timeout", argv: ["run", "x.ipynb", "--timeout", "soon"] },
    { name: "export without --out", argv: ["export", "x.ipynb"] },
    { name: "an unknown option", argv: ["run", "x.ipynb", "--fast"] },
    { name: "a parameter without =", argv: ["run", "x.ipynb", "-p", "nodes"] },
    { name: "zero jobs", argv: ["run", "x.ipynb", "--jobs", "0"] },
    { name: "check without notebooks", argv: ["check"] },
  ];
  for (const { name, argv } of usage) {
    it(`exits 2 on a usage error: ${name}`, async () => {
      const { code, stderr } = await podtalk(argv);
      assert.equal(code, 2);
      assert.notEqual(stderr, "");
    });
  }

  it("`--version` prints the package's version, the Kubernetes release modelled and Node's, and exits 0", async () => {
    const { version } = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as { version: string };
    const { code, stdout } = await podtalk(["--version"]);
    assert.equal(code, 0);
    assert.equal(stdout, `podtalk ${version} (models Kubernetes v1.35.0; Node ${process.version})\n`);
  });

  it("`--help` exits 0", async () => {
    const { code, stdout } = await podtalk(["--help"]);
    assert.equal(code, 0);
    assert.match(stdout, /course/);
  });

  it("`export` writes one self-contained HTML article per notebook", async () => {
    const { code, stdout } = await podtalk(["export", join(FIXTURES, "article.ipynb"), "--out", join(dir, "html")]);
    assert.equal(code, 0, stdout);
    const html = readFileSync(join(dir, "html", "article.html"), "utf8");
    assert.match(html, /<title>Pods talk<\/title>/);
    assert.doesNotMatch(html, /<script/);
  });

  it("`run` fills the compile cache that `cache dir` reports and `cache clear` empties; a re-run gives the same bytes", async function () {
    const cache = join(dir, "cache");
    const env = { ...process.env, PODTALK_CACHE_DIR: cache };
    const notebook = join(dir, "hello.ipynb");
    copyFileSync(join(packageRoot(), "test", "fixtures", "hello.ipynb"), notebook);
    assert.equal((await podtalk(["run", notebook], env)).code, 0);
    const cold = readFileSync(notebook);
    const listed = await podtalk(["cache", "dir"], env);
    const files = Number(/^(\d+) files, [\d.]+ MiB$/m.exec(listed.stdout)?.[1]);
    assert.equal(listed.stdout.split("\n")[0], join(cache, "compile-v1"));
    assert.ok(files >= 2, `a cell entry and its manifest expected:\n${listed.stdout}`);
    assert.equal((await podtalk(["run", notebook], env)).code, 0);
    assert.deepEqual(readFileSync(notebook), cold, "a run served from the cache writes the same bytes");
    assert.equal(readdirSync(join(cache, "compile-v1")).length, files, "a warm run stores nothing new");
    const cleared = await podtalk(["cache", "clear"], env);
    assert.match(cleared.stdout, new RegExp(`^Removed ${join(cache, "compile-v1")}\n`));
    assert.deepEqual(readdirSync(cache), [], "the module code cache is cleared too");
  });

  it("PODTALK_CACHE_DIR=off runs without writing a cache", async function () {
    const notebook = join(dir, "hello.ipynb");
    copyFileSync(join(packageRoot(), "test", "fixtures", "hello.ipynb"), notebook);
    const env = { ...process.env, PODTALK_CACHE_DIR: "off", XDG_CACHE_HOME: join(dir, "xdg"), HOME: join(dir, "home") };
    assert.equal((await podtalk(["run", notebook], env)).code, 0);
    assert.deepEqual(readdirSync(dir), ["hello.ipynb"]);
    assert.equal((await podtalk(["cache", "dir"], env)).stdout, "The cache is off (PODTALK_CACHE_DIR=off)\n");
  });

  it("`kernel install --prefix` writes a kernelspec that `kernel list` shows", async () => {
    const prefix = join(dir, "venv");
    const installed = await podtalk(["kernel", "install", "--prefix", prefix, "--name", "podtalk-test"]);
    assert.equal(installed.code, 0, installed.stderr);
    const specDir = join(prefix, "share", "jupyter", "kernels", "podtalk-test");
    assert.ok(existsSync(join(specDir, "kernel.json")));
    const listed = await podtalk(["kernel", "list"], { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter") });
    assert.match(listed.stdout, new RegExp(`podtalk-test\\s+${specDir}`));
  });

  it("`course` runs every notebook into out/notebooks, exports each and writes the index", async function () {
    requireInterop(this, "Debian's ipykernel and nbformat", pythonHasModules("ipykernel", "nbformat"));
    const env = ipykernelEnv(join(dir, "jupyter"));
    const course = join(dir, "course");
    mkdirSync(course);
    writePythonNotebook(join(course, "02-second.ipynb"), [{ source: "# Second", markdown: true }, { source: "print(2)" }]);
    writePythonNotebook(join(course, "01-first.ipynb"), [{ source: "# First", markdown: true }, { source: "print(1)" }]);
    writeFileSync(join(course, "index.md"), "# A test course\n\nFor **testers**.\n");
    const sources = readdirSync(course).map((f) => readFileSync(join(course, f)));
    const out = join(dir, "site");
    const { code, stdout, stderr } = await podtalk(["course", course, "--out", out], env);
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim().split("\n").pop(), join(out, "index.html"));
    assert.deepEqual(readdirSync(join(out, "notebooks")), ["01-first.ipynb", "02-second.ipynb"]);
    assert.deepEqual(
      readdirSync(course).map((f) => readFileSync(join(course, f))),
      sources,
      "sources untouched",
    );
    const index = readFileSync(join(out, "index.html"), "utf8");
    assert.match(index, /<a href="01-first.html">First<\/a>.*<a href="02-second.html">Second<\/a>/s);
    // The front door: title and introduction from index.md, numbers as the file names have them, downloads.
    assert.match(index, /<h1>A test course<\/h1><div class="introduction"><p>For <strong>testers<\/strong>.<\/p>/);
    assert.match(index, /<span class="article-number">01<\/span> <a href="01-first.html">/);
    assert.match(index, /<a class="download" href="notebooks\/02-second.ipynb" download>/);
    assert.match(index, /npx podtalk run notebooks\/01-first\.ipynb/);
    assert.match(readFileSync(join(out, "01-first.html"), "utf8"), /<pre class="output stream stdout" tabindex="0">1\n<\/pre>/);
  });

  it("`course` still writes the article of a notebook whose kernel cannot start, so no link is broken", async function () {
    requireInterop(this, "Debian's ipykernel and nbformat", pythonHasModules("ipykernel", "nbformat"));
    const env = ipykernelEnv(join(dir, "jupyter"));
    const course = join(dir, "course");
    mkdirSync(course);
    writePythonNotebook(join(course, "01-first.ipynb"), [{ source: "# First", markdown: true }, { source: "print(1)" }]);
    writePythonNotebook(join(course, "02-second.ipynb"), [{ source: "# Second", markdown: true }, { source: "print(2)" }]);
    const second = JSON.parse(readFileSync(join(course, "02-second.ipynb"), "utf8")) as { metadata: { kernelspec: { name: string } } };
    second.metadata.kernelspec.name = "no-such-kernel";
    writeFileSync(join(course, "02-second.ipynb"), JSON.stringify(second));
    const out = join(dir, "site");
    const { code, stderr } = await podtalk(["course", course, "--out", out, "--title", "Given title"], env);
    assert.equal(code, 1);
    assert.match(stderr, /FAIL .*02-second\.ipynb.*no-such-kernel/);
    assert.match(readFileSync(join(out, "01-first.html"), "utf8"), /<a[^>]*href="02-second.html"/);
    assert.match(readFileSync(join(out, "02-second.html"), "utf8"), /<h1[^>]*>Second/);
    const index = readFileSync(join(out, "index.html"), "utf8");
    assert.match(index, /<a href="02-second.html">Second<\/a>/);
    assert.match(index, /<h1>Given title<\/h1>/, "--title names the course");
    // Every notebook the index offers for download is there: the one whose kernel never started is not offered.
    const downloads = [...index.matchAll(/href="(notebooks\/[^"]+)"/g)].map((m) => m[1]!);
    assert.deepEqual(downloads, ["notebooks/01-first.ipynb"]);
  });

  it("`run -j 1` has the next notebook's kernel started while a notebook runs, and leaves no kernel behind", async function () {
    requireInterop(this, "Debian's ipykernel and nbformat", pythonHasModules("ipykernel", "nbformat"));
    const env = ipykernelEnv(join(dir, "jupyter"));
    // Counts the kernels podtalk has running (its children), from inside one of them.
    const count = [
      "import os, subprocess, time",
      "time.sleep(0.5)",
      "ps = subprocess.run(['ps', '-o', 'args=', '--ppid', os.environ['JPY_PARENT_PID']], capture_output=True, text=True).stdout",
      "print(sum('ipykernel_launcher' in line for line in ps.splitlines()))",
    ].join("\n");
    const paths = ["a", "b", "c"].map((n) => join(dir, `${n}.ipynb`));
    for (const path of paths) writePythonNotebook(path, [{ source: count }]);
    const { code, stderr } = await podtalk(["run", "-j", "1", ...paths], env);
    assert.equal(code, 0, stderr);
    const seen = paths.map((p) => {
      const cell = readNotebook(p).cells[0]!;
      return cell.cell_type === "code" ? cell.outputs.map((o) => (o.output_type === "stream" ? o.text : "")).join("") : "";
    });
    assert.deepEqual(seen, ["2\n", "2\n", "1\n"], "a's and b's runs each see the next kernel waiting; c is the last");
    const left = spawnSync("ps", ["-o", "args=", "--ppid", String(process.pid)], { encoding: "utf8" }).stdout;
    assert.equal(left.split("\n").filter((l) => l.includes("ipykernel_launcher")).length, 0, left);
  });

  it("`run` exits 1 when a cell fails and prints where", async function () {
    requireInterop(this, "Debian's ipykernel and nbformat", pythonHasModules("ipykernel", "nbformat"));
    const env = ipykernelEnv(join(dir, "jupyter"));
    const path = join(dir, "fails.ipynb");
    writePythonNotebook(path, [{ source: "1/0" }]);
    const { code, stderr } = await podtalk(["run", path], env);
    assert.equal(code, 1);
    assert.match(stderr, /fails\.ipynb: cell In\[1\] `1\/0`, line 1 failed:\n    1\/0\n  ZeroDivisionError: division by zero/);
  });

  it("`run --jobs 3` prints one line per notebook in notebook order, with the same files as a serial run", async function () {
    requireInterop(this, "Debian's ipykernel and nbformat", pythonHasModules("ipykernel", "nbformat"));
    const env = ipykernelEnv(join(dir, "jupyter"));
    // The first notebook is the slowest, so in parallel it finishes last.
    const paths = [0.8, 0.1, 0.3].map((delay, i) => {
      const path = join(dir, `nb${i}.ipynb`);
      writePythonNotebook(path, [{ source: `import time\ntime.sleep(${delay})\nprint(${i})` }]);
      return path;
    });
    const parallel = await podtalk(["run", ...paths, "--jobs", "3", "--out", join(dir, "parallel")], env);
    const serial = await podtalk(["run", ...paths, "--jobs", "1", "--out", join(dir, "serial")], env);
    assert.equal(parallel.code, 0, parallel.stderr);
    assert.deepEqual(
      parallel.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.replace(/ \(.*$/, "")),
      paths.map((p, i) => `ok   ${p} -> ${join(dir, "parallel", `nb${i}.ipynb`)}`),
    );
    for (let i = 0; i < 3; i++) assert.deepEqual(readFileSync(join(dir, "parallel", `nb${i}.ipynb`)), readFileSync(join(dir, "serial", `nb${i}.ipynb`)));
    assert.equal(serial.code, 0);
  });

  it("`run --allow-errors` exits 0 and keeps every error; `-p` injects parameters", async function () {
    requireInterop(this, "Debian's ipykernel and nbformat", pythonHasModules("ipykernel", "nbformat"));
    const env = ipykernelEnv(join(dir, "jupyter"));
    const path = join(dir, "p.ipynb");
    writePythonNotebook(path, [{ source: "n = 1", tags: ["parameters"] }, { source: "1/0" }, { source: "print(n * 2)" }]);
    const { code, stderr } = await podtalk(["run", path, "--allow-errors", "-p", "n=21"], env);
    assert.equal(code, 0, stderr);
    const cells = JSON.parse(readFileSync(path, "utf8")).cells as { outputs?: { output_type: string; text?: string[] }[] }[];
    assert.equal(cells[2]!.outputs![0]!.output_type, "error");
    assert.deepEqual(cells[3]!.outputs![0]!.text, ["42\n"]);
    assert.deepEqual(nbformatSchemaErrors(readFileSync(path, "utf8")), []);
  });

  it("`check` passes on a fresh run and reports a readable diff (exit 1) when stored outputs changed", async function () {
    requireInterop(this, "Debian's ipykernel and nbformat", pythonHasModules("ipykernel", "nbformat"));
    const env = ipykernelEnv(join(dir, "jupyter"));
    const path = join(dir, "c.ipynb");
    writePythonNotebook(path, [
      { source: "print('node-1\\nnode-2')" },
      { source: "import random\nprint(random.random())", tags: ["nbval-ignore-output"] },
      { source: "import random\nprint(random.random())", tags: ["nbval-skip"] },
      { source: "from IPython.display import SVG\nSVG('<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/><text>a</text></svg>')" },
    ]);
    const ran = await podtalk(["run", path], env);
    assert.equal(ran.code, 0, ran.stderr);
    const before = readFileSync(path);
    const passed = await podtalk(["check", path], env);
    assert.equal(passed.code, 0, passed.stderr);
    assert.match(passed.stdout, /^ok   .*c\.ipynb/);
    assert.deepEqual(readFileSync(path), before, "check never writes");

    const nb = JSON.parse(readFileSync(path, "utf8"));
    nb.cells[0].outputs[0].text = ["node-1\n", "node-3\n"];
    nb.cells[3].outputs[0].data["image/svg+xml"] = ['<svg xmlns="http://www.w3.org/2000/svg"><text>b</text></svg>'];
    writeFileSync(path, JSON.stringify(nb));
    const failed = await podtalk(["check", path], env);
    assert.equal(failed.code, 1);
    assert.match(
      failed.stderr,
      /c\.ipynb: cell 1 \([0-9a-f-]+\) outputs changed:\n    print\('node-1\\nnode-2'\)\n  stream stdout:\n      node-1\n    - node-3\n    \+ node-2/,
    );
    assert.match(
      failed.stderr,
      /cell 4 .*\n.*\n  image\/svg\+xml:\n    SVG changed: 1 label changed \("b" → "a"\), 1 box added\n {6}label: "b" → "a"\n {6}box added\n/,
    );
  });

  it("a SIGKILLed `run` leaves each notebook either as it was or completely written", async function () {
    requireInterop(this, "Debian's ipykernel and nbformat", pythonHasModules("ipykernel", "nbformat"));
    this.timeout(300_000);
    const env = ipykernelEnv(join(dir, "jupyter"));
    const bin = join(packageRoot(), "bin", "podtalk.js");
    const source = join(dir, "src.ipynb");
    // Big outputs make the write itself take a while, so some kills land during it.
    writePythonNotebook(source, [{ source: "print('x' * 2_000_000)" }, { source: "print('y' * 2_000_000)" }]);
    const original = readFileSync(source);
    const complete = join(dir, "complete.ipynb");
    copyFileSync(source, complete);
    assert.equal((await podtalk(["run", complete], env)).code, 0);
    const finished = readFileSync(complete);
    const outcomes = new Set<string>();
    for (const delayMs of [300, 900, 1500, 2000, 2500, 3000, 4000]) {
      const path = join(dir, "victim.ipynb");
      writeFileSync(path, original);
      const child = spawn(process.execPath, [bin, "run", path], { env, stdio: "ignore", detached: true });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const exited = child.exitCode !== null;
      try {
        process.kill(child.pid!, "SIGKILL");
      } catch {
        // It had already finished.
      }
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once("exit", resolve)));
      try {
        process.kill(-child.pid!, "SIGKILL"); // the orphaned kernel, in the same process group
      } catch {
        // Already gone.
      }
      const bytes = readFileSync(path);
      const state = bytes.equals(original) ? "old" : bytes.equals(finished) ? "new" : "corrupt";
      assert.notEqual(state, "corrupt", `killed after ${delayMs} ms${exited ? " (had exited)" : ""}: the notebook is neither the old nor the new bytes`);
      outcomes.add(state);
      // A kill during the write may leave the temporary file (never the notebook) behind; clear it.
      for (const f of readdirSync(dir).filter((f) => f.startsWith(".victim"))) rmSync(join(dir, f));
    }
    assert.ok(outcomes.has("old"), "no kill landed before the write");
  });

  it("`run` on a symlink writes the outputs into the file it points to and keeps the link", async () => {
    mkdirSync(join(dir, "real"));
    writeTypeScriptNotebook(join(dir, "real", "target.ipynb"), ['"fresh " + (1 + 1)']);
    const link = join(dir, "link.ipynb");
    symlinkSync(join("real", "target.ipynb"), link);
    const { code, stderr } = await podtalk(["run", link]);
    assert.equal(code, 0, stderr);
    assert.ok(lstatSync(link).isSymbolicLink(), "the link was replaced by a regular file");
    const outputs = readNotebook(join(dir, "real", "target.ipynb")).cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : []));
    assert.deepEqual(
      outputs.map((o) => o.output_type),
      ["execute_result"],
    );
    assert.deepEqual(readdirSync(join(dir, "real")), ["target.ipynb"]);
  });

  it("`run` refuses a notebook that is not UTF-8: exit 1, the byte offset, the file untouched", async () => {
    const path = join(dir, "latin1.ipynb");
    const nb = { cells: [{ cell_type: "markdown", id: "m", metadata: {}, source: "Café crème" }], metadata: {}, nbformat: 4, nbformat_minor: 5 };
    const bytes = Buffer.from(JSON.stringify(nb), "latin1");
    writeFileSync(path, bytes);
    const { code, stderr } = await podtalk(["run", path]);
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`FAIL ${path}: not UTF-8: byte 0xE9 at offset ${bytes.indexOf(0xe9)} \\(line 1, `));
    assert.deepEqual(readFileSync(path), bytes);
  });

  it("`run --out` refuses, before running anything, two notebooks with one file name, naming both", async () => {
    mkdirSync(join(dir, "a"));
    mkdirSync(join(dir, "b"));
    writeTypeScriptNotebook(join(dir, "a", "same.ipynb"), ['"from a"']);
    writeTypeScriptNotebook(join(dir, "b", "same.ipynb"), ['"from b"']);
    const out = join(dir, "out");
    const { code, stderr } = await podtalk(["run", join(dir, "a", "same.ipynb"), join(dir, "b", "same.ipynb"), "--out", out]);
    assert.equal(code, 2);
    assert.match(stderr, new RegExp(`${join(dir, "a", "same.ipynb")} and ${join(dir, "b", "same.ipynb")} would both be written to ${join(out, "same.ipynb")}`));
    assert.equal(existsSync(out), false);
  });

  it("`run --out` under /proc fails at once, before any cell runs, naming the folder that cannot be made", async function () {
    if (process.platform !== "linux") this.skip();
    const path = join(dir, "nb.ipynb");
    writeTypeScriptNotebook(path, ["1"]);
    const { code, stderr } = await podtalk(["run", path, "--out", "/proc/podtalk-x"]);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /^FAIL .*nb\.ipynb: cannot create the folder \/proc\/podtalk-x: \/proc\/podtalk-x could not be made \(ENOENT\); \/proc is a kernel file system/m,
    );
  });

  it("`course` refuses a notebook named index.ipynb, whose article would replace the index page", async () => {
    const course = join(dir, "course");
    mkdirSync(course);
    writeTypeScriptNotebook(join(course, "01-first.ipynb"), ["1"]);
    writeTypeScriptNotebook(join(course, "index.ipynb"), ["2"]);
    const out = join(dir, "site");
    const { code, stderr } = await podtalk(["course", course, "--out", out]);
    assert.equal(code, 2);
    assert.match(stderr, new RegExp(`${join(course, "index.ipynb")}: its article would be index.html, which is the course's index page; rename the notebook`));
    assert.equal(existsSync(out), false);
  });

  it("`run` and `check` name the cell in which the kernel died, and `run` keeps the earlier outputs", async () => {
    const path = join(dir, "kill.ipynb");
    writeTypeScriptNotebook(path, ['console.log("cell 1 output")', 'process.kill(process.pid, "SIGKILL")', '"never"']);
    const ran = await podtalk(["run", path]);
    assert.equal(ran.code, 1);
    assert.match(
      ran.stderr,
      new RegExp(
        `${path}: cell In\\[2\\] \`process\\.kill\\(process\\.pid, "SIGKILL"\\)\` failed:\n    process\\.kill\\(process\\.pid, "SIGKILL"\\)\n  DeadKernelError: the kernel died while this cell ran \\(SIGKILL\\)`,
      ),
    );
    const code = readNotebook(path).cells.filter((c) => c.cell_type === "code");
    assert.deepEqual(code[0]!.outputs, [{ output_type: "stream", name: "stdout", text: "cell 1 output\n" }]);
    assert.equal(code[1]!.outputs[0]!.output_type, "error");
    assert.equal((code[1]!.outputs[0] as { ename: string }).ename, "DeadKernelError");
    assert.deepEqual(code[2]!.outputs, []);
    const checked = await podtalk(["check", path]);
    assert.equal(checked.code, 1);
    assert.match(
      checked.stderr,
      /cell In\[2\] `process\.kill\(process\.pid, "SIGKILL"\)` failed:[\s\S]*DeadKernelError: the kernel died while this cell ran \(SIGKILL\)/,
    );
  });

  it("`run` writes a notebook nbformat accepts when a display bundle holds a number or an object, and says what it left out", async () => {
    const path = join(dir, "bundle.ipynb");
    writeTypeScriptNotebook(path, ['({ [Symbol.for("Jupyter.display")]: () => ({ "text/html": 5, "image/png": { a: 1 }, "text/plain": "shown" }) })']);
    const { code, stderr } = await podtalk(["run", path]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(nbformatSchemaErrors(readFileSync(path, "utf8")), []);
    const outputs = readNotebook(path).cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : []));
    assert.deepEqual((outputs[0] as { data: unknown }).data, { "text/plain": "shown" });
    assert.match((outputs[1] as { text: string }).text, /left out "text\/html" of an output: its value is a number/);
  });

  it("`run` keeps what a cell printed before it timed out, then the timeout error", async () => {
    const path = join(dir, "partial.ipynb");
    // The first cell loads the compiler, so that the second one's time goes to the wait, even on a busy machine.
    writeTypeScriptNotebook(path, ["1", 'console.log("step 1 done"); await new Promise(() => {})']);
    const { code, stderr } = await podtalk(["run", path, "--timeout", "4"]);
    assert.equal(code, 1);
    assert.match(stderr, /cell In\[2\] `console\.log\("step 1 done"\); await new P…` failed:[\s\S]*CellTimeoutError: Cell execution timed out after 4 s/);
    const { outputs } = readNotebook(path).cells[2] as CodeCell;
    assert.deepEqual(outputs[0], { output_type: "stream", name: "stdout", text: "step 1 done\n" });
    assert.equal(outputs[1]!.output_type, "error");
  });
});

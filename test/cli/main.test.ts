import { strict as assert } from "node:assert";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../lib/cli/main.js";
import { packageRoot } from "../../lib/notebook/kernelspec.js";
import { pythonHasModules, requireInterop } from "../internal/interop.js";
import { ipykernelEnv, writePythonNotebook } from "../notebook/internal/ipykernel.js";

const FIXTURES = join(packageRoot(), "test", "fixtures", "notebook");

/** Runs the CLI in-process and captures what it prints. */
async function podtalk(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), progress: false, env });
  return { code, stdout, stderr };
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
  ];
  for (const { name, argv } of usage) {
    it(`exits 2 on a usage error: ${name}`, async () => {
      const { code, stderr } = await podtalk(argv);
      assert.equal(code, 2);
      assert.notEqual(stderr, "");
    });
  }

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
    const sources = readdirSync(course).map((f) => readFileSync(join(course, f)));
    const out = join(dir, "site");
    const { code, stdout, stderr } = await podtalk(["course", course, "--out", out], env);
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim().split("\n").pop(), join(out, "index.html"));
    assert.deepEqual(readdirSync(join(out, "notebooks")), ["01-first.ipynb", "02-second.ipynb"]);
    assert.deepEqual(readdirSync(course).map((f) => readFileSync(join(course, f))), sources, "sources untouched");
    const index = readFileSync(join(out, "index.html"), "utf8");
    assert.match(index, /<a href="01-first.html">First<\/a>.*<a href="02-second.html">Second<\/a>/s);
    assert.match(readFileSync(join(out, "01-first.html"), "utf8"), /<pre class="output stream stdout">1\n<\/pre>/);
  });

  it("`run` exits 1 when a cell fails and prints where", async function () {
    requireInterop(this, "Debian's ipykernel and nbformat", pythonHasModules("ipykernel", "nbformat"));
    const env = ipykernelEnv(join(dir, "jupyter"));
    const path = join(dir, "fails.ipynb");
    writePythonNotebook(path, [{ source: "1/0" }]);
    const { code, stderr } = await podtalk(["run", path], env);
    assert.equal(code, 1);
    assert.match(stderr, /fails\.ipynb: cell 1, line 1 failed:\n    1\/0\n  ZeroDivisionError: division by zero/);
  });
});

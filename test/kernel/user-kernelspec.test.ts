import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SYSTEM_JUPYTER, SYSTEM_PYTHON, jupyterAvailable, requireInterop } from "../internal/interop.js";
import { npmEnv, sharedProject } from "../package/packed-project.js";
import { repoRoot, run } from "./kernelspec-env.js";

/** A one-cell notebook that prints where the kernel's `podtalk` comes from. */
const WHERE_NOTEBOOK = JSON.stringify({
  cells: [{ cell_type: "code", execution_count: null, id: "where", metadata: {}, outputs: [], source: ['require.resolve("podtalk")'] }],
  metadata: { kernelspec: { name: "podtalk-user-test", display_name: "TypeScript (podtalk-user-test)", language: "typescript" } },
  nbformat: 4,
  nbformat_minor: 5,
});

/**
 * `podtalk kernel install --user` from this checkout, then notebooks in a course that installed
 * podtalk from the tarball: the kernel must be the course's podtalk, not this checkout's.
 */
describe("the user-level kernelspec starts the podtalk the notebook's folder reaches", function () {
  this.timeout(300_000);
  let dir = "";
  let project = "";
  let env: NodeJS.ProcessEnv = {};

  before(async function () {
    requireInterop(this, "Debian's Jupyter (/usr/bin/jupyter with nbconvert)", jupyterAvailable());
    ({ dir, project } = await sharedProject());
    env = {
      ...npmEnv,
      JUPYTER_DATA_DIR: join(dir, "user"),
      JUPYTER_PATH: "",
      JUPYTER_RUNTIME_DIR: join(dir, "runtime"),
      NODE_PATH: "",
      PYTHONWARNINGS: "ignore",
    };
    const cli = join(repoRoot(), "bin", "podtalk.js");
    const res = await run(process.execPath, [cli, "kernel", "install", "--user", "--name", "podtalk-user-test"], { cwd: dir, env });
    assert.equal(res.code, 0, res.stderr);
  });

  /** Runs the notebook in `folder` with nbconvert; returns nbconvert's result and the cell's text/plain. */
  async function where(folder: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string; text: string }> {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "where.ipynb"), WHERE_NOTEBOOK);
    const res = await run(SYSTEM_JUPYTER, ["nbconvert", "--to", "notebook", "--execute", "--output", "out.ipynb", "where.ipynb"], {
      cwd: folder,
      env: { ...env, ...extraEnv },
    });
    const out = join(folder, "out.ipynb");
    if (res.code !== 0 || !existsSync(out)) return { code: res.code, stderr: res.stderr, text: "" };
    const nb = JSON.parse(readFileSync(out, "utf8")) as { cells: { outputs: { data?: Record<string, string | string[]> }[] }[] };
    const data = nb.cells[0]!.outputs[0]?.data?.["text/plain"] ?? "";
    return { code: res.code, stderr: res.stderr, text: Array.isArray(data) ? data.join("") : data };
  }

  it("`jupyter kernelspec list` shows it in the user's Jupyter folder, starting its shell launcher (launch.cjs beside it) from there", async () => {
    // jupyter_client's kernelspec app is what `jupyter kernelspec` runs (Debian ships no jupyter-kernelspec script).
    const res = await run(SYSTEM_PYTHON, ["-Xfrozen_modules=off", "-m", "jupyter_client.kernelspecapp", "list", "--json"], { cwd: dir, env });
    assert.equal(res.code, 0, res.stderr);
    const specs = (JSON.parse(res.stdout) as { kernelspecs: Record<string, { resource_dir: string; spec: { argv: string[] } }> }).kernelspecs;
    const mine = specs["podtalk-user-test"];
    assert.ok(mine, res.stdout);
    assert.equal(mine.resource_dir, join(dir, "user", "kernels", "podtalk-user-test"));
    assert.deepEqual(mine.spec.argv, ["/bin/sh", "{resource_dir}/launch.sh", process.execPath, "{connection_file}"]);
    assert.ok(existsSync(join(mine.resource_dir, "launch.sh")));
    assert.ok(existsSync(join(mine.resource_dir, "launch.cjs")));
  });

  it("a notebook two folders below the course runs on the course's node_modules/podtalk", async () => {
    const res = await where(join(project, "notebooks", "week-1"));
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.text, `'${join(project, "node_modules", "podtalk", "dist", "lib", "index.js")}'`);
  });

  it("`podtalk run` starts the same kernelspec the same way: the course's podtalk, not the one running podtalk run", async () => {
    const folder = join(project, "notebooks", "week-2");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "where.ipynb"), WHERE_NOTEBOOK);
    const res = await run(process.execPath, [join(repoRoot(), "bin", "podtalk.js"), "run", "--out", join(folder, "out"), "where.ipynb"], { cwd: folder, env });
    assert.equal(res.code, 0, `${res.stdout}${res.stderr}`);
    const nb = JSON.parse(readFileSync(join(folder, "out", "where.ipynb"), "utf8")) as { cells: { outputs: { data: Record<string, string[]> }[] }[] };
    assert.equal(nb.cells[0]!.outputs[0]!.data["text/plain"]!.join(""), `'${join(project, "node_modules", "podtalk", "dist", "lib", "index.js")}'`);
  });

  it("a notebook outside any project falls back to the global podtalk (here: found through NODE_PATH)", async () => {
    const res = await where(join(dir, "elsewhere-global"), { NODE_PATH: join(project, "node_modules") });
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.text, `'${join(project, "node_modules", "podtalk", "dist", "lib", "index.js")}'`);
  });

  it("a notebook that reaches no podtalk at all: the kernel says where it looked and how to install it", async function () {
    const globalRoot = (await run("npm", ["root", "-g"], { cwd: dir, env })).stdout.trim();
    if (globalRoot && existsSync(join(globalRoot, "podtalk"))) this.skip(); // podtalk is installed globally on this machine
    const folder = join(dir, "elsewhere-none");
    const res = await where(folder);
    assert.notEqual(res.code, 0);
    assert.match(
      res.stderr,
      new RegExp(
        `podtalk kernel: cannot find podtalk for a notebook in ${folder}: there is no node_modules/podtalk in that folder or any folder above it, and no global install in `,
      ),
    );
    assert.match(res.stderr, /Install podtalk in the notebook's project \(npm install podtalk\) or globally \(npm install -g podtalk\)\./);
  });
});

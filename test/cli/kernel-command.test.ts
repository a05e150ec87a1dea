import { strict as assert } from "node:assert";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../lib/cli/main.js";
import { kernelLauncher } from "../../lib/notebook/kernelspec.js";

/** Runs the CLI in-process and captures what it prints. */
async function podtalk(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), progress: false, env });
  return { code, stdout, stderr };
}

describe("podtalk kernel install | list | remove", function () {
  this.timeout(30_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-kernel-cli-"));
    // The per-user folder in a temporary place; nothing of the real user's Jupyter is touched.
    env = { ...process.env, JUPYTER_DATA_DIR: join(dir, "user"), JUPYTER_PATH: "", VIRTUAL_ENV: "" };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A `jupyter` command on PATH whose `#!` Python answers sys.prefix with `prefix`. */
  function fakeJupyter(prefix: string): string {
    const bin = join(dir, "bin");
    mkdirSync(bin, { recursive: true });
    const python = join(bin, "python-for-jupyter");
    writeFileSync(python, `#!/bin/sh\necho ${prefix}\n`);
    writeFileSync(join(bin, "jupyter"), `#!${python}\nimport sys\n`);
    chmodSync(python, 0o755);
    chmodSync(join(bin, "jupyter"), 0o755);
    return bin;
  }

  it("`install` (per user by default) writes kernel.json with display name, language typescript and the logos", async () => {
    const { code, stdout, stderr } = await podtalk(["kernel", "install", "--name", "podtalk-t1"], env);
    assert.equal(code, 0, stderr);
    const specDir = join(dir, "user", "kernels", "podtalk-t1");
    assert.match(stdout, new RegExp(`Installed kernelspec podtalk-t1 in ${specDir}`));
    const spec = JSON.parse(readFileSync(join(specDir, "kernel.json"), "utf8")) as Record<string, unknown>;
    assert.equal(spec["language"], "typescript");
    assert.equal(spec["display_name"], "TypeScript (podtalk-t1)");
    // Not this installation's kernel: the launcher copied beside kernel.json finds the notebook's podtalk.
    assert.deepEqual(spec["argv"], ["/bin/sh", "{resource_dir}/launch.sh", process.execPath, "{connection_file}"]);
    assert.deepEqual(readdirSync(specDir).sort(), ["kernel.json", "launch.cjs", "launch.sh", "logo-32x32.png", "logo-64x64.png", "logo-svg.svg"]);
  });

  it("`install --prefix` pins this installation's kernel (a virtualenv belongs to one project)", async () => {
    const { code, stderr } = await podtalk(["kernel", "install", "--prefix", join(dir, "venv")], env);
    assert.equal(code, 0, stderr);
    const spec = JSON.parse(readFileSync(join(dir, "venv", "share", "jupyter", "kernels", "podtalk", "kernel.json"), "utf8")) as Record<string, unknown>;
    assert.deepEqual(spec["argv"], ["/bin/sh", kernelLauncher(), process.execPath, "{connection_file}"]);
  });

  it("`remove --prefix DIR` removes the kernelspec under DIR only, `remove --user` the user's only", async () => {
    const venv = join(dir, "venv");
    const inVenv = join(venv, "share", "jupyter", "kernels", "podtalk");
    const inUser = join(dir, "user", "kernels", "podtalk");
    assert.equal((await podtalk(["kernel", "install", "--prefix", venv], env)).code, 0);
    assert.equal((await podtalk(["kernel", "install"], env)).code, 0);

    const removed = await podtalk(["kernel", "remove", "--prefix", venv], env);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(removed.stdout, `Removed kernelspec podtalk from ${inVenv}\n`);
    assert.equal(existsSync(inVenv), false);
    assert.ok(existsSync(join(inUser, "kernel.json")));

    const again = await podtalk(["kernel", "remove", "--prefix", venv], env);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, `error: No kernelspec "podtalk" is installed. Searched ${join(venv, "share", "jupyter", "kernels")}\n`);
    assert.ok(existsSync(join(inUser, "kernel.json")));

    const user = await podtalk(["kernel", "remove", "--user"], env);
    assert.equal(user.code, 0, user.stderr);
    assert.equal(existsSync(inUser), false);
  });

  it("`remove` with two places is a usage error that removes nothing", async () => {
    assert.equal((await podtalk(["kernel", "install"], env)).code, 0);
    const { code, stderr } = await podtalk(["kernel", "remove", "--user", "--prefix", join(dir, "venv")], env);
    assert.equal(code, 2);
    assert.equal(stderr, "error: --user and --prefix cannot be used together\n");
    assert.ok(existsSync(join(dir, "user", "kernels", "podtalk", "kernel.json")));
  });

  it("`install --user` is the same as the default", async () => {
    const { code } = await podtalk(["kernel", "install", "--user"], env);
    assert.equal(code, 0);
    assert.ok(existsSync(join(dir, "user", "kernels", "podtalk", "kernel.json")));
  });

  it("`install --sys-prefix` writes under the sys.prefix of the Python that runs `jupyter` on PATH", async () => {
    const prefix = join(dir, "venv");
    const bin = fakeJupyter(prefix);
    const { code, stderr } = await podtalk(["kernel", "install", "--sys-prefix"], { ...env, PATH: `${bin}:/usr/bin:/bin` });
    assert.equal(code, 0, stderr);
    assert.ok(existsSync(join(prefix, "share", "jupyter", "kernels", "podtalk", "kernel.json")));
  });

  const usage: { name: string; argv: string[]; path?: string; message: RegExp }[] = [
    { name: "--user with --prefix: two destinations", argv: ["--user", "--prefix", "x"], message: /--user and --prefix cannot be used together/ },
    { name: "--sys-prefix with --prefix: two destinations", argv: ["--sys-prefix", "--prefix", "x"], message: /--sys-prefix and --prefix cannot/ },
    {
      name: "--sys-prefix without jupyter on PATH: Jupyter's Python is unknown",
      argv: ["--sys-prefix"],
      path: "/nonexistent",
      message: /no `jupyter` command on PATH/,
    },
    { name: "a name with a slash: it would escape the kernels folder", argv: ["--name", "../evil"], message: /Invalid kernel name/ },
  ];
  for (const { name, argv, path, message } of usage) {
    it(`\`install\` refuses ${name} (exit 2, nothing written)`, async () => {
      const { code, stderr } = await podtalk(["kernel", "install", ...argv], path ? { ...env, PATH: path } : env);
      assert.equal(code, 2);
      assert.match(stderr, message);
      assert.equal(existsSync(join(dir, "user")), false);
    });
  }

  it("`list` shows installed kernelspecs; `remove` deletes one, and a second `remove` fails with exit 1", async () => {
    await podtalk(["kernel", "install", "--name", "podtalk-t2"], env);
    const specDir = join(dir, "user", "kernels", "podtalk-t2");
    assert.match((await podtalk(["kernel", "list"], env)).stdout, new RegExp(`podtalk-t2\\s+${specDir}`));

    const removed = await podtalk(["kernel", "remove", "--name", "podtalk-t2"], env);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, new RegExp(`Removed kernelspec podtalk-t2 from ${specDir}`));
    assert.equal(existsSync(specDir), false);
    assert.doesNotMatch((await podtalk(["kernel", "list"], env)).stdout, /podtalk-t2/);

    const again = await podtalk(["kernel", "remove", "--name", "podtalk-t2"], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /No kernelspec "podtalk-t2" is installed/);
  });

  it("`remove` never deletes a folder that is not a kernelspec", async () => {
    const notSpec = join(dir, "user", "kernels", "podtalk-t3");
    mkdirSync(notSpec, { recursive: true });
    writeFileSync(join(notSpec, "notes.txt"), "keep me");
    const { code } = await podtalk(["kernel", "remove", "--name", "podtalk-t3"], env);
    assert.equal(code, 1);
    assert.ok(existsSync(join(notSpec, "notes.txt")));
  });

  it("`install --prefix` under /proc fails at once, naming the folder that cannot be made (Node's recursive mkdir would loop for ever)", async function () {
    if (process.platform !== "linux") this.skip();
    const { code, stderr } = await podtalk(["kernel", "install", "--prefix", "/proc/podtalk-x"], env);
    assert.equal(code, 2);
    assert.equal(
      stderr,
      "error: cannot create the folder /proc/podtalk-x/share/jupyter/kernels/podtalk: /proc/podtalk-x could not be made (ENOENT); /proc is a kernel file system, not a place for files; choose another folder\n",
    );
  });
});

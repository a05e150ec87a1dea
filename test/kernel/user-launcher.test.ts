import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveKernel } from "../../kernel/user-launcher.js";
import { repoRoot } from "./kernelspec-env.js";

/** Writes a fake podtalk package (package.json and dist/kernel/main.js) into `dir`. */
function fakePodtalk(dir: string, name = "podtalk"): string {
  mkdirSync(join(dir, "dist", "kernel"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name }));
  writeFileSync(join(dir, "dist", "kernel", "main.js"), "");
  return join(dir, "dist", "kernel", "main.js");
}

describe("user-level kernelspec launcher: which podtalk a notebook's folder reaches", () => {
  let dir = "";
  const noNpm = (): string | undefined => undefined;
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ NODE_PATH: "", ...extra });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-launcher-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("the nearest node_modules/podtalk above the notebook wins over one further up and over a global one", () => {
    fakePodtalk(join(dir, "node_modules", "podtalk"));
    const near = fakePodtalk(join(dir, "course", "node_modules", "podtalk"));
    const global = join(dir, "global");
    fakePodtalk(join(global, "podtalk"));
    mkdirSync(join(dir, "course", "notebooks", "week-1"), { recursive: true });
    assert.deepEqual(resolveKernel(join(dir, "course", "notebooks", "week-1"), env({ NODE_PATH: global }), noNpm), { main: near });
  });

  it("a podtalk checkout itself (its package.json names podtalk) serves its own notebooks", () => {
    const main = fakePodtalk(join(dir, "podtalk"));
    mkdirSync(join(dir, "podtalk", "notebooks"));
    assert.deepEqual(resolveKernel(join(dir, "podtalk", "notebooks"), env(), noNpm), { main });
  });

  it("a folder named podtalk that is another package is not taken", () => {
    fakePodtalk(join(dir, "node_modules", "podtalk"), "not-podtalk");
    const res = resolveKernel(dir, env(), noNpm);
    assert.ok("error" in res);
  });

  it("falls back to the global podtalk: NODE_PATH, then what `npm root -g` says (asked only then)", () => {
    const global = join(dir, "npm-global");
    const main = fakePodtalk(join(global, "podtalk"));
    let asked = 0;
    assert.deepEqual(
      resolveKernel(dir, env(), () => {
        asked++;
        return global;
      }),
      { main },
    );
    assert.equal(asked, 1);
    assert.deepEqual(
      resolveKernel(dir, env({ NODE_PATH: global }), () => {
        asked++;
        return undefined;
      }),
      { main },
    );
    assert.equal(asked, 1);
  });

  it("with neither, says where it looked and how to install podtalk", () => {
    const res = resolveKernel(dir, env({ NODE_PATH: join(dir, "g") }), () => join(dir, "npm-root"));
    assert.ok("error" in res);
    assert.match(
      res.error,
      new RegExp(
        `^podtalk kernel: cannot find podtalk for a notebook in ${dir}: there is no node_modules/podtalk in that folder or any folder above it, and no global install in ${join(dir, "g")}, .*${join(dir, "npm-root")}\\. `,
      ),
    );
    assert.match(res.error, /Install podtalk in the notebook's project \(npm install podtalk\) or globally \(npm install -g podtalk\)\.\n$/);
  });
});

describe("user-level kernelspec's shell launcher (kernel/user-launch.sh): which launcher it hands the kernel to", () => {
  let dir = "";
  beforeEach(function () {
    if (process.platform === "win32") this.skip(); // A POSIX shell script.
    dir = mkdtempSync(join(tmpdir(), "podtalk-user-sh-"));
    mkdirSync(join(dir, "spec"));
    copyFileSync(join(repoRoot(), "kernel", "user-launch.sh"), join(dir, "spec", "launch.sh"));
  });
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * What the launcher started from `cwd`, with `echo` in Node's place: a package's launcher runs
   * `<node> <its dist/kernel/main.js> --connection-file <file>`, launch.cjs `<node> <launch.cjs> …`.
   */
  function started(cwd: string): string {
    mkdirSync(cwd, { recursive: true });
    const tmp = mkdtempSync(join(dir, "tmp-"));
    const res = spawnSync("/bin/sh", [join(dir, "spec", "launch.sh"), "/bin/echo", "kernel.json"], {
      cwd,
      env: { PATH: process.env["PATH"], TMPDIR: tmp },
      encoding: "utf8",
    });
    assert.equal(res.status, 0, res.stderr);
    return res.stdout.trim();
  }

  /** A package in `folder` that has the launcher (as this checkout's kernel/launch.sh). */
  function podtalkWithLauncher(folder: string, name = "podtalk"): void {
    fakePodtalk(folder, name);
    mkdirSync(join(folder, "kernel"));
    copyFileSync(join(repoRoot(), "kernel", "launch.sh"), join(folder, "kernel", "launch.sh"));
  }

  it("runs the launcher of the nearest node_modules/podtalk, from a folder below the project", () => {
    const project = join(dir, "course");
    podtalkWithLauncher(join(project, "node_modules", "podtalk"));
    podtalkWithLauncher(join(dir, "node_modules", "podtalk"));
    assert.equal(
      started(join(project, "notebooks", "week-1")),
      `${join(project, "node_modules", "podtalk", "dist", "kernel", "main.js")} --connection-file kernel.json`,
    );
  });

  it("runs a podtalk checkout's own launcher for the checkout's notebooks", () => {
    podtalkWithLauncher(join(dir, "checkout"));
    assert.equal(started(join(dir, "checkout", "notebooks")), `${join(dir, "checkout", "dist", "kernel", "main.js")} --connection-file kernel.json`);
  });

  it("leaves to launch.cjs a podtalk without the launcher, and a folder that reaches none (a package of another name is not podtalk)", () => {
    const cjs = `${join(dir, "spec", "launch.cjs")} --connection-file kernel.json`;
    fakePodtalk(join(dir, "old", "node_modules", "podtalk"));
    podtalkWithLauncher(join(dir, "node_modules", "podtalk"), "not-podtalk");
    assert.equal(started(join(dir, "old", "nb")), cjs, "an older podtalk is launch.cjs's to start");
    assert.equal(started(join(dir, "elsewhere")), cjs, "nothing reached");
  });
});

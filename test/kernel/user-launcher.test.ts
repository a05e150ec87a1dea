import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveKernel } from "../../kernel/user-launcher.js";

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

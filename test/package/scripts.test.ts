import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../kernel/kernelspec-env.js";

interface PackageJson {
  engines: { node: string };
  scripts: Record<string, string>;
}

const pkg = (): PackageJson => JSON.parse(readFileSync(join(repoRoot(), "package.json"), "utf8")) as PackageJson;

describe("package.json: what npm start writes and which Node lines podtalk supports", () => {
  it("`npm start` writes the site into site/ (git-ignored), not into dist/ beside the build output", () => {
    assert.match(pkg().scripts["start"]!, / course notebooks --out site$/);
    const ignored = readFileSync(join(repoRoot(), ".gitignore"), "utf8").split("\n");
    assert.ok(ignored.includes("site/"), ".gitignore does not list site/");
  });

  it('"engines" names the lines .ci/other-node-lines tests: 20 (from 20.19), 22 (from 22.12) and 24 on', () => {
    assert.equal(pkg().engines.node, "^20.19.0 || ^22.12.0 || >=24.0.0");
    const ci = readFileSync(join(repoRoot(), ".ci", "other-node-lines"), "utf8");
    assert.match(ci, /lines=\(20 22 24\)/);
    assert.match(readFileSync(join(repoRoot(), ".ci", "run"), "utf8"), /^bash \.ci\/other-node-lines$/m);
  });
});

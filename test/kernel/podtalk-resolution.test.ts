import { strict as assert } from "node:assert";
import { join } from "node:path";
import { PodtalkPathMap } from "../../kernel/podtalk-resolution.js";
import { repoRoot } from "./kernelspec-env.js";

describe("the kernel's podtalk path map (cells compiled as CommonJS see the require side of exports)", () => {
  const cwd = join(repoRoot(), "test", "fixtures", "no-such-folder");
  const map = new PodtalkPathMap(cwd, repoRoot());
  const virtual = (...parts: string[]): string => join(cwd, "node_modules", "podtalk", ...parts);

  it("maps podtalk/notebook and podtalk/protocol's folder onto the folder of their CommonJS declarations", () => {
    // exports["./notebook"] is { import: {...}, require: { types: "./dist/lib/notebook/index.d.ts", ... } }
    assert.equal(map.map(virtual("notebook", "index.d.ts")), join(repoRoot(), "dist", "lib", "notebook", "index.d.ts"));
  });

  it("maps the package itself onto its root, and leaves other paths alone", () => {
    assert.equal(map.map(virtual()), repoRoot());
    assert.equal(map.map(virtual("package.json")), join(repoRoot(), "package.json"));
    assert.equal(map.map(join(cwd, "node_modules", "other", "index.d.ts")), join(cwd, "node_modules", "other", "index.d.ts"));
  });
});

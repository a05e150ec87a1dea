import { strict as assert } from "node:assert";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, run } from "../kernel/kernelspec-env.js";
import { npmEnv } from "./packed-project.js";

/** The relative link targets of a markdown file (no URLs, no in-page anchors), without their #fragment. */
function relativeLinks(markdown: string): string[] {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
  return [...new Set(targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith("#")).map((t) => t.replace(/#.*$/, "")))].sort();
}

describe("what `npm pack` ships", function () {
  this.timeout(60_000);
  let files: Set<string>;

  before(async () => {
    const res = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: repoRoot(), env: npmEnv });
    assert.equal(res.code, 0, res.stderr);
    const [pack] = JSON.parse(res.stdout) as { files: { path: string }[] }[];
    files = new Set(pack!.files.map((f) => f.path));
  });

  it("every docs/*.md, so the README's links work from node_modules/podtalk", () => {
    const docs = readdirSync(join(repoRoot(), "docs")).filter((f) => f.endsWith(".md"));
    assert.ok(docs.length > 0);
    for (const doc of docs) assert.ok(files.has(`docs/${doc}`), `docs/${doc} is not in the package`);
  });

  it("every file the README links to by a relative path", () => {
    const links = relativeLinks(readFileSync(join(repoRoot(), "README.md"), "utf8"));
    assert.ok(links.includes("docs/cli.md"), links.join(" "));
    const missing = links.filter((l) => !files.has(l));
    assert.deepEqual(missing, [], `README links to files the package leaves out: ${missing.join(", ")}`);
  });

  it("the ES-module entries and their declarations beside the CommonJS ones", () => {
    for (const base of ["dist/lib/index", "dist/lib/notebook/index", "dist/lib/notebook/protocol"]) {
      for (const ext of [".js", ".d.ts", ".mjs", ".d.mts"]) assert.ok(files.has(base + ext), `${base}${ext} is not in the package`);
    }
  });

  it("the live articles' runtime, which `export --live` inlines", () => {
    assert.ok(files.has("dist/live/runtime.js"));
  });

  it("not the kernel's startup snapshot: it starts only the Node that built it, and weighs 50 MB", () => {
    assert.deepEqual(
      [...files].filter((f) => f.startsWith("dist/kernel/ts-startup")),
      [],
    );
    assert.ok(files.has("dist/kernel/main.js"));
  });

  it("nothing else the build made for this machine: the code cache seed, and the hashes of files by their paths here", () => {
    assert.deepEqual(
      [...files].filter((f) => f.startsWith("dist/kernel/code-cache-seed/") || f === "dist/kernel/compile-inputs.json"),
      [],
    );
  });
});

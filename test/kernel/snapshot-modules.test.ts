import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { compileFunction } from "node:vm";
import { type GraphModule, loadModuleGraph, recordModuleGraph } from "../../kernel/snapshot/modules.js";

describe("the library in the kernel's startup snapshot (module graph)", () => {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-graph-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A small package tree: two files of one folder require the same module (Node resolves that once per folder). */
  function fixture(): string {
    const files: Record<string, string> = {
      "lib/index.js": 'exports.a = require("./a.js"); exports.b = require("./b.js"); exports.fetch = require("fetchy");',
      "lib/a.js": 'const shared = require("../shared/value.js"); module.exports = { value: shared.value, path: require("node:path").sep };',
      "lib/b.js": 'const shared = require("../shared/value.js"); shared.count++; module.exports = { count: shared.count, data: require("./data.json") };',
      "shared/value.js": "exports.value = 42; exports.count = 0;",
      "lib/data.json": '{ "ok": true }',
      "node_modules/fetchy/package.json": '{ "name": "fetchy", "main": "main.js" }',
      "node_modules/fetchy/main.js": 'module.exports = function fetchy(x) { return `fetched ${x}`; }; module.exports.loaded = "late";',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return join(dir, "lib", "index.js");
  }

  function load(graph: readonly GraphModule[], late: string[]) {
    return loadModuleGraph(graph, {
      builtin: (name) => require(name),
      readFile: (file) => readFileSync(file, "utf8"),
      stat: (file) => statSync(file),
      compile: (code, file) =>
        compileFunction(code, ["exports", "require", "module", "__filename", "__dirname"], { filename: file }) as (...a: unknown[]) => unknown,
      dirname,
      lateRequire: (file, request) => {
        late.push(request);
        return createRequire(file)(request);
      },
      deferred: (file) => file.includes("/node_modules/fetchy/"),
    });
  }

  it("loads every file Node loaded, each once, with the same exports, even where Node resolved a request once for a whole folder", () => {
    const entry = fixture();
    const graph = recordModuleGraph(entry);
    const late: string[] = [];
    const modules = load(graph, late);
    const index = modules[0]!.module.exports as { a: { value: number; path: string }; b: { count: number; data: unknown }; fetch: (x: string) => string };
    assert.equal(modules[0]!.file, entry);
    assert.deepEqual(index.a, { value: 42, path: "/" });
    assert.deepEqual(index.b, { count: 1, data: { ok: true } }, "shared/value.js ran once, for both files of lib/");
    assert.deepEqual(late, [], "nothing was loaded outside the graph while loading");
    assert.equal(modules.filter((m) => m.file.endsWith("value.js")).length, 1);
  });

  it("leaves a deferred package out until it is used, then loads it as the kernel would", () => {
    const graph = recordModuleGraph(fixture());
    const late: string[] = [];
    const modules = load(graph, late);
    assert.ok(!modules.some((m) => m.file.includes("fetchy")), "the deferred package was loaded with the rest");
    const { fetch } = modules[0]!.module.exports as { fetch: ((x: string) => string) & { loaded: string } };
    assert.deepEqual(late, []);
    assert.equal(fetch("it"), "fetched it");
    assert.equal(fetch.loaded, "late");
    assert.deepEqual(late, ["fetchy"]);
  });
});

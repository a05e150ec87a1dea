import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CODE_CACHE = join(__dirname, "..", "..", "kernel", "code-cache.js");

/** Runs `body` in a fresh Node with the code cache on for modules under `root`; its stdout. */
function node(cache: string, root: string, body: string): string {
  const script = `require(${JSON.stringify(CODE_CACHE)}).enableCodeCache(${JSON.stringify(cache)}, [${JSON.stringify(root)}]);\n${body}`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** Where the cache keeps `file`'s entry (kernel/code-cache.ts names it after its path and text). */
function entryOf(cache: string, file: string): string {
  const [folder] = readdirSync(cache).filter((d) => d.startsWith("code-"));
  const digest = createHash("sha1").update(file).update("\0").update(readFileSync(file, "utf8")).digest("hex");
  return join(cache, folder!, `${digest}.bin`);
}

const cachedFiles = (cache: string): string[] => readdirSync(cache).flatMap((d) => (d.startsWith("code-") ? readdirSync(join(cache, d)) : []));

describe("V8 code cache of the kernel's modules", function () {
  this.timeout(60_000);
  let dir = "";
  let root = "";
  let cache = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-code-cache-"));
    root = join(dir, "pkg");
    cache = join(dir, "cache");
    mkdirSync(join(root, "node_modules", "dep"), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("stores the modules it loaded when the process exits, and a second process runs them the same", () => {
    writeFileSync(join(root, "a.js"), "exports.value = [1, 2, 3].map((n) => n * 2).join(',');\n");
    const first = node(cache, root, `console.log(require(${JSON.stringify(join(root, "a.js"))}).value)`);
    assert.equal(first, "2,4,6\n");
    assert.equal(cachedFiles(cache).length, 1);
    assert.equal(node(cache, root, `console.log(require(${JSON.stringify(join(root, "a.js"))}).value)`), "2,4,6\n");
    assert.equal(cachedFiles(cache).length, 1, "a hit stores nothing new");
  });

  it("leaves an entry another kernel saved while this one ran as that kernel wrote it", () => {
    const file = join(root, "a.js");
    writeFileSync(file, "exports.value = 'a';\n");
    assert.equal(node(cache, root, `console.log(require(${JSON.stringify(file)}).value)`), "a\n");
    const entry = entryOf(cache, file);
    rmSync(entry);
    // The module loads with no entry; before this process exits, another kernel saves one.
    const body = `console.log(require(${JSON.stringify(file)}).value);
      require("node:fs").writeFileSync(${JSON.stringify(entry)}, "saved by another kernel");`;
    assert.equal(node(cache, root, body), "a\n");
    assert.equal(readFileSync(entry, "utf8"), "saved by another kernel");
  });

  it("replaces an entry V8 rejects with the module's code", () => {
    const file = join(root, "a.js");
    writeFileSync(file, "exports.value = 'a';\n");
    assert.equal(node(cache, root, `console.log(require(${JSON.stringify(file)}).value)`), "a\n");
    const entry = entryOf(cache, file);
    writeFileSync(entry, "not code V8 wrote");
    assert.equal(node(cache, root, `console.log(require(${JSON.stringify(file)}).value)`), "a\n");
    assert.notEqual(readFileSync(entry, "utf8"), "not code V8 wrote");
  });

  it("runs the new code of a file changed to another text of the same length", () => {
    const file = join(root, "node_modules", "dep", "index.js");
    writeFileSync(file, "module.exports = 'first';\n");
    assert.equal(node(cache, root, `console.log(require(${JSON.stringify(file)}))`), "first\n");
    writeFileSync(file, "module.exports = 'other';\n");
    assert.equal(node(cache, root, `console.log(require(${JSON.stringify(file)}))`), "other\n");
  });

  it("gives a cached module require.resolve, require.cache and __dirname as Node does", () => {
    writeFileSync(join(root, "m.js"), "exports.answer = 42;\n");
    writeFileSync(
      join(root, "b.js"),
      "const m = require('./m');\nexports.text = [m.answer, require.resolve('./m') === __dirname + '/m.js', require.cache[__filename] === module].join(' ');\n",
    );
    const body = `console.log(require(${JSON.stringify(join(root, "b.js"))}).text)`;
    assert.equal(node(cache, root, body), "42 true true\n");
    assert.equal(cachedFiles(cache).length, 2);
    assert.equal(node(cache, root, body), "42 true true\n", "from the cache");
  });

  it("leaves a module that calls import() to Node, so that import() works in every run", () => {
    writeFileSync(join(root, "m.mjs"), "export const answer = 42;\n");
    writeFileSync(join(root, "c.js"), "exports.load = () => import('./m.mjs').then((m) => m.answer);\n");
    const body = `require(${JSON.stringify(join(root, "c.js"))}).load().then((a) => console.log(a));`;
    assert.equal(node(cache, root, body), "42\n");
    assert.equal(node(cache, root, body), "42\n");
    assert.deepEqual(cachedFiles(cache), []);
  });

  it("leaves modules outside node_modules and the given roots to Node", () => {
    const outside = join(dir, "outside.js");
    writeFileSync(outside, "module.exports = 1;\n");
    node(cache, root, `require(${JSON.stringify(outside)})`);
    assert.deepEqual(cachedFiles(cache), []);
  });
});

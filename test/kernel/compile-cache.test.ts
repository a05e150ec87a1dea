import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CompileCache, KNOWN_HASHES_FILE, prune, readKnownHashes } from "../../kernel/compile-cache.js";
import { CellExecutor, type CellOutcome } from "../../kernel/cell-executor.js";
import { packageRoot } from "podtalk/protocol";

const silent = (): void => undefined;

describe("compile cache", () => {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-compile-cache-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cell = { output: "exports.x = 1;", declOutput: "export declare const x = 1;\n", hasToplevelAwait: false };

  it("gives back what was stored for the same declarations and source, and nothing for others", () => {
    const input = join(dir, "types.d.ts");
    writeFileSync(input, "export declare const n: number;\n");
    const cache = new CompileCache(join(dir, "c"), ["ts 5.0"], silent);
    cache.store("", "const x = 1", cell, [input]);
    assert.deepEqual(new CompileCache(join(dir, "c"), ["ts 5.0"], silent).lookup("", "const x = 1"), cell);
    assert.equal(cache.lookup("", "const x = 2"), undefined, "another source");
    assert.equal(cache.lookup("declare const y: 1;", "const x = 1"), undefined, "other carried declarations");
    assert.equal(new CompileCache(join(dir, "c"), ["ts 5.1"], silent).lookup("", "const x = 1"), undefined, "another context");
  });

  it("misses once a file the compile read has changed or is gone", () => {
    const input = join(dir, "types.d.ts");
    writeFileSync(input, "export declare const n: number;\n");
    new CompileCache(join(dir, "c"), [], silent).store("", "src", cell, [input]);
    writeFileSync(input, "export declare const n: string;\n");
    assert.equal(new CompileCache(join(dir, "c"), [], silent).lookup("", "src"), undefined, "changed");
    writeFileSync(input, "export declare const n: number;\n");
    assert.deepEqual(new CompileCache(join(dir, "c"), [], silent).lookup("", "src"), cell, "changed back");
    rmSync(input);
    assert.equal(new CompileCache(join(dir, "c"), [], silent).lookup("", "src"), undefined, "removed");
  });

  it("takes a file's hash from the build's record only while the file is as it was recorded", () => {
    const input = join(dir, "types.d.ts");
    writeFileSync(input, "export declare const n: number;\n");
    const { size, mtimeMs, ino } = statSync(input);
    const recorded = join(dir, "known.json");
    // A record whose hash is not the file's: a compile cache that takes it stores that hash.
    writeFileSync(recorded, JSON.stringify({ format: 1, files: [[input, size, mtimeMs, ino, "0".repeat(64)]] }));
    new CompileCache(join(dir, "c"), [], silent, readKnownHashes(recorded)).store("", "src", cell, [input]);
    assert.equal(new CompileCache(join(dir, "c"), [], silent).lookup("", "src"), undefined, "the recorded hash was used for the file as recorded");
    writeFileSync(input, "export declare const n: string;\n");
    new CompileCache(join(dir, "c2"), [], silent, readKnownHashes(recorded)).store("", "src", cell, [input]);
    assert.deepEqual(new CompileCache(join(dir, "c2"), [], silent).lookup("", "src"), cell, "a changed file is hashed again");
    writeFileSync(recorded, "{not json");
    assert.equal(readKnownHashes(recorded).size, 0, "a damaged record gives nothing");
    assert.equal(readKnownHashes(join(dir, "missing.json")).size, 0, "no record gives nothing");
  });

  it("is given, by the build, the right hashes of the files a first cell's compile reads", () => {
    const record = join(packageRoot(), "dist", "kernel", KNOWN_HASHES_FILE);
    const known = readKnownHashes(record);
    const names = [...known.keys()];
    assert.ok(
      names.some((f) => f.endsWith(join("dist", "lib", "index.d.ts"))),
      `podtalk's declarations are in ${record}`,
    );
    assert.ok(
      names.some((f) => f.endsWith(join("@types", "node", "process.d.ts"))),
      "so are Node's",
    );
    for (const [file, { size, mtimeMs, ino, hash }] of known) {
      const now = statSync(file);
      if (now.size !== size || now.mtimeMs !== mtimeMs || now.ino !== ino) continue; // changed since the build: not used
      assert.equal(createHash("sha256").update(readFileSync(file)).digest("hex"), hash, file);
    }
  });

  it("treats a damaged entry or manifest as a miss", () => {
    const input = join(dir, "types.d.ts");
    writeFileSync(input, "x");
    const folder = join(dir, "c");
    new CompileCache(folder, [], silent).store("", "src", cell, [input]);
    const [entry] = readdirSync(folder).filter((f) => !f.startsWith("inputs-"));
    const [manifest] = readdirSync(folder).filter((f) => f.startsWith("inputs-"));
    writeFileSync(join(folder, manifest!), '{"format":1,"files":[]}');
    assert.equal(new CompileCache(folder, [], silent).lookup("", "src"), undefined, "a manifest whose name is not its hash");
    writeFileSync(join(folder, entry!), "{not json");
    assert.equal(new CompileCache(folder, [], silent).lookup("", "src"), undefined, "an entry that is not JSON");
  });

  it("keeps working, and says so once, when its folder cannot be created", () => {
    const blocker = join(dir, "file");
    writeFileSync(blocker, "");
    const said: string[] = [];
    const cache = new CompileCache(join(blocker, "c"), [], (m) => said.push(m));
    cache.store("", "src", cell, []);
    cache.store("", "src2", cell, []);
    assert.equal(cache.lookup("", "src"), undefined);
    assert.equal(said.length, 1);
    assert.match(said[0]!, /compile cache in .*file\/c is not usable, cells are compiled every time/);
  });

  it("prunes the least recently used files down to half the limit", () => {
    for (let i = 0; i < 10; i++) {
      const file = join(dir, `f${i}.json`);
      writeFileSync(file, "{}");
      utimesSync(file, 1000 + i, 1000 + i);
    }
    assert.equal(prune(dir, 20), 0, "under the limit: nothing removed");
    assert.equal(prune(dir, 8), 6);
    assert.deepEqual(readdirSync(dir).sort(), ["f6.json", "f7.json", "f8.json", "f9.json"]);
  });
});

describe("cells compiled through the cache", function () {
  this.timeout(120_000);
  let dir = "";
  let cwd = "";
  let cacheDir = "";
  const executors: CellExecutor[] = [];
  const session = (): CellExecutor => {
    const executor = new CellExecutor(cwd, packageRoot(), { cacheDir });
    executors.push(executor);
    return executor;
  };
  const values = async (executor: CellExecutor, cells: readonly string[]): Promise<CellOutcome[]> => {
    const out: CellOutcome[] = [];
    for (const code of cells) out.push(await executor.execute(code));
    return out;
  };

  // tslab's compiler resolves imports from the process's folder, as the kernel runs in the notebook's.
  const home = process.cwd();
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-compile-session-"));
    cwd = join(dir, "notebook");
    cacheDir = join(dir, "cache");
    mkdirSync(cwd);
    writeFileSync(join(cwd, "answer.d.ts"), "export declare const answer: number;\n");
    writeFileSync(join(cwd, "answer.js"), "exports.answer = 42;\n");
    writeFileSync(join(cwd, "helper.ts"), "export function twice(n: number): number { return 2 * n; }\n");
    process.chdir(cwd);
  });
  after(() => {
    process.chdir(home);
    for (const e of executors) e.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cells = ['import { answer } from "./answer";', "const doubled: number = answer * 2;", "doubled + 1"];

  it("runs a notebook again without creating TypeScript's compiler, with the same results", async () => {
    const first = session();
    const cold = await values(first, cells);
    assert.equal(first.compilerStarted, true);
    const second = session();
    const warm = await values(second, cells);
    assert.equal(second.compilerStarted, false, "every cell should have come from the cache");
    assert.deepEqual(warm, cold);
    assert.deepEqual(warm.at(-1), { kind: "ok", hasValue: true, value: 85 });
  });

  it("compiles again, and reports the new type error, after a declaration file the cells read changes", async () => {
    await values(session(), cells);
    writeFileSync(join(cwd, "answer.d.ts"), "export declare const answer: string;\n");
    try {
      const executor = session();
      const outcomes = await values(executor, cells);
      assert.equal(executor.compilerStarted, true);
      const failed = outcomes[1];
      assert.equal(failed?.kind, "diagnostics");
      assert.match(JSON.stringify(failed), /The left-hand side of an arithmetic operation must be of type 'any', 'number'/);
    } finally {
      writeFileSync(join(cwd, "answer.d.ts"), "export declare const answer: number;\n");
    }
  });

  it("does not store a cell with a type error: it is reported again on every run", async () => {
    const bad = ["const s: string = 1;"];
    assert.equal((await values(session(), bad))[0]?.kind, "diagnostics");
    const again = session();
    assert.equal((await values(again, bad))[0]?.kind, "diagnostics");
    assert.equal(again.compilerStarted, true);
  });

  it("does not store cells of a session that imported a local .ts module", async () => {
    const withModule = ['import { twice } from "./helper";', "twice(21)"];
    assert.deepEqual((await values(session(), withModule)).at(-1), { kind: "ok", hasValue: true, value: 42 });
    const again = session();
    assert.deepEqual((await values(again, withModule)).at(-1), { kind: "ok", hasValue: true, value: 42 });
    assert.equal(again.compilerStarted, true);
  });

  it("is not used at all without a cache folder", async () => {
    const executor = new CellExecutor(cwd, packageRoot(), {});
    executors.push(executor);
    await values(session(), cells);
    await values(executor, cells);
    assert.equal(executor.compilerStarted, true);
  });
});

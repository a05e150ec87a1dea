import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "podtalk/protocol";
import { CellExecutor, type CellOutcome } from "../../kernel/cell-executor.js";
import { DeclChain, FREEZE_AT } from "../../kernel/tslab/decl-chain.js";

describe("declarations carried from cell to cell", () => {
  it("carries a short tail as it is, and freezes one that has outgrown the limit", () => {
    const chain = new DeclChain(15);
    const short = chain.scope("declare let a;\n");
    assert.deepEqual(short, { chunks: [], tail: "declare let a;\n" });
    assert.equal(chain.carry(short, "declare let b;\n"), "declare let b;\n", "no chunk yet: the text tslab carries");
    const frozen = chain.scope("declare const a: 1;\n");
    assert.equal(frozen.tail, "");
    assert.deepEqual(
      frozen.chunks.map((c) => c.text),
      ["declare const a: 1;\n"],
    );
    const carried = chain.carry(frozen, "declare let b;\n");
    assert.match(carried, /^\/\/# podtalk-scope [0-9a-f]{64}\ndeclare let b;\n$/);
    assert.deepEqual(chain.scope(carried), { chunks: frozen.chunks, tail: "declare let b;\n" });
  });

  it("names a chunk by its content and its parent, so the same cells give the same chain", () => {
    const a = new DeclChain(0);
    const b = new DeclChain(0);
    const first = a.scope("declare const x: 1;\n");
    assert.equal(a.carry(first, "t"), b.carry(b.scope("declare const x: 1;\n"), "t"));
    const second = a.scope(a.carry(first, "declare const y: 2;\n"));
    assert.deepEqual(
      second.chunks.map((c) => c.text),
      ["declare const x: 1;\n", "declare const y: 2;\n"],
    );
    const elsewhere = a.scope("declare const y: 2;\n");
    assert.notEqual(elsewhere.chunks.at(-1)?.id, second.chunks.at(-1)?.id, "same text, another parent");
  });

  it("refuses a carried string that names a chunk it never froze, and says how to recover", () => {
    assert.throws(() => new DeclChain().scope(`//# podtalk-scope ${"0".repeat(64)}\n`), /unknown chunk 0+; restart the kernel/);
  });
});

describe("cells compiled against frozen chunks of declarations", function () {
  this.timeout(120_000);
  let dir = "";
  const executors: CellExecutor[] = [];
  const session = (declChunkSize: number, cacheDir?: string): CellExecutor => {
    const executor = new CellExecutor(dir, packageRoot(), { declChunkSize, cacheDir });
    executors.push(executor);
    return executor;
  };
  const run = async (executor: CellExecutor, cells: readonly string[]): Promise<CellOutcome[]> => {
    const out: CellOutcome[] = [];
    for (const code of cells) out.push(await executor.execute(code));
    return out;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-decl-chain-"));
  });
  after(() => {
    for (const e of executors) e.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Every kind of declaration, redeclared in a later cell with another shape, and used after.
  const cells = [
    'import { basename } from "node:path";',
    "const x = 1;",
    "type T = { a: number };",
    "interface I { a: number }",
    "function f(n: number): number { return n + 1; }",
    "class C { v = 1; }",
    "enum E { A, B }",
    "let counter = 0;",
    "counter = counter + 1;",
    "const t: T = { a: f(x) }; t.a",
    'const x = "now a string";',
    "type T = { b: string };",
    "interface I { b: string }",
    "function f(s: string): string { return s + '!'; }",
    "const i: I = { b: f(x) }; const t2: T = { b: i.b }; t2.b",
    "counter += 10; counter",
    "new C().v + E.B",
    "typeof basename",
    "x.length",
    "const y: number = x;",
  ];

  it("run exactly as with all declarations in one file: same values, same type errors", async () => {
    const oneFile = await run(session(Number.POSITIVE_INFINITY), cells);
    const chunked = await run(session(0), cells);
    assert.deepEqual(chunked, oneFile);
    const values = chunked.map((o) => (o.kind === "ok" ? o.value : o.kind));
    assert.equal(values[9], 2);
    assert.equal(values[14], "now a string!");
    assert.equal(values[15], 11);
    assert.equal(values[16], 2);
    assert.equal(values[17], "function");
    assert.equal(values[18], 12);
    const last = chunked.at(-1);
    assert.equal(last?.kind, "diagnostics");
    assert.match(JSON.stringify(last), /Type 'string' is not assignable to type 'number'/);
  });

  it("report an error found only in writing a cell's declarations, alone or beside a type error, and run neither cell", async () => {
    const outcomes = await run(session(FREEZE_AT), [
      "let ran = 0;",
      "const C = class { private x = 1 }; ran = 1;",
      "const n: number = 'a'; const D = class { private z = 1 }; ran = 2;",
      "ran",
    ]);
    const messages = outcomes.map((o) => (o.kind === "diagnostics" ? o.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`) : o.kind));
    const privateMember = (name: string): RegExp => new RegExp(`Property '${name}' of exported class expression may not be private or protected`);
    assert.equal(messages[0], "ok");
    assert.equal(messages[1]?.length, 1);
    assert.match(messages[1]![0]!, privateMember("x"));
    assert.equal(messages[2]?.length, 2);
    assert.match(messages[2]![0]!, /^1:7 Type 'string' is not assignable to type 'number'/);
    assert.match(messages[2]![1]!, privateMember("z"));
    assert.equal(outcomes[3]?.kind === "ok" ? outcomes[3].value : undefined, 0);
  });

  it("reads an earlier cell's name in a shorthand property, in literals and destructuring assignments", async () => {
    const executor = session(FREEZE_AT);
    const outcomes = await run(executor, [
      "const seed = 1; let a = 0; let b = 0;",
      "({ seed })",
      "({ a, b = seed * 10 } = { a: 7 }); [a, b]",
      "const make = () => ({ seed, nested: { a } }); make()",
    ]);
    assert.deepEqual(
      outcomes.map((o) => (o.kind === "ok" ? o.value : o)),
      [undefined, { seed: 1 }, [7, 10], { seed: 1, nested: { a: 7 } }],
    );
  });

  it("keeps the types of every module earlier declarations name, as modules come and repeat", async () => {
    // The carried declarations name podtalk again with each cell, then node:path for the first
    // time: the compiler reuses its program while the modules named stay the same, and takes in
    // the new one when one appears.
    const cellsNamingModules = [
      'import { Cluster } from "podtalk";',
      "const small = new Cluster({ nodes: 1, seed: 1 });",
      "const large = new Cluster({ nodes: 3, seed: 1 });",
      'const parse = (await import("node:path")).parse;',
      "const both = [small, large];",
      'parse("/tmp/trace.txt").name',
      'both.map((c) => c.get("nodes").rows.length)',
      'const n: number = parse("/x").name;',
    ];
    for (const chunkSize of [Number.POSITIVE_INFINITY, 0]) {
      const outcomes = await run(session(chunkSize), cellsNamingModules);
      assert.deepEqual(
        outcomes.slice(0, 7).map((o) => (o.kind === "ok" ? o.value : o)),
        [undefined, undefined, undefined, undefined, undefined, "trace", [1, 3]],
      );
      assert.equal(outcomes[7]?.kind, "diagnostics");
      assert.match(JSON.stringify(outcomes[7]), /Type 'string' is not assignable to type 'number'/);
    }
  });

  it("names the module of a carried type right when a cell imports in another order than the cell before", async () => {
    writeFileSync(join(dir, "shapes.ts"), "export interface Shape { n: number }\nexport const make = (): Shape => ({ n: 4 });\nexport const other = 1;\n");
    const outcomes = await run(session(Number.POSITIVE_INFINITY), [
      'import { Cluster } from "podtalk";\nimport { make } from "./shapes";\nimport { other } from "./shapes";',
      'import { make } from "./shapes";\nimport { Cluster } from "podtalk";\nconst shape = make();',
      "shape.n + other",
    ]);
    assert.deepEqual(
      outcomes.map((o) => (o.kind === "ok" ? o.value : o)),
      [undefined, undefined, 5],
    );
  });

  it("drops what a local module declares globally once no carried declaration names the module", async () => {
    writeFileSync(
      join(dir, "helper.ts"),
      "export interface Thing { n: number }\nexport const make = (): Thing => ({ n: 1 });\ndeclare global {\n  var helperGlobal: number;\n}\n",
    );
    const outcomes = await run(session(Number.POSITIVE_INFINITY), [
      'const made = (await import("./helper")).make();',
      "typeof helperGlobal",
      "const made = 2;",
      "typeof helperGlobal",
    ]);
    assert.deepEqual(outcomes[1], { kind: "ok", hasValue: true, value: "undefined" });
    assert.equal(outcomes[3]?.kind, "diagnostics", "a kernel started afresh with these declarations does not know helperGlobal");
    assert.match(JSON.stringify(outcomes[3]), /Cannot find name 'helperGlobal'/);
  });

  it("completes and inspects names declared in frozen chunks", async () => {
    const executor = session(0);
    await run(executor, ["const alphaOne = 1;", "const alphaTwo = 'two';", "function alphaThree(): void {}"]);
    assert.deepEqual(
      (await executor.complete("alpha", 5)).matches.filter((m) => m.startsWith("alpha")),
      ["alphaOne", "alphaThree", "alphaTwo"],
    );
    assert.match((await executor.inspect("alphaTwo", 3)) ?? "", /const alphaTwo: "two"/);
  });

  it("keep what a compiled cell stores bounded, however many cells came before", async () => {
    const cacheDir = join(dir, "cache");
    const executor = session(FREEZE_AT, cacheDir);
    const count = 400;
    const outcomes = await run(
      executor,
      Array.from({ length: count }, (_, i) => `const v${i} = ${i};`),
    );
    assert.ok(outcomes.every((o) => o.kind === "ok"));
    assert.deepEqual(await executor.execute("v0 + v399"), { kind: "ok", hasValue: true, value: 399 });
    const entries = readdirSync(cacheDir).filter((f) => !f.startsWith("inputs-"));
    assert.equal(entries.length, count + 1);
    const largest = Math.max(...entries.map((f) => statSync(join(cacheDir, f)).size));
    // All 400 declarations take 9 kB; a stored cell holds at most a chunk's worth of them.
    assert.ok(largest < 2 * FREEZE_AT, `the largest cache entry is ${largest} bytes`);
  });
});

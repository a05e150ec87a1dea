import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type * as TS from "@tslab/typescript-for-tslab";
import { packageRoot } from "podtalk/protocol";
import { esModuleToCommonJSModule, transpileTargets } from "../../kernel/tslab/compiler-options.js";
import { tsForTslab } from "../../kernel/tslab/load.js";

/**
 * A cell runs as the CommonJS that TypeScript's transpileModule makes of its ES module output.
 * The cell compiler spares TypeScript 5.0 its type check of that JavaScript
 * (kernel/tslab/compiler-options.ts, esModuleToCommonJSModule); the JavaScript must stay the same text,
 * which these compare over a corpus of real modules: podtalk's own sources, compiled to ES modules
 * as a cell is, and the module shapes a cell's output can take.
 */
describe("a cell's ES module output as the CommonJS the kernel runs", function () {
  this.timeout(120_000);
  const ts = tsForTslab() as unknown as typeof TS;
  const { target } = transpileTargets(ts);
  const checked = (js: string): string =>
    ts.transpileModule(js, {
      fileName: "custom.js",
      compilerOptions: { module: ts.ModuleKind.CommonJS, esModuleInterop: true, target, newLine: ts.NewLineKind.LineFeed, noImplicitUseStrict: true },
    }).outputText;

  const shapes = [
    "",
    "// a comment only\n",
    "export {};\n",
    "/** a comment on a statement TypeScript drops */\nexport {};\n",
    '"use strict";\nexport const a = 1;\n',
    "/** @jsx h */\nexport const a = 1;\n",
    'import { Cluster } from "podtalk";\nexport const cluster = new Cluster({ nodes: 3, seed: 1 });\nexport const tsLastExpr = cluster;\n',
    'import d, * as ns from "m";\nimport "side-effect";\nexport default d;\nexport * from "n";\nexport * as q from "o";\nexport { ns, d as e };\n',
    'import x = require("y");\nexport { x };\n',
    "export = 1;\n",
    "export {};\nexport const v = await Promise.resolve(1);\nfor await (const c of []) { }\n",
    "export class A { #x = 1; static y = 2; static { A.y++; } get x() { return this.#x; } }\nexport async function* g() { yield* [1]; }\n",
    "let n = 0;\nexport { n };\nn++;\n({ n } = { n: 2 });\nexports.n = 3;\n",
    'const s = "/// <reference no-default-lib=\\"true\\"/>\\n";\nexport { s };\n',
  ];

  it("is the same text as TypeScript's transpileModule makes, for every shape of module a cell's output takes", () => {
    for (const js of shapes) assert.equal(esModuleToCommonJSModule(ts, js, target), checked(js), js);
  });

  it("is the same text as TypeScript's transpileModule makes, for podtalk's own sources as ES modules", () => {
    const sources: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/(?<!\.d)\.tsx?$/.test(entry.name)) sources.push(path);
      }
    };
    for (const dir of ["lib", "kernel"]) walk(join(packageRoot(), dir));
    assert.ok(sources.length > 100, `only ${sources.length} sources found`);
    const toEsModule = (path: string): string =>
      ts.transpileModule(readFileSync(path, "utf8"), {
        fileName: path,
        compilerOptions: { module: ts.ModuleKind.ESNext, target, experimentalDecorators: true, jsx: ts.JsxEmit.React },
      }).outputText;
    const differing = sources.filter((path) => {
      const js = toEsModule(path);
      return esModuleToCommonJSModule(ts, js, target) !== checked(js);
    });
    assert.deepEqual(differing, []);
  });
});

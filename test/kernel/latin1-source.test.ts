import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { runInNewContext } from "node:vm";
import { repoRoot } from "./kernelspec-env.js";

type Parse = (text: string, options: object) => unknown;
const require_ = createRequire(join(repoRoot(), "package.json"));
const { commentsToLatin1 } = require_("./scripts/latin1-source.cjs") as { commentsToLatin1(text: string, parse: Parse): string | undefined };
const { parse } = require_("acorn") as { parse: Parse };

describe("the startup snapshot's Latin-1 copy of tslab's TypeScript (scripts/latin1-source.cjs)", () => {
  it("replaces characters beyond Latin-1 in comments one for one, and the code does what it did", () => {
    const text = "// it doesn’t matter → here\nconst s = 'café';\n/* ✓ done */\ns.length + 1;\n";
    const copy = commentsToLatin1(text, parse);
    assert.equal(copy, "// it doesn?t matter ? here\nconst s = 'café';\n/* ? done */\ns.length + 1;\n");
    assert.equal(copy!.length, text.length);
    assert.equal(runInNewContext(copy!), runInNewContext(text));
  });

  it("gives nothing when such a character is in code (a string, a template, a regular expression) or the text does not parse", () => {
    for (const text of ["// ’\nconst s = 'it’s';", "const t = `→`;", "const r = /→/;", "const x = ;// ’", "const plain = 1;"]) {
      assert.equal(commentsToLatin1(text, parse), undefined, text);
    }
  });

  it("gives the snapshot tslab's installed typescript.js with one byte a character, at the same length", () => {
    const file = require_.resolve("@tslab/typescript-for-tslab/lib/typescript.js", { paths: [dirname(require_.resolve("tslab/package.json"))] });
    const text = readFileSync(file, "utf8");
    const copy = commentsToLatin1(text, parse);
    assert.ok(copy !== undefined, "every character beyond Latin-1 in typescript.js is in a comment");
    assert.equal(copy.length, text.length);
    assert.doesNotMatch(copy, /[\u0100-\uffff]/);
  });
});

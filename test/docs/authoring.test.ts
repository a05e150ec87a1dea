/**
 * The author's guide (docs/authoring.md and docs/authoring/*.md) runs: every ```ts block is
 * type-checked strictly and run against the built package, section by section, and every
 * ```text block after one is compared with the text/plain the kernel would show for that block's
 * last expression (see guide-blocks.ts; authoring-kernel.test.ts runs the same in the kernel).
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { packageRoot } from "podtalk/protocol";
import * as podtalk from "../../lib/index.js";
import { CELL_GLOBALS_DECLARATION } from "../../kernel/cell-globals.js";
import { mimeBundle } from "../../kernel/mime-bundle.js";
import { asShown, type GuideDiagnostic, runSection, type Section, sections, typeCheck } from "./guide-blocks.js";

const root = packageRoot();

function guideFiles(): string[] {
  const files = [join(root, "docs", "authoring.md")];
  const dir = join(root, "docs", "authoring");
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) if (f.endsWith(".md")) files.push(join(dir, f));
  }
  return files;
}

const guide: Section[] = guideFiles().flatMap((f) => sections(relative(root, f), readFileSync(f, "utf8")));
const allCode = guide.flatMap((s) => s.blocks.map((b) => b.code)).join("\n");

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function where(d: GuideDiagnostic): string {
  return `${d.section.file}:${d.line} (${d.section.title}): ${d.message}`;
}

describe("docs/authoring.md (the author's guide)", () => {
  it("has TypeScript examples in several sections", () => {
    assert.ok(guide.length >= 4, `found ${guide.length} sections with examples`);
  });

  it("type-checks under strict, as the kernel checks cells", function () {
    this.timeout(120_000);
    const globals = CELL_GLOBALS_DECLARATION.includes("export {}") ? CELL_GLOBALS_DECLARATION : `${CELL_GLOBALS_DECLARATION}\nexport {};\n`;
    const problems = typeCheck(root, guide, globals);
    assert.deepEqual(problems.map(where), []);
  });

  for (const section of guide) {
    it(`runs the examples of "${section.title}" (${section.file}) and shows what the guide says`, async () => {
      const shown = runSection(root, section);
      for (const [index, text] of section.expected) {
        const block = section.blocks[index]!;
        assert.ok(index in shown, `${section.file}:${block.line}: a text block follows this example, but its last statement is not an expression`);
        const plain = (await mimeBundle(shown[index]))["text/plain"];
        assert.equal(asShown(String(plain)), asShown(text), `${section.file}:${block.line}: what the example shows`);
      }
    });
  }

  it("links only to files and headings that exist", () => {
    const broken: string[] = [];
    for (const file of guideFiles()) {
      const text = readFileSync(file, "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [path, anchor] = target!.split("#");
        const linked = path ? join(dirname(file), path) : file;
        if (!existsSync(linked)) broken.push(`${relative(root, file)}: ${target} (no such file)`);
        else if (anchor !== undefined) {
          const headings = [...readFileSync(linked, "utf8").matchAll(/^#+ (.*)$/gm)].map((m) => slug(m[1]!));
          if (!headings.includes(anchor)) broken.push(`${relative(root, file)}: ${target} (no such heading)`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });

  it("shows every public method of Cluster", () => {
    const methods = Object.getOwnPropertyNames(podtalk.Cluster.prototype).filter((m) => m !== "constructor" && m !== "toString");
    const missing = methods.filter((m) => !new RegExp(`\\.${m}\\b`).test(allCode));
    assert.deepEqual(missing, [], "Cluster methods without an example in the guide");
  });

  it("uses or names every value the package exports", () => {
    const prose = guideFiles()
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const missing = Object.keys(podtalk).filter((name) => !new RegExp(`\\b${name}\\b`).test(prose));
    assert.deepEqual(missing, [], "exports the guide never mentions");
  });
});

/**
 * The author's guide in podtalk's own kernel: each section of docs/authoring.md (and each file of
 * docs/authoring/ marked as one scope) becomes a notebook with one cell per ```ts block, run as
 * `podtalk run` runs it. The cells must run without error, and each ```text block after an example
 * must be that cell's text/plain output, which is what an author sees in Jupyter.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { packageRoot } from "podtalk/protocol";
import { runNotebook } from "../../lib/notebook/index.js";
import type { Notebook, Output } from "../../lib/notebook/ipynb.js";
import { asShown, type Section, sections } from "./guide-blocks.js";

const root = packageRoot();
const dir = join(root, "docs", "authoring");
const files = [
  join(root, "docs", "authoring.md"),
  ...(existsSync(dir) ? readdirSync(dir).sort() : []).filter((f) => f.endsWith(".md")).map((f) => join(dir, f)),
];
const guide: Section[] = files.flatMap((f) => sections(relative(root, f), readFileSync(f, "utf8")));

function notebookOf(section: Section): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "podtalk", display_name: "TypeScript (podtalk)", language: "typescript" } },
    cells: section.blocks.map((b, i) => ({ cell_type: "code", id: `guide-${i}`, source: b.code, metadata: {}, outputs: [], execution_count: null })),
  };
}

function resultText(outputs: readonly Output[]): string | undefined {
  const result = outputs.find((o) => o.output_type === "execute_result");
  if (result?.output_type !== "execute_result") return undefined;
  const text = result.data["text/plain"];
  return Array.isArray(text) ? text.join("") : typeof text === "string" ? text : undefined;
}

describe("docs/authoring.md in podtalk's kernel", function () {
  this.timeout(180_000);
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), "podtalk-guide-"));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  guide.forEach((section, n) => {
    it(`runs "${section.title}" (${section.file}) cell by cell and shows what the guide says`, async () => {
      const result = await runNotebook(join(work, `section-${n}.ipynb`), { notebook: notebookOf(section), write: false });
      if (result.failure) {
        const block = section.blocks[result.failure.cell - 1];
        assert.fail(`${section.file}:${block ? block.line + (result.failure.line ?? 1) - 1 : "?"}: ${result.failure.message}`);
      }
      for (const [index, text] of section.expected) {
        const cell = result.notebook.cells[index]!;
        const shown = cell.cell_type === "code" ? resultText(cell["outputs"] as Output[]) : undefined;
        assert.equal(
          shown === undefined ? undefined : asShown(shown),
          asShown(text),
          `${section.file}:${section.blocks[index]!.line}: what the cell shows in Jupyter`,
        );
      }
    });
  });
});

/**
 * Properties of the public notebook API (`podtalk/notebook`) for any file: random and damaged
 * notebooks (wrong types, missing fields, another nbformat, huge or deep metadata, bytes that are
 * not UTF-8, cut-off files).
 *
 * 1. Reading one either gives a Notebook or throws a NotebookFormatError that names the file,
 *    and the file is left byte for byte as it was.
 * 2. A notebook that was read is written back as one complete file that reads back to the same
 *    notebook; writing it again changes nothing, no temporary file is left, and a file that
 *    nbformat's schema accepted is still accepted. (The reader is more lenient than the schema:
 *    a `kernelspec` without `name`, for one, is read and written as it was.)
 * 3. Exporting it to HTML gives a page or throws an ExportError, never another error.
 *
 * `npm run fuzz` runs these with many more cases (see test/fuzz/run.ts).
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { NotebookFormatError, exportNotebook, readNotebook, serializeNotebook, writeNotebook, type Notebook } from "../../lib/notebook/index.js";
import { ExportError } from "../../lib/notebook/export/export-error.js";
import { nbformatSchemaErrors } from "../notebook/internal/nbformat-schema.js";
import { notebookBytes } from "./internal/notebooks.js";
import { fuzzParams } from "./internal/params.js";

/** Fails the property with the error's class and message when it is not one of `allowed`. */
function onlyOwnErrors(e: unknown, allowed: readonly (abstract new (...args: never[]) => Error)[]): void {
  if (!allowed.some((c) => e instanceof c)) throw new Error(`escaped ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}\n${(e as Error)?.stack}`);
}

/** Whether nbformat's schema accepts these bytes as a notebook (a BOM aside). */
function schemaValid(bytes: Buffer): boolean {
  try {
    return nbformatSchemaErrors(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes)).length === 0;
  } catch {
    return false;
  }
}

describe("notebook files, for any bytes", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-fuzz-nb-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("readNotebook() gives a notebook or a NotebookFormatError naming the file, and never changes the file", () => {
    fc.assert(
      fc.property(notebookBytes, (bytes) => {
        const path = join(dir, "n.ipynb");
        writeFileSync(path, bytes);
        try {
          readNotebook(path);
        } catch (e) {
          onlyOwnErrors(e, [NotebookFormatError]);
          assert.ok((e as Error).message.startsWith(`${path}: `), (e as Error).message);
        }
        assert.ok(readFileSync(path).equals(bytes), "reading changed the file");
      }),
      fuzzParams(300),
    );
  });

  /** `bytes` written to n.ipynb and read back: the notebook, or undefined when podtalk refused it (with its own error). */
  function writtenAndRead(bytes: Uint8Array): { path: string; notebook: Notebook | undefined } {
    const path = join(dir, "n.ipynb");
    writeFileSync(path, bytes);
    try {
      return { path, notebook: readNotebook(path) };
    } catch (e) {
      onlyOwnErrors(e, [NotebookFormatError]);
      return { path, notebook: undefined };
    }
  }

  it("a notebook that was read is written back complete, valid for nbformat, and stable", () => {
    fc.assert(
      fc.property(notebookBytes, (bytes) => {
        const { path, notebook } = writtenAndRead(bytes);
        if (!notebook) return;
        const text = serializeNotebook(notebook);
        writeNotebook(path, notebook);
        assert.equal(readFileSync(path, "utf8"), text, "the file is not the complete serialised notebook");
        if (schemaValid(bytes)) assert.deepEqual(nbformatSchemaErrors(text), [], "nbformat's schema rejects what was written");
        assert.equal(writeNotebook(path, readNotebook(path)), false, "writing the notebook read back changed the file");
        assert.deepEqual(readdirSync(dir), ["n.ipynb"], "a temporary file was left");
      }),
      fuzzParams(150),
    );
  });

  it("exportNotebook() of a notebook that was read gives a page or an ExportError", () => {
    fc.assert(
      fc.property(notebookBytes, (bytes) => {
        const { notebook } = writtenAndRead(bytes);
        if (!notebook) return;
        try {
          assert.match(exportNotebook(notebook, { baseDir: dir }), /^<!DOCTYPE html>/i);
        } catch (e) {
          onlyOwnErrors(e, [ExportError]);
        }
      }),
      fuzzParams(150),
    );
  });
});

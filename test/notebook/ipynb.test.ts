import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../../lib/notebook/kernelspec.js";
import { NotebookFormatError, readNotebook, serializeNotebook, writeNotebook, type Notebook } from "../../lib/notebook/ipynb.js";
import { SYSTEM_PYTHON, pythonHasModules, requireInterop } from "../internal/interop.js";

const FIXTURES = join(packageRoot(), "test", "fixtures", "notebook");

/** Validates a file with nbformat's own validator (Debian's Python); returns the error text or "". */
function nbformatValidate(path: string): string {
  const r = spawnSync(
    SYSTEM_PYTHON,
    ["-c", "import sys, nbformat; nbformat.validate(nbformat.reads(open(sys.argv[1], encoding='utf-8').read(), as_version=nbformat.NO_CONVERT))", path],
    { encoding: "utf8" },
  );
  return r.status === 0 ? "" : r.stderr;
}

describe("readNotebook() / serializeNotebook()", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-ipynb-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a notebook saved by Jupyter back byte for byte (committed fixture)", () => {
    const path = join(FIXTURES, "jupyter-written.ipynb");
    assert.equal(serializeNotebook(readNotebook(path)), readFileSync(path, "utf8"));
  });

  it("writes a notebook that nbformat writes just now back byte for byte", function () {
    requireInterop(this, "Debian's nbformat", pythonHasModules("nbformat"));
    const path = join(dir, "fresh.ipynb");
    const script = `
import sys, nbformat
from nbformat.v4 import new_notebook, new_code_cell, new_markdown_cell, new_output
nb = new_notebook(metadata={"kernelspec": {"name": "podtalk", "display_name": "TypeScript (podtalk)", "language": "typescript"}, "b": {"10": 1, "9": 2, "Z": 0.5, "a": 1e-7, "é": True}})
nb.cells = [new_markdown_cell("# Tïtle 日本\\r\\nline\\u2028sep\\n\\n"), new_code_cell("x\\ny", execution_count=3, outputs=[
  new_output("stream", name="stdout", text="a\\nb"),
  new_output("execute_result", execution_count=3, data={"text/plain": "1\\n2\\n", "image/svg+xml": "<svg>\\n</svg>\\n", "application/vnd.vegalite.v5+json": {"data": {"values": [{"x": 1.25, "y": "\\u00e9"}]}}}),
  new_output("error", ename="E", evalue="v", traceback=["\\x1b[31mred\\x1b[0m"])])]
nbformat.write(nb, sys.argv[1])`;
    const r = spawnSync(SYSTEM_PYTHON, ["-c", script, path], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(serializeNotebook(readNotebook(path)), readFileSync(path, "utf8"));
  });

  const malformed: { name: string; text: string; problem: RegExp }[] = [
    { name: "a trailing comma (JSON syntax)", text: '{\n "cells": [],\n}\n', problem: /invalid JSON at line 3, column 1/ },
    { name: "truncated JSON", text: '{"cells": [', problem: /invalid JSON at line 1, column 12/ },
    { name: "a top-level list", text: "[]", problem: /top level is not a JSON object/ },
    { name: "nbformat 3", text: '{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}', problem: /"nbformat" is 3/ },
    {
      name: "a cell without cell_type",
      text: '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "markdown", "source": "", "metadata": {}}, {"cell_type": "markdown", "source": "", "metadata": {}}, {"source": "x", "metadata": {}}]}',
      problem: /: cell 3 has no "cell_type"/,
    },
    {
      name: "a code cell without outputs",
      text: '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": "x", "metadata": {}, "execution_count": null}]}',
      problem: /cell 1 has no "outputs"/,
    },
    {
      name: "an output of unknown type",
      text: '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": "x", "metadata": {}, "execution_count": null, "outputs": [{"output_type": "pyout"}]}]}',
      problem: /cell 1 output 1 has an unknown "output_type" "pyout"/,
    },
  ];
  for (const { name, text, problem } of malformed) {
    it(`rejects ${name}, naming the path and the problem, and leaves the file untouched`, () => {
      const path = join(dir, "bad.ipynb");
      writeFileSync(path, text);
      const before = statSync(path).mtimeMs;
      assert.throws(
        () => readNotebook(path),
        (e: unknown) => e instanceof NotebookFormatError && e.message.startsWith(`${path}: `) && problem.test(e.message),
      );
      assert.equal(readFileSync(path, "utf8"), text);
      assert.equal(statSync(path).mtimeMs, before);
    });
  }

  it("reports every structural problem, not just the first", () => {
    const path = join(dir, "bad.ipynb");
    writeFileSync(path, '{"nbformat": 4, "metadata": {}, "cells": [{"source": "a"}, {"cell_type": "code", "metadata": {}, "outputs": []}]}');
    assert.throws(
      () => readNotebook(path),
      (e: NotebookFormatError) => e.problems.length === 3,
    );
  });

  it("refuses metadata nested deeper than nbformat reads, naming the limit, instead of failing to write it back", () => {
    for (const depth of [3_000, 100_000]) {
      const path = join(dir, `deep-${depth}.ipynb`);
      const text = `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"x": ${"[".repeat(depth)}${"]".repeat(depth)}}, "cells": []}`;
      writeFileSync(path, text);
      assert.throws(
        () => readNotebook(path),
        (e: Error) => e instanceof NotebookFormatError && /nested deeper than 500 levels, which Jupyter cannot read either/.test(e.message),
      );
      assert.equal(readFileSync(path, "utf8"), text);
    }
    // As deep as nbformat itself reads is fine, and is written back.
    const path = join(dir, "deep-ok.ipynb");
    writeFileSync(path, `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"x": ${"[".repeat(498)}${"]".repeat(498)}}, "cells": []}`);
    writeNotebook(path, readNotebook(path));
    assert.equal(readNotebook(path).metadata["x"] !== undefined, true);
  });

  it("gives cells without an id a deterministic id, and keeps existing ones", () => {
    const path = join(dir, "noid.ipynb");
    writeFileSync(
      path,
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 4,
        metadata: {},
        cells: [
          { cell_type: "markdown", metadata: {}, source: "# a" },
          { cell_type: "markdown", metadata: {}, source: "# a" },
          { cell_type: "code", id: "keep-me", metadata: {}, source: "1", outputs: [], execution_count: null },
        ],
      }),
    );
    const first = serializeNotebook(readNotebook(path));
    assert.equal(serializeNotebook(readNotebook(path)), first);
    const ids = (JSON.parse(first) as { cells: { id: string }[] }).cells.map((c) => c.id);
    assert.equal(ids[2], "keep-me");
    assert.notEqual(ids[0], ids[1]);
    assert.match(first, /"nbformat_minor": 5/);
  });

  it("writes nothing transient: no transient field, no trusted flag, no signature", () => {
    const nb: Notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { signature: "x", orig_nbformat: 3 },
      cells: [
        {
          cell_type: "code",
          id: "a",
          source: "1",
          metadata: { trusted: true },
          execution_count: 1,
          outputs: [{ output_type: "display_data", data: { "text/plain": "1" }, metadata: {}, transient: { display_id: "d" } } as never],
        },
      ],
    };
    const text = serializeNotebook(nb);
    assert.doesNotMatch(text, /transient|trusted|signature|orig_nbformat/);
  });

  it("writes atomically, leaves no temporary file and does not rewrite an unchanged file", () => {
    const path = join(dir, "copy.ipynb");
    copyFileSync(join(FIXTURES, "jupyter-written.ipynb"), path);
    const nb = readNotebook(path);
    assert.equal(writeNotebook(path, nb), false);
    nb.cells[0]!.source = "# changed\n";
    assert.equal(writeNotebook(path, nb), true);
    assert.deepEqual(readdirSync(dir), ["copy.ipynb"]);
    assert.equal(readNotebook(path).cells[0]!.source, "# changed\n");
  });

  it("writes notebooks that nbformat 4.5 validates", function () {
    requireInterop(this, "Debian's nbformat", pythonHasModules("nbformat"));
    for (const name of ["jupyter-written.ipynb", "article.ipynb"]) {
      const path = join(dir, name);
      const nb = readNotebook(join(FIXTURES, name));
      for (const cell of nb.cells) delete (cell as { id?: string }).id;
      writeNotebook(path, nb);
      assert.equal(nbformatValidate(path), "", name);
    }
  });

  const notUTF8: { name: string; bytes: () => Buffer; message: RegExp }[] = [
    {
      name: "Latin-1 text in markdown (é is one byte, 0xE9)",
      bytes: () =>
        Buffer.from(
          `{"cells": [{"cell_type": "markdown", "id": "m", "metadata": {},\n "source": "Caf\u00e9"}],\n "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n`,
          "latin1",
        ),
      message: /latin1\.ipynb: not UTF-8: byte 0xE9 at offset 79 \(line 2, byte 16\).*save the notebook as UTF-8/,
    },
    {
      name: "a UTF-8 sequence cut short at the end of the file",
      bytes: () => Buffer.concat([Buffer.from("{}\n"), Buffer.from([0xe2, 0x82])]),
      message: /latin1\.ipynb: not UTF-8: byte 0xE2 at offset 3 \(line 2, byte 1\)/,
    },
    {
      name: "an encoded surrogate (CESU-8), which UTF-8 forbids",
      bytes: () => Buffer.from([0x7b, 0xed, 0xa0, 0x80, 0x7d]),
      message: /not UTF-8: byte 0xED at offset 1 \(line 1, byte 2\)/,
    },
  ];
  for (const { name, bytes, message } of notUTF8) {
    it(`refuses a file that is not UTF-8 with the offset of the first bad byte: ${name}`, () => {
      const path = join(dir, "latin1.ipynb");
      writeFileSync(path, bytes());
      assert.throws(
        () => readNotebook(path),
        (e: unknown) => e instanceof NotebookFormatError && message.test(e.message),
      );
      assert.deepEqual(readFileSync(path), bytes(), "left untouched");
    });
  }

  it("refuses a FIFO instead of waiting for it to be written", function () {
    const path = join(dir, "pipe.ipynb");
    if (spawnSync("mkfifo", [path]).status !== 0) this.skip();
    assert.throws(() => readNotebook(path), /pipe\.ipynb: not a regular file/);
  });

  it("refuses metadata nested 100,000 levels deep with a message, not a stack overflow", () => {
    const path = join(dir, "deep.ipynb");
    const deep = `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    writeFileSync(path, `{"cells":[],"metadata":{"deep":${deep}},"nbformat":4,"nbformat_minor":5}`);
    assert.throws(
      () => readNotebook(path),
      (e: unknown) =>
        e instanceof NotebookFormatError &&
        e.message === `${path}: notebook metadata is nested deeper than 500 levels, which Jupyter cannot read either; flatten it`,
    );
  });
});

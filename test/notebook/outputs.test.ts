import { strict as assert } from "node:assert";
import { join } from "node:path";
import { compareNotebooks } from "../../lib/notebook/compare.js";
import { exportNotebook } from "../../lib/notebook/export/index.js";
import { readNotebook, serializeNotebook, type Notebook } from "../../lib/notebook/ipynb.js";
import { packageRoot } from "../../lib/notebook/kernelspec.js";
import { minimalBundle, outputBytes, outputsLevelOf, setOutputsLevel } from "../../lib/notebook/outputs.js";

const COURSE = join(packageRoot(), "notebooks", "00-every-pod-has-an-ip.ipynb");
const copy = (nb: Notebook): Notebook => JSON.parse(JSON.stringify(nb)) as Notebook;
const VEGA = "application/vnd.vegalite.v5+json";

describe("stored outputs: full, minimal, none", () => {
  const full = readNotebook(COURSE);

  it("minimal keeps text/plain and the representation an article shows, drops the Vega-Lite spec beside an SVG", () => {
    assert.deepEqual(minimalBundle({ [VEGA]: {}, "image/svg+xml": "<svg/>", "text/plain": "t" }), { "image/svg+xml": "<svg/>", "text/plain": "t" });
    assert.deepEqual(minimalBundle({ "text/html": "<table/>", "text/plain": "t" }), { "text/html": "<table/>", "text/plain": "t" });
    assert.deepEqual(minimalBundle({ [VEGA]: {}, "text/plain": "t" }), { [VEGA]: {}, "text/plain": "t" }, "a spec nothing else can show stays");
  });

  it("a course notebook stored minimal is smaller, says so in its metadata, and exports the same article", () => {
    const minimal = setOutputsLevel(copy(full), "minimal");
    assert.equal(outputsLevelOf(minimal), "minimal");
    assert.deepEqual(minimal.metadata["podtalk"], { outputs: "minimal" });
    assert.ok(outputBytes(full).get(VEGA)! > 0);
    assert.equal(outputBytes(minimal).get(VEGA), undefined);
    assert.equal(outputBytes(minimal).get("text/plain"), outputBytes(full).get("text/plain"));
    assert.ok(serializeNotebook(minimal).length < serializeNotebook(full).length * 0.8);
    assert.equal(exportNotebook(minimal), exportNotebook(full));
  });

  it("check compares a minimal notebook on what it keeps: a full fresh run matches, a changed one does not", () => {
    const minimal = setOutputsLevel(copy(full), "minimal");
    assert.deepEqual(compareNotebooks(minimal, full), []);
    assert.ok(compareNotebooks(full, minimal).length > 0, "a full notebook still wants every representation");
    const changed = copy(full);
    const code = changed.cells.find((c) => c.cell_type === "code" && c.outputs.some((o) => "data" in o && typeof o.data["text/plain"] === "string"));
    const output = code?.cell_type === "code" ? code.outputs.find((o) => "data" in o) : undefined;
    if (output && "data" in output) output.data["text/plain"] = `${String(output.data["text/plain"])} changed`;
    assert.equal(compareNotebooks(minimal, changed).length, 1);
  });

  it("none removes every output and execution count, as nbstripout does; full forgets the metadata", () => {
    const none = setOutputsLevel(copy(full), "none");
    assert.ok(none.cells.every((c) => c.cell_type !== "code" || (c.outputs.length === 0 && c.execution_count === null)));
    assert.equal(outputsLevelOf(none), "full");
    const back = setOutputsLevel(setOutputsLevel(copy(full), "minimal"), "full");
    assert.equal(back.metadata["podtalk"], undefined);
    assert.equal(serializeNotebook(setOutputsLevel(copy(full), "full")), serializeNotebook(full), "full changes nothing in a full notebook");
  });
});

/**
 * Every topology picture the course shows, checked from its geometry: no line passes through a
 * box that is not one of its ends (a reader takes a line through `client` to mean the Service
 * selects it), none crosses a label, and each picture carries its legend. The notebooks are
 * committed with their outputs, and test/notebooks/course.test.ts proves a fresh run gives the
 * same bytes, so the committed outputs are the figures the course produces: a topology as its
 * Vega-Lite spec, a diff's picture as the SVG inside its HTML.
 */
import { strict as assert } from "node:assert";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { type FigureGeometry, falseLinks, geometryFromSpec, geometryFromSVG } from "./internal/figure-geometry.js";

const notebooksDir = resolve(__dirname, "..", "..", "..", "notebooks");
const VEGA_LITE = "application/vnd.vegalite.v5+json";

interface Output {
  readonly data?: Record<string, unknown>;
}

const joined = (v: unknown) => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "");

/** A topology spec draws node boxes: rect rows with `kind: "node"`. */
function isTopologySpec(spec: unknown): boolean {
  const json = JSON.stringify(spec);
  return json.includes('"kind":"node"');
}

interface Figure {
  readonly where: string;
  readonly geometry: FigureGeometry;
  readonly texts: readonly string[];
}

function courseFigures(): Figure[] {
  const figures: Figure[] = [];
  for (const file of readdirSync(notebooksDir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()) {
    const nb = JSON.parse(readFileSync(join(notebooksDir, file), "utf8")) as { cells: { outputs?: Output[] }[] };
    nb.cells.forEach((cell, index) => {
      for (const output of cell.outputs ?? []) {
        const spec = output.data?.[VEGA_LITE];
        const svg = joined(output.data?.["image/svg+xml"]);
        const html = joined(output.data?.["text/html"]);
        if (spec !== undefined && isTopologySpec(spec)) {
          figures.push({
            where: `${file} cell ${index + 1}`,
            geometry: geometryFromSpec(spec),
            texts: [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!),
          });
        } else if (html.includes('class="podtalk-topology"')) {
          const picture = html.match(/<svg[\s\S]*?<\/svg>/)?.[0] ?? "";
          figures.push({
            where: `${file} cell ${index + 1} (diff)`,
            geometry: geometryFromSVG(picture),
            texts: [...picture.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!),
          });
        }
      }
    });
  }
  return figures;
}

describe("the course's topology pictures", () => {
  const figures = courseFigures();

  it("are found: the topologies of notebooks 00, 01, 03, 04, 05 and the diffs of notebook 02", () => {
    assert.ok(figures.length >= 14, `found ${figures.length}: ${figures.map((f) => f.where).join(", ")}`);
    assert.ok(figures.filter((f) => f.where.endsWith("(diff)")).length >= 3);
    for (const f of figures) assert.ok(f.geometry.boxes.length > 0, `${f.where}: no boxes read`);
  });

  it("draw no line through a box that is not one of its ends, nor through a label", () => {
    const problems = figures.flatMap((f) => falseLinks(f.geometry).map((p) => `${f.where}: ${p}`));
    assert.deepEqual(problems, []);
  });

  it("each carry a legend inside the picture", () => {
    for (const f of figures) {
      assert.ok(f.texts.includes("ready endpoint"), `${f.where}: no legend entry "ready endpoint" in the SVG`);
      assert.ok(f.texts.includes("not ready"), `${f.where}: no legend entry "not ready"`);
    }
  });
});

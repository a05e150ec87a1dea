/**
 * The static SVG carries no per-mark ARIA: Vega would give every shape an aria-label listing its
 * coordinates and colours, which a screen reader reads out one shape at a time. The article names
 * and describes the figure as a whole instead.
 */
import { strict as assert } from "node:assert";
import { Cluster } from "../../lib/index.js";
import { renderSVG, VEGA_LITE_SCHEMA } from "../../lib/render/index.js";

describe("static SVG figures", () => {
  it("leave out the aria-label Vega gives each mark", async () => {
    const svg = await renderSVG({
      $schema: VEGA_LITE_SCHEMA,
      data: { values: [{ a: 1, b: 2 }] },
      mark: "rect",
      encoding: { x: { field: "a", type: "quantitative" }, y: { field: "b", type: "quantitative" } },
    });
    assert.doesNotMatch(svg, /aria-label=/);
    assert.doesNotMatch(svg, /role="graphics-/, "unnamed graphics roles, which axe-core reports");
  });

  it("leave out the aria-label of a chart's title", async () => {
    const svg = await renderSVG({
      $schema: VEGA_LITE_SCHEMA,
      title: { text: "Requests", subtitle: "per Pod" },
      data: { values: [{ a: 1 }] },
      mark: "point",
      encoding: { x: { field: "a", type: "quantitative" } },
    });
    assert.match(svg, />Requests</);
    assert.doesNotMatch(svg, /aria-label=/);
  });

  it("leave them out of the topology picture too", async () => {
    const cluster = new Cluster({ nodes: 2 });
    const svg = await cluster.topology().svg();
    assert.match(svg, /<svg /);
    assert.doesNotMatch(svg, /aria-label=/);
  });
});

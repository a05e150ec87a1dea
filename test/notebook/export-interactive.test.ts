import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { exportNotebook } from "../../lib/notebook/export/index.js";
import type { Notebook, Output } from "../../lib/notebook/ipynb.js";
import { requireInterop } from "../internal/interop.js";

/** A Vega-Lite bar chart with `data`, whose static picture is an SVG holding `marker` as its id. */
function chart(data: unknown, marker: string): Output {
  return {
    output_type: "display_data",
    metadata: {},
    data: {
      "application/vnd.vegalite.v5+json": {
        $schema: "https://vega.github.io/schema/vega-lite/v5.json",
        data,
        mark: "bar",
        encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } },
      },
      "image/svg+xml": `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect id="${marker}" width="5" height="5"/></svg>`,
      "text/plain": "Chart",
    },
  };
}

describe("exportNotebook({ interactive: true }) in Debian's chromium", function () {
  this.timeout(60_000);
  let dir = "";
  before(function () {
    requireInterop(this, "Debian's chromium (/usr/bin/chromium)", existsSync("/usr/bin/chromium"));
    dir = mkdtempSync(join(tmpdir(), "podtalk-interactive-"));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("replaces the static SVG only for a chart that drew its data; one whose data cannot load, or is empty, keeps its picture", async () => {
    const outputs = [
      chart({ values: [{ a: "x", b: 1 }] }, "static-good"),
      chart({ url: "https://example.invalid/data.json" }, "static-url"),
      chart({ values: [] }, "static-empty"),
    ];
    const notebook: Notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { title: "Charts" },
      cells: outputs.map((o, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, source: "chart()", execution_count: i + 1, outputs: [o] })),
    };
    const path = join(dir, "charts.html");
    writeFileSync(path, exportNotebook(notebook, { interactive: true }));
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
      await page.waitForFunction(() => document.querySelectorAll("figure.vega-chart.interactive, figure.vega-chart.static").length === 3, undefined, {
        timeout: 30_000,
      });
      const state = await page.$$eval("figure.vega-chart", (figures) =>
        figures.map((f) => ({ interactive: f.classList.contains("interactive"), marker: f.querySelector("rect[id^=static-]")?.id ?? null })),
      );
      assert.deepEqual(state, [
        { interactive: true, marker: null },
        { interactive: false, marker: "static-url" },
        { interactive: false, marker: "static-empty" },
      ]);
    } finally {
      await browser.close();
    }
  });
});

/**
 * What the kernel loads late, and when it loads it ahead of need: tslab's executor and
 * TypeScript's compiler (see kernel.ts, #warmUp and #scheduleCompilerWarmUp).
 */
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * tslab's executor and the TypeScript it bundles, loaded on first use: loading them and building
 * the first program takes seconds, so the kernel answers kernel_info_request before that.
 */
type CellExecutorModule = typeof import("./cell-executor.js");
type CompletenessModule = typeof import("./completeness.js");
let cellExecutorModule: CellExecutorModule | undefined;
let completenessModule: CompletenessModule | undefined;
export function loadCellExecutor(): CellExecutorModule {
  cellExecutorModule ??= require("./cell-executor.js") as CellExecutorModule;
  return cellExecutorModule;
}
export function loadCompleteness(): CompletenessModule {
  completenessModule ??= require("./completeness.js") as CompletenessModule;
  return completenessModule;
}

/**
 * How long the kernel must sit idle before it creates TypeScript's compiler ahead of need, when
 * the compile cache may answer the cells (see kernel.ts, #scheduleCompilerWarmUp).
 */
export const COMPILER_WARM_UP_IDLE_MS = 2000;

/** The value of PODTALK_KERNEL_WARM_UP that turns the warm-up off (cells then load TypeScript themselves). */
const WARM_UP_OFF = "off";

/** False when PODTALK_KERNEL_WARM_UP is "off": then cells load TypeScript themselves. */
export function warmUpEnabled(env: NodeJS.ProcessEnv): boolean {
  return env["PODTALK_KERNEL_WARM_UP"]?.trim().toLowerCase() !== WARM_UP_OFF;
}

/** True when `dir` is missing or holds no file. */
export function isEmptyFolder(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return true;
  }
}

/**
 * A figure of the kinds of marks podtalk draws (boxes, lines, points, text, a scale with a
 * legend): rendering it once gets vega's code compiled and warm before a cell's first figure.
 */
const WARM_UP_FIGURE = {
  $schema: "https://vega.github.io/schema/vega-lite/v5.json",
  width: 120,
  height: 60,
  config: { aria: false },
  layer: [
    {
      data: { values: [{ x: 0, x2: 50, y: 0, y2: 30, k: "a" }] },
      mark: { type: "rect", stroke: "#111" },
      encoding: {
        x: { field: "x", type: "quantitative", axis: null, scale: { domain: [0, 120] } },
        x2: { field: "x2" },
        y: { field: "y", type: "quantitative", axis: null, scale: { domain: [0, 60] } },
        y2: { field: "y2" },
        fill: { field: "k", type: "nominal" },
      },
    },
    {
      data: {
        values: [
          { x: 10, y: 10, o: 0, d: 0 },
          { x: 90, y: 50, o: 1, d: 1 },
        ],
      },
      mark: { type: "line", interpolate: "linear" },
      encoding: {
        x: { field: "x", type: "quantitative" },
        y: { field: "y", type: "quantitative" },
        order: { field: "o" },
        strokeDash: {
          field: "d",
          type: "quantitative",
          legend: null,
          scale: {
            domain: [0, 1],
            range: [
              [1, 0],
              [4, 3],
            ],
          },
        },
      },
    },
    {
      data: { values: [{ x: 90, y: 50 }] },
      mark: { type: "point", shape: "triangle", filled: true },
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
    },
    {
      data: { values: [{ x: 5, y: 5, t: "pod" }] },
      mark: { type: "text", align: "left", baseline: "top" },
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, text: { field: "t" } },
    },
  ],
};

/**
 * Renders WARM_UP_FIGURE with the vega and vega-lite that podtalk at `packageRoot` renders with
 * (the same module instances, through its folder). Nothing a cell sees changes: the figure is
 * thrown away, whatever vega would log is dropped (the kernel would show it in a cell's output),
 * and vega keeps no state from one view to the next.
 */
export async function warmUpRenderer(packageRoot: string): Promise<void> {
  const from = createRequire(join(packageRoot, "package.json"));
  const vegaLite = from("vega-lite") as typeof import("vega-lite");
  const vega = from("vega") as typeof import("vega");
  const silent = vega.logger(vega.None);
  const spec = vegaLite.compile(WARM_UP_FIGURE as unknown as import("vega-lite").TopLevelSpec, { logger: silent }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: "none", logger: silent });
  try {
    await view.toSVG();
  } finally {
    view.finalize();
  }
}

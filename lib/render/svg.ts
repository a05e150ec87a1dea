/**
 * Static SVG for Vega-Lite specs, rendered headlessly by vega: the fallback that nbconvert,
 * GitHub and podtalk's HTML articles show.
 */
import { View, parse, version as vegaVersion } from "vega";
import { compile, type TopLevelSpec, version as vegaLiteVersion } from "vega-lite";
import { installedRenderCache } from "../jupyter/kernel-hook.js";
import { stripMarkAria } from "./svg-aria.js";

/**
 * A Vega-Lite v5 spec as podtalk emits it: a JSON object. Typed loosely on purpose: the public
 * types stay small, so a notebook cell that imports podtalk type-checks fast; the specs are
 * validated against the Vega-Lite v5 schema in the tests instead.
 */
export type VegaLiteSpec = { readonly $schema: string; readonly [key: string]: unknown };

/**
 * Config for charts with axes and legends: Vega's default labels are 10 px, which an article
 * would show below the 11 px its figures keep every text at.
 */
export const READABLE_CONFIG = {
  axis: { labelFontSize: 11, titleFontSize: 11 },
  legend: { labelFontSize: 11, titleFontSize: 11 },
  title: { fontSize: 13, subtitleFontSize: 11 },
  text: { fontSize: 11 },
} as const;

/** The schema URL every spec carries; front ends pick the renderer by it. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/**
 * Config every static SVG is compiled with (a spec's own config wins): `aria: false` leaves out
 * Vega's per-mark ARIA (an `aria-label` listing each shape's coordinates and colours, and a role
 * per mark container), which a screen reader would read out shape by shape. The figure as a whole
 * is named and described where it is shown: the article gives its `<svg>` a title, a description
 * and its text rendering (see lib/notebook/export/figure-a11y.ts).
 * https://vega.github.io/vega-lite/docs/config.html#top-level-config ("aria").
 */
const STATIC_CONFIG = { aria: false } as const;

/**
 * Renders a Vega-Lite spec to SVG text. Deterministic: vega measures text with its built-in
 * estimate (no canvas, no fonts loaded), so the same spec gives the same bytes everywhere.
 * In podtalk's kernel, a figure rendered before (in this kernel or an earlier one) comes from the
 * kernel's cache of rendered figures instead: the same bytes, without vega's work.
 */
export async function renderSVG(spec: VegaLiteSpec): Promise<string> {
  const cache = installedRenderCache();
  if (cache === undefined) return render(spec);
  const key = `${RENDERER}\n${JSON.stringify(spec)}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const svg = await render(spec);
  cache.set(key, svg);
  return svg;
}

async function render(spec: VegaLiteSpec): Promise<string> {
  const vegaSpec = compile(spec as unknown as TopLevelSpec, { config: STATIC_CONFIG }).spec;
  const view = new View(parse(vegaSpec), { renderer: "none" });
  try {
    return stripMarkAria(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * What an SVG depends on besides its spec, the start of every key of the render cache: vega's
 * and vega-lite's versions, the config every figure is compiled with, and the code of this
 * file's rendering (so that a change to how podtalk renders never meets an old figure).
 */
const RENDERER = JSON.stringify([vegaVersion, vegaLiteVersion, STATIC_CONFIG, render.toString(), stripMarkAria.toString()]);

/**
 * What makes a figure re-run in the browser the same bytes the kernel wrote. In Node vega has no
 * canvas, so vega-scenegraph measures text with its estimate (`textMetrics.estimateWidth`, from
 * the characters and the font size); in a browser it would measure with a canvas and the fonts
 * the reader has, and labels, legends and the figure's size would come out differently. The
 * runtime therefore makes the browser use the estimate too. Nothing else in the SVG depends on
 * the platform: podtalk's engine and renderers read no clock, no locale and no Math.random.
 * @see https://github.com/vega/vega/blob/main/packages/vega-scenegraph/src/util/text.js
 */
import * as vega from "vega";

/** vega measures text with its estimate, as it does in Node (idempotent). */
export function measureTextAsNode(): void {
  // vega exports textMetrics (vega-scenegraph's), though its typings leave it out.
  const metrics = (vega as unknown as { textMetrics: { width: unknown; estimateWidth: unknown } }).textMetrics;
  metrics.width = metrics.estimateWidth;
}

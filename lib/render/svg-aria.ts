/**
 * The ARIA of Vega's SVG, apart from vega: the exporter cleans figures with it without loading
 * vega (lib/notebook/export/figure-a11y.ts), and the renderer cleans what it renders (svg.ts).
 */

/**
 * `svg` without the ARIA Vega writes on its marks even with `aria: false`: a `graphics-symbol` or
 * `graphics-object` role and a role description on each mark container, and the `aria-label` of a
 * chart's title and subtitle. Unnamed graphics roles are what accessibility checkers (axe-core's
 * svg-img-alt) report; the figure is named once, as a whole, where it is shown.
 */
export function stripMarkAria(svg: string): string {
  return svg.replace(/ (?:role="graphics-(?:symbol|object)"|aria-roledescription="[^"]*"|aria-label="[^"]*")/g, "");
}

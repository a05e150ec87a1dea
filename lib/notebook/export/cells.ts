/**
 * One code cell as HTML: its highlighted input (maybe collapsed), its outputs (one
 * representation each, as nbconvert picks them), and its figure caption.
 */
import { escapeHTML } from "../../render/html.js";
import type { CodeCell } from "../ipynb.js";
import { vegaEmbedBundle } from "../internal/assets.js";
import { highlight } from "../internal/highlight.js";
import { createMarkdown } from "../internal/markdown.js";
import { sanitize } from "../internal/sanitize.js";
import { liveOutputState } from "./live.js";
import { renderOutputs, type ArticleState } from "./outputs-html.js";

export { MAX_OUTPUT_TEXT, type ArticleState } from "./outputs-html.js";

/**
 * Makes output markup safe to inline with sanitize-html: drops scripts, style sheets, frames,
 * embedded objects, event-handler attributes, `javascript:` URLs and anything that would fetch a
 * remote resource. What vega's SVG renderer and podtalk's tables emit passes through.
 */
export function sanitizeMarkup(markup: string): string {
  return sanitize(markup);
}

/** A figure caption and label from cell metadata (podtalk's own `podtalk.caption`, Quarto's fig-cap, MyST's figure, or plain caption/label). */
function figureOf(cell: CodeCell): { caption: string; label: string | undefined } | undefined {
  const meta = cell.metadata;
  const object = (v: unknown) => (typeof v === "object" && v !== null ? v : {}) as Record<string, unknown>;
  const figure = object(meta["figure"]);
  const podtalk = object(meta["podtalk"]);
  const caption = [podtalk["caption"], meta["caption"], meta["fig-cap"], figure["caption"]].find((c): c is string => typeof c === "string" && c.trim() !== "");
  if (!caption) return undefined;
  const label = [meta["label"], meta["name"], figure["name"]].find((l): l is string => typeof l === "string" && /^[A-Za-z][\w:.-]*$/.test(l));
  return { caption, label };
}

/** The section for a code cell, or "" when its tags and options leave nothing to show. */
export function renderCodeCell(cell: CodeCell, tags: readonly string[], state: ArticleState): string {
  const { options, language } = state;
  const jupyter = (cell.metadata["jupyter"] ?? {}) as { source_hidden?: unknown; outputs_hidden?: unknown };
  let input = "";
  if (!options.noInput && !tags.includes("remove-input") && cell.source.trim() !== "") {
    const code = `<pre class="input" tabindex="0"><code class="hljs language-${escapeHTML(language)}">${highlight(cell.source, language)}</code></pre>`;
    input = tags.includes("hide-input") || jupyter.source_hidden === true ? `<details class="input"><summary>Show code</summary>${code}</details>` : code;
  }
  let outputs = "";
  // A live article keeps a place for the outputs of every cell it can run, even one that has none yet.
  const live = options.live === true;
  let liveState = "";
  if (!tags.includes("remove-output") && (cell.outputs.length > 0 || live)) {
    const figure = figureOf(cell);
    // Without a caption from the cell's metadata, each figure or table output gets one of its own.
    // The markdown of a cell's caption, without its emphasis and code marks, names its SVGs.
    state.cellCaption = figure?.caption.replace(/[*_`]/g, "").trim();
    if (live) liveState = liveOutputState(state, figure !== undefined);
    const rendered = renderOutputs(cell.outputs, state, figure !== undefined);
    state.cellCaption = undefined;
    const held = live ? `<div class="live-outputs" data-live-outputs>${rendered}</div>` : rendered;
    outputs =
      tags.includes("hide-output") || jupyter.outputs_hidden === true
        ? `<details class="outputs"><summary>Show output</summary>${held}</details>`
        : `<div class="outputs">${held}</div>`;
    if (figure) {
      const n = ++state.figures;
      const caption = createMarkdown({ html: false }).renderInline(figure.caption);
      const id = figure.label ? ` id="${escapeHTML(figure.label)}"` : "";
      outputs = `<figure class="cell-figure"${id}>${outputs}<figcaption><span class="figure-number">Figure ${n}.</span> ${caption}</figcaption></figure>`;
    }
  }
  if (!input && !outputs) return "";
  const liveAttributes = live && state.cell !== undefined ? ` data-live-cell="${state.cell}" data-live-state="${escapeHTML(liveState)}"` : "";
  return `<section class="cell code"${liveAttributes}>${input}${outputs}</section>`;
}

/**
 * Each chart's spec as JSON data (`data`, markup for the body), and the scripts to inline: the
 * vega-embed bundle and the code that swaps the charts in (`scripts`, their texts; the page
 * writes them and allows each by its hash).
 */
export function interactiveScripts(charts: readonly { id: string; spec: unknown }[]): { data: string; scripts: string[] } {
  const json = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c");
  const specs = charts.map((c) => `<script type="application/json" id="${c.id}">${json(c.spec)}</script>`).join("\n");
  // The static SVG stays unless vega-embed drew the chart without logging an error and the view
  // holds data: a spec whose data cannot load (the page's CSP forbids every fetch) would otherwise
  // replace a good picture with empty axes. Figures that keep it get the class "static".
  const boot = `(function () {
  if (typeof vegaEmbed !== "function") return;
  function hasRows(view) {
    var data = view.getState({ data: function () { return true; }, signals: function () { return false; }, recurse: true }).data || {};
    // "root" is the top-level group Vega always has; the others are the chart's data and marks.
    return Object.keys(data).some(function (name) { return name !== "root" && Array.isArray(data[name]) && data[name].length > 0; });
  }
  document.querySelectorAll("[data-vega-spec]").forEach(function (figure) {
    var spec = JSON.parse(document.getElementById(figure.getAttribute("data-vega-spec")).textContent);
    var view = document.createElement("div");
    view.className = "vega-view";
    var failed = [];
    var logger = { level: function () { return logger; }, error: function () { failed.push([].slice.call(arguments).join(" ")); return logger; },
      warn: function () { return logger; }, info: function () { return logger; }, debug: function () { return logger; } };
    function keep(why) {
      figure.classList.add("static");
      console.warn("podtalk: keeping the static chart:", why);
    }
    // Render off to the side; the static SVG is replaced only once the view has drawn its data.
    vegaEmbed(view, spec, { actions: false, renderer: "svg", logger: logger }).then(function (result) {
      return result.view.runAsync().then(function () {
        if (failed.length > 0 || !hasRows(result.view)) {
          keep(failed[0] || "the chart has no data");
          result.finalize();
          return;
        }
        figure.replaceChildren(view);
        figure.classList.add("interactive");
      });
    }).catch(function (error) {
      keep(error);
    });
  });
})();`;
  return { data: `\n${specs}`, scripts: [`\n${vegaEmbedBundle()}\n`, `\n${boot}\n`] };
}

/**
 * One code cell as HTML: its highlighted input (maybe collapsed), its outputs (one
 * representation each, as nbconvert picks them), and its figure caption.
 */
import { escapeHTML } from "../../render/html.js";
import { stripANSI } from "../strip-ansi.js";
import type { CodeCell, Output } from "../ipynb.js";
import { vegaEmbedBundle } from "../internal/assets.js";
import { highlight } from "../internal/highlight.js";
import { createMarkdown } from "../internal/markdown.js";
import { sanitize } from "../internal/sanitize.js";
import { outputCaption } from "./captions.js";
import { describeFigures, textVersion } from "./figure-a11y.js";
import type { ExportOptions } from "./options.js";

const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";

/** Per-article state while rendering cells. */
export interface ArticleState {
  readonly options: ExportOptions;
  readonly language: string;
  figures: number;
  /** Tables numbered so far ("Table 1."), apart from figures. */
  tables: number;
  charts: { id: string; spec: unknown }[];
  /** SVG figures named so far: each gets ids for its title and description. */
  svgs?: number;
  /** The caption the cell being rendered gives its outputs (plain text), which names their SVGs. */
  cellCaption?: string;
  /** The 1-based number of the cell being rendered, for warnings. */
  cell?: number;
  /**
   * Renders markdown exactly as the article's markdown cells are: the same parser and the same
   * per-article state, so that math (placeholders that the article turns into KaTeX at the end),
   * headings and their ids work in a `text/markdown` output as in a markdown cell.
   */
  readonly markdown: (source: string) => string;
}

/**
 * The most text one output shows in an article (characters of a stream, a traceback or
 * text/plain); the rest is left out with a note. The notebook itself keeps everything.
 */
export const MAX_OUTPUT_TEXT = 1024 * 1024;

/** `text` escaped and cut to MAX_OUTPUT_TEXT, with a visible note and a warning for what was left out. */
function capText(text: string, state: ArticleState): string {
  if (text.length <= MAX_OUTPUT_TEXT) return escapeHTML(text);
  // Never split a surrogate pair.
  const cut = /[\ud800-\udbff]/.test(text[MAX_OUTPUT_TEXT - 1]!) ? MAX_OUTPUT_TEXT - 1 : MAX_OUTPUT_TEXT;
  const left = text.length - cut;
  state.options.onWarning?.(
    `${state.cell !== undefined ? `cell ${state.cell}: ` : ""}an output of ${text.length} characters is cut to its first ${MAX_OUTPUT_TEXT} in the article (the notebook keeps it whole)`,
  );
  return `${escapeHTML(text.slice(0, cut))}\n<span class="missing-image">[${left} more characters of this output are left out of the article]</span>`;
}

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
  if (!tags.includes("remove-output") && cell.outputs.length > 0) {
    const figure = figureOf(cell);
    // Without a caption from the cell's metadata, each figure or table output gets one of its own.
    // The markdown of a cell's caption, without its emphasis and code marks, names its SVGs.
    state.cellCaption = figure?.caption.replace(/[*_`]/g, "").trim();
    const rendered = cell.outputs.map((o) => (figure ? renderOutput(o, state) : captioned(o, state))).join("\n");
    state.cellCaption = undefined;
    outputs =
      tags.includes("hide-output") || jupyter.outputs_hidden === true
        ? `<details class="outputs"><summary>Show output</summary>${rendered}</details>`
        : `<div class="outputs">${rendered}</div>`;
    if (figure) {
      const n = ++state.figures;
      const caption = createMarkdown({ html: false }).renderInline(figure.caption);
      const id = figure.label ? ` id="${escapeHTML(figure.label)}"` : "";
      outputs = `<figure class="cell-figure"${id}>${outputs}<figcaption><span class="figure-number">Figure ${n}.</span> ${caption}</figcaption></figure>`;
    }
  }
  if (!input && !outputs) return "";
  return `<section class="cell code">${input}${outputs}</section>`;
}

/** An output, as a numbered figure or table with the caption `outputCaption` derives when it shows one. */
function captioned(output: Output, state: ArticleState): string {
  const html = renderOutput(output, state);
  const caption = output.output_type === "display_data" || output.output_type === "execute_result" ? outputCaption(output.data) : undefined;
  if (!caption || html === "") return html;
  const number = caption.kind === "table" ? `Table ${++state.tables}.` : `Figure ${++state.figures}.`;
  return `<figure class="output-figure ${caption.kind}">${html}<figcaption><span class="figure-number">${number}</span> ${escapeHTML(caption.text)}</figcaption></figure>`;
}

/**
 * A box that scrolls sideways when what it holds is wider than the column (a figure keeps its
 * natural size): focusable and named, as a scroll region must be to be scrolled from the keyboard.
 */
function scrollBox(inner: string, label: string): string {
  return `<div class="scroll" tabindex="0" role="region" aria-label="${escapeHTML(label)} (scrolls sideways when wider than the page)">${inner}</div>`;
}

function renderOutput(output: Output, state: ArticleState): string {
  switch (output.output_type) {
    case "stream":
      return `<pre class="output stream ${output.name === "stderr" ? "stderr" : "stdout"}" tabindex="0">${capText(stripANSI(output.text), state)}</pre>`;
    case "error": {
      const text = output.traceback.length > 0 ? output.traceback.join("\n") : `${output.ename}: ${output.evalue}`;
      return `<pre class="output error" tabindex="0">${capText(stripANSI(text), state)}</pre>`;
    }
    default:
      return renderBundle(output.data, state);
  }
}

/** Picks one representation, as nbconvert would: SVG, then HTML, then raster images, then markdown, then text. */
function renderBundle(data: Record<string, unknown>, state: ArticleState): string {
  const clean = (markup: string): string => (state.options.trust ? markup : sanitize(markup));
  const text = (mime: string): string | undefined => {
    const v = data[mime];
    return typeof v === "string" ? v : Array.isArray(v) ? v.join("") : undefined;
  };
  const svg = text("image/svg+xml");
  const spec = data[VEGA_LITE_MIME];
  const label = outputCaption(data)?.text ?? "Output";
  const plain = text("text/plain");
  const title = state.cellCaption || label;
  const specDescription = typeof spec === "object" && spec !== null ? (spec as { description?: unknown }).description : undefined;
  // Each SVG is named by its caption and described by its text rendering (or the spec's description).
  const described = (markup: string): string =>
    describeFigures(
      markup,
      {
        title,
        description: plain !== undefined ? stripANSI(plain).slice(0, MAX_OUTPUT_TEXT) : typeof specDescription === "string" ? specDescription : undefined,
      },
      () => {
        state.svgs = (state.svgs ?? 0) + 1;
        return `figure-svg-${state.svgs}`;
      },
    );
  const withText = (): string => (plain?.trim() ? textVersion(capText(stripANSI(plain), state)) : "");
  if (state.options.interactive && typeof spec === "object" && spec !== null) {
    const id = `vega-chart-${state.charts.length + 1}`;
    state.charts.push({ id, spec });
    const fallback = svg !== undefined ? described(clean(svg)) : `<pre class="output text">${escapeHTML(plain ?? "")}</pre>`;
    // The box is outside the figure, whose children the interactive chart replaces.
    return `${scrollBox(`<figure class="output svg vega-chart" data-vega-spec="${id}">${fallback}</figure>`, label)}${svg !== undefined ? withText() : ""}`;
  }
  if (svg !== undefined) return `<figure class="output svg">${scrollBox(described(clean(svg)), label)}${withText()}</figure>`;
  const html = text("text/html");
  // An HTML output's own SVG (a trace's hop diagram) is described by the same output's text; its table is already text.
  if (html !== undefined) return `<div class="output html">${scrollBox(described(clean(html)), label)}</div>`;
  for (const mime of ["image/png", "image/jpeg", "image/gif"]) {
    const image = text(mime);
    if (image !== undefined) return `<figure class="output image"><img src="data:${mime};base64,${escapeHTML(image.replace(/\s+/g, ""))}" alt=""></figure>`;
  }
  const markdown = text("text/markdown");
  if (markdown !== undefined) return `<div class="output markdown">${clean(state.markdown(markdown))}</div>`;
  if (plain !== undefined) return `<pre class="output text" tabindex="0">${capText(stripANSI(plain), state)}</pre>`;
  return "";
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

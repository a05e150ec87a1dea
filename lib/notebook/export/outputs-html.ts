/**
 * A notebook output as article HTML: one representation per output, as nbconvert picks them,
 * figures and tables captioned and numbered, SVGs named and described. Pure (no Node APIs): the
 * static export and the live article's runtime (lib/live) render outputs with this same code, so
 * an output re-run in the browser gives the HTML the exporter wrote.
 */
import { escapeHTML } from "../../render/html.js";
import type { Output } from "../ipynb.js";
import { sanitize } from "../internal/sanitize.js";
import { stripANSI } from "../strip-ansi.js";
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
 * A code cell's outputs as the article shows them, one after another: inside a cell figure
 * (`inFigure`, the cell's metadata gives a caption) each as it is, else each output that shows a
 * figure or a table numbered and captioned on its own.
 */
export function renderOutputs(outputs: readonly Output[], state: ArticleState, inFigure: boolean): string {
  return outputs.map((o) => (inFigure ? renderOutput(o, state) : captioned(o, state))).join("\n");
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

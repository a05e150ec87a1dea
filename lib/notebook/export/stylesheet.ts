/**
 * The articles' own styles (light and dark), before highlight.js's GitHub themes.
 */

/** The base stylesheet of every exported page. */
export const BASE_CSS = `:root {
  color-scheme: light dark;
  --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --border: #d1d9e0;
  --accent: #0969da; --error-bg: #ffebe9; --error-fg: #82071e;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #161b22; --border: #3d444d;
    --accent: #4493f8; --error-bg: #3c1618; --error-fg: #ffa198;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; padding: 2rem 1rem 4rem; background: var(--bg); color: var(--fg);
  font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
article, header.site, footer.pager { max-width: 52rem; margin: 0 auto; }
header.site { margin-bottom: 1.5rem; font-size: 0.9rem; }
footer.pager { display: flex; justify-content: space-between; gap: 1rem; margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--border); }
h1, h2, h3, h4 { line-height: 1.25; margin: 2rem 0 0.75rem; }
h1 { font-size: 2rem; margin-top: 0; }
h2 { font-size: 1.5rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--border); }
a { color: var(--accent); }
p, ul, ol, blockquote, table { margin: 0 0 1rem; }
blockquote { margin-left: 0; padding: 0 1rem; color: var(--muted); border-left: 0.25rem solid var(--border); }
code, pre { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.85em; }
:not(pre) > code { padding: 0.15em 0.35em; background: var(--panel); border-radius: 4px; overflow-wrap: anywhere; }
pre { margin: 0 0 1rem; padding: 0.8rem 1rem; overflow-x: auto; background: var(--panel); border: 1px solid var(--border); border-radius: 6px; line-height: 1.45; }
pre code.hljs { padding: 0; background: transparent; }
.cell.code { margin: 1.25rem 0; }
pre.input { border-left: 3px solid var(--accent); }
.outputs { margin-top: -0.25rem; }
pre.output { background: transparent; }
pre.output.stderr { border-color: #d4a72c; }
pre.output.error { background: var(--error-bg); color: var(--error-fg); border-color: var(--error-fg); }
figure.output { margin: 0 0 1rem; }
figure.output img { max-width: 100%; height: auto; }
figure.output svg, .output.html svg { max-width: none; background: #ffffff; border-radius: 6px; }
.output.html { margin-bottom: 1rem; }
.scroll { overflow-x: auto; max-width: 100%; }
.scroll:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
figure.output-figure { margin: 0 0 1.5rem; }
figure.output-figure > figcaption, figure.cell-figure figcaption { overflow-wrap: anywhere; }
figure.output-figure > figcaption { font-size: 0.9rem; color: var(--muted); }
figure.output-figure.table table > caption { display: none; }
.podtalk-hops td code { white-space: nowrap; overflow-wrap: normal; }
.podtalk-trace td .place { font: 0.75rem ui-monospace, monospace; color: var(--muted); margin-top: 0.15rem; }
.podtalk-trace-diagram { margin: 0 0 1rem; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { padding: 0.3rem 0.7rem; border: 1px solid var(--border); text-align: left; vertical-align: top; }
table.podtalk-table td:first-child, table.podtalk-table th { white-space: nowrap; }
table.podtalk-table caption { caption-side: top; text-align: left; font: 0.8rem ui-monospace, monospace; color: var(--muted); padding-bottom: 0.25rem; }
/* A trace's command and its output wrap rather than scroll: a scrolling <pre> would need to be focusable. */
.podtalk-trace pre.command { white-space: pre-wrap; overflow-wrap: anywhere; }
.podtalk-trace pre.rule { margin: 0.35rem 0 0; padding: 0.4rem 0.6rem; font-size: 0.75em; white-space: pre-wrap; }
.podtalk-trace tr.failing td { background: var(--error-bg); }
.podtalk-trace .reason, .podtalk-trace .fix, .podtalk-trace .change { margin-top: 0.25rem; font-size: 0.9em; }
th { background: var(--panel); }
img { max-width: 100%; }
details > summary { cursor: pointer; color: var(--muted); font-size: 0.9rem; margin-bottom: 0.5rem; }
nav.toc { margin: 0 0 2rem; padding: 0.75rem 1.25rem; background: var(--panel); border: 1px solid var(--border); border-radius: 6px; }
nav.toc h2 { font-size: 1rem; margin: 0 0 0.5rem; border: 0; padding: 0; }
nav.toc ol { margin: 0; }
.missing-image { color: var(--muted); font-style: italic; }
ol.articles li { margin: 0.4rem 0; font-size: 1.1rem; }
p.byline { color: var(--muted); margin: -0.25rem 0 1.5rem; }
blockquote.admonition { color: var(--fg); border-left-color: var(--accent); background: var(--panel); padding: 0.6rem 1rem; border-radius: 0 6px 6px 0; }
blockquote.admonition > :last-child { margin-bottom: 0; }
blockquote.admonition.warning, blockquote.admonition.caution, blockquote.admonition.danger { border-left-color: #d4a72c; }
blockquote.admonition.important { border-left-color: #8250df; }
p.admonition-title { font-weight: 600; margin-bottom: 0.25rem; }
figure.cell-figure { margin: 0 0 1.5rem; }
figure.cell-figure figcaption { font-size: 0.9rem; color: var(--muted); }
.figure-number { font-weight: 600; }
nav.toc ol ol { margin: 0.2rem 0; }
.math.display { overflow-x: auto; margin: 0 0 1rem; }
.vega-chart.interactive .vega-view { max-width: 100%; }
/* Accessible and comfortable: the index page, figures' text versions, the dark theme, narrow screens. */
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.index .introduction { margin-bottom: 1.5rem; }
ol.articles { list-style: none; padding-left: 0; }
ol.articles li { display: block; padding: 0.35rem 0; border-bottom: 1px solid var(--border); }
.article-number { display: inline-block; min-width: 2.2em; font: 600 0.95em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted); }
.article-meta { font-size: 0.85rem; color: var(--muted); white-space: nowrap; }
p.total-time { color: var(--muted); }
details.text-version { margin: 0.25rem 0 0; }
details.text-version > pre { margin-top: 0.25rem; }
/* The focusable <pre> scrolls, not highlight.js's <code> inside it, so the keyboard can scroll wide code. */
pre.input > code.hljs { overflow: visible; padding: 0; }
@media (prefers-color-scheme: light) {
  /* highlight.js's GitHub colours that fall below 4.5:1 on the code panel (keyword red 4.2:1, built-in orange 3.3:1), darkened. */
  pre code .hljs-keyword, pre code .hljs-doctag, pre code .hljs-template-tag, pre code .hljs-type, pre code .hljs-variable.language_, pre code .hljs-meta .hljs-keyword { color: #cf222e; }
  pre code .hljs-built_in, pre code .hljs-symbol { color: #953800; }
  pre code .hljs-comment, pre code .hljs-code, pre code .hljs-formula { color: #57606a; }
}
@media (prefers-color-scheme: dark) {
  /* Figures keep their white background, framed so that they read as pictures on the dark page. */
  figure.output svg, .output.html svg { outline: 1px solid var(--border); }
  pre.output.stderr { border-color: #9e6a03; }
}
@media (max-width: 480px) {
  body { padding: 1.25rem 0.75rem 3rem; font-size: 16px; }
  h1 { font-size: 1.6rem; }
  h2 { font-size: 1.3rem; }
  .article-meta { white-space: normal; }
  footer.pager { flex-direction: column; }
}
/* The packet stepper (stepper-script.ts builds it; without JavaScript none of it is on the page). */
.podtalk-stepper { margin: 0 0 0.75rem; padding: 0.5rem 0.75rem; border: 1px solid var(--border); border-radius: 6px; background: var(--panel); }
.podtalk-stepper:focus-visible, .podtalk-stepper button:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.podtalk-stepper-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
.podtalk-stepper-title { font-weight: 600; margin-right: auto; }
.podtalk-stepper button { font: inherit; font-size: 0.9rem; padding: 0.2rem 0.7rem; border: 1px solid var(--border); border-radius: 4px; background: var(--bg); color: var(--fg); cursor: pointer; }
.podtalk-stepper button[aria-disabled="true"] { color: var(--muted); cursor: default; }
.podtalk-stepper-count { font-variant-numeric: tabular-nums; min-width: 6.5em; text-align: center; }
.podtalk-stepper-panel { margin-top: 0.5rem; font-size: 0.9rem; }
.podtalk-stepper-where { margin: 0 0 0.35rem; font-weight: 600; }
.podtalk-stepper-fields { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.2rem 0.75rem; margin: 0; }
.podtalk-stepper-fields dt { color: var(--muted); }
.podtalk-stepper-fields dd { margin: 0; overflow-wrap: anywhere; }
.podtalk-stepper-fields code { white-space: pre-wrap; }
@media (max-width: 560px) { .podtalk-stepper-title { flex-basis: 100%; } .podtalk-stepper-fields { grid-template-columns: minmax(0, 1fr); } .podtalk-stepper-fields dd { margin-bottom: 0.3rem; } }
/* A light tint (text keeps its contrast in both themes) and an amber bar at the row's start. */
.podtalk-trace tr.podtalk-current td { background: rgba(245, 158, 11, 0.14); }
.podtalk-trace tr.podtalk-current td:first-child { box-shadow: inset 4px 0 0 #f59e0b; }
circle.podtalk-step-ring { stroke: #f59e0b; }
/* Exercises: the cell a learner edits is framed and labelled; hints and solutions are folded. */
section.cell.exercise { padding: 0.6rem 0.9rem 0.1rem; border: 2px solid var(--accent); border-radius: 8px; }
p.exercise-label { margin: 0 0 0.6rem; font-weight: 600; }
.exercise-badge { display: inline-block; margin-right: 0.5rem; padding: 0.05rem 0.55rem; border-radius: 999px; background: var(--accent); color: var(--bg); font-size: 0.8rem; font-weight: 700; letter-spacing: 0.02em; text-transform: uppercase; }
details.hint, details.solution { margin: 0 0 1rem; padding: 0.4rem 0.9rem; border: 1px solid var(--border); border-radius: 6px; background: var(--panel); }
details.hint > summary, details.solution > summary { margin: 0; font-weight: 600; color: var(--fg); }
details.hint[open] > summary, details.solution[open] > summary { margin-bottom: 0.5rem; }
details.solution { border-left: 3px solid #1a7f37; }
@media (max-width: 480px) { section.cell.exercise { padding: 0.5rem 0.5rem 0.1rem; } details.hint, details.solution { padding: 0.4rem 0.6rem; } }`;

import { strict as assert } from "node:assert";
import { join } from "node:path";
import { exportIndex, exportNotebook, sanitizeMarkup } from "../../lib/notebook/export.js";
import { readNotebook, type Notebook } from "../../lib/notebook/ipynb.js";
import { packageRoot } from "../../lib/notebook/kernelspec.js";

const FIXTURES = join(packageRoot(), "test", "fixtures", "notebook");

/** Every src= / href= value pointing at the network (http, https or protocol-relative). */
const REMOTE_REFERENCE = /\b(?:src|href|xlink:href)\s*=\s*["']?\s*(?:https?:)?\/\//i;

describe("exportNotebook()", () => {
  const html = exportNotebook(readNotebook(join(FIXTURES, "article.ipynb")));

  it("is one self-contained page: no script, no remote src or href, no stylesheet link", () => {
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, REMOTE_REFERENCE);
    assert.doesNotMatch(html, /<link\b/i);
    assert.doesNotMatch(html, /@import|url\(\s*['\"]?(?:https?:)?\/\//i);
    assert.match(html, /^<!DOCTYPE html>/);
  });

  it("takes the title from the first H1 and renders markdown without raw HTML", () => {
    assert.match(html, /<title>Pods talk<\/title>/);
    assert.match(html, /<h1 id="pods-talk">Pods talk<\/h1>/);
    assert.match(html, /A <em>Pod<\/em> gets an IP/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, "markdown HTML is shown as text");
  });

  it("lists the H2 headings as a table of contents", () => {
    assert.match(html, /<h1 id="pods-talk">.*<nav class="toc"[^>]*>.*href="#build-a-cluster".*href="#look-at-it"/s);
  });

  it("highlights TypeScript code with inline highlight.js styles", () => {
    assert.match(html, /<code class="hljs language-typescript"><span class="hljs-keyword">import<\/span>/);
    assert.match(html, /\.hljs-keyword[,{]/);
    assert.match(html, /prefers-color-scheme: dark/);
  });

  it("shows SVG outputs inline, ahead of Vega-Lite and text", () => {
    assert.match(html, /<figure class="output svg"><svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*node-a.*<\/svg><\/figure>/s);
    assert.doesNotMatch(html, /Topology\(2 nodes\)/);
  });

  it("shows text outputs and streams escaped in <pre>", () => {
    assert.match(html, /<pre class="output text">NAME   READY   IP\nweb    1\/1     10.244.1.2 &lt;&amp;&gt;<\/pre>/);
    assert.match(html, /<pre class="output stream stdout">created 2 nodes\n<\/pre>/);
  });

  it("honours remove-cell, remove-input, remove-output and hide-input", () => {
    assert.doesNotMatch(html, /removed-cell-marker|removed-cell-output/, "remove-cell");
    assert.doesNotMatch(html, /hidden-input-marker/, "remove-input hides the code");
    assert.match(html, /visible-output-marker/, "remove-input keeps the output");
    assert.doesNotMatch(html, /removed-output-marker/, "remove-output");
    assert.match(html, /kept-input-marker/, "remove-output keeps the code");
    assert.match(html, /<details class="input"><summary>Show code<\/summary>.*hide-input-marker/s, "hide-input folds the code");
  });

  it("never embeds remote images from markdown or outputs", () => {
    const nb: Notebook = {
      nbformat: 4, nbformat_minor: 5, metadata: { title: "Images" },
      cells: [
        { cell_type: "markdown", id: "m", metadata: {}, source: "![logo](https://example.com/logo.png) ![x](//cdn.example.com/x.png)" },
        { cell_type: "code", id: "c", metadata: {}, source: "x", execution_count: 1, outputs: [
          { output_type: "display_data", metadata: {}, data: { "text/html": '<img src="https://example.com/a.png" onerror="alert(1)"><script src="https://x/y.js"></script><table><tr><td>ok</td></tr></table>' } },
        ] },
      ],
    };
    const page = exportNotebook(nb);
    assert.doesNotMatch(page, REMOTE_REFERENCE);
    assert.doesNotMatch(page, /<script|onerror/i);
    assert.match(page, /<title>Images<\/title>/);
    assert.match(page, /\[logo\]/);
    assert.match(page, /<td>ok<\/td>/);
  });
});

describe("sanitizeMarkup()", () => {
  it("keeps what vega's SVG renderer emits", () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="marks" width="10" height="10" viewBox="0 0 10 10"><defs><clipPath id="c1"><rect width="10" height="10"/></clipPath></defs><g fill="none" stroke-miterlimit="10" clip-path="url(#c1)"><path d="M0,0h10" style="fill: #4c78a8;"/><text font-family="sans-serif" font-size="10px">a</text></g></svg>';
    assert.equal(sanitizeMarkup(svg), svg);
  });
});

describe("exportIndex()", () => {
  it("lists the articles in the given order with their titles and links", () => {
    const page = exportIndex([{ title: "Pods <1>", href: "01-pods.html" }, { title: "Services", href: "02-services.html" }], { title: "Course" });
    assert.match(page, /<h1>Course<\/h1>/);
    assert.match(page, /<li><a href="01-pods.html">Pods &lt;1&gt;<\/a><\/li>\n<li><a href="02-services.html">Services<\/a><\/li>/);
    assert.doesNotMatch(page, /<script/);
  });
});

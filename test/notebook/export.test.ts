import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ExportError, articleMinutes, exportFailedNotebook, exportIndex, exportNotebook, sanitizeMarkup } from "../../lib/notebook/export/index.js";
import { readNotebook, type Notebook, type Output } from "../../lib/notebook/ipynb.js";
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

  it("takes the title from the first H1 and sanitises raw HTML in markdown", () => {
    assert.match(html, /<title>Pods talk<\/title>/);
    assert.match(html, /<h1 id="pods-talk">Pods talk<\/h1>/);
    assert.match(html, /A <em>Pod<\/em> gets an IP/);
    assert.doesNotMatch(html, /alert\(1\)/, "the script in markdown is gone");
  });

  it("forbids every fetch with a Content-Security-Policy and allows no script", () => {
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; script-src 'none'">/,
    );
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
    assert.match(
      html,
      /<figure class="output svg"><div class="scroll"[^>]*><svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*node-a.*<\/svg><\/div><details class="text-version"><summary>Text version<\/summary>.*<\/details><\/figure>/s,
    );
    // The text rendering is not shown as an output of its own: it describes the SVG and is its text version.
    assert.doesNotMatch(html, /<pre class="output text" tabindex="0">Topology\(2 nodes\)/);
    assert.match(html, /<desc id="figure-svg-1-desc">Topology\(2 nodes\)<\/desc>/);
    assert.match(html, /<summary>Text version<\/summary><pre class="output text">Topology\(2 nodes\)<\/pre>/);
  });

  it("shows text outputs and streams escaped in <pre>", () => {
    assert.match(html, /<pre class="output text" tabindex="0">NAME   READY   IP\nweb    1\/1     10.244.1.2 &lt;&amp;&gt;<\/pre>/);
    assert.match(html, /<pre class="output stream stdout" tabindex="0">created 2 nodes\n<\/pre>/);
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
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { title: "Images" },
      cells: [
        { cell_type: "markdown", id: "m", metadata: {}, source: "![logo](https://example.com/logo.png) ![x](//cdn.example.com/x.png)" },
        {
          cell_type: "code",
          id: "c",
          metadata: {},
          source: "x",
          execution_count: 1,
          outputs: [
            {
              output_type: "display_data",
              metadata: {},
              data: {
                "text/html":
                  '<img src="https://example.com/a.png" onerror="alert(1)"><script src="https://x/y.js"></script><table><tr><td>ok</td></tr></table>',
              },
            },
          ],
        },
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
  it("keeps what vega's SVG renderer emits (element names, case, attributes and styles)", () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="marks" width="10" height="10" viewBox="0 0 10 10"><defs><clipPath id="c1"><rect width="10" height="10"/></clipPath></defs><g fill="none" stroke-miterlimit="10" clip-path="url(#c1)"><path d="M0,0h10" style="fill: #4c78a8;"/><text font-family="sans-serif" font-size="10px">a</text></g></svg>';
    assert.equal(
      sanitizeMarkup(svg),
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="marks" width="10" height="10" viewBox="0 0 10 10"><defs><clipPath id="c1"><rect width="10" height="10"></rect></clipPath></defs><g fill="none" stroke-miterlimit="10" clip-path="url(#c1)"><path d="M0,0h10" style="fill:#4c78a8"></path><text font-family="sans-serif" font-size="10px">a</text></g></svg>',
    );
  });

  const attacks: { name: string; html: string; gone: RegExp; kept?: RegExp }[] = [
    { name: "a script element", html: "<p>ok</p><script>alert(1)</script>", gone: /script|alert/, kept: /<p>ok<\/p>/ },
    {
      name: "an event handler",
      html: '<img src="data:image/png;base64,AA" onerror="alert(1)">',
      gone: /onerror/,
      kept: /<img src="data:image\/png;base64,AA"/,
    },
    { name: "a javascript: link", html: '<a href="javascript:alert(1)">x</a>', gone: /javascript/, kept: /<a>x<\/a>/ },
    { name: "a javascript: link hidden by entities", html: '<a href="jav&#x09;ascript:alert(1)">x</a>', gone: /ascript/ },
    { name: "an SVG javascript: xlink:href", html: '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', gone: /javascript/ },
    { name: "an SVG event handler", html: '<svg onload="alert(1)"><rect onclick="alert(2)"/></svg>', gone: /onload|onclick|alert/ },
    { name: "a remote image", html: '<img src="https://example.com/a.png">', gone: /example\.com/ },
    { name: "a remote SVG image", html: '<svg><image href="//example.com/a.png"/></svg>', gone: /example\.com/ },
    {
      name: "a style sheet and a remote background",
      html: '<style>@import "https://x/y.css";</style><div style="background: url(https://x/y.png)">x</div>',
      gone: /https|@import/,
    },
    { name: "an iframe", html: '<iframe src="https://example.com"></iframe>', gone: /iframe/ },
  ];
  for (const { name, html: markup, gone, kept } of attacks) {
    it(`removes ${name}`, () => {
      const clean = sanitizeMarkup(markup);
      assert.doesNotMatch(clean, gone);
      if (kept) assert.match(clean, kept);
    });
  }
});

function notebook(
  cells: { markdown?: string; code?: string; outputs?: Output[]; metadata?: Record<string, unknown> }[],
  metadata: Record<string, unknown> = {},
): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata,
    cells: cells.map((c, i) =>
      c.markdown !== undefined
        ? { cell_type: "markdown", id: `m${i}`, metadata: c.metadata ?? {}, source: c.markdown }
        : { cell_type: "code", id: `c${i}`, metadata: c.metadata ?? {}, source: c.code ?? "", execution_count: 1, outputs: c.outputs ?? [] },
    ),
  };
}

const CHART: Output = {
  output_type: "display_data",
  metadata: {},
  data: {
    "application/vnd.vegalite.v5+json": {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      data: { values: [{ a: "x", b: 1 }] },
      mark: "bar",
      encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } },
    },
    "image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/></svg>',
    "text/plain": "Chart",
  },
};

describe("exportNotebook() article features", () => {
  it("shows author and date from the metadata under the title", () => {
    const page = exportNotebook(notebook([{ markdown: "# T" }], { authors: [{ name: "Ada" }, { name: "Grace <3" }], date: "2026-05-01" }));
    assert.match(
      page,
      /<h1 id="t">T<\/h1>\n<\/section>\n<p class="byline"><span class="author">Ada, Grace &lt;3<\/span> · <time datetime="2026-05-01">2026-05-01<\/time><\/p>/,
    );
    assert.match(page, /<meta name="author" content="Ada">/);
  });

  it("nests H3 headings under their H2 in the contents", () => {
    const page = exportNotebook(notebook([{ markdown: "# T\n## A\n### A1\n### A2\n## B" }]));
    assert.match(
      page,
      /<nav class="toc"[^>]*><h2>Contents<\/h2><ol><li><a href="#a">A<\/a><ol><li><a href="#a1">A1<\/a><\/li><li><a href="#a2">A2<\/a><\/li><\/ol><\/li><li><a href="#b">B<\/a><\/li><\/ol><\/nav>/,
    );
  });

  it("renders tables, admonitions in both styles, and math with KaTeX (fonts inlined)", () => {
    const page = exportNotebook(
      notebook([
        {
          markdown:
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n> **Note**\n> Pods are cattle.\n\n> [!WARNING]\n> Do not.\n\nInline $x^2$ costs $5 and $6.\n\n$$\n\\frac{a}{b}\n$$",
        },
      ]),
    );
    assert.match(page, /<table>\n<thead>\n<tr>\n<th>a<\/th>/);
    assert.match(page, /<blockquote class="admonition note">\n<p><strong>Note<\/strong>\nPods are cattle.<\/p>/);
    assert.match(page, /<blockquote class="admonition warning">\n?<p class="admonition-title">Warning<\/p>\n<p>Do not.<\/p>/);
    assert.match(page, /Inline <span class="katex">.*<annotation encoding="application\/x-tex">x\^2<\/annotation>/s);
    assert.match(page, /costs \$5 and \$6\./, "prices are not math");
    assert.match(page, /<div class="math display"><span class="katex-display">.*\\frac\{a\}\{b\}/s);
    assert.match(page, /@font-face\{[^}]*src:url\(data:font\/woff2;base64,/);
    assert.doesNotMatch(page, /url\(fonts\//);
  });

  it("renders math in a text/markdown output as in a markdown cell: its own formula, with the KaTeX stylesheet", () => {
    const tex = (page: string, where: RegExp): string[] =>
      [...(where.exec(page)?.[1] ?? "").matchAll(/<annotation encoding="application\/x-tex">([^<]*)<\/annotation>/g)].map((m) => m[1]!);
    const output = (markdown: string): Output => ({ output_type: "display_data", data: { "text/markdown": markdown, "text/plain": "md" }, metadata: {} });
    const page = exportNotebook(notebook([{ markdown: "# T\n\nCell: $a+b$" }, { code: "show()", outputs: [output("Output: $x^2$ and\n\n$$\\frac{1}{2}$$")] }]));
    assert.deepEqual(tex(page, /<div class="output markdown">([\s\S]*?)<\/div><\/div>/), ["x^2", "\\frac{1}{2}"]);
    const only = exportNotebook(notebook([{ markdown: "# T" }, { code: "show()", outputs: [output("$y$")] }]));
    assert.deepEqual(tex(only, /<div class="output markdown">([\s\S]*?)<\/div><\/div>/), ["y"]);
    assert.match(only, /\.katex\b/, "the KaTeX stylesheet is in the page");
  });

  it("adds no KaTeX stylesheet when there is no math", () => {
    assert.doesNotMatch(exportNotebook(notebook([{ markdown: "# T\n\nno math, $5" }])), /katex/);
  });

  it("numbers captioned figures and gives them their label as id", () => {
    const page = exportNotebook(
      notebook([
        { code: "a", outputs: [CHART], metadata: { caption: "The *cluster*", label: "fig-cluster" } },
        { code: "b", outputs: [CHART], metadata: { figure: { caption: "Second" } } },
      ]),
    );
    assert.match(
      page,
      /<figure class="cell-figure" id="fig-cluster"><div class="outputs">.*<\/div><figcaption><span class="figure-number">Figure 1\.<\/span> The <em>cluster<\/em><\/figcaption><\/figure>/s,
    );
    assert.match(page, /Figure 2\.<\/span> Second/);
  });

  it("takes a caption from podtalk.caption in the cell's metadata", () => {
    const page = exportNotebook(notebook([{ code: "a", outputs: [CHART], metadata: { podtalk: { caption: "Where the Pods run" } } }]));
    assert.match(page, /<figure class="cell-figure">.*<figcaption><span class="figure-number">Figure 1\.<\/span> Where the Pods run<\/figcaption>/s);
  });

  it("captions every figure and table output without a caption of its own, from what it shows", () => {
    const display = (data: Record<string, unknown>): Output => ({ output_type: "display_data", metadata: {}, data });
    const trace = display({
      "text/html": '<div class="podtalk-trace ok"><table class="podtalk-table podtalk-hops"><tr><td>1</td></tr></table></div>',
      "text/plain": "$ kubectl exec frontend-5d68d6b965-4zxtr -c web -- curl -s http://my-api:8080/\nHostname: api",
    });
    const table = display({
      "text/html": '<table class="podtalk-table"><caption>kubectl get pods -o wide</caption><tr><td>x</td></tr></table>',
      "text/plain": "NAME",
    });
    const topology = display({
      ...CHART.data,
      "application/vnd.vegalite.v5+json": { ...(CHART.data["application/vnd.vegalite.v5+json"] as object), description: "Cluster: 3 nodes · 4 Pods\nnode-1" },
    });
    const page = exportNotebook(notebook([{ code: "a", outputs: [trace, table, topology, { output_type: "stream", name: "stdout", text: "plain\n" }] }]));
    const captions = [...page.matchAll(/<figcaption>(.*?)<\/figcaption>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ""));
    assert.deepEqual(captions, [
      "Figure 1. Hop by hop: curl -s http://my-api:8080/ from frontend-5d68d6b965-4zxtr",
      "Table 1. kubectl get pods -o wide",
      "Figure 2. Topology of the cluster: 3 nodes · 4 Pods",
    ]);
    assert.match(page, /<pre class="output stream stdout" tabindex="0">plain/, "a stream gets no caption");
  });

  it("puts a wide figure or table in a named, focusable box that scrolls sideways, at its natural size", () => {
    const page = exportNotebook(notebook([{ code: "a", outputs: [CHART] }]));
    assert.match(page, /<div class="scroll" tabindex="0" role="region" aria-label="[^"]+"><svg /);
    assert.match(page, /\.scroll \{ overflow-x: auto;/);
    assert.match(page, /figure\.output svg, \.output\.html svg \{ max-width: none;/, "figures are never shrunk to the column");
  });

  it("leaves out every code input with noInput, keeping the outputs", () => {
    const page = exportNotebook(notebook([{ code: "const secret = 1;", outputs: [{ output_type: "stream", name: "stdout", text: "shown\n" }] }]), {
      noInput: true,
    });
    assert.doesNotMatch(page, /secret/);
    assert.match(page, /shown/);
  });

  it("leaves out cells tagged verify, input and output, unless showChecks", () => {
    const verified = {
      output_type: "execute_result",
      execution_count: 2,
      metadata: {},
      data: { "text/plain": "✔ verified: the replacement got a new IP" },
    } as Output;
    const nb = notebook([
      { code: "const ip = 1;", outputs: [{ output_type: "stream", name: "stdout", text: "kept\n" }] },
      { code: 'check(ip !== 2, "the replacement got a new IP")', outputs: [verified], metadata: { tags: ["verify"] } },
    ]);
    const page = exportNotebook(nb);
    assert.match(page, /kept/);
    assert.doesNotMatch(page, /check\(ip/, "no source of the verify cell");
    assert.doesNotMatch(page, /verified:/, "no output of the verify cell");
    const shown = exportNotebook(nb, { showChecks: true });
    assert.match(shown, /check/);
    assert.match(shown, /✔ verified: the replacement got a new IP/);
  });

  it("with trust, inlines output HTML as is", () => {
    const cells = [{ code: "x", outputs: [{ output_type: "display_data", metadata: {}, data: { "text/html": '<b onclick="go()">hi</b>' } } as Output] }];
    assert.match(exportNotebook(notebook(cells), { trust: true }), /<b onclick="go\(\)">hi<\/b>/);
    assert.doesNotMatch(exportNotebook(notebook(cells)), /onclick/);
  });

  it("interactive: inlines vega-embed and each spec, keeps the SVG as fallback, still no remote reference", () => {
    const page = exportNotebook(notebook([{ code: "c", outputs: [CHART] }]), { interactive: true });
    assert.match(
      page,
      /<figure class="output svg vega-chart" data-vega-spec="vega-chart-1"><svg [^>]*><title [^>]*>Chart<\/title><desc [^>]*>Chart<\/desc><rect[^>]*><\/rect><\/svg><\/figure>/,
    );
    assert.match(page, /<script type="application\/json" id="vega-chart-1">\{"\$schema":"https:\/\/vega.github.io\/schema\/vega-lite\/v5.json"/);
    assert.match(page, /vegaEmbed/);
    // Only the page's own scripts run, each allowed by its hash; Vega compiles expressions, hence 'unsafe-eval'.
    assert.match(page, /script-src 'sha256-[A-Za-z0-9+/]+=*' 'sha256-[A-Za-z0-9+/]+=*' 'unsafe-eval'">/);
    assert.doesNotMatch(page, /'unsafe-inline' 'unsafe-eval'/);
    assert.doesNotMatch(page, /<script[^>]+src=/i);
    assert.doesNotMatch(page, /sourceMappingURL/);
  });

  it("interactive without charts adds no script", () => {
    assert.doesNotMatch(exportNotebook(notebook([{ markdown: "# T" }]), { interactive: true }), /<script/);
  });
});

describe("exportIndex()", () => {
  it("lists the articles in the given order with their titles and links", () => {
    const page = exportIndex(
      [
        { title: "Pods <1>", href: "01-pods.html" },
        { title: "Services", href: "02-services.html" },
      ],
      { title: "Course" },
    );
    assert.match(page, /<h1>Course<\/h1>/);
    assert.match(page, /<li><a href="01-pods.html">Pods &lt;1&gt;<\/a><\/li>\n<li><a href="02-services.html">Services<\/a><\/li>/);
    assert.doesNotMatch(page, /<script/);
  });

  it("is the course's front door: its introduction, numbered and timed articles, downloads, the total and how to run them", () => {
    const page = exportIndex(
      [
        { title: "Pods", href: "00-pods.html", number: "00", minutes: 12, notebookHref: "notebooks/00-pods.ipynb" },
        { title: "Services", href: "01-services.html", number: "01", minutes: 50, notebookHref: "notebooks/01-services.ipynb" },
      ],
      { title: "Course", introduction: "For **developers**. <script>alert(1)</script>" },
    );
    assert.match(page, /<h1>Course<\/h1><div class="introduction"><p>For <strong>developers<\/strong>. &lt;script&gt;/, "markdown, raw HTML shown as text");
    assert.match(
      page,
      /<li><span class="article-number">00<\/span> <a href="00-pods.html">Pods<\/a> <span class="article-meta">· <span class="minutes">about 12 min<\/span> · <a class="download" href="notebooks\/00-pods.ipynb" download>/,
    );
    assert.match(page, /<p class="total-time">2 articles, about 1 h 2 min in all.<\/p>/);
    assert.match(page, /<h2 id="run-yourself">Run the notebooks yourself<\/h2>[\s\S]*npx podtalk run notebooks\/00-pods.ipynb/);
  });
});

describe("articleMinutes()", () => {
  it("takes the notebook's own podtalk.minutes when it sets one", () => {
    assert.equal(articleMinutes(notebook([{ markdown: "# T" }], { podtalk: { minutes: 14.2 } })), 15);
  });

  it("else estimates 200 words a minute plus half a minute per shown code cell, leaving out verify and remove-cell cells", () => {
    const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const cells = [
      { markdown: `# T\n\n${words}` },
      { code: "a" },
      { code: "b" },
      { code: "check()", metadata: { tags: ["verify"] } },
      { code: "c", metadata: { tags: ["remove-cell"] } },
    ];
    // 401 words (the heading's "T" counts) = 2.005 min, + 2 cells × 0.5 = 3.005, rounded up.
    assert.equal(articleMinutes(notebook(cells)), 4);
    assert.equal(articleMinutes(notebook([{ markdown: "# T" }])), 1, "at least a minute");
  });
});

describe("exportNotebook() SVG figures for screen readers", () => {
  it("names each SVG by its caption, describes it by its text rendering, and shows that text under a Text version", () => {
    const html = exportNotebook(notebook([{ markdown: "# T" }, { code: "chart", outputs: [CHART] }, { code: "chart", outputs: [CHART] }]));
    assert.match(
      html,
      /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="10" height="10" role="img" aria-labelledby="figure-svg-1-title" aria-describedby="figure-svg-1-desc"><title id="figure-svg-1-title">Chart<\/title><desc id="figure-svg-1-desc">Chart<\/desc><rect/,
    );
    assert.match(html, /aria-labelledby="figure-svg-2-title"/, "ids are unique in the page");
    assert.match(html, /<details class="text-version"><summary>Text version<\/summary><pre class="output text">Chart<\/pre><\/details>/);
  });

  it("names the SVG inside an HTML output and keeps the ARIA of the HTML around it", () => {
    const output: Output = {
      output_type: "display_data",
      metadata: {},
      data: {
        "text/html": '<div aria-label="keep me"><svg width="1"><g role="graphics-symbol" aria-label="drop me"></g></svg></div>',
        "text/plain": "a trace",
      },
    };
    const html = exportNotebook(notebook([{ markdown: "# T" }, { code: "t", outputs: [output] }]));
    assert.match(
      html,
      /<div aria-label="keep me"><svg width="1" role="img" aria-labelledby="figure-svg-1-title" aria-describedby="figure-svg-1-desc"><title id="figure-svg-1-title">Output<\/title><desc id="figure-svg-1-desc">a trace<\/desc><g><\/g><\/svg><\/div>/,
    );
  });

  it("names an SVG by its cell's caption when the cell gives one", () => {
    const html = exportNotebook(
      notebook([{ markdown: "# T" }, { code: "chart", outputs: [CHART], metadata: { podtalk: { caption: "Requests *per* `Pod`" } } }]),
    );
    assert.match(html, /<title id="figure-svg-1-title">Requests per Pod<\/title>/);
  });

  it("leaves out the per-mark ARIA that SVGs stored by older runs carry, and replaces the root's own", () => {
    const old: Output = {
      output_type: "display_data",
      metadata: {},
      data: {
        "image/svg+xml":
          '<svg role="graphics-document" aria-label="x"><g role="graphics-symbol" aria-roledescription="rect mark container"><path aria-label="x: 1; y: 2" d="M0,0h1"/></g></svg>',
        "text/plain": "Cluster: 1 node",
      },
    };
    const html = exportNotebook(notebook([{ markdown: "# T" }, { code: "t", outputs: [old] }]));
    assert.match(
      html,
      /<svg role="img" aria-labelledby="figure-svg-1-title" aria-describedby="figure-svg-1-desc"><title id="figure-svg-1-title">Topology of the cluster: 1 node<\/title><desc id="figure-svg-1-desc">Cluster: 1 node<\/desc><g><path d="M0,0h1"/,
    );
  });
});

describe("exportNotebook() on cells it cannot render", () => {
  it("throws an ExportError naming the cell when math is nested too deeply for KaTeX", () => {
    const deep = `$${"{".repeat(3000)}x${"}".repeat(3000)}$`;
    assert.throws(
      () => exportNotebook(notebook([{ markdown: "# Deep" }, { code: "1" }, { markdown: `Before ${deep} after` }])),
      (e: unknown) => {
        assert.ok(e instanceof ExportError);
        assert.equal(e.cell, 3);
        assert.match(e.message, /^cell 3: the math "\{\{\{.*…" is nested too deeply for KaTeX; simplify it$/);
        return true;
      },
    );
  });
});

describe("exportFailedNotebook()", () => {
  it("says why, escaped, and keeps the article's navigation", () => {
    const html = exportFailedNotebook("Math <deep>", 'cell 3: the math "{{" is nested too deeply', {
      indexHref: "index.html",
      previous: { title: "One", href: "01.html" },
      next: { title: "Three", href: "03.html" },
    });
    assert.match(html, /<title>Math &lt;deep&gt;<\/title>/);
    assert.match(html, /could not be exported: cell 3: the math &quot;\{\{&quot; is nested too deeply/);
    assert.match(html, /<a href="index.html">← All notebooks<\/a>/);
    assert.match(html, /<a rel="prev" href="01.html">← One<\/a><a rel="next" href="03.html">Three →<\/a>/);
    assert.doesNotMatch(html, /<script/);
  });
});

describe("sanitizeMarkup() on markup that loads without a Content-Security-Policy", () => {
  const H = "https://evil.example";
  const loads: { name: string; html: string; kept?: RegExp }[] = [
    { name: "a CSS escape in the URL", html: `<div style="background:url(\\68ttps://evil.example/a)">x</div>` },
    { name: "a CSS escape in url(", html: `<div style="background:u\\72l(${H}/c)">x</div>` },
    { name: "a comment before the URL", html: `<div style="background:url(/*x*/${H}/e)">x</div>` },
    { name: "image-set()", html: `<div style="background-image:image-set('${H}/b' 1x)">x</div>` },
    { name: "a relative url() in a style", html: `<div style="background:url(evil.png); color: red">x</div>`, kept: /color:\s*red/ },
    { name: "SVG fill=url(…)", html: `<svg><rect fill="url(${H}/i#x)" width="1"/></svg>`, kept: /<rect width="1">/ },
    { name: "SVG filter=url(…)", html: `<svg><rect filter="url(${H}/j#f)"/></svg>` },
    { name: "SVG clip-path=url(…)", html: `<svg><rect clip-path="url(${H}/k#c)"/></svg>` },
    { name: "SVG mask=url(…)", html: `<svg><rect mask="url(${H}/m#m)"/></svg>` },
    { name: "SVG marker-end=url(…)", html: `<svg><path marker-end="url(${H}/l#m)"/></svg>` },
    { name: "<table background>", html: `<table background="${H}/n"><tr><td>t</td></tr></table>`, kept: /<td>t<\/td>/ },
    { name: "a relative <img src>", html: `<img src="evil.png" alt="a">`, kept: /alt="a"/ },
    { name: "an absolute-path <img src>", html: `<img src="/evil.png">` },
    { name: "a relative SVG <image href>", html: `<svg><image href="evil.png"/></svg>` },
  ];
  for (const { name, html: markup, kept } of loads) {
    it(`removes ${name}`, () => {
      const clean = sanitizeMarkup(markup);
      assert.doesNotMatch(clean, /evil|\\|image-set/i, clean);
      if (kept) assert.match(clean, kept);
    });
  }

  it("keeps references inside the page and inline data, and text that merely looks like CSS", () => {
    const markup = `<svg><defs><clipPath id="c"><rect/></clipPath></defs><g clip-path="url(#c)" fill="url('#g')"><use href="#s"/><image href="data:image/png;base64,AA"/></g></svg><div style="background:url(data:image/png;base64,AA)" title="an image(1) url(x)">x</div>`;
    assert.equal(
      sanitizeMarkup(markup),
      `<svg><defs><clipPath id="c"><rect></rect></clipPath></defs><g clip-path="url(#c)" fill="url('#g')"><use href="#s"></use><image href="data:image/png;base64,AA"></image></g></svg><div style="background:url(data:image/png;base64,AA)" title="an image(1) url(x)">x</div>`,
    );
  });
});

describe("exportNotebook() heading ids", () => {
  it("numbers repeated headings from -2, skipping ids already taken", () => {
    const html = exportNotebook(notebook([{ markdown: "## x\n\n## x\n\n## x-2\n\n## x\n\n## y-1\n\n## y-1" }]));
    assert.deepEqual(
      [...html.matchAll(/<h2 id="([^"]+)">/g)].map((m) => m[1]),
      ["x", "x-2", "x-3", "x-4", "y-1", "y-2"],
    );
  });

  it("gives 20,000 repeated headings their ids in linear time (L13)", function () {
    this.timeout(8000);
    const started = Date.now();
    const html = exportNotebook(notebook([{ markdown: "## x\n\n".repeat(20_000) }]));
    assert.match(html, /<h2 id="x-20000">x<\/h2>/);
    assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
  });
});

describe("exportNotebook() math blocks", () => {
  it("closes a $$ block on the first line ending in $$, also inside a quote", () => {
    const html = exportNotebook(notebook([{ markdown: "$$\na = 1\n$$\n\n> $$\n> b = 2\n> $$\n\n$$ c\nd $$ e\n$$" }]));
    assert.equal(html.match(/<div class="math display">/g)?.length, 3);
    assert.match(html, /<blockquote>\n<div class="math display">/);
  });

  it("renders 20,000 lines that open $$ and never close it in linear time (L13)", function () {
    this.timeout(8000);
    const started = Date.now();
    const html = exportNotebook(notebook([{ markdown: "$$a\n".repeat(20_000) }]));
    assert.ok(html.includes('<section class="cell markdown">'), "the article is written");
    assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
  });
});

describe("exportNotebook() on very large text outputs", () => {
  it("shows the first MiB of an output, says how much is left out, and warns naming the cell", () => {
    const big = `${"line of output\n".repeat(150_000)}LAST-LINE-MARKER\n`;
    const warnings: string[] = [];
    const html = exportNotebook(notebook([{ markdown: "# Big" }, { code: "print()", outputs: [{ output_type: "stream", name: "stdout", text: big }] }]), {
      onWarning: (w) => warnings.push(w),
    });
    assert.ok(html.length < 1.5 * 1024 * 1024, `${html.length} characters`);
    assert.match(html, /<pre class="output stream stdout" tabindex="0">line of output\n/);
    assert.doesNotMatch(html, /LAST-LINE-MARKER/);
    assert.match(html, new RegExp(`\\[${big.length - 1024 * 1024} more characters of this output are left out of the article\\]</span></pre>`));
    assert.deepEqual(warnings, [`cell 2: an output of ${big.length} characters is cut to its first 1048576 in the article (the notebook keeps it whole)`]);
  });
});

describe("exportNotebook() and the renderer", () => {
  it("exports a notebook's figures as the notebook holds them, without loading vega (podtalk export starts in tenths of a second less)", () => {
    // A fresh process: what `podtalk export` loads to write an article of the course.
    const script = `
      const { exportNotebook } = require(${JSON.stringify(join(__dirname, "..", "..", "lib", "notebook", "export", "index.js"))});
      const { readNotebook } = require(${JSON.stringify(join(__dirname, "..", "..", "lib", "notebook", "ipynb.js"))});
      const html = exportNotebook(readNotebook(${JSON.stringify(join(packageRoot(), "notebooks", "00-every-pod-has-an-ip.ipynb"))}));
      const vega = Object.keys(require.cache).filter((f) => /[\\\\/]node_modules[\\\\/]vega/.test(f));
      console.log(JSON.stringify({ figures: (html.match(/<svg /g) ?? []).length, vega }));`;
    const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    const { figures, vega } = JSON.parse(run.stdout) as { figures: number; vega: string[] };
    assert.ok(figures > 0, "the article shows the notebook's figures");
    assert.deepEqual(vega, []);
  });
});

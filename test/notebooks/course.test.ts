/**
 * The course itself: every notebook in notebooks/ runs through podtalk's kernel, its committed
 * outputs are exactly what a fresh run gives, and `podtalk course` exports articles that open in
 * a real browser without loading anything.
 */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { main } from "../../lib/cli/main.js";
import { requireInterop } from "../internal/interop.js";
import { nbformatSchemaErrors } from "../notebook/internal/nbformat-schema.js";

/**
 * The page's only scripts are the exporter's own, inline (no `src`) and allowed by their SHA-256 in
 * the Content-Security-Policy, which has no 'unsafe-inline' for scripts.
 */
function assertOnlyHashedScripts(html: string): void {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? "";
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
  assert.doesNotMatch(scriptSrc, /unsafe-inline/);
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    assert.doesNotMatch(m[1]!, /\bsrc\s*=/i, "a script loaded from elsewhere");
    if (/type="application\/(?:json|ld\+json)"/.test(m[1]!)) continue;
    const hash = createHash("sha256").update(m[2]!, "utf8").digest("base64");
    assert.ok(scriptSrc.includes(`'sha256-${hash}'`), "an inline script whose hash the CSP does not list");
  }
}

const root = resolve(__dirname, "..", "..", "..");
const notebooksDir = join(root, "notebooks");
const notebooks = readdirSync(notebooksDir)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  name?: string;
  ename?: string;
}
interface Cell {
  cell_type: string;
  outputs?: Output[];
}

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), progress: false });
  return { code, out, err };
}

describe("the course (notebooks/)", function () {
  this.timeout(180_000);
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), "podtalk-course-"));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("has at least one notebook", () => {
    assert.ok(notebooks.length > 0, "notebooks/ holds no .ipynb file");
  });

  it("runs every notebook with `podtalk run` and gives exactly the committed bytes", async () => {
    const out = join(work, "run");
    const { code, err } = await cli(["run", ...notebooks.map((n) => join(notebooksDir, n)), "--out", out]);
    assert.equal(code, 0, err);
    for (const name of notebooks) {
      const fresh = readFileSync(join(out, name), "utf8");
      const committed = readFileSync(join(notebooksDir, name), "utf8");
      assert.deepEqual(nbformatSchemaErrors(fresh), [], `${name}: not valid nbformat 4.5`);
      assert.ok(
        fresh === committed,
        `${name}: a fresh run differs from the committed notebook; run \`node bin/podtalk.js run notebooks/${name}\` and review the diff`,
      );
    }
  });

  it("records charts as Vega-Lite v5, SVG and text, and no errors", () => {
    for (const name of notebooks) {
      const nb = JSON.parse(readFileSync(join(notebooksDir, name), "utf8")) as { cells: Cell[] };
      const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
      assert.deepEqual(
        outputs.filter((o) => o.output_type === "error").map((o) => o.ename),
        [],
        `${name} has error outputs`,
      );
      const charts = outputs.filter((o) => o.data?.["application/vnd.vegalite.v5+json"] !== undefined);
      assert.ok(charts.length > 0, `${name} has no chart output`);
      for (const chart of charts) {
        const spec = chart.data!["application/vnd.vegalite.v5+json"] as { $schema?: string };
        assert.equal(typeof spec, "object", "the Vega-Lite spec must be stored as a JSON object");
        assert.equal(spec.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
        const svg = chart.data!["image/svg+xml"];
        assert.ok(Array.isArray(svg) || typeof svg === "string", "a chart needs a static SVG");
        assert.match((Array.isArray(svg) ? svg.join("") : (svg as string)).trimStart(), /^<svg /);
        assert.ok(chart.data!["text/plain"], "a chart needs a text/plain equivalent");
        assert.equal(chart.data!["text/html"], undefined, "a chart bundle must not carry text/html");
      }
    }
  });

  it("running the same notebook twice gives byte-identical files", async () => {
    const name = notebooks[0]!;
    const a = join(work, "twice-a");
    const b = join(work, "twice-b");
    assert.equal((await cli(["run", join(notebooksDir, name), "--out", a])).code, 0);
    assert.equal((await cli(["run", join(notebooksDir, name), "--out", b])).code, 0);
    assert.ok(readFileSync(join(a, name)).equals(readFileSync(join(b, name))), "two runs differ");
  });

  it("`podtalk check` finds no difference between the committed outputs and a fresh run", async () => {
    const { code, err } = await cli(["check", ...notebooks.map((n) => join(notebooksDir, n))]);
    assert.equal(code, 0, err);
  });

  describe("`podtalk course notebooks --out DIR` (what npm start runs)", () => {
    let out: string;
    before(async () => {
      out = join(work, "site");
      const result = await cli(["course", notebooksDir, "--out", out]);
      assert.equal(result.code, 0, result.err);
      assert.match(result.out, /index\.html/);
    });

    it("writes an index page and one article per notebook", () => {
      assert.ok(existsSync(join(out, "index.html")));
      const index = readFileSync(join(out, "index.html"), "utf8");
      for (const name of notebooks) {
        const html = name.replace(/\.ipynb$/, ".html");
        assert.ok(existsSync(join(out, html)), `${html} missing`);
        assert.ok(index.includes(`href="${html}"`), `index does not link ${html}`);
      }
    });

    it("inlines every diagram as SVG and references nothing outside the file", () => {
      for (const name of notebooks) {
        const html = readFileSync(join(out, name.replace(/\.ipynb$/, ".html")), "utf8");
        assert.match(html, /<svg[\s>]/);
        assertOnlyHashedScripts(html);
        assert.doesNotMatch(html, /\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
        assert.doesNotMatch(html, /@import|url\(\s*["']?(?:https?:)?\/\//i);
      }
    });

    it("opens in Debian's chromium with zero network requests and zero console errors", async function () {
      requireInterop(this, "Debian's chromium (/usr/bin/chromium)", existsSync("/usr/bin/chromium"));
      await openInChromium(out, ["index.html", ...notebooks.map((n) => n.replace(/\.ipynb$/, ".html"))], async (page, name) => {
        if (name === "index.html") return;
        assert.ok((await page.locator("svg").count()) > 0, `${name} shows no SVG diagram`);
        await page.screenshot({ path: join(root, "dist", `${name.replace(/\.html$/, "")}.png`), fullPage: true });
      });
    });

    it("fits a 390 px phone: only code blocks, tables and figures scroll sideways, never the page", async function () {
      requireInterop(this, "Debian's chromium (/usr/bin/chromium)", existsSync("/usr/bin/chromium"));
      await openInChromium(out, ["index.html", ...notebooks.map((n) => n.replace(/\.ipynb$/, ".html"))], async (page, name) => {
        await page.setViewportSize({ width: 390, height: 844 });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `${name} is ${width} px wide on a 390 px screen`);
      });
    });

    it("links the articles in order with previous/next and a way back to the index", () => {
      const html = notebooks.map((n) => readFileSync(join(out, n.replace(/\.ipynb$/, ".html")), "utf8"));
      html.forEach((page, i) => {
        assert.match(page, /<a href="index.html">/);
        if (i > 0) assert.match(page, new RegExp(`rel="prev" href="${notebooks[i - 1]!.replace(/\.ipynb$/, ".html")}"`));
        if (i < html.length - 1) assert.match(page, new RegExp(`rel="next" href="${notebooks[i + 1]!.replace(/\.ipynb$/, ".html")}"`));
      });
    });
  });

  describe("`podtalk export --interactive` and `--no-input` over the course", () => {
    let out: string;
    before(async () => {
      out = join(work, "interactive");
      const ran = join(work, "run");
      const sources = notebooks.map((n) => (existsSync(join(ran, n)) ? join(ran, n) : join(notebooksDir, n)));
      const result = await cli(["export", ...sources, "--out", out, "--interactive"]);
      assert.equal(result.code, 0, result.err);
      const plain = await cli(["export", ...sources, "--out", join(work, "no-input"), "--no-input"]);
      assert.equal(plain.code, 0, plain.err);
    });

    it("inlines vega-embed and keeps every chart's SVG as the fallback", () => {
      for (const name of notebooks) {
        const html = readFileSync(join(out, name.replace(/\.ipynb$/, ".html")), "utf8");
        assert.match(html, /data-vega-spec="vega-chart-1"><svg/);
        assert.doesNotMatch(html, /<script[^>]+\bsrc=/i);
      }
    });

    it("--no-input leaves out the code", () => {
      for (const name of notebooks) {
        const html = readFileSync(join(work, "no-input", name.replace(/\.ipynb$/, ".html")), "utf8");
        assert.doesNotMatch(html, /<pre class="input"/);
        assertOnlyHashedScripts(html);
      }
    });

    it("draws interactive charts in Debian's chromium with zero network requests and zero console errors", async function () {
      requireInterop(this, "Debian's chromium (/usr/bin/chromium)", existsSync("/usr/bin/chromium"));
      await openInChromium(
        out,
        notebooks.map((n) => n.replace(/\.ipynb$/, ".html")),
        async (page, name) => {
          await page.waitForSelector("figure.vega-chart.interactive .vega-view svg", { timeout: 20_000 });
          const fallbacks = await page.locator("figure.vega-chart:not(.interactive)").count();
          assert.equal(fallbacks, 0, `${name}: a chart kept its static fallback`);
          await page.screenshot({ path: join(root, "dist", `${name.replace(/\.html$/, "")}.interactive.png`), fullPage: true });
        },
      );
    });
  });
});

/**
 * Opens each page of `dir` in Debian's chromium and fails on any request other than the page
 * itself (data: URIs are not requests) and on any console error; `check` looks at the page.
 */
async function openInChromium(
  dir: string,
  names: readonly string[],
  check: (page: import("playwright-core").Page, name: string) => Promise<void>,
): Promise<void> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    for (const name of names) {
      const page = await browser.newPage();
      const url = pathToFileURL(join(dir, name)).href;
      const requests: string[] = [];
      const errors: string[] = [];
      page.on("request", (r) => {
        if (r.url() !== url && !r.url().startsWith("data:")) requests.push(r.url());
      });
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(url, { waitUntil: "load" });
      await check(page, name);
      assert.deepEqual(requests, [], `${name} requested other resources`);
      assert.deepEqual(errors, [], `${name} logged console errors`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

/**
 * The exported course as a screen-reader user and a phone reader meet it, in Debian's chromium:
 * axe-core (run inside each page) finds no serious or critical violation on the index and any
 * article, in the light and the dark theme; every SVG figure is an image with a title and a
 * description; the index is the course's front door; nothing is wider than a 375 px screen.
 * Screenshots of the index and two articles at 1280 and 390 px, light and dark, are kept in
 * PODTALK_ARTIFACTS or a folder under the OS temp dir printed in the output.
 */
import { strict as assert } from "node:assert";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { articleLinks, readCourseText, writeArticle, writeIndex } from "../../lib/cli/articles.js";
import { readNotebook } from "../../lib/notebook/ipynb.js";
import { packageRoot } from "../../lib/notebook/kernelspec.js";
import { requireInterop } from "../internal/interop.js";

const NOTEBOOKS = join(packageRoot(), "notebooks");
const SCHEMES = ["light", "dark"] as const;

/** One axe-core violation, as the test reports it. */
interface Violation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: string[];
}

describe("the exported course's accessibility in Debian's chromium (axe-core, light and dark, 375 px)", function () {
  this.timeout(300_000);
  let site = "";
  let artifacts = "";
  let browser: Browser | undefined;
  const pages: string[] = [];
  const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

  before(async function () {
    requireInterop(this, "Debian's chromium (/usr/bin/chromium)", existsSync("/usr/bin/chromium"));
    site = mkdtempSync(join(tmpdir(), "podtalk-a11y-"));
    artifacts = process.env["PODTALK_ARTIFACTS"] || mkdtempSync(join(tmpdir(), "podtalk-artifacts-"));
    mkdirSync(join(site, "notebooks"), { recursive: true });
    mkdirSync(artifacts, { recursive: true });
    console.log(`      screenshots of the index and two articles: ${artifacts}`);
    // As `podtalk course` writes the site, from the committed notebooks (their outputs are current).
    const readable = readdirSync(NOTEBOOKS)
      .filter((f) => f.endsWith(".ipynb"))
      .sort()
      .map((f) => ({ notebook: readNotebook(join(NOTEBOOKS, f)), source: join(NOTEBOOKS, f), file: f }));
    const links = articleLinks(readable, "notebooks");
    readable.forEach((entry, at) => {
      copyFileSync(entry.source, join(site, "notebooks", entry.file));
      const written = writeArticle(entry, links, at, site, {}, true);
      assert.equal(written.failure, undefined);
      pages.push(entry.file.replace(/\.ipynb$/, ".html"));
    });
    const course = readCourseText(NOTEBOOKS);
    writeIndex(links, site, course.title, course.introduction);
    pages.unshift("index.html");
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
  });
  after(async () => {
    await browser?.close();
    if (site) rmSync(site, { recursive: true, force: true });
  });

  for (const scheme of SCHEMES) {
    it(`has no serious or critical axe-core violation on the index or any article (${scheme} theme)`, async () => {
      assert.ok(pages.length >= 9, `the site has ${pages.length} pages`);
      // bypassCSP: the pages' Content-Security-Policy forbids the injected axe script, rightly.
      const context = await browser!.newContext({ bypassCSP: true, colorScheme: scheme, viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      try {
        const page = await context.newPage();
        for (const name of pages) {
          await page.goto(pathToFileURL(join(site, name)).href, { waitUntil: "load" });
          assert.equal(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), scheme === "dark");
          await page.addScriptTag({ content: axeSource });
          const violations = await page.evaluate(async () => {
            const axe = (
              window as unknown as {
                axe: {
                  run: (
                    context: Document,
                    options: object,
                  ) => Promise<{ violations: { id: string; impact?: string; help: string; nodes: { target: unknown[] }[] }[] }>;
                };
              }
            ).axe;
            const result = await axe.run(document, { resultTypes: ["violations"] });
            return result.violations.map((v) => ({
              id: v.id,
              impact: v.impact ?? "",
              help: v.help,
              targets: v.nodes.slice(0, 3).map((n) => String(n.target.join(" "))),
            }));
          });
          for (const v of violations as Violation[]) {
            if (v.impact === "serious" || v.impact === "critical") problems.push(`${name}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(", ")}`);
          }
        }
      } finally {
        await context.close();
      }
      assert.deepEqual(problems, []);
    });
  }

  it("names and describes every SVG figure (role img, a title and a description) and offers its text version", async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    let figures = 0;
    try {
      const page = await context.newPage();
      for (const name of pages.slice(1)) {
        await page.goto(pathToFileURL(join(site, name)).href, { waitUntil: "load" });
        const found = await page.evaluate(() =>
          Array.from(document.querySelectorAll("article svg"))
            .filter((svg) => !svg.parentElement?.closest("svg"))
            .map((svg) => {
              const ref = (attr: string) => (svg.getAttribute(attr) ?? "").split(/\s+/).map((id) => document.getElementById(id)?.textContent?.trim() ?? "");
              const figure = svg.closest("figure.output.svg");
              return {
                role: svg.getAttribute("role"),
                title: ref("aria-labelledby").join(" "),
                titleElement: svg.querySelector(":scope > title")?.textContent?.trim() ?? "",
                desc: ref("aria-describedby").join(" "),
                marksLabelled: svg.querySelectorAll("[aria-label]").length,
                textVersion: figure ? (figure.querySelector("details.text-version pre")?.textContent?.trim() ?? "") : "n/a",
              };
            }),
        );
        figures += found.length;
        found.forEach((f, i) => {
          const where = `${name}: SVG ${i + 1}`;
          if (f.role !== "img") problems.push(`${where} has role ${f.role}`);
          if (!f.title || f.title !== f.titleElement) problems.push(`${where} is not named by its <title> ("${f.title}")`);
          if (!f.desc) problems.push(`${where} has no description`);
          if (f.marksLabelled > 0) problems.push(`${where} has ${f.marksLabelled} marks with an aria-label`);
          if (f.textVersion === "") problems.push(`${where} has no text version`);
        });
      }
    } finally {
      await context.close();
    }
    assert.ok(figures >= 20, `the course shows ${figures} SVG figures`);
    assert.deepEqual(problems, []);
  });

  it("opens the course with its title, introduction, numbered and timed articles, notebook downloads and how to run them", async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(join(site, "index.html")).href, { waitUntil: "load" });
      const index = await page.evaluate(() => ({
        title: document.querySelector("h1")?.textContent ?? "",
        intro: document.querySelector(".introduction")?.textContent ?? "",
        items: Array.from(document.querySelectorAll("ol.articles > li")).map((li) => ({
          number: li.querySelector(".article-number")?.textContent ?? "",
          minutes: li.querySelector(".minutes")?.textContent ?? "",
          download: li.querySelector("a.download")?.getAttribute("href") ?? "",
        })),
        total: document.querySelector(".total-time")?.textContent ?? "",
        run: document.querySelector(".run-yourself")?.textContent ?? "",
      }));
      assert.equal(index.title, "How Pods talk to each other");
      assert.match(index.intro, /Who it is for/);
      assert.match(index.intro, /What you need/);
      assert.deepEqual(
        index.items.map((i) => i.number),
        pages.slice(1).map((p) => p.slice(0, 2)),
        "numbered as the notebooks are (00, 01, …)",
      );
      for (const item of index.items) {
        assert.match(item.minutes, /^about \d+ min$/);
        assert.ok(existsSync(join(site, decodeURIComponent(item.download))), `${item.download} is in the site`);
      }
      assert.match(index.total, /^8 articles, about \d+ h( \d+ min)? in all\.$/);
      assert.match(index.run, /npm install && npm start/);
      assert.match(index.run, /npx podtalk run notebooks\/00-every-pod-has-an-ip\.ipynb/);
    } finally {
      await context.close();
    }
  });

  it("fits a 375 px screen: no page-level horizontal overflow on the index or any article", async () => {
    const context = await browser!.newContext({ viewport: { width: 375, height: 800 } });
    const problems: string[] = [];
    try {
      const page = await context.newPage();
      for (const name of pages) {
        await page.goto(pathToFileURL(join(site, name)).href, { waitUntil: "load" });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${name} is ${overflow} px wider than the screen`);
      }
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
  });

  it("keeps screenshots of the index and two articles at 1280 and 390 px, light and dark", async () => {
    for (const scheme of SCHEMES) {
      for (const width of [1280, 390]) {
        const context = await browser!.newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
        try {
          const page = await context.newPage();
          for (const name of ["index.html", "01-frontend-to-backend.html", "05-when-it-does-not-work.html"]) {
            await page.goto(pathToFileURL(join(site, name)).href, { waitUntil: "load" });
            await page.screenshot({ path: join(artifacts, `${name.replace(/\.html$/, "")}-${width}-${scheme}.png`), fullPage: true });
          }
        } finally {
          await context.close();
        }
      }
    }
    assert.ok(readdirSync(artifacts).filter((f) => f.endsWith(".png")).length >= 12);
  });
});

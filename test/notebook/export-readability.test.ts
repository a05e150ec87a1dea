/**
 * The course's articles as a reader sees them, in Debian's chromium at a desktop width and at a
 * phone's: no figure text smaller than 11 CSS px, a caption on every figure and table, and
 * nothing wider than the page (wide figures and tables scroll in their own box). Screenshots of every article at both widths are kept as
 * artifacts, in PODTALK_ARTIFACTS or a folder under the OS temp dir printed in the output.
 */
import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { exportNotebook } from "../../lib/notebook/export/index.js";
import { readNotebook } from "../../lib/notebook/ipynb.js";
import { packageRoot } from "../../lib/notebook/kernelspec.js";
import { requireInterop } from "../internal/interop.js";

const NOTEBOOKS = join(packageRoot(), "notebooks");
/** The smallest text a figure may show, in CSS px (issue: hop diagrams that read at article width). */
const MIN_TEXT_PX = 11;
const WIDTHS = [1280, 390] as const;

/** One figure text rendered below MIN_TEXT_PX. */
interface SmallText {
  readonly text: string;
  readonly px: number;
}

describe("the course's articles in Debian's chromium (1280 px and 390 px wide)", function () {
  this.timeout(240_000);
  let site = "";
  let artifacts = "";
  let browser: Browser | undefined;
  const articles: string[] = [];

  before(async function () {
    requireInterop(this, "Debian's chromium (/usr/bin/chromium)", existsSync("/usr/bin/chromium"));
    site = mkdtempSync(join(tmpdir(), "podtalk-course-"));
    artifacts = process.env["PODTALK_ARTIFACTS"] || mkdtempSync(join(tmpdir(), "podtalk-artifacts-"));
    mkdirSync(artifacts, { recursive: true });
    console.log(`      screenshots of every article: ${artifacts}`);
    // The committed notebooks hold their outputs (podtalk check keeps them current): export them as `podtalk course` does.
    for (const file of readdirSync(NOTEBOOKS)
      .filter((f) => f.endsWith(".ipynb"))
      .sort()) {
      const name = file.replace(/\.ipynb$/, ".html");
      writeFileSync(join(site, name), exportNotebook(readNotebook(join(NOTEBOOKS, file)), { baseDir: NOTEBOOKS }));
      articles.push(name);
    }
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
  });
  after(async () => {
    await browser?.close();
    if (site) rmSync(site, { recursive: true, force: true });
  });

  for (const width of WIDTHS) {
    it(`shows every figure's text at ${MIN_TEXT_PX} px or more, a caption on every figure and table, and nothing wider than the page, at ${width} px`, async () => {
      assert.ok(articles.length >= 8, `the course has ${articles.length} notebooks`);
      const page = await browser!.newPage({ viewport: { width, height: 900 } });
      const problems: string[] = [];
      try {
        for (const article of articles) {
          await page.goto(pathToFileURL(join(site, article)).href, { waitUntil: "load" });
          // Rendered size = the font size the SVG asks for × the scale the page draws the SVG at.
          const { small, figures, uncaptioned, overflow } = await page.evaluate((min) => {
            const found: SmallText[] = [];
            const svgs = Array.from(document.querySelectorAll("article svg")).filter((s) => s.querySelector("text"));
            for (const svg of svgs as SVGSVGElement[]) {
              const box = svg.getBoundingClientRect();
              const natural = svg.viewBox.baseVal?.width || svg.width.baseVal.value;
              const scale = natural > 0 ? box.width / natural : 1;
              for (const text of Array.from(svg.querySelectorAll("text"))) {
                if (!text.textContent?.trim()) continue;
                const ctm = (text as SVGTextElement).getScreenCTM();
                const px = Number.parseFloat(getComputedStyle(text).fontSize) * (ctm ? Math.hypot(ctm.a, ctm.b) : scale);
                if (px < min - 0.01) found.push({ text: text.textContent.trim().slice(0, 40), px: Math.round(px * 10) / 10 });
              }
            }
            // Every figure and table (each sits in a scroll box) has a caption: its own, or its cell's.
            const uncaptioned = Array.from(document.querySelectorAll("article .scroll")).filter(
              (box) => !box.closest("figure.output-figure, figure.cell-figure")?.querySelector(":scope > figcaption"),
            ).length;
            return { small: found, figures: svgs.length, uncaptioned, overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
          }, MIN_TEXT_PX);
          await page.screenshot({ path: join(artifacts, `${article.replace(/\.html$/, "")}-${width}.png`), fullPage: true });
          if (small.length) {
            problems.push(
              `${article}: ${small.length} texts below ${MIN_TEXT_PX} px in ${figures} figures, e.g. ${small
                .slice(0, 3)
                .map((s) => `"${s.text}" at ${s.px} px`)
                .join(", ")}`,
            );
          }
          if (uncaptioned > 0) problems.push(`${article}: ${uncaptioned} figures or tables have no caption`);
          if (overflow > 0) problems.push(`${article}: the page is ${overflow} px wider than the ${width} px viewport`);
        }
      } finally {
        await page.close();
      }
      assert.deepEqual(problems, []);
    });
  }
});

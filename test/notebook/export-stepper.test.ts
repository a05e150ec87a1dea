/**
 * The packet stepper in the exported frontend→backend article, in Debian's chromium: the keyboard
 * walks every hop (the panel shows each hop's packet as the hop table does, the row and the
 * diagram's circle are highlighted), without JavaScript the static figure and table are all there
 * is, and the page's Content-Security-Policy lets exactly the inlined script run. Screenshots at
 * 1280 px and 390 px (hop 1 and hop 4) are kept in PODTALK_ARTIFACTS or a temp folder.
 */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { exportNotebook } from "../../lib/notebook/export/index.js";
import { page as pageAround } from "../../lib/notebook/export/page.js";
import { STEPPER_SCRIPT } from "../../lib/notebook/export/stepper-script.js";
import { readNotebook } from "../../lib/notebook/ipynb.js";
import { packageRoot } from "../../lib/notebook/kernelspec.js";
import { requireInterop } from "../internal/interop.js";

const NOTEBOOKS = join(packageRoot(), "notebooks");
const ARTICLE = "01-frontend-to-backend";

function exportArticle(): string {
  return exportNotebook(readNotebook(join(NOTEBOOKS, `${ARTICLE}.ipynb`)), { baseDir: NOTEBOOKS });
}

/** The script-src directive of a page's Content-Security-Policy. */
function scriptSrc(html: string): string {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? "";
  return /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
}

describe("the packet stepper in an exported article (no browser)", () => {
  it("inlines the stepper once, allowed by its hash alone, and exports the same bytes twice", () => {
    const html = exportArticle();
    assert.equal(html, exportArticle());
    assert.equal(html.split(STEPPER_SCRIPT).length - 1, 1, "the script is inlined once");
    const hash = createHash("sha256").update(STEPPER_SCRIPT, "utf8").digest("base64");
    assert.equal(scriptSrc(html), `'sha256-${hash}'`);
  });

  it("hashes only the exporter's own scripts, never a script the body holds", () => {
    const body = "<p>x</p><script>alert(1)</script>";
    assert.equal(scriptSrc(pageAround("t", body, { head: "", scripts: false, trust: false })), "'none'");
    const html = pageAround("t", body, { head: "", scripts: false, trust: false, inline: ["go()"] });
    const hash = createHash("sha256").update("go()", "utf8").digest("base64");
    assert.equal(scriptSrc(html), `'sha256-${hash}'`);
    assert.match(html, /<script>go\(\)<\/script>\n<\/body>/);
  });
});

describe("the packet stepper in Debian's chromium", function () {
  this.timeout(120_000);
  let dir = "";
  let artifacts = "";
  let url = "";
  let browser: Browser | undefined;

  before(async function () {
    requireInterop(this, "Debian's chromium (/usr/bin/chromium)", existsSync("/usr/bin/chromium"));
    dir = mkdtempSync(join(tmpdir(), "podtalk-stepper-"));
    artifacts = process.env["PODTALK_ARTIFACTS"] || mkdtempSync(join(tmpdir(), "podtalk-artifacts-"));
    mkdirSync(artifacts, { recursive: true });
    console.log(`      screenshots of the stepper: ${artifacts}`);
    writeFileSync(join(dir, `${ARTICLE}.html`), exportArticle());
    url = pathToFileURL(join(dir, `${ARTICLE}.html`)).href;
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the article, collecting console errors, uncaught exceptions and CSP violations. */
  async function open(width: number): Promise<{ page: Page; problems: string[] }> {
    const page = await browser!.newPage({ viewport: { width, height: 900 } });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
    await page.exposeFunction("podtalkViolation", (what: string) => problems.push(`CSP: ${what}`));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { podtalkViolation(s: string): void }).podtalkViolation(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await page.goto(url, { waitUntil: "load" });
    return { page, problems };
  }

  /** What the stepper and the page show now. */
  function state(page: Page) {
    return page.evaluate(() => {
      const trace = document.querySelector(".podtalk-trace.podtalk-stepping")!;
      const rows = Array.from(trace.querySelectorAll("table.podtalk-hops > tbody > tr"));
      const ring = trace.querySelector("circle.podtalk-step-ring")!.getBoundingClientRect();
      const current = rows.findIndex((r) => r.classList.contains("podtalk-current"));
      // The diagram's numbered circles: the white step numbers drawn on them.
      const numbers = Array.from(trace.querySelectorAll("figure.podtalk-trace-diagram svg text")).filter(
        (t) => t.getAttribute("fill") === "#ffffff" && /^\d+$/.test(t.textContent ?? ""),
      );
      const number = numbers.find((t) => t.textContent === String(current + 1))?.getBoundingClientRect();
      return {
        hops: rows.length,
        highlighted: rows.filter((r) => r.classList.contains("podtalk-current")).length,
        current,
        count: trace.querySelector(".podtalk-stepper-count")!.textContent,
        rowPacket: rows[current]?.children[2]?.textContent?.replace(/\s+/g, " ").trim(),
        panelPacket: trace.querySelector(".podtalk-stepper-packet")?.textContent?.replace(/\s+/g, " ").trim(),
        panel: trace.querySelector(".podtalk-stepper-panel")!.textContent ?? "",
        ringOffset: number
          ? Math.hypot(ring.x + ring.width / 2 - (number.x + number.width / 2), ring.y + ring.height / 2 - (number.y + number.height / 2))
          : -1,
        focusInside: trace.querySelector(".podtalk-stepper")!.contains(document.activeElement),
      };
    });
  }

  it("walks every hop with the keyboard: the panel shows each hop's packet, the row and the circle are highlighted", async () => {
    const { page, problems } = await open(1280);
    try {
      await page.focus(".podtalk-stepper");
      const seen: string[] = [];
      let s = await state(page);
      assert.ok(s.hops >= 5, `the trace has ${s.hops} hops`);
      for (let i = 0; i < s.hops; i++) {
        s = await state(page);
        assert.equal(s.current, i);
        assert.equal(s.highlighted, 1, "one row highlighted");
        assert.equal(s.count, `hop ${i + 1} of ${s.hops}`);
        assert.equal(s.panelPacket, s.rowPacket, `hop ${i + 1}: the panel's packet is the table's`);
        assert.ok(s.ringOffset >= 0 && s.ringOffset < 2, `hop ${i + 1}: the ring is ${s.ringOffset} px from the step's circle`);
        assert.ok(s.focusInside, "the stepper keeps the focus");
        seen.push(s.panel);
        await page.keyboard.press("ArrowRight");
      }
      // Past the last hop the stepper stays there; Home and End jump.
      assert.equal((await state(page)).current, s.hops - 1);
      await page.keyboard.press("Home");
      assert.equal((await state(page)).current, 0);
      await page.keyboard.press("End");
      assert.equal((await state(page)).current, s.hops - 1);
      await page.keyboard.press("ArrowLeft");
      assert.equal((await state(page)).current, s.hops - 2);
      // kube-proxy's hop shows the DNAT as before → after and the conntrack entry; the reply its un-DNAT.
      assert.ok(
        seen.some((p) => p.includes("before → after") && p.includes("DNAT") && p.includes("conntrack entry")),
        seen.join("\n"),
      );
      assert.ok(seen.some((p) => p.includes("un-DNAT")));
      assert.ok(seen.some((p) => p.includes("matched rule") && p.includes("KUBE-SVC-")));
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it("has no script-src 'unsafe-inline' and no CSP violation; the buttons step too", async () => {
    const { page, problems } = await open(1280);
    try {
      const csp = (await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content")) ?? "";
      const script = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
      assert.match(script, /^'sha256-[A-Za-z0-9+/]+=*'$/);
      await page.click(".podtalk-stepper-next");
      await page.click(".podtalk-stepper-next");
      assert.equal((await state(page)).count, `hop 3 of ${(await state(page)).hops}`);
      await page.click(".podtalk-stepper-prev");
      assert.equal((await state(page)).current, 1);
      // At either end the button says it does nothing more, and keeps the focus.
      await page.click(".podtalk-stepper-prev");
      // Playwright waits for an aria-disabled button to be enabled; a reader can click it anyway.
      await page.click(".podtalk-stepper-prev", { force: true });
      assert.equal((await state(page)).current, 0);
      assert.equal(await page.getAttribute(".podtalk-stepper-prev", "aria-disabled"), "true");
      assert.ok(await page.evaluate(() => document.activeElement?.classList.contains("podtalk-stepper-prev")));
      assert.equal(await page.getAttribute(".podtalk-stepper-panel", "aria-live"), "polite");
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it("on a phone, scrolls the wide diagram's box to the hop when the reader steps", async () => {
    const { page, problems } = await open(390);
    try {
      await page.focus(".podtalk-stepper");
      const s = await state(page);
      for (let i = 1; i < s.hops; i++) {
        await page.keyboard.press("ArrowRight");
        const ring = await page.evaluate(() => {
          const r = document.querySelector("circle.podtalk-step-ring")!.getBoundingClientRect();
          return { left: r.left, right: r.right };
        });
        assert.ok(ring.left >= 0 && ring.right <= 390, `hop ${i + 1}: the ring is at ${ring.left}–${ring.right} px, outside the 390 px window`);
      }
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it("builds a stepper for every trace of every course article, with no console error or CSP violation", async () => {
    const { readdirSync } = await import("node:fs");
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
    try {
      for (const file of readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb"))) {
        const html = join(dir, file.replace(/\.ipynb$/, ".html"));
        writeFileSync(html, exportNotebook(readNotebook(join(NOTEBOOKS, file)), { baseDir: NOTEBOOKS }));
        await page.goto(pathToFileURL(html).href, { waitUntil: "load" });
        const counts = await page.evaluate(() => ({
          traces: document.querySelectorAll("[data-podtalk-steps]").length,
          steppers: document.querySelectorAll(".podtalk-stepper").length,
          rings: document.querySelectorAll("circle.podtalk-step-ring").length,
        }));
        assert.ok(counts.traces > 0, `${file} shows a trace`);
        assert.deepEqual(counts, { traces: counts.traces, steppers: counts.traces, rings: counts.traces }, file);
      }
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it("without JavaScript shows the static figure and the hop table, and no stepper", async () => {
    const context = await browser!.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: "load" });
      // The article's call, its exercise's refused call, and the solution's call (folded under "Solution").
      assert.equal(await page.locator(".podtalk-trace figure.podtalk-trace-diagram svg").count(), 3);
      assert.ok((await page.locator(".podtalk-trace table.podtalk-hops > tbody > tr").count()) >= 5);
      assert.equal(await page.locator(".podtalk-stepper, button").count(), 0);
      assert.equal(await page.locator("tr.podtalk-current").count(), 0);
    } finally {
      await context.close();
    }
  });

  for (const width of [1280, 390]) {
    it(`saves screenshots of the stepper at hop 1 and hop 4, ${width} px wide`, async () => {
      const { page, problems } = await open(width);
      try {
        // What a reader sees with the stepper at the top of the window.
        const shot = async (name: string) => {
          await page.evaluate(() => document.querySelector(".podtalk-stepper")!.scrollIntoView({ block: "start" }));
          await page.screenshot({ path: join(artifacts, `stepper-${width}-${name}.png`) });
        };
        await page.focus(".podtalk-stepper");
        await shot("hop1");
        for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
        assert.match((await state(page)).count ?? "", /^hop 4 of/);
        await shot("hop4");
        // Nothing of the stepper is wider than the page.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    });
  }
});

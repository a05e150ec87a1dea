/**
 * Debian's chromium for the live-article tests: one browser for a test file, pages that record
 * console errors, uncaught exceptions and Content-Security-Policy violations, and the helpers that
 * drive a live article as a reader does (type into a cell's editor, press Run).
 */
import { existsSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import type { Output } from "../../../lib/notebook/ipynb.js";

export const CHROMIUM = "/usr/bin/chromium";

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
}

/** A page open on `url`, with what went wrong on it collected in `problems`. */
export async function openPage(
  browser: Browser,
  url: string,
  options: { width?: number; javaScript?: boolean; waitForLive?: boolean } = {},
): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: 900 }, javaScriptEnabled: options.javaScript !== false });
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
  if (options.javaScript !== false) {
    await page.exposeFunction("podtalkViolation", (what: string) => problems.push(`CSP: ${what}`));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { podtalkViolation(s: string): void }).podtalkViolation(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
  }
  await page.goto(url, { waitUntil: "load" });
  if (options.waitForLive !== false && options.javaScript !== false) {
    await page.waitForFunction(() => (globalThis as { podtalkLive?: unknown }).podtalkLive !== undefined, null, { timeout: 30_000 });
  }
  return { page, problems };
}

/** The live article's API on the page (lib/live/page.ts). */
interface LiveArticle {
  run(cell: number): Promise<void>;
  runAll(): Promise<void>;
  outputs(cell: number): Output[] | undefined;
  html(cell: number): string | undefined;
  readonly cells: readonly number[];
  idle(): Promise<void>;
}

/** Runs every cell in order, as "run all" does. */
export async function runAll(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as { podtalkLive: LiveArticle }).podtalkLive.runAll());
}

/** The outputs each code cell's last run gave, by cell number. */
export async function liveOutputs(page: Page): Promise<Record<number, Output[] | undefined>> {
  return page.evaluate(() => {
    const live = (globalThis as unknown as { podtalkLive: LiveArticle }).podtalkLive;
    return Object.fromEntries(live.cells.map((n) => [n, live.outputs(n)]));
  });
}

/** Replaces the text in cell `cell`'s editor as a reader would: select all, type. */
export async function typeInto(page: Page, cell: number, text: string): Promise<void> {
  await page.click(`section[data-live-cell="${cell}"] .cm-content`);
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
}

/** Presses a cell's Run button and waits until it (and whatever ran before it) is done. */
export async function pressRun(page: Page, cell: number): Promise<void> {
  await page.click(`section[data-live-cell="${cell}"] button.live-run`);
  // The button queues the work; wait until it is done.
  await page.evaluate(() => (globalThis as unknown as { podtalkLive: LiveArticle }).podtalkLive.idle());
}

/** The text/plain and SVG of each output, and the text of streams and errors: what parity compares. */
export function comparable(outputs: readonly Output[] | undefined): unknown[] {
  return (outputs ?? []).map((o) => {
    if (o.output_type === "stream") return { stream: o.name, text: o.text };
    if (o.output_type === "error") return { error: `${o.ename}: ${o.evalue}` };
    return { type: o.output_type, text: o.data["text/plain"], svg: o.data["image/svg+xml"] };
  });
}

/** Per cell number, the HTML its outputs were last rendered to, as the browser parses it. */
export async function liveHTML(page: Page): Promise<Record<number, string>> {
  return page.evaluate(() => {
    const live = (globalThis as unknown as { podtalkLive: LiveArticle }).podtalkLive;
    const parse = document.createElement("div");
    const out: Record<number, string> = {};
    for (const n of live.cells) {
      const html = live.html(n);
      if (html === undefined || !document.querySelector(`section[data-live-cell="${n}"] [data-live-outputs]`)) continue;
      parse.innerHTML = html;
      out[n] = parse.innerHTML;
    }
    return out;
  });
}

/** Per cell number, the HTML of its outputs as the page holds them (open without scripts: the static article's). */
export async function pageHTML(page: Page): Promise<Record<number, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      Array.from(document.querySelectorAll("section[data-live-cell]"), (s) => [
        Number(s.getAttribute("data-live-cell")),
        s.querySelector("[data-live-outputs]")?.innerHTML,
      ]).filter((e) => e[1] !== undefined),
    ),
  );
}

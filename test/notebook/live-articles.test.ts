/**
 * Live articles (`export --live`) in Debian's chromium: re-running every course notebook in the
 * browser reproduces the kernel's text/plain and SVG byte for byte (and the article's HTML for
 * them); editing the frontend→backend article's `replicas: 3` to 1 and re-running changes the
 * topology and the trace; an exercise answered wrongly says what is still wrong and its solution
 * says "✔ solved"; an error shows the kernel's `Name: message` and the cell line; a course's shared
 * runtime file runs from file://; without scripts the page is the static article; static pages
 * keep their CSP. Screenshots at 1280 px and 390 px, before and after running a cell, go to
 * PODTALK_ARTIFACTS or a temp folder.
 */
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { exportNotebook } from "../../lib/notebook/export/index.js";
import { liveRuntime, liveRuntimeFile } from "../../lib/notebook/export/live-page.js";
import { readNotebook, type Notebook } from "../../lib/notebook/ipynb.js";
import { packageRoot } from "../../lib/notebook/kernelspec.js";
import { gradeNotebook } from "../../lib/notebook/grade.js";
import { runNotebook } from "../../lib/notebook/runner.js";
import { requireInterop } from "../internal/interop.js";
import {
  chromiumAvailable,
  comparable,
  launchChromium,
  liveHTML,
  liveOutputs,
  openPage,
  pageHTML,
  pressRun,
  runAll,
  typeInto,
} from "./internal/live-browser.js";

const NOTEBOOKS = join(packageRoot(), "notebooks");
const FIXTURE = join(packageRoot(), "test", "fixtures", "live-exercise.ipynb");
const COURSE = readdirSync(NOTEBOOKS)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();

/** The page's Content-Security-Policy. */
function cspOf(html: string): string {
  return /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? "";
}

function live(notebook: Notebook, extra: { liveRuntimeHref?: string } = {}): string {
  return exportNotebook(notebook, { baseDir: NOTEBOOKS, live: true, ...extra });
}

describe("live articles (no browser)", () => {
  const notebook = readNotebook(join(NOTEBOOKS, "01-frontend-to-backend.ipynb"));

  it("inline the runtime once; the CSP allows the page's own scripts by hash and eval for the cells, nothing else", () => {
    const html = live(notebook);
    assert.equal(html.split(liveRuntime()).length - 1, 1);
    const csp = cspOf(html);
    assert.match(csp, /^default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; script-src ('sha256-[^']+' )+'unsafe-eval'$/);
    assert.doesNotMatch(csp, /unsafe-inline'[^;]*$/, "no inline script runs without its hash");
  });

  it("keep static pages as strict as before: no eval, no runtime, no cell data", () => {
    const html = exportNotebook(notebook, { baseDir: NOTEBOOKS });
    assert.doesNotMatch(cspOf(html), /unsafe-eval|'self'/);
    assert.ok(!html.includes("podtalk-live-cells"));
    assert.ok(!html.includes(liveRuntime().slice(0, 200)));
  });

  it("leave an exercise's solution out of a learner's build, data included", () => {
    const exercise = readNotebook(FIXTURE);
    const solution = exercise.cells.find((c) => Array.isArray(c.metadata["tags"]) && (c.metadata["tags"] as string[]).includes("solution"))!;
    const marker = solution.source.split("\n").find((l) => l.includes("targetPort: 8080"))!;
    const data = (html: string) => /<script type="application\/json" id="podtalk-live-cells">(.*?)<\/script>/s.exec(html)![1]!;
    assert.ok(data(live(exercise)).includes(JSON.stringify(marker).slice(1, -1)), "the instructor's build runs the solution");
    const student = exportNotebook(exercise, { live: true, student: true });
    assert.ok(!data(student).includes("targetPort: 8080"));
  });

  it("load a course's shared runtime from one file, allowed as 'self'", () => {
    const html = live(notebook, { liveRuntimeHref: "podtalk-live.js" });
    assert.match(html, /<script src="podtalk-live\.js"><\/script>/);
    assert.ok(!html.includes(liveRuntime().slice(0, 200)), "the runtime is not inlined");
    assert.match(cspOf(html), /script-src [^;]*'self' 'unsafe-eval'$/);
  });
});

describe("live articles in Debian's chromium", function () {
  this.timeout(180_000);
  let dir = "";
  let artifacts = "";
  let browser: Browser | undefined;

  before(async function () {
    requireInterop(this, "Debian's chromium (/usr/bin/chromium)", chromiumAvailable());
    dir = mkdtempSync(join(tmpdir(), "podtalk-live-"));
    artifacts = process.env["PODTALK_ARTIFACTS"] || mkdtempSync(join(tmpdir(), "podtalk-artifacts-"));
    mkdirSync(artifacts, { recursive: true });
    console.log(`      screenshots of a live article: ${artifacts}`);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Writes the live article of `notebook` and returns its file: URL. */
  function write(name: string, html: string): string {
    writeFileSync(join(dir, name), html);
    return pathToFileURL(join(dir, name)).href;
  }

  it("re-runs every course notebook with the kernel's text/plain and SVG, byte for byte, and the article's HTML for them", async () => {
    let compared = 0;
    let svgs = 0;
    for (const file of COURSE) {
      const notebook = readNotebook(join(NOTEBOOKS, file));
      const url = write(file.replace(".ipynb", ".html"), live(notebook));
      const stillPage = await openPage(browser!, url, { javaScript: false, waitForLive: false });
      const before = await pageHTML(stillPage.page);
      await stillPage.page.close();
      const { page, problems } = await openPage(browser!, url);
      try {
        await runAll(page);
        const outputs = await liveOutputs(page);
        notebook.cells.forEach((cell, index) => {
          if (cell.cell_type !== "code") return;
          assert.deepEqual(comparable(outputs[index + 1]), comparable(cell.outputs), `${file}, cell ${index + 1}`);
          compared += 1;
          svgs += cell.outputs.filter((o) => "data" in o && o.data["image/svg+xml"] !== undefined).length;
        });
        assert.deepEqual(await liveHTML(page), before, `${file}: the outputs re-run in the browser render to the article's HTML`);
        assert.deepEqual(problems, [], file);
      } finally {
        await page.close();
      }
    }
    console.log(`      ${compared} code cells of ${COURSE.length} notebooks (${svgs} SVG figures) identical`);
    assert.ok(svgs > 10);
  });

  it("runs cells as the kernel does: shared and redeclared names, destructuring, classes, enums, await, console.log, display() and its updates", async () => {
    const path = join(dir, "language.ipynb");
    writeFileSync(path, JSON.stringify(notebookOf(LANGUAGE_CELLS)));
    const run = await runNotebook(path, { env: { ...process.env, PODTALK_CACHE_DIR: "off" } });
    assert.equal(run.failure, undefined);
    const kernel = readNotebook(path);
    const { page, problems } = await openPage(browser!, write("language.html", live(kernel)));
    try {
      await runAll(page);
      const outputs = await liveOutputs(page);
      kernel.cells.forEach((cell, index) => {
        if (cell.cell_type !== "code") return;
        assert.ok(cell.outputs.length > 0, `the kernel showed something for cell ${index + 1}`);
        assert.deepEqual(comparable(outputs[index + 1]), comparable(cell.outputs), `cell ${index + 1}: ${cell.source}`);
      });
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it("re-runs the frontend→backend article with one backend replica: the topology and the trace change", async () => {
    const notebook = readNotebook(join(NOTEBOOKS, "01-frontend-to-backend.ipynb"));
    const deployment = cellNumber(notebook, (s) => s.includes("name: api") && s.includes("replicas: 3"));
    const topology = cellNumber(notebook, (s) => s.includes("name: frontend") && s.trimEnd().endsWith("cluster"));
    const trace = cellNumber(notebook, (s) => s.includes("curl -s http://my-api:8080/"));
    const kernelText = (n: number) => String((notebook.cells[n - 1] as { outputs: { data: Record<string, unknown> }[] }).outputs[0]!.data["text/plain"]);
    assert.equal(apiPods(kernelText(topology)), 3);
    const { page, problems } = await openPage(browser!, write("replicas.html", live(notebook)));
    try {
      await shoot(page, "live-1280-before", deployment);
      await typeInto(page, deployment, notebook.cells[deployment - 1]!.source.replace("replicas: 3", "replicas: 1"));
      await pressRun(page, trace); // runs the cells above it first, with the edited Deployment
      const outputs = await liveOutputs(page);
      const text = (n: number) => String((outputs[n]![0] as { data: Record<string, unknown> }).data["text/plain"]);
      assert.equal(apiPods(text(topology)), 1, "the topology shows one api Pod");
      const svg = (outputs[topology]![0] as { data: Record<string, unknown> }).data["image/svg+xml"];
      assert.notEqual(svg, (notebook.cells[topology - 1] as { outputs: { data: Record<string, unknown> }[] }).outputs[0]!.data["image/svg+xml"]);
      const onlyPod = /api-[a-z0-9]+-[a-z0-9]+/.exec(text(topology))![0];
      assert.match(text(trace), new RegExp(`Hostname: ${onlyPod}`), "the one api Pod answers the trace");
      assert.notEqual(text(trace), kernelText(trace));
      const shown = await page.textContent(`section[data-live-cell="${topology}"] [data-live-outputs]`);
      assert.ok(shown?.includes(onlyPod), "the page shows the new topology");
      await shoot(page, "live-1280-after", topology);
      // Re-running the first cell (`const cluster = …`) starts over, as in the kernel.
      await pressRun(page, 2);
      assert.equal((await liveOutputs(page))[2]![0]!.output_type, "execute_result");
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it("at 390 px, the editors and outputs fit, before and after running a cell with Shift+Enter", async () => {
    const notebook = readNotebook(join(NOTEBOOKS, "01-frontend-to-backend.ipynb"));
    const { page, problems } = await openPage(browser!, write("narrow.html", live(notebook)), { width: 390 });
    try {
      await shoot(page, "live-390-before", 4);
      await page.click(`section[data-live-cell="4"] .cm-content`);
      await page.keyboard.press("Shift+Enter");
      await page.evaluate(() => (globalThis as unknown as { podtalkLive: { idle(): Promise<void> } }).podtalkLive.idle());
      assert.equal((await liveOutputs(page))[4]?.[0]?.output_type, "execute_result", "Shift+Enter ran the cell");
      await shoot(page, "live-390-after", 4);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it("says what is still wrong with an exercise, and ✔ solved after its solution or a right answer", async () => {
    const notebook = readNotebook(FIXTURE);
    const exercise = cellNumber(notebook, (_, tags) => tags.includes("exercise"));
    const solution = cellNumber(notebook, (_, tags) => tags.includes("solution"));
    const url = write("exercise.html", live(notebook));
    const { page, problems } = await openPage(browser!, url);
    const verdict = () => page.textContent(`section[data-live-cell="${exercise}"] .live-verdict`);
    // `podtalk grade` runs the notebook without its solution: the learner's starter, unchanged.
    const graded = await gradeNotebook(FIXTURE, { env: { ...process.env, PODTALK_CACHE_DIR: "off" } });
    const gradeSays = graded.exercises[0]!;
    assert.equal(gradeSays.solved, false);
    try {
      await pressRun(page, exercise);
      assert.match((await verdict()) ?? "", /Not solved yet\..*the client reaches api: the Service's targetPort matches the container's port \(8080\)/s);
      const listed = await page.$$eval(`section[data-live-cell="${exercise}"] .live-verdict li`, (items) => items.map((li) => li.textContent));
      assert.deepEqual(listed, gradeSays.problems, "the page says what podtalk grade says");
      await shoot(page, "live-exercise-unsolved", exercise, true);
      // The solution is folded, as in the static article: the reader opens it, then runs it.
      await page.click("details.solution > summary");
      await pressRun(page, solution);
      assert.equal((await verdict())?.trim(), "✔ solved");
      await shoot(page, "live-exercise-solved", exercise, true);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
    const second = await openPage(browser!, url);
    try {
      const starter = notebook.cells[exercise - 1]!.source;
      await typeInto(second.page, exercise, starter.replace("targetPort: 80\n", "targetPort: 8080\n"));
      await pressRun(second.page, exercise);
      assert.equal((await second.page.textContent(`section[data-live-cell="${exercise}"] .live-verdict`))?.trim(), "✔ solved");
    } finally {
      await second.page.close();
    }
  });

  it("shows an error as the kernel does: its name, message and the cell line", async () => {
    const notebook = readNotebook(FIXTURE);
    const broken = cellNumber(notebook, (s) => s.includes("nothing!.length"));
    const { page } = await openPage(browser!, write("error.html", live(notebook)));
    try {
      await pressRun(page, broken);
      const error = (await page.textContent(`section[data-live-cell="${broken}"] pre.output.error`)) ?? "";
      assert.match(error, /^TypeError: Cannot read properties of undefined \(reading 'length'\)\n {4}at Cell In\[\d+\], line 2$/);
      // A function an earlier cell defined is named with that cell's first line, as the kernel names it.
      const call = cellNumber(notebook, (s) => s.includes("boom();"));
      await pressRun(page, call);
      const thrown = (await page.textContent(`section[data-live-cell="${call}"] pre.output.error`)) ?? "";
      assert.match(thrown, /^Error: boom\n {4}at boom \(Cell In\[\d+\] `\/\/ Fails on purpose\.`, line 3\)\n {4}at Cell In\[\d+\], line 2$/);
    } finally {
      await page.close();
    }
  });

  it("shares one runtime file between a course's articles, from file://", async () => {
    writeFileSync(join(dir, "podtalk-live.js"), liveRuntimeFile());
    const notebook = readNotebook(join(NOTEBOOKS, "00-every-pod-has-an-ip.ipynb"));
    const { page, problems } = await openPage(browser!, write("shared.html", live(notebook, { liveRuntimeHref: "podtalk-live.js" })));
    try {
      await pressRun(page, 2);
      assert.equal((await liveOutputs(page))[2]?.length, 1);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  for (const colorScheme of ["light", "dark"] as const)
    it(`has no serious or critical axe-core violation, editors and Run buttons included, after running a cell (${colorScheme})`, async () => {
      const notebook = readNotebook(join(NOTEBOOKS, "01-frontend-to-backend.ipynb"));
      const url = write("a11y.html", live(notebook));
      // bypassCSP: the page's policy forbids the injected axe script, rightly.
      const context = await browser!.newContext({ bypassCSP: true, colorScheme, viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        await page.goto(url, { waitUntil: "load" });
        await page.waitForFunction(() => (globalThis as { podtalkLive?: unknown }).podtalkLive !== undefined);
        const exercise = await page.evaluate(() => Number(document.querySelector("section.exercise")?.getAttribute("data-live-cell")));
        await pressRun(page, exercise);
        await page.addScriptTag({ content: readFileSync(require.resolve("axe-core/axe.min.js"), "utf8") });
        const violations = await page.evaluate(async () => {
          const axe = (
            window as unknown as { axe: { run(d: Document, o: object): Promise<{ violations: { id: string; impact?: string; nodes: unknown[] }[] }> } }
          ).axe;
          const result = await axe.run(document, { resultTypes: ["violations"] });
          return result.violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map(
              (v) =>
                `${v.impact} ${v.id} (${v.nodes.length}) ${JSON.stringify((v.nodes as { target: unknown; any: { message: string }[] }[]).slice(0, 4).map((n) => [n.target, n.any[0]?.message]))}`,
            );
        });
        assert.deepEqual(violations, []);
      } finally {
        await context.close();
      }
    });

  it("is the static article without scripts: code, outputs, no Run buttons", async () => {
    const notebook = readNotebook(join(NOTEBOOKS, "01-frontend-to-backend.ipynb"));
    const { page } = await openPage(browser!, write("noscript.html", live(notebook)), { javaScript: false, waitForLive: false });
    try {
      assert.ok((await page.locator("pre.input").count()) > 5);
      assert.equal(await page.locator("button.live-run").count(), 0);
      assert.ok((await page.locator("figure.output svg").count()) >= 2);
    } finally {
      await page.close();
    }
  });

  /** A screenshot with cell `cell` at the top of the window (or its end, with `bottom`). */
  async function shoot(page: Page, name: string, cell: number, bottom = false): Promise<void> {
    await page.evaluate(([n, end]) => document.querySelector(`section[data-live-cell="${n}"]`)?.scrollIntoView({ block: end ? "end" : "start" }), [
      cell,
      bottom,
    ] as const);
    await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: false });
  }
});

/** Cells that exercise what the browser's transpiler must do as the kernel does. */
const LANGUAGE_CELLS = [
  'import { Cluster } from "podtalk";\nconst a = 1;\nlet b: number | undefined;\nfunction f(): number {\n  return a + 1;\n}\nf()',
  "const { x, y: [z] } = { x: 2, y: [3] };\nclass K {\n  v = a;\n}\nf() + x + z + new K().v",
  "const a = 10;\nf();",
  '"text"',
  "enum Color {\n  Red,\n  Green,\n}\nColor.Green",
  "await Promise.resolve(5)",
  'console.log("x", { a: 1 }, [1, "s"]);\nb = 4;\nb',
  'const cluster = new Cluster({ nodes: 2, seed: 1 });\ndisplay(cluster.get("nodes"));\ncluster.get("nodes").rows.length',
  '[1, "a", { k: true }, null]',
  'await display({ "text/plain": "first" }, { raw: true, displayId: "progress" });\n"shown"',
  'await display({ "text/plain": "second" }, { raw: true, displayId: "progress", update: true });\n"updated"',
  'console.log("before");\nclearOutput({ wait: true });\nconsole.log("after");\nclearOutput();\nconsole.log("last");\nclearOutput({ wait: true });\n"result"',
];

/** A notebook of code cells, for the kernel to run. */
function notebookOf(sources: readonly string[]): unknown {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "podtalk", display_name: "TypeScript (podtalk)", language: "typescript" } },
    cells: sources.map((source, i) => ({ cell_type: "code", execution_count: null, id: `c${i}`, metadata: {}, outputs: [], source })),
  };
}

/** The 1-based number of the first code cell whose source (and tags) match. */
function cellNumber(notebook: Notebook, match: (source: string, tags: readonly string[]) => boolean): number {
  const index = notebook.cells.findIndex(
    (c) => c.cell_type === "code" && match(c.source, Array.isArray(c.metadata["tags"]) ? (c.metadata["tags"] as string[]) : []),
  );
  assert.ok(index >= 0, "no such cell");
  return index + 1;
}

/** How many api Pods a topology's text lists. */
function apiPods(text: string): number {
  return text.split("\n").filter((l) => /^\s+api-[a-z0-9]+-[a-z0-9]+\s/.test(l)).length;
}

/**
 * A live article in the browser: each shown code cell gets an editor and a Run button; running a
 * cell first runs the cells above it that have not run yet (hidden ones included, solutions
 * excepted: a solution runs only when its own Run is pressed, or in "run all"), then the cell,
 * whose outputs replace the ones the page showed, rendered by the exporter's own code
 * (lib/notebook/export/outputs-html.ts). After an exercise (or its solution) runs, the exercise's
 * verify cells run and the exercise says "✔ solved" or what is still wrong.
 */
import { escapeHTML } from "../render/html.js";
import type { Output } from "../notebook/ipynb.js";
import { exerciseProblem } from "../notebook/exercises.js";
import { LIVE_DATA_ID, type LiveCell, type LiveOutputState } from "../notebook/export/live-data.js";
import { renderOutputs, type ArticleState } from "../notebook/export/outputs-html.js";
import { stepperMain, type StepperDocument } from "../notebook/export/stepper-script.js";
import { mountEditor } from "./editor.js";
import { LiveSession } from "./session.js";

/** A cell's place in the page and what it last did. */
interface PageCell {
  readonly data: LiveCell;
  readonly section: HTMLElement | undefined;
  source: () => string;
  ran: boolean;
  /** The outputs of its last run. */
  outputs: Output[] | undefined;
  /** Their HTML, as rendered for the page (before the packet stepper adds its controls). */
  html: string | undefined;
  ok: boolean;
}

/** What the page offers scripts (and the tests): run one cell, run all, read what each cell gave. */
export interface LiveArticle {
  run(cell: number): Promise<void>;
  runAll(): Promise<void>;
  /** Per cell number: the outputs of its last run. */
  outputs(cell: number): Output[] | undefined;
  /** Per cell number: the HTML its last run's outputs were rendered to. */
  html(cell: number): string | undefined;
  /** The cells' numbers, in order. */
  readonly cells: readonly number[];
  /** Resolves when every run asked for so far (a Run button, Shift+Enter) is over. */
  idle(): Promise<void>;
}

/** Starts the live article on this page; returns undefined when the page has no cell data. */
export function startLiveArticle(doc: Document): LiveArticle | undefined {
  const element = doc.getElementById(LIVE_DATA_ID);
  if (!element?.textContent) return undefined;
  const { cells: data, trust } = JSON.parse(element.textContent) as { cells: LiveCell[]; trust?: boolean };
  const session = new LiveSession();
  const cells: PageCell[] = data.map((d) => {
    const section = doc.querySelector<HTMLElement>(`section[data-live-cell="${d.cell}"]`) ?? undefined;
    return { data: d, section, source: () => d.source, ran: false, outputs: undefined, html: undefined, ok: true };
  });
  const byNumber = new Map(cells.map((c) => [c.data.cell, c]));
  session.onDisplayUpdate = (outputs) => {
    const cell = cells.find((c) => c.outputs === outputs);
    if (cell) show(cell, trust === true);
  };
  let queue: Promise<void> = Promise.resolve();
  /** Cells run one at a time, in the order they were asked for. */
  const serial = (work: () => Promise<void>): Promise<void> => {
    queue = queue.then(work, work);
    return queue;
  };

  async function runOne(cell: PageCell): Promise<void> {
    setBusy(cell, true);
    const result = await session.run(cell.source());
    cell.ran = true;
    cell.outputs = result.outputs;
    cell.ok = result.ok;
    show(cell, trust === true);
    setBusy(cell, false);
  }

  async function runWithAbove(target: PageCell): Promise<void> {
    for (const cell of cells) {
      if (cell === target) break;
      if (!cell.ran && cell.data.role !== "solution") await runOne(cell);
    }
    await runOne(target);
    const exercise = target.data.role === "exercise" ? target.data.cell : target.data.role === "solution" ? target.data.exercise : undefined;
    if (exercise !== undefined) await verify(exercise);
  }

  /** Runs the verify cells of an exercise and shows the verdict on it. */
  async function verify(exercise: number): Promise<void> {
    const owner = byNumber.get(exercise);
    if (!owner) return;
    const problems: string[] = [];
    // The learner's answer: the exercise cell, or the solution that ran after it.
    const answer = cells.filter((c) => c.data.cell === exercise || (c.data.role === "solution" && c.data.exercise === exercise && c.ran)).at(-1);
    if (answer && !answer.ok) problems.push(problemOf(answer.outputs, true));
    for (const cell of cells.filter((c) => c.data.role === "verify" && c.data.exercise === exercise)) {
      await runOne(cell);
      if (!cell.ok) problems.push(problemOf(cell.outputs, false));
    }
    const status = owner.section?.querySelector<HTMLElement>(".live-verdict");
    if (!status) return;
    status.hidden = false;
    status.className = `live-verdict ${problems.length ? "unsolved" : "solved"}`;
    status.innerHTML = problems.length
      ? `<strong>Not solved yet.</strong><ul>${problems.map((p) => `<li>${escapeHTML(p)}</li>`).join("")}</ul>`
      : "<strong>✔ solved</strong>";
  }

  for (const cell of cells) {
    const section = cell.section;
    if (!section) continue;
    const code = section.querySelector("pre.input");
    const label = cell.data.role === "exercise" ? `${cell.data.title ?? "Exercise"}: your answer` : `Code cell ${cell.data.cell}`;
    const run = (): void => void serial(() => runWithAbove(cell));
    if (code) {
      const editor = mountEditor(code, cell.data.source, label, run);
      cell.source = () => editor.state.doc.toString();
    }
    const bar = doc.createElement("div");
    bar.className = "live-bar";
    bar.innerHTML = `<button type="button" class="live-run" title="Run this cell (Shift+Enter)">▶ Run</button><span class="live-state" role="status" aria-live="polite"></span>`;
    bar.querySelector("button")!.addEventListener("click", run);
    // The bar goes between the code and the outputs (the child of the section that holds them).
    let outputs: Element | null = section.querySelector("[data-live-outputs]");
    while (outputs && outputs.parentElement !== section) outputs = outputs.parentElement;
    section.insertBefore(bar, outputs);
    if (cell.data.role === "exercise") {
      const verdict = doc.createElement("div");
      verdict.className = "live-verdict";
      verdict.setAttribute("role", "status");
      verdict.hidden = true;
      section.append(verdict);
    }
  }
  doc.documentElement.classList.add("podtalk-live");

  return {
    run: (n) => serial(() => runWithAbove(byNumber.get(n) ?? fail(n))),
    runAll: () =>
      serial(async () => {
        for (const cell of cells) await runOne(cell);
      }),
    outputs: (n) => byNumber.get(n)?.outputs,
    html: (n) => byNumber.get(n)?.html,
    cells: cells.map((c) => c.data.cell),
    idle: () =>
      queue.then(
        () => undefined,
        () => undefined,
      ),
  };
}

function fail(n: number): never {
  throw new Error(`no code cell ${n} in this article`);
}

function setBusy(cell: PageCell, busy: boolean): void {
  const state = cell.section?.querySelector(".live-state");
  if (state) state.textContent = busy ? "running…" : cell.ok ? "" : "failed";
  cell.section?.classList.toggle("running", busy);
}

/** What a failed cell says to a learner, in the words `podtalk grade` uses. */
function problemOf(outputs: readonly Output[] | undefined, inExercise: boolean): string {
  const error = outputs?.find((o) => o.output_type === "error") as { ename?: string; evalue?: string } | undefined;
  return exerciseProblem(error?.ename ?? "Error", error?.evalue ?? "", inExercise);
}

/** Replaces a cell's outputs on the page with those of its last run, rendered as the exporter renders them. */
function show(cell: PageCell, trust: boolean): void {
  const holder = cell.section?.querySelector<HTMLElement>("[data-live-outputs]");
  if (!holder || !cell.outputs) return;
  const saved = JSON.parse(cell.section!.getAttribute("data-live-state") ?? "{}") as Partial<LiveOutputState>;
  const state: ArticleState = {
    options: { trust },
    language: "typescript",
    figures: saved.figures ?? 0,
    tables: saved.tables ?? 0,
    svgs: saved.svgs ?? 0,
    charts: [],
    ...(saved.caption !== undefined ? { cellCaption: saved.caption } : {}),
    // podtalk's objects never display markdown; a cell's own text/markdown is shown as text.
    markdown: (source) => `<pre class="output text">${escapeHTML(source)}</pre>`,
  };
  cell.html = renderOutputs(cell.outputs, state, saved.inFigure === true);
  holder.innerHTML = cell.html;
  // A trace re-run gets its packet stepper, as the page's traces got theirs when it loaded; its
  // panel's id is numbered after the cell, so that it stays unique on the page.
  const doc = holder.ownerDocument;
  const scoped = {
    querySelectorAll: (selector: string) => holder.querySelectorAll(selector),
    createElement: (tag: string) => doc.createElement(tag),
    createElementNS: (namespace: string, tag: string) => doc.createElementNS(namespace, tag),
  };
  stepperMain(scoped as unknown as StepperDocument);
  holder.querySelectorAll<HTMLElement>(".podtalk-stepper-panel[id]").forEach((panel, i) => {
    panel.id = `podtalk-stepper-cell-${cell.data.cell}-${i + 1}`;
  });
}

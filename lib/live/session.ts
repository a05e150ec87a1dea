/**
 * One notebook's cells run in the browser as the kernel runs them: one scope shared in order,
 * `console.log` as a `stdout` stream, `display()` through the same global hook the kernel
 * installs (lib/jupyter/kernel-hook.ts), the last expression as the cell's result with the MIME
 * bundle its `[Symbol.for("Jupyter.display")]()` gives (kernel/mime-bundle.ts), and a thrown error
 * as the kernel reports it: `Name: message` and the cell line (kernel/cell-error.ts).
 */
import * as library from "../index.js";
import { KERNEL_HOOK, type DisplayOptions, type KernelHook } from "../jupyter/kernel-hook.js";
import { cellFirstLine } from "../notebook/cell-first-line.js";
import type { Output } from "../notebook/ipynb.js";
import { JUPYTER_DISPLAY } from "../render/mime.js";
import { formatLog, inspect } from "./inspect.js";
import { CellSyntaxError, transpileCell } from "./transpile.js";

type CellFunction = (scope: Record<string, unknown>, podtalk: unknown) => Promise<{ value: unknown } | undefined>;

const AsyncFunction = (async () => undefined).constructor as new (...args: string[]) => CellFunction;

/** What running a cell gave: its outputs, in nbformat's shape, and whether it failed. */
export interface CellRun {
  readonly outputs: Output[];
  readonly ok: boolean;
}

/**
 * A stack frame in a cell's code, as V8 prints it: `at name (podtalk-cell-<n>:<line>:<column>)`
 * or `at podtalk-cell-<n>:…` (the sourceURL each cell gets); the cell's own top level is the
 * anonymous async function the runtime made of it.
 */
const CELL_FRAME = /^\s*at (?:async )?(?:(.+?) \()?podtalk-cell-(\d+):(\d+):\d+\)?$/;

/** Line 1 of a cell's function text is `with (__scope) {` before the cell's first line: the body starts on line 3. */
const LINE_OFFSET = 2;

/** The scope and the run counter of one page's notebook. */
export class LiveSession {
  readonly #scope: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  #count = 0;
  /** Each run's first line, by run number, to name a function an earlier cell defined. */
  readonly #firstLines = new Map<number, string>();
  /** The outputs of the cell that is running, which console.log and display() append to. */
  #outputs: Output[] | undefined;
  #pending: Promise<void>[] = [];
  /** The promises display() returned: a cell ending with `display(x)` shows the display, not the promise. */
  readonly #displayResults = new WeakSet<object>();
  /** clearOutput({ wait: true }) was called: the next output clears the cell's outputs first. */
  #clearPending = false;
  /** Outputs shown with a displayId, with the outputs of the cell that showed them: an update changes them in any cell. */
  readonly #displays = new Map<string, { slot: { data: Record<string, unknown>; metadata: Record<string, unknown> }; outputs: Output[] }[]>();
  /** Told when `display(…, { update: true })` changed the outputs of a cell (maybe an earlier one). */
  onDisplayUpdate: ((outputs: Output[]) => void) | undefined;

  constructor() {
    const write =
      (name: "stdout" | "stderr") =>
      (...values: unknown[]) =>
        this.#stream(name, `${formatLog(values)}\n`);
    this.#scope["console"] = { ...console, log: write("stdout"), info: write("stdout"), debug: write("stdout"), warn: write("stderr"), error: write("stderr") };
    this.#scope["display"] = library.display;
    this.#scope["clearOutput"] = library.clearOutput;
    const hook: KernelHook = {
      display: (value, options) => this.#display(value, options),
      // As lib/notebook/output-recorder.ts records clear_output: at once, or with `wait` when the next output comes.
      clearOutput: (options) => {
        if (options?.wait === true) this.#clearPending = true;
        else if (this.#outputs) this.#outputs.length = 0;
      },
    };
    (globalThis as Record<symbol, unknown>)[KERNEL_HOOK] = hook;
  }

  /** Runs `source` as the next cell. Never throws: a failure is the cell's `error` output. */
  async run(source: string): Promise<CellRun> {
    const count = ++this.#count;
    const label = `Cell In[${count}]`;
    this.#firstLines.set(count, cellFirstLine(source));
    const outputs: Output[] = [];
    this.#outputs = outputs;
    this.#pending = [];
    this.#clearPending = false;
    let ok = true;
    try {
      let fn: CellFunction;
      try {
        fn = new AsyncFunction("__scope", "__podtalk", `${transpileCell(source).body}\n//# sourceURL=podtalk-cell-${count}`);
      } catch (e) {
        throw e instanceof SyntaxError && !(e instanceof CellSyntaxError) ? new CellSyntaxError(e.message, undefined) : e;
      }
      const result = await fn(this.#scope, library);
      await Promise.all(this.#pending);
      if (result !== undefined && result.value !== undefined && !this.#isDisplayResult(result.value)) {
        const data = await bundleOf(result.value);
        this.#outputsForNew();
        outputs.push({ output_type: "execute_result", execution_count: count, data, metadata: {} } as Output);
      }
    } catch (e) {
      ok = false;
      await Promise.allSettled(this.#pending);
      this.#outputsForNew();
      outputs.push(errorOutput(e, label, (run) => (run === count ? label : `Cell In[${run}] \`${this.#firstLines.get(run) ?? ""}\``)));
    } finally {
      this.#outputs = undefined;
    }
    return { outputs, ok };
  }

  #isDisplayResult(value: unknown): boolean {
    return typeof value === "object" && value !== null && this.#displayResults.has(value);
  }

  /** The running cell's outputs, about to get one more (a pending clear happens now). */
  #outputsForNew(): Output[] | undefined {
    if (this.#clearPending && this.#outputs) this.#outputs.length = 0;
    this.#clearPending = false;
    return this.#outputs;
  }

  #stream(name: "stdout" | "stderr", text: string): void {
    const outputs = this.#outputsForNew();
    if (!outputs) return;
    const last = outputs[outputs.length - 1] as { output_type: string; name?: string; text?: string } | undefined;
    if (last?.output_type === "stream" && last.name === name) last.text += text;
    else outputs.push({ output_type: "stream", name, text } as Output);
  }

  #display(value: unknown, options: DisplayOptions = {}): Promise<void> {
    const outputs = this.#outputs;
    if (!outputs) return Promise.resolve();
    const bundle = (async () => (options.raw ? (value as Record<string, unknown>) : await bundleOf(value)))();
    const metadata = { ...(options.metadata ?? {}) };
    const id = options.displayId;
    let done: Promise<void>;
    if (options.update === true && id !== undefined) {
      // update_display_data: every output shown under that id changes, in whichever cell it is (lib/notebook/output-recorder.ts).
      done = bundle.then((data) => {
        for (const shown of this.#displays.get(id) ?? []) {
          Object.assign(shown.slot, { data, metadata });
          if (shown.outputs !== outputs) this.onDisplayUpdate?.(shown.outputs);
        }
      });
    } else {
      this.#outputsForNew();
      // The place is taken now, so that outputs keep the order the cell made them in.
      const slot = { output_type: "display_data", data: {}, metadata } as Output & { data: Record<string, unknown>; metadata: Record<string, unknown> };
      outputs.push(slot);
      if (id !== undefined) this.#displays.set(id, [...(this.#displays.get(id) ?? []), { slot, outputs }]);
      done = bundle.then((data) => {
        slot.data = data;
      });
    }
    this.#pending.push(done);
    this.#displayResults.add(done);
    return done;
  }
}

/** The MIME bundle the kernel shows for a value (kernel/mime-bundle.ts). */
async function bundleOf(value: unknown): Promise<Record<string, unknown>> {
  if ((typeof value === "object" || typeof value === "function") && value !== null) {
    const method = (value as Record<symbol, unknown>)[JUPYTER_DISPLAY];
    if (typeof method === "function") {
      const bundle: unknown = await (method as () => unknown).call(value);
      if (typeof bundle === "object" && bundle !== null && !Array.isArray(bundle)) return bundle as Record<string, unknown>;
      throw new TypeError(`[Symbol.for("Jupyter.display")]() must give a MIME bundle object such as { "text/plain": "..." }, got ${inspect(bundle)}`);
    }
  }
  return { "text/plain": inspect(value) };
}

/**
 * A thrown value as the kernel's `error` output (kernel/cell-error.ts): `Name: message`, then the
 * cell lines it passed through, `at Cell In[3], line 2` for the running cell's own code and
 * ``at boom (Cell In[2] `// first line`, line 3)`` for a function an earlier cell defined;
 * podtalk's own frames are left out. `labelOf` names a run's cell.
 */
export function errorOutput(e: unknown, label: string, labelOf: (run: number) => string): Output {
  if (e instanceof CellSyntaxError) {
    const traceback = [`SyntaxError: ${e.message}`, ...(e.line !== undefined ? [`    at ${label}, line ${e.line}`] : [])];
    return { output_type: "error", ename: "SyntaxError", evalue: e.message, traceback } as Output;
  }
  if (typeof e === "object" && e !== null && typeof (e as Error).message === "string") {
    const err = e as Error;
    const ename = typeof err.name === "string" && err.name ? err.name : "Error";
    const evalue = String(err.message);
    const frames: string[] = [];
    for (const frame of String(err.stack ?? "").split("\n")) {
      const m = CELL_FRAME.exec(frame);
      if (!m) continue;
      const [, name, run, line] = m;
      const at = `${labelOf(Number(run))}, line ${Number(line) - LINE_OFFSET}`;
      // An earlier cell's function is called through the scope object: V8 names it `Object.boom`.
      const called = name?.replace(/^Object\./, "");
      frames.push(called === undefined || called === "eval" || called === "anonymous" ? `    at ${at}` : `    at ${called} (${at})`);
    }
    return { output_type: "error", ename, evalue, traceback: [evalue ? `${ename}: ${evalue}` : ename, ...frames] } as Output;
  }
  const evalue = typeof e === "string" ? e : inspect(e);
  return { output_type: "error", ename: "Error", evalue, traceback: [`Uncaught ${evalue}`] } as Output;
}

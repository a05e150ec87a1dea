/**
 * What the CLI prints while notebooks run in parallel: one progress bar on a terminal, plain
 * lines otherwise, and per-notebook lines always in notebook order (a notebook's lines wait until
 * every notebook before it has printed), so logs are the same whatever `--jobs` is.
 */
import { MultiBar, Presets, type SingleBar } from "cli-progress";

/** A line to print, to stdout or stderr. */
export interface Line {
  readonly stream: "out" | "err";
  readonly text: string;
}

/** Prints ordered per-notebook lines and drives the progress bar. */
export class Reporter {
  readonly #out: (text: string) => void;
  readonly #err: (text: string) => void;
  readonly #pending: (Line[] | undefined)[];
  #next = 0;
  readonly #bars: MultiBar | undefined;
  readonly #bar: SingleBar | undefined;
  readonly #cellsDone: number[];
  readonly #running = new Set<number>();
  /** What each running notebook's kernel last said it is doing, until its next cell starts. */
  readonly #statuses = new Map<number, string>();
  readonly #names: readonly string[];
  #notebooksDone = 0;

  /**
   * @param names notebook labels, in order
   * @param cells code cells each notebook will run (for the bar's total)
   */
  constructor(names: readonly string[], cells: readonly number[], io: { out: (t: string) => void; err: (t: string) => void; progress: boolean }) {
    this.#out = io.out;
    this.#err = io.err;
    this.#names = names;
    this.#pending = names.map(() => undefined);
    this.#cellsDone = names.map(() => 0);
    if (io.progress) {
      this.#bars = new MultiBar(
        {
          format: "{bar} {value}/{total} cells | {notebooks}/{count} notebooks | {current}",
          stream: process.stderr,
          clearOnComplete: true,
          hideCursor: true,
          autopadding: true,
        },
        Presets.shades_classic,
      );
      this.#bar = this.#bars.create(
        Math.max(
          1,
          cells.reduce((a, b) => a + b, 0),
        ),
        0,
        { notebooks: 0, count: names.length, current: "" },
      );
    }
  }

  /** A notebook started running. */
  started(index: number): void {
    this.#running.add(index);
    this.#update();
  }

  /** A notebook finished `executed` cells so far. */
  progress(index: number, executed: number): void {
    this.#cellsDone[index] = executed;
    this.#statuses.delete(index);
    this.#update();
  }

  /** A notebook's kernel says what it is doing (shown beside the notebook's name until its next cell). */
  status(index: number, status: string): void {
    this.#statuses.set(index, status);
    this.#update();
  }

  /** A notebook is done; its lines print once all earlier notebooks have printed theirs. */
  finished(index: number, lines: readonly Line[]): void {
    this.#running.delete(index);
    this.#statuses.delete(index);
    this.#notebooksDone++;
    this.#pending[index] = [...lines];
    while (this.#next < this.#pending.length && this.#pending[this.#next]) {
      for (const line of this.#pending[this.#next]!) this.#print(line);
      this.#next++;
    }
    this.#update();
  }

  /** Removes the bar (call once, at the end). */
  stop(): void {
    this.#bars?.stop();
  }

  #print(line: Line): void {
    if (this.#bars) {
      this.#bars.log(line.text.endsWith("\n") ? line.text : `${line.text}\n`);
      // Draw now: lines logged just before stop() would otherwise be dropped with the bar.
      (this.#bars as unknown as { update(): void }).update();
    } else (line.stream === "out" ? this.#out : this.#err)(line.text);
  }

  #update(): void {
    if (!this.#bar) return;
    const current = [...this.#running]
      .sort((a, b) => a - b)
      .map((i) => (this.#statuses.has(i) ? `${this.#names[i]} (${this.#statuses.get(i)})` : this.#names[i]))
      .join(", ");
    this.#bar.update(
      this.#cellsDone.reduce((a, b) => a + b, 0),
      { notebooks: this.#notebooksDone, current },
    );
  }
}

/**
 * Runs `task` over `items` with at most `jobs` at a time, starting them in `order` (indices of
 * `items`; by default their own order); results keep the items' order.
 */
export async function runPool<T, R>(
  items: readonly T[],
  jobs: number,
  task: (item: T, index: number) => Promise<R>,
  order: readonly number[] = items.map((_, index) => index),
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < order.length) {
      const index = order[next++]!;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}

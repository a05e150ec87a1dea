/**
 * The outputs cells send with `display()` and `clearOutput()`: display_data,
 * update_display_data and clear_output messages on iopub, and the bookkeeping that lets a cell's
 * reply wait for displays whose bundle is still being computed.
 */
import { inspect } from "node:util";
import type { ClearOutputOptions, DisplayOptions, JupyterMessage } from "podtalk/protocol";
import { checkBundle, mimeBundle } from "./mime-bundle.js";

/** Publishes one iopub message with `parent` as its parent header. */
export type Publish = (parent: JupyterMessage | undefined, type: string, content: Record<string, unknown>) => Promise<void>;

/** The display outputs of the kernel's cells. */
export class CellDisplays {
  readonly #publish: Publish;
  /** Sends the cell's buffered stream output first, so outputs keep their order. */
  readonly #flush: () => void;
  /** display() calls whose bundle is still being computed; a cell's reply waits for them. */
  readonly #pending = new Set<Promise<void>>();
  /** The promises display() returned: a cell ending in `display(x)` has no execute_result. */
  readonly #results = new WeakSet<Promise<void>>();

  constructor(publish: Publish, flush: () => void) {
    this.#publish = publish;
    this.#flush = flush;
  }

  /**
   * Sends `value` as a `display_data` (or, with `update`, an `update_display_data`) output of the
   * cell `parent` belongs to. A synchronous display method is published before this returns, so
   * the output keeps its place among the cell's prints; the cell's reply waits for an async one.
   */
  display(parent: JupyterMessage | undefined, value: unknown, options: DisplayOptions = {}): Promise<void> {
    const displayId = options.displayId;
    // Misuse throws at the call, so the cell's error points at it.
    if (options.update && displayId === undefined) {
      throw new TypeError("display(value, { update: true }) needs the displayId of the output to update");
    }
    if (displayId !== undefined && typeof displayId !== "string") {
      throw new TypeError(`display(): displayId must be a string, got ${inspect(displayId)}`);
    }
    const publish = (data: Record<string, unknown>): Promise<void> => {
      this.#flush();
      return this.#publish(parent, options.update ? "update_display_data" : "display_data", {
        data,
        metadata: { ...(options.metadata ?? {}) },
        transient: displayId === undefined ? {} : { display_id: displayId },
      });
    };
    const bundle = options.raw ? checkBundle(value, "display(value, { raw: true })") : mimeBundle(value);
    const sent = bundle instanceof Promise ? bundle.then(publish) : publish(bundle);
    const tracked = sent.then(
      () => undefined,
      () => undefined,
    );
    this.#pending.add(tracked);
    void tracked.then(() => this.#pending.delete(tracked));
    this.#results.add(sent);
    return sent;
  }

  /** Clears the outputs of the cell `parent` belongs to (with `wait`, when its next output arrives). */
  clearOutput(parent: JupyterMessage | undefined, options: ClearOutputOptions = {}): void {
    this.#flush();
    void this.#publish(parent, "clear_output", { wait: options.wait === true });
  }

  /** True when `value` is what a display() call returned (a cell ending in `display(x)`). */
  isDisplayResult(value: unknown): value is Promise<void> {
    return this.#results.has(value as Promise<void>);
  }

  /** Resolves once every display started so far (and any they start) has been sent. */
  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}

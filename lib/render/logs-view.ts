/**
 * `kubectl logs` output as a displayable value: the container's lines, as the terminal shows them.
 */
import type { LogsResult } from "../sim/index.js";
import { JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";

/** The log lines of one container run (`cluster.logs(...)`). */
export class Logs {
  /** The Pod and container the lines come from. */
  readonly pod: string;
  readonly container: string;
  /** The lines, oldest first. */
  readonly lines: readonly string[];
  /** What kubectl wrote to stderr first (`Defaulted container "first" out of: first, second`), if anything. */
  readonly notice: string | undefined;

  constructor(result: LogsResult) {
    this.pod = result.pod;
    this.container = result.container;
    this.lines = result.lines;
    this.notice = result.notice;
  }

  /** True when some line contains `text`. */
  includes(text: string): boolean {
    return this.lines.some((l) => l.includes(text));
  }

  /** The lines as `kubectl logs` prints them to stdout (each ends with a newline). */
  toString(): string {
    return this.lines.map((l) => `${l}\n`).join("");
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    const shown = this.notice === undefined ? this.lines : [this.notice, ...this.lines];
    return { "text/plain": shown.join("\n") };
  }
}

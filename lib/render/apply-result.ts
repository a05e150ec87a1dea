/**
 * The display of `Cluster.apply()`: kubectl's lines and warnings, as `kubectl apply` prints them.
 */
import { JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";

/** What `apply()` returns: kubectl's lines (`deployment.apps/web created`) and any warnings. */
export class ApplyResult {
  readonly lines: readonly string[];
  readonly warnings: readonly string[];

  constructor(lines: readonly string[], warnings: readonly string[]) {
    this.lines = lines;
    this.warnings = warnings;
  }

  toString(): string {
    return [...this.warnings.map((w) => `Warning: ${w}`), ...this.lines].join("\n");
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/plain": this.toString() };
  }
}

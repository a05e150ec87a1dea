/**
 * How code in a cell reaches the running kernel: the kernel stores a hook under a well-known
 * global symbol, and podtalk's `display()` / `clearOutput()` (lib/display.ts, which may come from
 * another copy of the package, e.g. a course's node_modules) look it up there.
 */

/** The global symbol under which the running kernel installs its KernelHook. */
export const KERNEL_HOOK: unique symbol = Symbol.for("podtalk.kernel") as never;

/** Options of `display()`; the same shape as lib/display.ts's DisplayOptions. */
export interface DisplayOptions {
  /** Names the output so a later `display(value, { displayId, update: true })` replaces it. */
  readonly displayId?: string;
  /** Replace the output shown earlier with the same displayId (`update_display_data`). */
  readonly update?: boolean;
  /** `value` is a MIME bundle already. */
  readonly raw?: boolean;
  /** Output metadata. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** What the kernel offers to cells. */
export interface KernelHook {
  display(value: unknown, options?: DisplayOptions): Promise<void>;
  clearOutput(options?: { readonly wait?: boolean }): void;
}

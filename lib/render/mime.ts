/**
 * The rich-display convention shared by every displayable podtalk object.
 *
 * An object with a `[Symbol.for("Jupyter.display")]()` method is shown by the kernel with the
 * MIME bundle that method returns (the convention of Deno's kernel, so objects render there too).
 */

/** The well-known symbol under which displayable objects expose their MIME bundle. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/**
 * The global symbol under which Node's `util.inspect` (and so `console.log`) looks for an object's
 * own text (`util.inspect.custom`). A global symbol, so lib/render needs no Node import for it.
 *
 * @see https://nodejs.org/api/util.html#utilinspectcustom
 */
export const INSPECT_CUSTOM: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;

/**
 * A MIME bundle: MIME type to data. Text types hold strings; `application/*+json` types hold JSON
 * values (a Vega-Lite spec is an object, not a string).
 */
export type MimeBundle = Readonly<Record<string, unknown>>;

/** Anything the kernel can show richly. */
export interface Displayable {
  [JUPYTER_DISPLAY](): MimeBundle | Promise<MimeBundle>;
}

/** True when `value` implements the display convention. */
export function isDisplayable(value: unknown): value is Displayable {
  return (
    (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as Record<symbol, unknown>)[JUPYTER_DISPLAY] === "function"
  );
}

/** The MIME bundle of a displayable value (awaiting it when the method is async). */
export async function mimeBundleOf(value: Displayable): Promise<MimeBundle> {
  return await value[JUPYTER_DISPLAY]();
}

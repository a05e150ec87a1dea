/**
 * `display()` and `clearOutput()`: rich outputs from anywhere in a notebook's code.
 *
 * Inside podtalk's kernel they send Jupyter `display_data` / `update_display_data` /
 * `clear_output` messages for the running cell (cells may also call them without an import: the
 * kernel defines them as globals, as IPython does for `display`). Outside a kernel (a script, a
 * test) `display()` prints the bundle's `text/plain` to stdout and `clearOutput()` does nothing.
 *
 * The kernel is found through a well-known global symbol rather than an import, so this works
 * with any copy of the package (a course's `node_modules/podtalk`, this repository's build).
 */
import { installedKernelHook, type ClearOutputOptions, type DisplayOptions } from "./jupyter/index.js";
import { JUPYTER_DISPLAY } from "./render/mime.js";

/** The minimal console this module needs (it is type-checked without Node's types). */
interface Printer {
  log(...values: unknown[]): void;
}

/**
 * Shows `value` as an output of the running cell: the MIME bundle its
 * `[Symbol.for("Jupyter.display")]()` returns (sync or async), else its text. Resolves once the
 * output is sent; the cell's reply waits for it anyway, so awaiting is optional.
 *
 * @example
 * display(cluster.get("pods"));                          // a table, mid-cell
 * await display(cluster.topology(), { displayId: "topology" });
 * cluster.advance("30s");
 * await display(cluster.topology(), { displayId: "topology", update: true });  // redraws in place
 */
export function display(value: unknown, options: DisplayOptions = {}): Promise<void> {
  const hook = installedKernelHook();
  if (hook) return hook.display(value, options);
  return printText(value, options);
}

/**
 * Clears the outputs of the running cell (in a kernel; elsewhere it does nothing).
 *
 * @example
 * for (const step of ["0s", "10s", "20s"]) { cluster.advance("10s"); clearOutput({ wait: true }); display(cluster.get("pods")); }
 */
export function clearOutput(options: ClearOutputOptions = {}): void {
  installedKernelHook()?.clearOutput(options);
}

/** Outside a kernel: prints the text/plain of the bundle (or the value itself) to stdout. */
async function printText(value: unknown, options: DisplayOptions): Promise<void> {
  const printer = (globalThis as { console?: Printer }).console;
  let bundle: unknown;
  if (options.raw) bundle = value;
  else if ((typeof value === "object" || typeof value === "function") && value !== null) {
    const method = (value as Record<symbol, unknown>)[JUPYTER_DISPLAY];
    if (typeof method === "function") bundle = await (method as () => unknown).call(value);
  }
  if (bundle === undefined) {
    printer?.log(value);
    return;
  }
  const text = typeof bundle === "object" && bundle !== null ? (bundle as Record<string, unknown>)["text/plain"] : undefined;
  printer?.log(typeof text === "string" ? text : Array.isArray(text) ? text.join("") : bundle);
}

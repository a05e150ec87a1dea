/**
 * The MIME bundle the kernel shows for a value: what its `[Symbol.for("Jupyter.display")]()`
 * returns (the convention Deno's kernel uses too), else Node's inspect text.
 */
import { inspect } from "node:util";
import { JUPYTER_DISPLAY } from "podtalk/protocol";

/**
 * The MIME bundle of a value: its own display bundle (a Promise when the method is async), else
 * `text/plain` as Node's inspect prints it.
 */
export function mimeBundle(value: unknown): Record<string, unknown> | Promise<Record<string, unknown>> {
  if ((typeof value === "object" || typeof value === "function") && value !== null) {
    const method = (value as Record<symbol, unknown>)[JUPYTER_DISPLAY];
    if (typeof method === "function") {
      const what = `[Symbol.for("Jupyter.display")]()`;
      const bundle: unknown = (method as () => unknown).call(value);
      return bundle instanceof Promise ? bundle.then((b: unknown) => checkBundle(b, what)) : checkBundle(bundle, what);
    }
  }
  return { "text/plain": inspect(value) };
}

/** `bundle` as a MIME bundle, or a TypeError naming `what` produced it. */
export function checkBundle(bundle: unknown, what: string): Record<string, unknown> {
  if (typeof bundle === "object" && bundle !== null && !Array.isArray(bundle)) {
    return bundle as Record<string, unknown>;
  }
  throw new TypeError(`${what} must give a MIME bundle object such as { "text/plain": "..." }, got ${inspect(bundle)}`);
}

/**
 * The contract between podtalk's kernel and code running in its cells: the kernel stores a
 * {@link KernelHook} under a well-known global symbol, and `display()` / `clearOutput()`
 * (lib/display.ts, possibly from another copy of the package, e.g. a course's node_modules) look
 * it up there. A global symbol, not an import, is what lets any copy of the package find the
 * running kernel. Pure: no Node APIs, so the package entry and the kernel can both import it.
 */

/** The global symbol under which the running kernel installs its {@link KernelHook}. */
export const KERNEL_HOOK: unique symbol = Symbol.for("podtalk.kernel") as never;

/** Options of `display()`. */
export interface DisplayOptions {
  /** Names the output so a later `display(value, { displayId, update: true })` replaces it. */
  readonly displayId?: string;
  /** Replace the output shown earlier under the same `displayId` instead of adding one. @default false */
  readonly update?: boolean;
  /** `value` is a MIME bundle already, e.g. `{ "text/html": "<b>hi</b>", "text/plain": "hi" }`. @default false */
  readonly raw?: boolean;
  /** Output metadata, e.g. `{ "image/svg+xml": { isolated: true } }`. @default {} */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Options of `clearOutput()`. */
export interface ClearOutputOptions {
  /** Clear only when the next output arrives, so the cell does not flicker. @default false */
  readonly wait?: boolean;
}

/**
 * The kernel's store of rendered figures: the SVG vega gave for a key that names the spec and
 * everything else the SVG depends on (lib/render/svg.ts makes the key). The kernel keeps them in
 * its cache folder, so a notebook run again shows each figure without rendering it again.
 */
export interface RenderCache {
  get(key: string): string | undefined;
  set(key: string, svg: string): void;
}

/** What the kernel offers to cells. */
export interface KernelHook {
  display(value: unknown, options?: DisplayOptions): Promise<void>;
  clearOutput(options?: ClearOutputOptions): void;
  /** Present when the kernel caches rendered figures (its cache folder is not off). */
  readonly renderCache?: RenderCache;
}

/** The hook of the kernel running this process, or undefined outside a kernel. */
export function installedKernelHook(): KernelHook | undefined {
  const hook = (globalThis as Record<symbol, unknown>)[KERNEL_HOOK] as Partial<KernelHook> | undefined;
  return hook && typeof hook.display === "function" && typeof hook.clearOutput === "function" ? (hook as KernelHook) : undefined;
}

/** The running kernel's store of rendered figures, or undefined (outside a kernel, or caching off). */
export function installedRenderCache(): RenderCache | undefined {
  const cache = installedKernelHook()?.renderCache;
  return cache && typeof cache.get === "function" && typeof cache.set === "function" ? cache : undefined;
}

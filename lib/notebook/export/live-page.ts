/**
 * The parts a live article adds to its page: the cells' data and the runtime, inlined or loaded
 * from the one file a course's articles share (`liveRuntimeHref`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Notebook } from "../ipynb.js";
import { packageRoot } from "../kernelspec.js";
import { ExportError } from "./export-error.js";
import { liveDataElement } from "./live.js";
import type { ExportOptions } from "./options.js";

/** The file `npm run build` writes the runtime to (scripts/live-runtime.cjs). */
export function liveRuntimePath(): string {
  return join(packageRoot(), "dist", "live", "runtime.js");
}

let runtime: string | undefined;

/** The runtime's text, as the shared file holds it. */
export function liveRuntimeFile(): string {
  if (runtime !== undefined) return runtime;
  try {
    runtime = readFileSync(liveRuntimePath(), "utf8");
  } catch {
    throw new ExportError("the live articles' runtime is not built (dist/live/runtime.js); run `npm run build`");
  }
  return runtime;
}

/** The runtime's text, safe inside a `<script>` element. */
export function liveRuntime(): string {
  return `\n${liveRuntimeFile().replace(/<\/(script)/gi, "<\\/$1")}\n`;
}

/**
 * What a live article adds: `body` (the cells' data), `inline` (the runtime's text when it is
 * inlined) and `external` (the shared runtime file's URL, which the page loads).
 */
export function liveParts(notebook: Notebook, options: ExportOptions): { body: string; inline: string[]; external?: { src: string } } {
  const data = `\n${liveDataElement(notebook, { solutions: options.student !== true, trust: options.trust === true })}`;
  if (options.liveRuntimeHref === undefined) return { body: data, inline: [liveRuntime()] };
  // Fails now, rather than in the reader's browser, when the runtime is not built.
  liveRuntimeFile();
  return { body: data, inline: [], external: { src: options.liveRuntimeHref } };
}

/** The styles of the live parts (the Run bar, the editors, an exercise's verdict). */
export const LIVE_CSS = `
.live-bar { display: flex; align-items: center; gap: 0.75rem; margin: -0.5rem 0 0.75rem; }
.live-run { font: inherit; font-size: 0.85rem; padding: 0.25rem 0.8rem; border: 1px solid var(--accent); border-radius: 6px; background: var(--bg); color: var(--accent); cursor: pointer; }
.live-run:hover, .live-run:focus-visible { background: var(--accent); color: var(--bg); }
.live-state { font-size: 0.85rem; color: var(--muted); }
section.running .live-outputs { opacity: 0.5; }
.cm-editor { margin: 0 0 1rem; border: 1px solid var(--border); border-left: 3px solid var(--accent); border-radius: 6px; background: var(--bg); }
.cm-editor.cm-focused { outline: 2px solid var(--accent); outline-offset: 1px; }
.cm-gutters { background: var(--bg); color: var(--muted); border-right: 1px solid var(--border); }
.cm-editor .cm-cursor { border-left-color: var(--fg); }
.cm-editor .cm-selectionBackground, .cm-editor.cm-focused .cm-selectionBackground { background: color-mix(in srgb, var(--accent) 25%, transparent); }
.live-verdict { margin: 0 0 1rem; padding: 0.5rem 0.8rem; border-radius: 6px; border: 1px solid; }
.live-verdict.solved { color: #1a7f37; border-color: #1a7f37; }
.live-verdict.unsolved { color: var(--error-fg); background: var(--error-bg); border-color: var(--error-fg); }
.live-verdict ul { margin: 0.3rem 0 0; padding-left: 1.2rem; }
.live-verdict li { white-space: pre-line; }
`;

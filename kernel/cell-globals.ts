/**
 * The ambient declaration of what every cell may use without an import.
 *
 * The kernel passes the values to CellExecutor (see kernel.ts), and the type checker sees them
 * through this declaration, which is prepended to the tail of the declarations carried from cell
 * to cell (`__prev__.d.ts`, see tslab/decl-chain.ts) on every compile, completion and inspection.
 * The cell compiler keeps only the cells' own names when it carries that file forward, so the
 * block never accumulates.
 *
 * The option types repeat lib/jupyter/kernel-hook.ts's DisplayOptions and ClearOutputOptions
 * under global names: a cell cannot count on importing them (its folder may hold another copy of
 * podtalk, or none). test/kernel/cell-globals.test.ts checks that both keep the same members.
 */

/** The declaration of `display`, `clearOutput` and `PodtalkDisplayOptions` for cells. */
export const CELL_GLOBALS_DECLARATION = `declare global {
  /** Options of display(). */
  interface PodtalkDisplayOptions {
    /** Names the output so a later display(value, { displayId, update: true }) replaces it. */
    readonly displayId?: string;
    /** Replace the output shown earlier with the same displayId (update_display_data). */
    readonly update?: boolean;
    /** The value is a MIME bundle already, e.g. { "text/html": "<b>hi</b>" }. */
    readonly raw?: boolean;
    /** Output metadata, e.g. { "image/svg+xml": { isolated: true } }. */
    readonly metadata?: Readonly<Record<string, unknown>>;
  }
  /** Shows value as a display_data output: its [Symbol.for("Jupyter.display")]() bundle, else its text. */
  function display(value: unknown, options?: PodtalkDisplayOptions): Promise<void>;
  /** Clears this cell's outputs; with { wait: true } only when the next output arrives. */
  function clearOutput(options?: { readonly wait?: boolean }): void;
}
`;

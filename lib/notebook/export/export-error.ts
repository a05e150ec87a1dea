/**
 * The error the exporter throws when a notebook cannot become an article.
 */

/** A notebook that cannot be exported; the message names the cell when one is to blame. */
export class ExportError extends Error {
  override readonly name = "ExportError";
  /** The 1-based number of the cell at fault, if one is. */
  readonly cell: number | undefined;
  constructor(message: string, cell?: number) {
    super(cell !== undefined ? `cell ${cell}: ${message}` : message);
    this.cell = cell;
  }
}

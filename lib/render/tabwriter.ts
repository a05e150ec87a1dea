/**
 * The one implementation of Go's `text/tabwriter` elastic tabstops, as kubectl uses it: `get`
 * with minimum width 6 and padding 3, `describe` with padding 2.
 *
 * @see https://pkg.go.dev/text/tabwriter
 * @see https://github.com/kubernetes/cli-runtime/blob/master/pkg/printers/tabwriter.go
 */

/** Options of {@link tabwriteCells} and {@link tabwrite}. */
export interface TabwriterOptions {
  /** The narrowest a column may be, padding included. @default 0 */
  readonly minWidth?: number;
  /** Spaces added to the widest cell of a column. */
  readonly padding: number;
}

/** kubectl get's settings (cli-runtime `printers/tabwriter.go`: minwidth 6, padding 3). */
export const GET_TABWRITER: TabwriterOptions = { minWidth: 6, padding: 3 };

/** kubectl describe's settings (`describe.go`'s `tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)`). */
export const DESCRIBE_TABWRITER: TabwriterOptions = { padding: 2 };

/**
 * Aligns lines of cells as Go's tabwriter does. A line's last cell ends the line and is never
 * padded; every other cell belongs to a column. A column block is a run of consecutive lines
 * that have a cell in that column, and each block is as wide as its widest cell plus `padding`
 * (at least `minWidth`), so a line with fewer cells ends a block. Widths count code points, as
 * Go counts runes.
 */
export function tabwriteCells(lines: readonly (readonly string[])[], options: TabwriterOptions): string[] {
  const minWidth = options.minWidth ?? 0;
  const widths: number[][] = lines.map(() => []);
  // A loop, not Math.max(...): a table of 100,000 rules has more lines than a call takes arguments.
  let maxCols = 0;
  for (const l of lines) maxCols = Math.max(maxCols, l.length);
  for (let col = 0; col < maxCols - 1; col++) {
    let start = 0;
    while (start < lines.length) {
      if (lines[start]!.length - 1 <= col) {
        start++;
        continue;
      }
      let end = start;
      let width = minWidth;
      while (end < lines.length && lines[end]!.length - 1 > col) {
        width = Math.max(width, [...lines[end]![col]!].length + options.padding);
        end++;
      }
      for (let i = start; i < end; i++) widths[i]![col] = width;
      start = end;
    }
  }
  return lines.map((cells, i) => cells.map((c, col) => (col < cells.length - 1 ? c + " ".repeat(widths[i]![col]! - [...c].length) : c)).join(""));
}

/** {@link tabwriteCells} over tab-separated text: lines split at `\n`, cells at `\t`. */
export function tabwrite(text: string, options: TabwriterOptions): string {
  return tabwriteCells(
    text.split("\n").map((l) => l.split("\t")),
    options,
  ).join("\n");
}

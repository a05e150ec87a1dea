/**
 * How podtalk names a cell to an author, beside its execution count: its first non-empty line,
 * cut to 40 characters. `podtalk run`'s failure reports and the kernel's tracebacks share it.
 */

/** The first non-empty line of `source`, trimmed, with an ellipsis past 40 characters. */
export function cellFirstLine(source: string): string {
  const first =
    source
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.trim() ?? "";
  return first.length > 40 ? `${first.slice(0, 39)}…` : first;
}

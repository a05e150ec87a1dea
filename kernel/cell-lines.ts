/**
 * Maps a line of a compiled cell back to the cell's own source, for error locations.
 */

/**
 * The cell line (1-based) that line `jsLine` of the compiled cell came from, when exactly one
 * cell line matches it. tslab emits no source map, so this compares the statement text with the
 * exports rewriting removed; ambiguous lines are not reported rather than guessed.
 */
export function cellLineOf(output: string, code: string, jsLine: number): number | undefined {
  const normalize = (l: string): string =>
    l
      .replace(/\bexports\.[A-Za-z_$][\w$]* = /g, "")
      .replace(/\bexports\./g, "")
      .replace(/\s+/g, "")
      .replace(/;$/, "");
  const js = normalize(output.split("\n")[jsLine - 1] ?? "");
  if (js.length < 3) return undefined;
  const matches = code
    .split("\n")
    .map((l, i) => [normalize(l), i + 1] as const)
    .filter(([l]) => l.length >= 3 && (l.includes(js) || js.includes(l)));
  return matches.length === 1 ? matches[0]![1] : undefined;
}

/** One measured number of a benchmark. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** A target or a comparison, e.g. "target < 5 s" or "1.4x ipykernel". */
  readonly note?: string;
}

/** Prints results as aligned lines. */
export function printResults(title: string, results: readonly BenchResult[]): void {
  console.log(`\n${title}`);
  const width = Math.max(0, ...results.map((r) => r.name.length));
  for (const r of results) {
    const value = Math.abs(r.value) >= 100 ? r.value.toFixed(0) : r.value.toFixed(2);
    console.log(`  ${r.name.padEnd(width)}  ${value.padStart(10)} ${r.unit}${r.note ? `  (${r.note})` : ""}`);
  }
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * How many cases a fuzz property runs. In `npm test`: `defaultRuns`, with a fixed seed, so CI is
 * repeatable and fast. Under `npm run fuzz` (test/fuzz/run.ts), FUZZ_RUNS times `scale` (a
 * property that spawns or writes much gets a smaller share), with the FUZZ_SEED that script
 * prints; fast-check reports the seed and path of any failure, to replay it with FUZZ_SEED.
 */
import type fc from "fast-check";

export function fuzzParams(defaultRuns: number, scale = 1): fc.Parameters<unknown> {
  const fuzzRuns = process.env["FUZZ_RUNS"];
  const runs = fuzzRuns !== undefined ? Number(fuzzRuns) * scale : defaultRuns;
  const seedText = process.env["FUZZ_SEED"];
  const seed = seedText !== undefined ? Number(seedText) : fuzzRuns !== undefined ? undefined : 13;
  return { numRuns: Math.max(1, Math.round(runs)), ...(seed === undefined ? {} : { seed }) };
}

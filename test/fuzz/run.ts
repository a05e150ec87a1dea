/**
 * `npm run fuzz`: the fuzz properties (test/fuzz/*.test.ts and test/cluster-input.test.ts) with
 * many more cases than `npm test` runs. FUZZ_RUNS sets the cases per property (default 2000) and
 * FUZZ_SEED the seed (default: a random one); the seed is printed first, so a run that finds a
 * failure can be repeated with `FUZZ_SEED=<seed> npm run fuzz`. fast-check prints the failing
 * input and its path. Extra arguments go to mocha (e.g. `-- --grep exec`).
 */
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { join } from "node:path";

const dist = join(__dirname, "..");
const runs = process.env["FUZZ_RUNS"] ?? "2000";
const seed = process.env["FUZZ_SEED"] ?? String(randomInt(2 ** 31 - 1));
console.log(`fuzz: FUZZ_RUNS=${runs} FUZZ_SEED=${seed}`);
const started = Date.now();
const mocha = spawnSync(
  process.execPath,
  [
    require.resolve("mocha/bin/mocha.js"),
    "--no-config",
    "--require",
    join(dist, "internal", "setup.js"),
    "--timeout",
    "0",
    join(dist, "cluster-input.test.js"),
    join(dist, "fuzz", "*.test.js"),
    ...process.argv.slice(2),
  ],
  { stdio: "inherit", env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed } },
);
console.log(`fuzz: ${((Date.now() - started) / 1000).toFixed(0)} s, FUZZ_RUNS=${runs} per property, FUZZ_SEED=${seed}`);
process.exitCode = mocha.status ?? 1;

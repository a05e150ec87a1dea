/**
 * `podtalk run` SIGKILLed at random moments of a run of several cells (seeded: FUZZ_SEED, else a
 * fixed seed). After each kill:
 *
 * - the notebook is either the bytes it had or the complete notebook a finished run writes, never
 *   a truncated or mixed file (writes go to a temporary file that is renamed over the notebook);
 * - no kernel process of that run is left: each kernel notices that its front end is gone
 *   (kernel/parent-watchdog.ts) and ends, and removes its connection file's folder, which holds
 *   the session's key. The run's processes are found by a marker in their environment, which
 *   podtalk passes on to its kernels.
 *
 * Not checked here: a temporary notebook file left by a kill during the write, and a connection
 * folder made in the instant between writing it and starting the kernel; those are swept by the
 * next run.
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readNotebook } from "../../lib/notebook/index.js";
import { packageRoot } from "../../lib/notebook/kernelspec.js";

/** How many kills, and the seed of their moments. */
const KILLS = 10;
const SEED = process.env["FUZZ_SEED"] !== undefined ? Number(process.env["FUZZ_SEED"]) : 7;

/** A small seeded generator (mulberry32): the kill moments of a seed are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MARKER_VARIABLE = "PODTALK_TEST_RUN_MARKER";

/** The live processes whose environment holds `marker`, each with its PODTALK_CONNECTION_DIR. */
function markedProcesses(marker: string): { pid: number; connectionDir: string | undefined }[] {
  const found: { pid: number; connectionDir: string | undefined }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let environ: string[];
    try {
      environ = readFileSync(`/proc/${entry}/environ`, "latin1").split("\0");
    } catch {
      continue; // Gone, or not ours.
    }
    if (!environ.includes(`${MARKER_VARIABLE}=${marker}`)) continue;
    const dir = environ.find((v) => v.startsWith("PODTALK_CONNECTION_DIR="));
    found.push({ pid: Number(entry), connectionDir: dir?.slice("PODTALK_CONNECTION_DIR=".length) });
  }
  return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A notebook of several cells that take a while, the last one printing enough to make the write take a moment. */
function writeSlowNotebook(path: string): void {
  const sources = [
    'console.log("start")',
    ...[1, 2, 3, 4].map((i) => `await new Promise((r) => setTimeout(r, 150)); console.log("step ${i}")`),
    'console.log("x".repeat(3_000_000))',
    '"done"',
  ];
  const cells = sources.map((source, i) => ({ cell_type: "code", execution_count: null, id: `c${i}`, metadata: {}, outputs: [], source }));
  const nb = {
    cells,
    metadata: { kernelspec: { name: "podtalk", display_name: "TypeScript (podtalk)", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(path, `${JSON.stringify(nb, null, 1)}\n`);
}

describe("podtalk run, SIGKILLed at random moments", function () {
  this.timeout(120_000);
  let dir: string;
  before(function () {
    if (process.platform !== "linux") this.skip(); // processes are found through /proc
    dir = mkdtempSync(join(tmpdir(), "podtalk-kill-"));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`leaves the notebook old or complete and no kernel behind, over ${KILLS} kills (seed ${SEED})`, async () => {
    const bin = join(packageRoot(), "bin", "podtalk.js");
    const env = { ...process.env, PODTALK_CACHE_DIR: join(dir, "cache") };
    const path = join(dir, "k.ipynb");
    writeSlowNotebook(path);
    const original = readFileSync(path);
    // One run to the end: what a complete write gives, how long a run takes, and a warm compile cache.
    const runTo = async (marker: string) => {
      const child = spawn(process.execPath, [bin, "run", path], { env: { ...env, [MARKER_VARIABLE]: marker }, stdio: "ignore" });
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      return { child, exited };
    };
    let started = Date.now();
    assert.equal(await (await runTo(randomUUID())).exited, 0);
    const runMs = Date.now() - started;
    const finished = readFileSync(path);
    assert.doesNotThrow(() => readNotebook(path));

    const next = random(SEED);
    const outcomes: string[] = [];
    let killedWithKernel = 0;
    for (let i = 0; i < KILLS; i++) {
      writeFileSync(path, original);
      const marker = randomUUID();
      // Kill anywhere from the start to a little past the usual end of a run.
      const delayMs = Math.round(next() * runMs * 1.1);
      started = Date.now();
      const { child, exited } = await runTo(marker);
      const connectionDirs = new Set<string>();
      while (Date.now() - started < delayMs && child.exitCode === null) {
        for (const p of markedProcesses(marker)) if (p.connectionDir) connectionDirs.add(p.connectionDir);
        await sleep(20);
      }
      if (connectionDirs.size > 0) killedWithKernel++;
      try {
        child.kill("SIGKILL");
      } catch {
        // It had finished.
      }
      await exited;
      const bytes = readFileSync(path);
      const state = bytes.equals(original) ? "old" : bytes.equals(finished) ? "new" : "corrupt";
      assert.notEqual(state, "corrupt", `kill ${i + 1} after ${delayMs} ms: the notebook is neither the old nor the new bytes`);
      outcomes.push(state);
      // Every kernel of the run ends on its own (the watchdog looks twice a second).
      let left = markedProcesses(marker);
      for (let waited = 0; left.length > 0 && waited < 10_000; waited += 100) {
        await sleep(100);
        left = markedProcesses(marker);
      }
      assert.deepEqual(
        left.map((p) => p.pid),
        [],
        `kill ${i + 1} after ${delayMs} ms: processes of the run are still alive`,
      );
      for (const d of connectionDirs) assert.equal(existsSync(d), false, `kill ${i + 1} after ${delayMs} ms: the kernel's connection folder ${d} was left`);
      // A kill during the write may leave its temporary file (never the notebook): cleared for the next round.
      for (const f of readdirSync(dir).filter((f) => f.endsWith(".tmp"))) rmSync(join(dir, f));
    }
    assert.ok(outcomes.includes("old"), `no kill landed before the write: ${outcomes.join(", ")}`);
    assert.ok(killedWithKernel > 0, "no kill landed while a kernel ran: the check for orphans checked nothing");
  });
});

/**
 * Seeds the kernel's V8 code cache (kernel/code-cache.ts): runs a first session's cells with
 * `podtalk run` with a cache folder of its own, and keeps the code the kernel compiled in
 * dist/kernel/code-cache-seed/code-<node>-<arch>/. Only code: the cells' compiled TypeScript
 * (compile-v1/) is left behind, so a new cache still compiles every cell.
 *
 * It also keeps the hashes of the files those compiles read (the manifests in compile-v1/), each
 * with its size, mtime and inode now, in dist/kernel/compile-inputs.json: a kernel's compile cache
 * takes them instead of hashing the same files again (kernel/compile-cache.ts, readKnownHashes).
 * A failed run leaves neither; kernels then compile their code and hash the files as before.
 */
const { spawnSync } = require("node:child_process");
const { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

const root = join(__dirname, "..");
const seed = join(root, "dist", "kernel", "code-cache-seed");
// After tsc: the cells a first session runs (kernel/first-session.ts).
const { CLIENT_CELL, FIRST_CELL, realisticCell } = require(join(root, "dist", "kernel", "first-session.js"));
const { KNOWN_HASHES_FILE, knownHashesOf } = require(join(root, "dist", "kernel", "compile-cache.js"));
const knownHashes = join(root, "dist", "kernel", KNOWN_HASHES_FILE);
const cells = [FIRST_CELL, CLIENT_CELL, realisticCell(0), 'cluster.get("pods")'];

function notebook() {
  return {
    cells: cells.map((source, i) => ({ cell_type: "code", execution_count: null, id: `seed-${i}`, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { display_name: "TypeScript (podtalk)", language: "typescript", name: "podtalk" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

const started = Date.now();
const work = mkdtempSync(join(tmpdir(), "podtalk-code-seed-"));
try {
  rmSync(seed, { recursive: true, force: true });
  rmSync(knownHashes, { force: true });
  const path = join(work, "seed.ipynb");
  writeFileSync(path, `${JSON.stringify(notebook(), null, 1)}\n`);
  const cache = join(work, "cache");
  const env = { ...process.env, PODTALK_CACHE_DIR: cache };
  const run = spawnSync(process.execPath, [join(root, "bin", "podtalk.js"), "run", path, "--out", join(work, "out")], { env, encoding: "utf8" });
  if (run.status !== 0) throw new Error((run.error?.message ?? `${run.stdout}${run.stderr}`).trim().split("\n").slice(-5).join("\n"));
  for (const folder of readdirSync(cache).filter((f) => f.startsWith("code-"))) {
    cpSync(join(cache, folder), join(seed, folder), { recursive: true });
  }
  if (!existsSync(seed)) throw new Error("the runs left no code cache");
  writeFileSync(knownHashes, `${JSON.stringify(knownHashesOf(join(cache, "compile-v1")))}\n`);
  process.stdout.write(`kernel code cache seed: dist/kernel/code-cache-seed (${Date.now() - started} ms)\n`);
} catch (e) {
  rmSync(seed, { recursive: true, force: true });
  rmSync(knownHashes, { force: true });
  process.stdout.write(`kernel code cache seed not made (kernels compile their code as before): ${e.message}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

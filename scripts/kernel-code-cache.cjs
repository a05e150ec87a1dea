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
const { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

const root = join(__dirname, "..");
const seed = join(root, "dist", "kernel", "code-cache-seed");
// kernel/compile-cache.ts: KNOWN_HASHES_FILE, in the format of KnownHashes.
const knownHashes = join(root, "dist", "kernel", "compile-inputs.json");
// After tsc: the cells a first session runs (kernel/first-session.ts).
const { CLIENT_CELL, FIRST_CELL, realisticCell } = require(join(root, "dist", "kernel", "first-session.js"));
const cells = [FIRST_CELL, CLIENT_CELL, realisticCell(0), 'cluster.get("pods")'];

function notebook() {
  return {
    cells: cells.map((source, i) => ({ cell_type: "code", execution_count: null, id: `seed-${i}`, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { display_name: "TypeScript (podtalk)", language: "typescript", name: "podtalk" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The files the compile manifests in `folder` name, each with its stat now and its SHA-256 then. */
function hashedInputs(folder) {
  const files = new Map();
  for (const name of readdirSync(folder).filter((n) => n.startsWith("inputs-"))) {
    const manifest = JSON.parse(readFileSync(join(folder, name), "utf8"));
    if (manifest.format !== 1) throw new Error(`unexpected compile manifest format ${manifest.format} in ${name}`);
    for (const [path, sha256] of manifest.files) files.set(path, sha256);
  }
  if (files.size === 0) throw new Error("the runs compiled no cell");
  const entries = [...files]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, sha256]) => {
      const { size, mtimeMs, ino } = statSync(path);
      return [path, size, mtimeMs, ino, sha256];
    });
  return { format: 1, files: entries };
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
  writeFileSync(knownHashes, `${JSON.stringify(hashedInputs(join(cache, "compile-v1")))}\n`);
  process.stdout.write(`kernel code cache seed: dist/kernel/code-cache-seed (${Date.now() - started} ms)\n`);
} catch (e) {
  rmSync(seed, { recursive: true, force: true });
  rmSync(knownHashes, { force: true });
  process.stdout.write(`kernel code cache seed not made (kernels compile their code as before): ${e.message}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

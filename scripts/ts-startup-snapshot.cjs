/**
 * Builds the kernel's startup snapshot, dist/kernel/ts-startup.blob (kernel/snapshot/entry.ts
 * says what it holds), with the Node that runs `npm run build`; dist/kernel/ts-startup.json records
 * that Node's version and NODE_OPTIONS, since a blob only starts the Node that built it, with the
 * same V8 flags (any other, such as --max-old-space-size, and Node refuses it). A Node without
 * `--build-snapshot` (before 18.20), or a failed build, leaves no blob: the kernel then starts
 * without one, as before.
 *
 * Run plainly, it starts `node --build-snapshot` on itself; run as that snapshot's entry (which
 * may only require built-in modules and has no `exports`), it runs the compiled entry.
 *
 * The blob is built, and must be started, with V8's `--no-rehash-snapshot` (the stamp's `flags`).
 * By default V8 draws a new hash seed for each process and, on starting from a snapshot, hashes
 * again every string and hash table the snapshot holds: for this blob's millions of objects (the
 * declarations' syntax trees and symbol tables) that is 30-35 ms of the compiler's 215 ms start on
 * a 2-core machine (`node --profile-deserialization`). With the flag a process keeps the seed the
 * blob was built with. The seed guards hash tables against input made to collide; the compiler
 * hashes only the notebook's own cells and the declaration files installed with it.
 */
const { spawnSync } = require("node:child_process");
const { readFileSync, rmSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");
const v8 = require("node:v8");
const vm = require("node:vm");

const root = join(__dirname, "..");
const entry = join(root, "dist", "kernel", "snapshot", "entry.js");
const blob = join(root, "dist", "kernel", "ts-startup.blob");
const stamp = join(root, "dist", "kernel", "ts-startup.json");
const args = join(root, "dist", "kernel", "ts-startup.args");
/** V8 flags the blob is built with, which a process must be started with to use it. */
const flags = ["--no-rehash-snapshot"];

if (v8.startupSnapshot?.isBuildingSnapshot()) {
  const module = { exports: {} };
  const fn = vm.compileFunction(readFileSync(entry, "utf8"), ["exports", "require", "module", "__filename", "__dirname"], { filename: entry });
  fn.call(module.exports, module.exports, require, module, entry, dirname(entry));
} else {
  rmSync(blob, { force: true });
  rmSync(stamp, { force: true });
  rmSync(args, { force: true });
  const started = Date.now();
  const run = spawnSync(process.execPath, [...flags, "--snapshot-blob", blob, "--build-snapshot", __filename], { encoding: "utf8" });
  if (run.status === 0) {
    writeFileSync(stamp, `${JSON.stringify({ node: process.version, arch: process.arch, nodeOptions: process.env.NODE_OPTIONS ?? "", flags })}\n`);
    // For the kernel's launcher (kernel/launch.sh), which cannot read JSON: the Node that built the
    // blob, then the compiler's Node arguments, one a line. Under NODE_OPTIONS it writes none.
    if (!process.env.NODE_OPTIONS) writeFileSync(args, `${[process.execPath, ...flags, "--snapshot-blob", blob].join("\n")}\n`);
    process.stdout.write(`kernel startup snapshot: dist/kernel/ts-startup.blob (${Date.now() - started} ms)\n`);
  } else {
    rmSync(blob, { force: true });
    const why = (run.error?.message ?? run.stderr ?? "").trim().split("\n").slice(-3).join("\n");
    process.stdout.write(`kernel startup snapshot not built (the kernel starts without it): ${why}\n`);
  }
}

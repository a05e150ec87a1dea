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

if (v8.startupSnapshot?.isBuildingSnapshot()) {
  const module = { exports: {} };
  const fn = vm.compileFunction(readFileSync(entry, "utf8"), ["exports", "require", "module", "__filename", "__dirname"], { filename: entry });
  fn.call(module.exports, module.exports, require, module, entry, dirname(entry));
} else {
  rmSync(blob, { force: true });
  rmSync(stamp, { force: true });
  const started = Date.now();
  const run = spawnSync(process.execPath, ["--snapshot-blob", blob, "--build-snapshot", __filename], { encoding: "utf8" });
  if (run.status === 0) {
    writeFileSync(stamp, `${JSON.stringify({ node: process.version, arch: process.arch, nodeOptions: process.env.NODE_OPTIONS ?? "" })}\n`);
    process.stdout.write(`kernel startup snapshot: dist/kernel/ts-startup.blob (${Date.now() - started} ms)\n`);
  } else {
    rmSync(blob, { force: true });
    const why = (run.error?.message ?? run.stderr ?? "").trim().split("\n").slice(-3).join("\n");
    process.stdout.write(`kernel startup snapshot not built (the kernel starts without it): ${why}\n`);
  }
}

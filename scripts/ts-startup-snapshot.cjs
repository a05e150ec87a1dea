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
 *
 * It is also built and started with `--min-semi-space-size=16` (MB). A process starting from the
 * blob begins with V8's smallest young generation, 1 MB, and its start and first compile then
 * take about ten scavenges, each copying the checker's fresh objects: 15-25 ms of garbage
 * collection in all. With a 16 MB young generation from the start the compile needs none, and a
 * cold first diagram came 13 ms sooner (A/B, 11 starts each, on a 2-core machine). On Node 20
 * V8 grows the young generation to 16 MB in the first seconds of work anyway, so later cells are
 * not affected.
 *
 * V8 keeps a script's source in the heap, with two bytes a character when any character needs
 * more than one (beyond Latin-1). tslab's typescript.js (8.1 million characters) has five such,
 * all in comments (’ and →): its source alone took 16 MB of the 57 MB blob. This script hands the
 * snapshot's entry a copy of it with each such character of a comment replaced by "?", when a
 * JavaScript parser (acorn) finds every one of them in a comment: the same length and lines, so
 * the same positions in stack traces, and no other difference; the source then takes 8 MB.
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
const latin1Copy = join(root, "dist", "kernel", "ts-startup-typescript.js");
/** What the entry reads tslab's TypeScript from, as JSON [the installed file, the copy] (kernel/snapshot/entry.ts). */
const SOURCE_ENV = "PODTALK_SNAPSHOT_TYPESCRIPT_SOURCE";

/**
 * Writes the Latin-1 copy of tslab's typescript.js (see above, and latin1-source.cjs) and returns
 * [file, copy], or undefined when there is nothing to replace, no acorn (a build without
 * devDependencies), or a character beyond Latin-1 outside a comment.
 */
function latin1TypeScript() {
  let parse;
  let file;
  try {
    parse = require("acorn").parse;
    file = require.resolve("@tslab/typescript-for-tslab/lib/typescript.js", { paths: [dirname(require.resolve("tslab/package.json"))] });
  } catch {
    return undefined;
  }
  const copy = require("./latin1-source.cjs").commentsToLatin1(readFileSync(file, "utf8"), parse);
  if (copy === undefined) return undefined;
  writeFileSync(latin1Copy, copy);
  return [file, latin1Copy];
}
/** V8 flags the blob is built with, which a process must be started with to use it. */
const flags = ["--no-rehash-snapshot", "--min-semi-space-size=16"];

if (v8.startupSnapshot?.isBuildingSnapshot()) {
  const module = { exports: {} };
  const fn = vm.compileFunction(readFileSync(entry, "utf8"), ["exports", "require", "module", "__filename", "__dirname"], { filename: entry });
  fn.call(module.exports, module.exports, require, module, entry, dirname(entry));
} else {
  rmSync(blob, { force: true });
  rmSync(stamp, { force: true });
  rmSync(args, { force: true });
  rmSync(latin1Copy, { force: true });
  const started = Date.now();
  const source = latin1TypeScript();
  const env = { ...process.env, ...(source ? { [SOURCE_ENV]: JSON.stringify(source) } : {}) };
  const run = spawnSync(process.execPath, [...flags, "--snapshot-blob", blob, "--build-snapshot", __filename], { encoding: "utf8", env });
  rmSync(latin1Copy, { force: true });
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

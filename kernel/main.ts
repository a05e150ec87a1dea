/**
 * The kernel's entry point, started by Jupyter through podtalk's kernelspec:
 * `node dist/kernel/main.js --connection-file <file>`.
 */
import { join } from "node:path";
import { CONNECTION_DIR_ENV, parentWatchFrom, removeOwnedConnection, startParentWatchdog } from "./parent-watchdog.js";

function connectionFileArg(argv: readonly string[]): string | undefined {
  const at = argv.indexOf("--connection-file");
  if (at >= 0) return argv[at + 1];
  const eq = argv.find((a) => a.startsWith("--connection-file="));
  return eq?.slice("--connection-file=".length);
}

const file = connectionFileArg(process.argv.slice(2));
if (!file) {
  process.stderr.write("Usage: node dist/kernel/main.js --connection-file <connection.json>\n");
  process.exit(2);
}
// First of all, before the second or so that loading takes: a front end that is already gone, or
// goes while a cell spins, must not leave this process behind (see parent-watchdog.ts).
const watch = parentWatchFrom(process.env, file);
startParentWatchdog(watch);
process.on("exit", () => removeOwnedConnection(watch));
delete process.env[CONNECTION_DIR_ENV]; // Cells and what they start have no use for it.

// startKernel() turns process.exit() into an error for cells and captures stderr for them: keep the
// real ones to report a failed start.
const exit = process.exit.bind(process);
const writeStderr = process.stderr.write.bind(process.stderr);

const { COMPILE_CACHE_FOLDER, cacheDir, packageRoot } = require("podtalk/protocol") as typeof import("podtalk/protocol");
const { isEmptyFolder, warmUpEnabled } = require("./warm-up.js") as typeof import("./warm-up.js");
const { compilerStart, kernelCompiler } = require("./compiler/process.js") as typeof import("./compiler/process.js");
const cache = cacheDir(process.env);
// Next, TypeScript's compiler process, when a first cell will need it: it takes longest, and
// loads on another core while this process connects and loads podtalk's library.
const compiler = kernelCompiler(process.cwd(), process.env, (m) => void writeStderr(`${m}\n`));
const coldCache = cache === undefined || isEmptyFolder(join(cache, COMPILE_CACHE_FOLDER));
if (warmUpEnabled(process.env) && compilerStart(process.env, coldCache) === "early") compiler.start();

const { CODE_CACHE_SEED, enableCodeCache } = require("./code-cache.js") as typeof import("./code-cache.js");
// Before anything large loads: every module from here on can come from V8's code cache.
enableCodeCache(cache, [join(packageRoot(), "dist")], join(packageRoot(), "dist", "kernel", CODE_CACHE_SEED));
const { startKernel } = require("./start.js") as typeof import("./start.js");
startKernel(file, { compiler }).catch((e: unknown) => {
  writeStderr(`podtalk kernel failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  exit(1);
});

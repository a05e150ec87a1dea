/**
 * The kernel's entry point, started by Jupyter through podtalk's kernelspec:
 * `node dist/kernel/main.js --connection-file <file>`.
 */
import { join } from "node:path";
import { cacheDir, packageRoot } from "podtalk/protocol";
import { enableCodeCache } from "./code-cache.js";

// Before anything large loads: every module from here on can come from V8's code cache.
enableCodeCache(cacheDir(process.env), [join(packageRoot(), "dist")]);
const { startKernel } = require("./start.js") as typeof import("./start.js");

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
startKernel(file).catch((e: unknown) => {
  process.stderr.write(`podtalk kernel failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

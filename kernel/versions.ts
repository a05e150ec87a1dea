/**
 * The versions the kernel reports in its `kernel_info_reply`, read from package.json files so
 * that answering `kernel_info_request` never loads TypeScript (which takes most of a second).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const tslabRequire = createRequire(require.resolve("tslab/dist/converter"));

function versionOf(packageJson: string): string {
  try {
    return (JSON.parse(readFileSync(tslabRequire.resolve(packageJson), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** The TypeScript version cells are compiled with (the one bundled in tslab). */
export const TYPESCRIPT_VERSION: string = versionOf("@tslab/typescript-for-tslab/package.json");

/** tslab's version, for the banner. */
export const TSLAB_VERSION: string = versionOf("../package.json");

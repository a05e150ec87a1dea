/**
 * What the kernel says about itself in kernel_info_reply: its version, language and banner.
 *
 * @see https://jupyter-client.readthedocs.io/en/stable/messaging.html#kernel-info
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROTOCOL_VERSION, packageRoot } from "podtalk/protocol";
import { TSLAB_VERSION, TYPESCRIPT_VERSION } from "./versions.js";

/** The version of this package, from its package.json. */
export function kernelVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}

/** The content of podtalk's kernel_info_reply. */
export function kernelInfo(): Record<string, unknown> {
  const version = kernelVersion();
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "podtalk",
    implementation_version: version,
    language_info: {
      name: "typescript",
      version: TYPESCRIPT_VERSION,
      mimetype: "text/x.typescript",
      file_extension: ".ts",
      codemirror_mode: "typescript",
      pygments_lexer: "typescript",
    },
    banner: `podtalk ${version}: TypeScript ${TYPESCRIPT_VERSION} (tslab ${TSLAB_VERSION}) on Node.js ${process.versions.node.split(".")[0]}`,
    help_links: [],
    debugger: false,
  };
}

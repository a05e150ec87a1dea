/**
 * Starting a kernel process from a connection file.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ConnectionInfo } from "podtalk/notebook";
import { PodtalkKernel } from "./kernel.js";
import { KernelServer } from "./server.js";

/**
 * Reads the connection file, binds the sockets and serves until a shutdown_request.
 * Installs process handlers so that a crash in user code never ends the kernel.
 */
export async function startKernel(connectionFile: string): Promise<PodtalkKernel> {
  let info: ConnectionInfo;
  try {
    info = JSON.parse(readFileSync(connectionFile, "utf8")) as ConnectionInfo;
  } catch (e) {
    throw new Error(`Cannot read the connection file ${connectionFile}: ${(e as Error).message}`);
  }
  const realStderr = process.stderr.write.bind(process.stderr);
  const server = new KernelServer(info, randomUUID(), (text) => void realStderr(text));
  const kernel = new PodtalkKernel(server, { onShutdown: () => process.exit(0) });
  process.on("SIGINT", () => kernel.interrupt());
  process.on("uncaughtException", (err) => kernel.reportBackgroundError("Uncaught exception", err));
  process.on("unhandledRejection", (reason) => kernel.reportBackgroundError("Unhandled promise rejection", reason));
  await kernel.start();
  return kernel;
}

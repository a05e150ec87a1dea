/**
 * Starting a kernel process from a connection file.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ConnectionInfo } from "podtalk/protocol";
import { type KernelOptions, PodtalkKernel } from "./kernel.js";
import { KernelServer } from "./server.js";

/**
 * Reads the connection file, binds the sockets and serves until a shutdown_request.
 * Installs process handlers so that a crash in user code never ends the kernel.
 */
export async function startKernel(connectionFile: string, options: Omit<KernelOptions, "onShutdown"> = {}): Promise<PodtalkKernel> {
  let info: ConnectionInfo;
  try {
    info = JSON.parse(readFileSync(connectionFile, "utf8")) as ConnectionInfo;
  } catch (e) {
    throw new Error(`Cannot read the connection file ${connectionFile}: ${(e as Error).message}`);
  }
  const realStderr = process.stderr.write.bind(process.stderr);
  const exit = process.exit.bind(process);
  const server = new KernelServer(info, randomUUID(), (text) => void realStderr(text));
  const kernel = new PodtalkKernel(server, { ...options, onShutdown: () => exit(0) });
  // A cell that calls process.exit() gets an error, as IPython turns sys.exit() into SystemExit:
  // ending the process would lose every other cell's state without the front end asking.
  process.exit = ((code?: number | string | null) => {
    throw new Error(`process.exit(${code ?? ""}) was called; the kernel keeps running (restart it from the front end to start afresh)`);
  }) as typeof process.exit;
  process.on("SIGINT", () => kernel.interrupt());
  process.on("uncaughtException", (err) => kernel.reportBackgroundError("Uncaught exception", err));
  process.on("unhandledRejection", (reason) => kernel.reportBackgroundError("Unhandled promise rejection", reason));
  await kernel.start();
  return kernel;
}

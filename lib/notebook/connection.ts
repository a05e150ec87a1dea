/**
 * Connection files: free localhost ports, a fresh HMAC key, written where only this user can read
 * them — what a Jupyter front end does before it starts a kernel.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConnectionInfo } from "./wire.js";

/** A connection file written to a private temporary folder. */
export interface ConnectionFile {
  readonly info: ConnectionInfo;
  /** The folder holding it; remove it when the kernel is gone. */
  readonly dir: string;
  readonly file: string;
}

/** Asks the OS for `count` free TCP ports on localhost (the way jupyter_client picks them). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer();
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/**
 * Writes a connection file for a kernel on localhost: five free ports, a random 256-bit key,
 * hmac-sha256, mode 0600.
 */
export async function writeConnectionFile(options: { kernelName?: string; prefix?: string } = {}): Promise<ConnectionFile> {
  const ports = await freePorts(5);
  const info: ConnectionInfo = {
    transport: "tcp",
    ip: "127.0.0.1",
    shell_port: ports[0]!,
    iopub_port: ports[1]!,
    stdin_port: ports[2]!,
    control_port: ports[3]!,
    hb_port: ports[4]!,
    key: randomBytes(32).toString("hex"),
    signature_scheme: "hmac-sha256",
    ...(options.kernelName !== undefined ? { kernel_name: options.kernelName } : {}),
  };
  const dir = mkdtempSync(join(tmpdir(), options.prefix ?? "podtalk-kernel-"));
  const file = join(dir, "kernel.json");
  writeFileSync(file, JSON.stringify(info, null, 1), { mode: 0o600 });
  return { info, dir, file };
}

/**
 * Connection files: free localhost ports, a fresh HMAC key, written where only this user can read
 * them — what a Jupyter front end does before it starts a kernel.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sweepLeftovers } from "./internal/leftovers.js";
import type { ConnectionInfo } from "./wire.js";

/**
 * A connection folder's name: `podtalk-kernel-<pid of the podtalk that made it>-<6 random>`, as
 * mkdtemp makes it. podtalk removes its folders when its kernels stop; one killed with SIGKILL
 * cannot, so the folders of podtalk processes that no longer run are removed when the next
 * kernel is started.
 */
const CONNECTION_FOLDER = /^podtalk-kernel-(\d+)-[A-Za-z0-9]{6}$/;
let swept = false;

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
 * hmac-sha256, mode 0600, in a folder of its own in the temp dir. The first call of a process
 * also removes the connection folders that killed podtalk processes left behind. `prefix`
 * replaces the folder name's `podtalk-kernel-<pid>-` (such folders are never swept).
 */
export async function writeConnectionFile(options: { kernelName?: string; prefix?: string } = {}): Promise<ConnectionFile> {
  if (!swept) {
    swept = true;
    sweepLeftovers(tmpdir(), CONNECTION_FOLDER);
  }
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
  const dir = mkdtempSync(join(tmpdir(), options.prefix ?? `podtalk-kernel-${process.pid}-`));
  const file = join(dir, "kernel.json");
  writeFileSync(file, JSON.stringify(info, null, 1), { mode: 0o600 });
  return { info, dir, file };
}

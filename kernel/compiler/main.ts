/**
 * A compiler process (see process.ts), `node [--snapshot-blob …] main.js [--listen <socket>]`.
 *
 * - Forked by a kernel, with an IPC channel: it serves that kernel. The kernel's first message
 *   says what the compiler is for (sent while this process still starts); it creates the cell
 *   compiler then, says so, and answers the kernel's requests in order.
 * - With `--serve`, forked by `podtalk run` (lib/notebook/compiler-pool.ts): it serves, one after
 *   the other, the kernels of the notebooks `podtalk run` gives it, each a session of its own, so
 *   that TypeScript is loaded once for many notebooks. `podtalk run` accepts each kernel's
 *   connection on the kernel's own socket and, when that kernel's notebook begins, hands it over
 *   through the IPC channel (so a kernel connects at once, while this process may still be
 *   starting or serving another). A new connection ends the one before.
 *
 * Either way it lives as long as the IPC channel of the process that forked it: when that
 * process goes, however it goes, so does this one.
 */
import { Socket } from "node:net";
import { readFrames, writeFrame } from "./frames.js";
import type { CompilerMessage, CompilerRequest } from "./protocol.js";
import { CompilerSession } from "./session.js";

if (!process.send) {
  process.stderr.write("podtalk's compiler process is started by the kernel or by podtalk run, with an IPC channel\n");
  process.exit(2);
}
process.on("disconnect", () => process.exit(0));
// Jupyter interrupts the kernel's whole process group where it can (jupyter_client's
// provisioning/local_provisioner.py, send_signal: "Prefer process-group over process"): an
// interrupt is for the cell, not for this.
process.on("SIGINT", () => undefined);

if (!process.argv.includes("--serve")) {
  const session = new CompilerSession((message: CompilerMessage) => {
    process.send?.(message);
  });
  process.on("message", (req: CompilerRequest) => session.handle(req));
} else {
  let current: Socket | undefined;
  process.on("message", (message: { kind?: string }, handle: unknown) => {
    if (message?.kind !== "connection" || !(handle instanceof Socket)) return;
    current?.destroy();
    const socket = handle;
    current = socket;
    const session = new CompilerSession((m) => {
      if (!socket.destroyed) writeFrame(socket, m);
    });
    readFrames(socket, (req) => session.handle(req as CompilerRequest));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      session.close();
      if (current === socket) current = undefined;
    });
    socket.resume();
  });
}

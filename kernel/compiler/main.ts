/**
 * A compiler process (see process.ts), `node [--snapshot-blob …] main.js [--serve | --pipe <in> <out>]`.
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
 * - With `--pipe <in> <out>`, started beside the kernel by its launcher (kernel/launch.sh): it
 *   serves that kernel over two pipes, requests in on file descriptor `<in>` and answers out on
 *   `<out>`. It lives as long as the kernel keeps its end of `<in>` open.
 *
 * Otherwise it lives as long as the IPC channel of the process that forked it: when that
 * process goes, however it goes, so does this one.
 */
import { Socket } from "node:net";
import { readFrames, writeFrame } from "./frames.js";
import type { CompilerMessage, CompilerRequest } from "./protocol.js";
import { CompilerSession } from "./session.js";

// Jupyter interrupts the kernel's whole process group where it can (jupyter_client's
// provisioning/local_provisioner.py, send_signal: "Prefer process-group over process"): an
// interrupt is for the cell, not for this.
process.on("SIGINT", () => undefined);

/** Serves one kernel: requests from `input`, answers to `output`; ends the process with `input`. */
function servePipes(input: Socket, output: Socket): void {
  const session = new CompilerSession((m) => {
    if (!output.destroyed) writeFrame(output, m);
  });
  readFrames(input, (req) => session.handle(req as CompilerRequest));
  // The kernel is gone (its end of `input` closed) or unreachable.
  input.on("end", () => process.exit(0));
  input.on("error", () => process.exit(0));
  output.on("error", () => process.exit(0));
}

const pipe = process.argv.indexOf("--pipe");
if (pipe >= 0) {
  const [input, output] = process.argv.slice(pipe + 1, pipe + 3).map(Number);
  if (!Number.isInteger(input) || !Number.isInteger(output)) {
    process.stderr.write("usage: main.js --pipe <fd of requests> <fd of answers>\n");
    process.exit(2);
  }
  servePipes(new Socket({ fd: input!, readable: true, writable: false }), new Socket({ fd: output!, readable: false, writable: true }));
} else if (!process.send) {
  process.stderr.write("podtalk's compiler process is started by the kernel, its launcher or podtalk run\n");
  process.exit(2);
} else if (!process.argv.includes("--serve")) {
  process.on("disconnect", () => process.exit(0));
  const session = new CompilerSession((message: CompilerMessage) => {
    process.send?.(message);
  });
  process.on("message", (req: CompilerRequest) => session.handle(req));
} else {
  process.on("disconnect", () => process.exit(0));
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

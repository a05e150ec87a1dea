/**
 * Messages over a stream socket, for a compiler process that kernels reach by its socket path
 * (see main.ts): each is V8's serialization of the value (what Node's "advanced" IPC uses) behind
 * its length, a 32-bit big-endian integer.
 */
import type { Socket } from "node:net";
import { deserialize, serialize } from "node:v8";

/** Writes `message` as one frame. */
export function writeFrame(socket: Socket, message: unknown): void {
  const body = serialize(message);
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32BE(body.length, 0);
  socket.write(Buffer.concat([head, body]));
}

/** Calls `onMessage` with each frame `socket` receives, in order. */
export function readFrames(socket: Socket, onMessage: (message: unknown) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on("data", (data: Buffer) => {
    pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
    while (pending.length >= 4) {
      const length = pending.readUInt32BE(0);
      if (pending.length < 4 + length) break;
      const body = pending.subarray(4, 4 + length);
      pending = pending.subarray(4 + length);
      onMessage(deserialize(body));
    }
  });
}

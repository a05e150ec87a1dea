import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zmq from "zeromq";
import { DELIMITER, MessageCodec, createHeader, kernelEntryPoint, socketURL, type ConnectionInfo } from "podtalk/protocol";

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve) => {
          const s = createServer();
          s.listen(0, "127.0.0.1", () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

describe("podtalk kernel: message signatures", function () {
  this.timeout(60_000);
  let dir = "";
  let child: ChildProcess | undefined;
  let info: ConnectionInfo;
  let stderr = "";
  const shell = new zmq.Dealer({ linger: 0 });

  before(async () => {
    const ports = await freePorts(5);
    info = {
      transport: "tcp",
      ip: "127.0.0.1",
      shell_port: ports[0]!,
      iopub_port: ports[1]!,
      stdin_port: ports[2]!,
      control_port: ports[3]!,
      hb_port: ports[4]!,
      key: randomBytes(32).toString("hex"),
      signature_scheme: "hmac-sha256",
    };
    dir = mkdtempSync(join(tmpdir(), "podtalk-sig-"));
    writeFileSync(join(dir, "connection.json"), JSON.stringify(info));
    child = spawn(process.execPath, [kernelEntryPoint(), "--connection-file", join(dir, "connection.json")], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    shell.connect(socketURL(info, info.shell_port));
  });
  after(async () => {
    shell.close();
    child?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers only the correctly signed request: unsigned, tampered and wrong-key messages get no reply", async () => {
    const session = randomUUID();
    const good = new MessageCodec(info.key);
    const frames = (codec: MessageCodec, mutate?: (f: Buffer[]) => void): [string, Buffer[]] => {
      const header = createHeader("kernel_info_request", session);
      const f = codec.encode({ header, parent_header: {}, metadata: {}, content: {} });
      mutate?.(f);
      return [header.msg_id, f];
    };
    const sigAt = (f: Buffer[]): number => f.findIndex((b) => b.toString() === DELIMITER) + 1;
    const bad = [
      frames(good, (f) => (f[sigAt(f)] = Buffer.alloc(0))), // unsigned
      frames(good, (f) => (f[sigAt(f)] = Buffer.from("0".repeat(64)))), // wrong signature, right length
      frames(good, (f) => (f[sigAt(f) + 4] = Buffer.from('{"tampered":true}'))), // content changed after signing
      frames(new MessageCodec(randomBytes(32).toString("hex"))), // signed with another key
    ];
    const [goodId, goodFrames] = frames(good);
    for (const [, f] of bad) await shell.send(f);
    await shell.send(goodFrames);

    const replies: string[] = [];
    const reading = (async () => {
      for await (const f of shell) {
        const msg = good.decode(f as Buffer[]);
        replies.push((msg.parent_header as { msg_id: string }).msg_id);
      }
    })().catch(() => undefined);
    const deadline = Date.now() + 45_000;
    while (!replies.includes(goodId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // Give a wrongly accepted message time to be answered too.
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(replies, [goodId], `stderr: ${stderr}`);
    assert.equal((stderr.match(/Invalid message signature/g) ?? []).length, bad.length, stderr);
    void reading;
  });

  it("answers a correctly signed request once: the same frames sent again (a replay) get no reply", async () => {
    const codec = new MessageCodec(info.key);
    const header = createHeader("kernel_info_request", randomUUID());
    const frames = codec.encode({ header, parent_header: {}, metadata: {}, content: {} });
    const replay = new zmq.Dealer({ linger: 0 });
    replay.connect(socketURL(info, info.shell_port));
    try {
      await replay.send(frames);
      await replay.send(frames.map((f) => Buffer.from(f)));
      const replies: string[] = [];
      const reading = (async () => {
        for await (const f of replay) replies.push((codec.decode(f as Buffer[]).parent_header as { msg_id: string }).msg_id);
      })().catch(() => undefined);
      const deadline = Date.now() + 45_000;
      while (replies.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 500)); // Time for a second reply to arrive, if the replay ran.
      assert.deepEqual(replies, [header.msg_id], `stderr: ${stderr}`);
      assert.match(stderr, /Duplicate message signature/);
      void reading;
    } finally {
      replay.close();
    }
  });
});

/**
 * The kernel's ZeroMQ sockets: shell and control (ROUTER), iopub (PUB), stdin (ROUTER) and the
 * heartbeat (REP, echoing). Framing and signing come from `podtalk/protocol`'s MessageCodec.
 */
import * as zmq from "zeromq";
import { MessageCodec, createHeader, socketURL, type ConnectionInfo, type JupyterMessage } from "podtalk/protocol";

/** The two request channels. */
export type Channel = "shell" | "control";

/** Receives decoded requests; the server never calls it concurrently for one channel's reader. */
export type RequestListener = (channel: Channel, message: JupyterMessage) => void;

/** Sends on one socket at a time: zeromq allows a single pending send per socket. */
class SendQueue {
  #tail: Promise<void> = Promise.resolve();
  constructor(
    private readonly socket: zmq.Writable,
    private readonly onError: (e: unknown) => void,
  ) {}
  send(frames: Buffer[]): Promise<void> {
    this.#tail = this.#tail.then(() => this.socket.send(frames)).catch(this.onError);
    return this.#tail;
  }
  /** Resolves when every queued send has completed. */
  drain(): Promise<void> {
    return this.#tail;
  }
}

/** The bound sockets of one kernel. */
export class KernelServer {
  readonly #codec: MessageCodec;
  readonly #info: ConnectionInfo;
  readonly #shell = new zmq.Router();
  readonly #control = new zmq.Router();
  readonly #stdin = new zmq.Router();
  readonly #iopub = new zmq.Publisher();
  readonly #heartbeat = new zmq.Reply();
  readonly #queues: Record<"shell" | "control" | "iopub", SendQueue>;
  readonly #log: (text: string) => void;
  /** The session id of messages the kernel originates. */
  readonly session: string;

  constructor(info: ConnectionInfo, session: string, log: (text: string) => void) {
    this.#info = info;
    this.#codec = new MessageCodec(info.key, info.signature_scheme);
    this.session = session;
    this.#log = log;
    const onError = (e: unknown): void => log(`podtalk kernel: send failed: ${String(e)}\n`);
    this.#queues = {
      shell: new SendQueue(this.#shell, onError),
      control: new SendQueue(this.#control, onError),
      iopub: new SendQueue(this.#iopub, onError),
    };
  }

  /** Binds every socket and starts reading requests. */
  async start(listener: RequestListener): Promise<void> {
    const info = this.#info;
    await Promise.all([
      this.#shell.bind(socketURL(info, info.shell_port)),
      this.#control.bind(socketURL(info, info.control_port)),
      this.#stdin.bind(socketURL(info, info.stdin_port)),
      this.#iopub.bind(socketURL(info, info.iopub_port)),
      this.#heartbeat.bind(socketURL(info, info.hb_port)),
    ]);
    void this.#read(this.#shell, "shell", listener);
    void this.#read(this.#control, "control", listener);
    void this.#echo();
  }

  /** Sends a reply to `request` on its channel, with `metadata` as the message's metadata. */
  reply(channel: Channel, request: JupyterMessage, msgType: string, content: unknown, metadata: Record<string, unknown> = {}): Promise<void> {
    return this.#queues[channel].send(
      this.#codec.encode({
        identities: request.identities,
        header: createHeader(msgType, this.session, { username: request.header.username }),
        parent_header: request.header,
        metadata,
        content,
      }),
    );
  }

  /** Publishes an iopub message in reply to `parent` (or with no parent). */
  publish(parent: JupyterMessage | undefined, msgType: string, content: unknown): Promise<void> {
    const topic = Buffer.from(`kernel.${this.session.slice(0, 8)}.${msgType}`);
    return this.#queues.iopub.send(
      this.#codec.encode({
        identities: [topic],
        header: createHeader(msgType, this.session),
        parent_header: parent ? parent.header : {},
        metadata: {},
        content,
      }),
    );
  }

  /** Waits for queued sends, then closes every socket. */
  async close(): Promise<void> {
    await Promise.all(Object.values(this.#queues).map((q) => q.drain()));
    for (const s of [this.#shell, this.#control, this.#stdin, this.#iopub, this.#heartbeat]) {
      s.linger = 1000;
      s.close();
    }
  }

  async #read(socket: zmq.Router, channel: Channel, listener: RequestListener): Promise<void> {
    try {
      for await (const frames of socket) {
        let message: JupyterMessage;
        try {
          message = this.#codec.decode(frames);
        } catch (e) {
          this.#log(`podtalk kernel: dropped a ${channel} message: ${(e as Error).message}\n`);
          continue;
        }
        listener(channel, message);
      }
    } catch (e) {
      if (!socket.closed) this.#log(`podtalk kernel: ${channel} socket failed: ${String(e)}\n`);
    }
  }

  async #echo(): Promise<void> {
    try {
      for await (const frames of this.#heartbeat) await this.#heartbeat.send(frames);
    } catch (e) {
      if (!this.#heartbeat.closed) this.#log(`podtalk kernel: heartbeat failed: ${String(e)}\n`);
    }
  }
}

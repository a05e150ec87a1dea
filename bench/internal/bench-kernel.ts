/**
 * A Jupyter client for benchmarks: starts a kernel from a connection file and times requests
 * over ZeroMQ, the same way for podtalk's kernel, tslab and ipykernel.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { performance } from "node:perf_hooks";
import * as zmq from "zeromq";
import {
  MessageCodec,
  createHeader,
  podtalkKernelSpec,
  socketURL,
  writeConnectionFile,
  type ConnectionInfo,
  type JupyterMessage,
} from "../../lib/notebook/protocol.js";

/** Debian's Python, which has ipykernel (the `python3` on PATH may not). */
export const SYSTEM_PYTHON = "/usr/bin/python3";

/** Why ipykernel cannot be measured here, or undefined when it can. */
export function ipykernelMissing(): string | undefined {
  return existsSync(SYSTEM_PYTHON) && spawnSync(SYSTEM_PYTHON, ["-c", "import ipykernel"], { stdio: "ignore" }).status === 0
    ? undefined
    : `${SYSTEM_PYTHON} with ipykernel is not available`;
}

/** podtalk's kernel as Jupyter starts it: its kernelspec's argv (through its launcher where there is one). */
export function podtalkArgv(connectionFile: string): string[] {
  return podtalkKernelSpec().argv.map((a) => a.replaceAll("{connection_file}", connectionFile));
}

/** A kernel to measure: how to start it from a connection file. */
export interface KernelUnderTest {
  readonly name: string;
  readonly argv: (connectionFile: string) => string[];
  readonly available: () => string | undefined;
  /** Added to the environment the kernel starts with. */
  readonly env?: NodeJS.ProcessEnv;
}

/** One started kernel and the sockets of the benchmark's client. */
export class BenchKernel {
  readonly #session = randomUUID();
  readonly #shell = new zmq.Dealer({ linger: 0, reconnectInterval: 5 });
  readonly #control = new zmq.Dealer({ linger: 0, reconnectInterval: 5 });
  readonly #iopub = new zmq.Subscriber({ linger: 0, reconnectInterval: 5 });
  readonly #codec: MessageCodec;
  readonly #waiters = new Map<string, { reply?: boolean; idle?: boolean; done: () => void; outputs?: JupyterMessage[] }>();
  readonly #exited: Promise<void>;
  #stderr = "";

  private constructor(
    readonly child: ChildProcess,
    readonly info: ConnectionInfo,
    readonly dir: string,
  ) {
    this.#codec = new MessageCodec(info.key, info.signature_scheme);
    child.stdout?.resume();
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (this.#stderr = (this.#stderr + d).slice(-4000)));
    this.#exited = new Promise((resolve) => child.once("exit", () => resolve()));
  }

  /** Spawns the kernel and returns it with the milliseconds until its first kernel_info_reply. */
  static async start(kernel: KernelUnderTest, cwd: string, env: NodeJS.ProcessEnv): Promise<[BenchKernel, number]> {
    const { info, dir, file } = await writeConnectionFile({ prefix: "podtalk-bench-" });
    const argv = kernel.argv(file);
    const started = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env: { ...env, ...kernel.env }, stdio: ["ignore", "pipe", "pipe"] });
    const k = new BenchKernel(child, info, dir);
    k.#shell.connect(socketURL(info, info.shell_port));
    k.#control.connect(socketURL(info, info.control_port));
    k.#iopub.connect(socketURL(info, info.iopub_port));
    k.#iopub.subscribe();
    void k.#read(k.#shell, "reply");
    void k.#read(k.#control, "reply");
    void k.#read(k.#iopub, "iopub");
    // ZeroMQ queues the request until the kernel has bound its socket.
    await k.#request(k.#shell, "kernel_info_request", {}, false);
    return [k, performance.now() - started];
  }

  /** Runs `code` and returns the milliseconds until both its reply and its `idle` status arrived. */
  async roundTrip(code: string): Promise<number> {
    return (await this.run(code)).ms;
  }

  /** Runs `code`: the milliseconds until its reply and `idle` arrived, and its iopub messages. */
  async run(code: string): Promise<{ ms: number; outputs: JupyterMessage[] }> {
    const started = performance.now();
    const outputs: JupyterMessage[] = [];
    await this.#request(
      this.#shell,
      "execute_request",
      { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
      true,
      outputs,
    );
    return { ms: performance.now() - started, outputs };
  }

  /** Asks the kernel to shut down; kills it when it has not exited within 3 s. */
  async stop(): Promise<void> {
    void this.#request(this.#control, "shutdown_request", { restart: false }, false).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 3000);
    await this.#exited;
    clearTimeout(timer);
    for (const s of [this.#shell, this.#control, this.#iopub]) s.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  #request(socket: zmq.Dealer, msgType: string, content: Record<string, unknown>, waitIdle: boolean, outputs?: JupyterMessage[]): Promise<void> {
    const header = createHeader(msgType, this.#session);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${msgType} reply within 120 s; stderr: ${this.#stderr}`)), 120_000);
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(header.msg_id);
        resolve();
      };
      this.#waiters.set(header.msg_id, { idle: waitIdle ? false : undefined, done, outputs });
      void socket.send(this.#codec.encode({ header, parent_header: {}, metadata: {}, content })).catch(reject);
    });
  }

  async #read(socket: zmq.Dealer | zmq.Subscriber, kind: "reply" | "iopub"): Promise<void> {
    try {
      for await (const frames of socket) {
        let msg: JupyterMessage;
        try {
          msg = this.#codec.decode(frames as Buffer[]);
        } catch {
          continue;
        }
        const waiter = this.#waiters.get((msg.parent_header as { msg_id?: string }).msg_id ?? "");
        if (!waiter) continue;
        if (kind === "reply") waiter.reply = true;
        else if (msg.header.msg_type === "status" && msg.content["execution_state"] === "idle") waiter.idle = true;
        else waiter.outputs?.push(msg);
        if (waiter.reply && waiter.idle !== false) waiter.done();
      }
    } catch {
      // closed
    }
  }
}

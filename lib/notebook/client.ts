/**
 * A Jupyter client over ZeroMQ: starts a kernel from a kernelspec, executes code and collects
 * the outputs the way nbclient does.
 *
 * @see https://jupyter-client.readthedocs.io/en/stable/messaging.html
 * @see https://github.com/jupyter/nbclient/blob/main/nbclient/client.py
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import * as zmq from "zeromq";
import { writeConnectionFile } from "./connection.js";
import { splitKernelStatus } from "./kernel-status.js";
import type { ResolvedKernelSpec } from "./kernelspec.js";
import type { ErrorOutput, Output } from "./ipynb.js";
import { OutputRecorder, type PendingRequest } from "./output-recorder.js";
import { isStopping, track, untrack, type StartedKernel } from "./kernel-processes.js";
import { MessageCodec, createHeader, socketURL, type ConnectionInfo, type JupyterMessage } from "./wire.js";

/** Options for KernelClient.start(). */
export interface StartKernelOptions {
  /** The kernel's working directory (the notebook's folder). @default process.cwd() */
  readonly cwd?: string;
  /** Extra environment variables for the kernel process. */
  readonly env?: NodeJS.ProcessEnv;
  /** How long to wait for the first kernel_info_reply. @default 60000 */
  readonly startupTimeoutMs?: number;
}

/** Options for KernelClient.execute(). */
export interface ExecuteOptions {
  /** Give up (and interrupt the kernel) after this long; `undefined` or 0 waits forever. */
  readonly timeoutMs?: number;
  /**
   * Ask the kernel to abort queued requests when this code raises (the protocol's
   * `stop_on_error`). Turn it off for cells that are allowed to fail, or the kernel may abort
   * the next cell too. @default true
   */
  readonly stopOnError?: boolean;
}

/** What one execute request produced. */
export interface ExecuteResult {
  /** The outputs in order, consecutive stream chunks merged, clear_output applied. */
  readonly outputs: Output[];
  /** The execute_reply content (`status` is "ok", "error" or "aborted"). */
  readonly reply: Record<string, unknown>;
  /** The execute_reply's message metadata (podtalk's kernel says there whether the cell was compiled). */
  readonly replyMetadata: Record<string, unknown>;
  /** The first error output, if the code raised. */
  readonly error: ErrorOutput | undefined;
  /** The execute_request's msg_id. Output the kernel sends for it later (a timer's) is added to `outputs`. */
  readonly msgId: string;
}

/** Thrown when a cell runs longer than its timeout. */
export class CellTimeoutError extends Error {
  override readonly name = "CellTimeoutError";
  /** What the cell printed or displayed before it was stopped (set by execute()). */
  outputs: Output[] = [];
}

/** Thrown when the kernel fails to start or dies. */
export class KernelError extends Error {
  override readonly name = "KernelError";
  /** When the kernel died during execute(): what the cell printed or displayed before. */
  outputs: Output[] = [];
}

/**
 * A running kernel and the sockets to talk to it.
 *
 * @example
 * const kernel = await KernelClient.start(findKernelSpec("podtalk"), { cwd: "notebooks" });
 * try { const { outputs } = await kernel.execute("1 + 1"); } finally { await kernel.dispose(); }
 */
export class KernelClient {
  /** The kernel's kernel_info_reply content. */
  kernelInfo: Record<string, unknown> = {};
  readonly spec: ResolvedKernelSpec;

  readonly #process: ChildProcess;
  readonly #codec: MessageCodec;
  readonly #info: ConnectionInfo;
  readonly #session = randomUUID();
  readonly #shell = new zmq.Dealer({ linger: 0 });
  readonly #control = new zmq.Dealer({ linger: 0 });
  readonly #iopub = new zmq.Subscriber({ linger: 0 });
  readonly #tempDir: string;
  readonly #tracked: StartedKernel;
  readonly #pending = new Map<string, PendingRequest>();
  /** Requests already answered: output a timer of theirs sends later still goes to them. */
  readonly #answered = new Map<string, PendingRequest>();
  readonly #shellReplies = new Map<string, (content: Record<string, unknown>, metadata: Record<string, unknown>) => void>();
  readonly #outputs = new OutputRecorder();
  #stderr = "";
  readonly #statusListeners = new Set<(status: string) => void>();
  #exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Why the process could not be started at all (spawn's 'error' event, e.g. ENOENT). */
  #spawnError: Error | undefined;
  #iopubSeen = false;
  #disposed = false;

  private constructor(spec: ResolvedKernelSpec, info: ConnectionInfo, tempDir: string, child: ChildProcess) {
    this.spec = spec;
    this.#info = info;
    this.#codec = new MessageCodec(info.key, info.signature_scheme);
    this.#tempDir = tempDir;
    this.#process = child;
    this.#tracked = { process: child, tempDir };
    track(this.#tracked);
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      const { statuses, rest } = splitKernelStatus(chunk);
      this.#stderr = (this.#stderr + rest).slice(-16384);
      for (const status of statuses) for (const listener of this.#statusListeners) listener(status);
    });
    child.stdout?.resume();
    child.on("error", (e) => {
      // A process that never started emits no 'exit'; without this, start() would keep asking it
      // for kernel_info until its timeout, and dispose() would wait for an exit that never comes.
      if (child.pid === undefined && !this.#exited) {
        this.#spawnError = e;
        this.#exited = { code: null, signal: null };
      }
    });
    child.on("exit", (code, signal) => {
      this.#exited = { code, signal };
      if (isStopping()) return; // The process is ending: nothing waiting on this kernel may report it.
      const error = new KernelError(`The kernel "${spec.name}" exited (${signal ?? `code ${code}`})${this.#stderrSuffix()}`);
      for (const pending of this.#pending.values()) pending.reject(error);
    });
  }

  /**
   * Starts a kernel and waits until it answers kernel_info_request. The ports are found free and
   * then handed to the kernel, so another process may take one in between (as with
   * jupyter_client); a kernel that exits saying so is started again on new ports, twice at most.
   */
  static async start(spec: ResolvedKernelSpec, options: StartKernelOptions = {}): Promise<KernelClient> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await KernelClient.#startOnce(spec, options);
      } catch (e) {
        if (attempt >= 3 || !(e instanceof KernelError) || !/exited before it was ready[\s\S]*Address already in use/.test(e.message)) throw e;
      }
    }
  }

  static async #startOnce(spec: ResolvedKernelSpec, options: StartKernelOptions): Promise<KernelClient> {
    const { info, dir: tempDir, file: connectionFile } = await writeConnectionFile({ kernelName: spec.name });
    if (isStopping()) {
      // The process is ending (stopKernels()): start nothing more, and report nothing.
      rmSync(tempDir, { recursive: true, force: true });
      return new Promise<never>(() => undefined);
    }
    const argv = spec.spec.argv.map((a) => a.replaceAll("{connection_file}", connectionFile).replaceAll("{resource_dir}", spec.dir ?? ""));
    let child: ChildProcess;
    try {
      child = spawn(argv[0]!, argv.slice(1), {
        cwd: options.cwd ?? process.cwd(),
        // JPY_PARENT_PID: kernels that poll their parent (ipykernel, podtalk's) exit when podtalk
        // is killed; PODTALK_CONNECTION_DIR tells podtalk's kernel that it may then remove the
        // connection file's folder, made for it alone, since podtalk no longer can.
        env: {
          ...process.env,
          ...spec.spec.env,
          ...options.env,
          JPY_PARENT_PID: String(process.pid),
          PODTALK_CONNECTION_DIR: tempDir,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (e) {
      rmSync(tempDir, { recursive: true, force: true });
      throw new KernelError(`Cannot start the kernel "${spec.name}" (${argv.join(" ")}): ${(e as Error).message}`);
    }
    const client = new KernelClient(spec, info, tempDir, child);
    try {
      await client.#connect(options.startupTimeoutMs ?? 60_000);
    } catch (e) {
      if (isStopping()) return new Promise<never>(() => undefined); // stopKernels() ended it: report nothing.
      await client.dispose();
      if (client.#spawnError) {
        const where = spec.dir === undefined ? "" : `; check argv[0] in ${join(spec.dir, "kernel.json")}`;
        throw new KernelError(`Cannot start the kernel "${spec.name}" (${argv[0]}): ${client.#spawnError.message}${where}`);
      }
      throw e;
    }
    return client;
  }

  async #connect(timeoutMs: number): Promise<void> {
    this.#shell.connect(socketURL(this.#info, this.#info.shell_port));
    this.#control.connect(socketURL(this.#info, this.#info.control_port));
    this.#iopub.connect(socketURL(this.#info, this.#info.iopub_port));
    this.#iopub.subscribe();
    void this.#readLoop(this.#shell);
    void this.#readLoop(this.#control);
    void this.#readLoop(this.#iopub);
    const deadline = Date.now() + timeoutMs;
    // The first kernel_info_reply proves the shell works; an iopub status message proves the
    // subscription is live (ZeroMQ drops what is published before a subscriber joins). Kernels
    // that publish no status for kernel_info get a short grace period.
    let replied = false;
    let graceUntil = Infinity;
    while (!(replied && (this.#iopubSeen || Date.now() > graceUntil))) {
      if (this.#spawnError) throw this.#spawnError;
      if (this.#exited) {
        throw new KernelError(
          `The kernel "${this.spec.name}" exited before it was ready (${this.#exited.signal ?? `code ${this.#exited.code}`})${this.#stderrSuffix()}`,
        );
      }
      if (Date.now() > deadline) {
        throw new KernelError(
          `The kernel "${this.spec.name}" did not answer kernel_info_request within ${Math.round(timeoutMs / 1000)} s${this.#stderrSuffix()}`,
        );
      }
      const reply = await this.#request(this.#shell, "kernel_info_request", {}, 500).catch(() => undefined);
      if (reply) {
        if (!replied) graceUntil = Date.now() + 3000;
        replied = true;
        this.kernelInfo = reply;
      }
      if (replied && !this.#iopubSeen) await delay(100);
    }
  }

  async #readLoop(socket: zmq.Dealer | zmq.Subscriber): Promise<void> {
    try {
      for await (const frames of socket) {
        let message: JupyterMessage;
        try {
          message = this.#codec.decode(frames as Buffer[]);
        } catch {
          continue; // A message we cannot verify is dropped, as jupyter_client does.
        }
        if (socket === this.#iopub) this.#onIOPub(message);
        else {
          const parentId = (message.parent_header as { msg_id?: string }).msg_id;
          const handler = parentId ? this.#shellReplies.get(parentId) : undefined;
          if (handler) {
            this.#shellReplies.delete(parentId!);
            handler(message.content, message.metadata);
          }
        }
      }
    } catch {
      // The socket was closed.
    }
  }

  #send(socket: zmq.Dealer, msgType: string, content: Record<string, unknown>): string {
    const header = createHeader(msgType, this.#session);
    void socket.send(this.#codec.encode({ header, parent_header: {}, metadata: {}, content })).catch(() => undefined);
    return header.msg_id;
  }

  #request(socket: zmq.Dealer, msgType: string, content: Record<string, unknown>, timeoutMs: number): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const msgId = this.#send(socket, msgType, content);
      const timer = setTimeout(() => {
        this.#shellReplies.delete(msgId);
        reject(new Error(`no ${msgType.replace("_request", "_reply")} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#shellReplies.set(msgId, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  }

  #onIOPub(message: JupyterMessage): void {
    this.#iopubSeen = true;
    const parentId = (message.parent_header as { msg_id?: string }).msg_id;
    const pending = parentId ? this.#pending.get(parentId) : undefined;
    const type = message.header.msg_type;
    if (type === "status") {
      if (pending && message.content["execution_state"] === "idle") {
        pending.idle = true;
        this.#settle(pending);
      }
      return;
    }
    // Output of a timer or promise that an answered cell started still belongs to that cell.
    this.#outputs.record(pending ?? (parentId ? this.#answered.get(parentId) : undefined), type, message.content);
  }

  #settle(pending: PendingRequest): void {
    if (pending.idle && pending.reply) pending.resolve();
  }

  /**
   * Runs `code` and resolves when the kernel is idle again and has replied.
   *
   * @throws CellTimeoutError after `timeoutMs` (the kernel is interrupted first)
   * @throws KernelError when the kernel dies meanwhile
   */
  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    if (this.#exited) throw new KernelError(`The kernel "${this.spec.name}" is not running${this.#stderrSuffix()}`);
    const header = createHeader("execute_request", this.#session);
    let pending!: PendingRequest;
    const done = new Promise<void>((resolve, reject) => {
      pending = { msgId: header.msg_id, outputs: [], clearPending: false, idle: false, reply: undefined, resolve, reject };
    });
    this.#pending.set(header.msg_id, pending);
    let replyMetadata: Record<string, unknown> = {};
    this.#shellReplies.set(header.msg_id, (reply, metadata) => {
      pending.reply = reply;
      replyMetadata = metadata;
      this.#settle(pending);
    });
    const content = { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: options.stopOnError ?? true };
    await this.#shell.send(this.#codec.encode({ header, parent_header: {}, metadata: {}, content }));
    let timer: NodeJS.Timeout | undefined;
    try {
      if (options.timeoutMs && options.timeoutMs > 0) {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new CellTimeoutError(`Cell execution timed out after ${options.timeoutMs! / 1000} s`)), options.timeoutMs);
        });
        await Promise.race([done, timeout]).catch(async (e) => {
          if (e instanceof CellTimeoutError) await this.interrupt().catch(() => undefined);
          throw e;
        });
      } else await done;
    } catch (e) {
      // Keep what the cell showed before it hung or the kernel died: it tells where that happened.
      if (e instanceof CellTimeoutError || e instanceof KernelError) e.outputs = [...pending.outputs];
      throw e;
    } finally {
      clearTimeout(timer);
      this.#pending.delete(header.msg_id);
      this.#shellReplies.delete(header.msg_id);
    }
    const reply = pending.reply ?? {};
    let error = pending.outputs.find((o): o is ErrorOutput => o.output_type === "error");
    if (!error && reply["status"] === "error") {
      // Some kernels (tslab) report errors only in the reply; record them as an output anyway.
      error = {
        output_type: "error",
        ename: String(reply["ename"] ?? "Error"),
        evalue: String(reply["evalue"] ?? ""),
        traceback: Array.isArray(reply["traceback"]) ? (reply["traceback"] as unknown[]).map(String) : [],
      };
      pending.outputs.push(error);
    }
    this.#answered.set(header.msg_id, pending);
    return { outputs: pending.outputs, reply, replyMetadata, error, msgId: header.msg_id };
  }

  /** Interrupts the running cell: SIGINT, or an interrupt_request when the spec asks for messages. */
  async interrupt(): Promise<void> {
    if (this.spec.spec.interrupt_mode === "message") {
      await this.#request(this.#control, "interrupt_request", {}, 5000);
    } else this.#process.kill("SIGINT");
  }

  /**
   * Asks the kernel to shut down and waits up to `graceMs` for its reply, then as long again for
   * it to exit. Returns the shutdown_reply content, if one came.
   */
  async shutdown(graceMs = 2000): Promise<Record<string, unknown> | undefined> {
    if (this.#exited || isStopping()) return undefined;
    const reply = await this.#request(this.#control, "shutdown_request", { restart: false }, graceMs).catch(() => undefined);
    await this.#waitForExit(graceMs);
    return reply;
  }

  /** Shuts the kernel down, kills the process if needed, closes sockets and removes the connection file. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.shutdown().catch(() => undefined);
    if (!this.#exited) {
      this.#process.kill("SIGKILL");
      await this.#waitForExit(2000);
    }
    for (const socket of [this.#shell, this.#control, this.#iopub]) socket.close();
    rmSync(this.#tempDir, { recursive: true, force: true });
    untrack(this.#tracked);
  }

  /** The kernel's process id (what Jupyter signals to interrupt it). */
  get pid(): number | undefined {
    return this.#process.pid;
  }

  /** True until the kernel's process has exited. */
  get alive(): boolean {
    return this.#exited === undefined;
  }

  /**
   * Calls `listener` with each status the kernel reports on its stderr (kernel-status.ts), e.g.
   * that it starts TypeScript; returns the function that stops it.
   */
  onStatus(listener: (status: string) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** The kernel's recent stderr output (without its status lines). */
  get stderr(): string {
    return this.#stderr;
  }

  async #waitForExit(ms: number): Promise<void> {
    if (this.#exited) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#process.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #stderrSuffix(): string {
    const text = this.#stderr.trim();
    return text ? `. Kernel stderr:\n${text.split("\n").slice(-30).join("\n")}` : " (the kernel wrote nothing to stderr)";
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

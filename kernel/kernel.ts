/**
 * podtalk's Jupyter kernel: answers shell and control requests, runs cells through tslab's
 * executor and publishes their outputs (streams, rich results, errors) on iopub.
 *
 * @see https://jupyter-client.readthedocs.io/en/stable/messaging.html
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import { PROTOCOL_VERSION, packageRoot, type JupyterMessage } from "podtalk/notebook";
import { CellExecutor, TSLAB_VERSION, TYPESCRIPT_VERSION, checkComplete } from "./executor-adapter.js";
import { diagnosticsError, thrownError, type ErrorContent } from "./cell-error.js";
import { History, type HistoryQuery } from "./history.js";
import { OutputCapture } from "./output-capture.js";
import type { Channel, KernelServer } from "./server.js";

/** The key of the display convention (Deno's kernel uses the same one). */
const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/** The content of an execute_request that the kernel reads. */
interface ExecuteRequest {
  readonly code?: string;
  readonly silent?: boolean;
  readonly store_history?: boolean;
  readonly stop_on_error?: boolean;
}

/** The version of this package, from its package.json. */
export function kernelVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}

/** The content of podtalk's kernel_info_reply. */
export function kernelInfo(): Record<string, unknown> {
  const version = kernelVersion();
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "podtalk",
    implementation_version: version,
    language_info: {
      name: "typescript",
      version: TYPESCRIPT_VERSION,
      mimetype: "text/x.typescript",
      file_extension: ".ts",
      codemirror_mode: "typescript",
      pygments_lexer: "typescript",
    },
    banner: `podtalk ${version}: TypeScript ${TYPESCRIPT_VERSION} (tslab ${TSLAB_VERSION}) on Node.js ${process.versions.node.split(".")[0]}`,
    help_links: [],
    debugger: false,
  };
}

/** Options of a kernel. */
export interface KernelOptions {
  /** The folder cells resolve imports from. @default process.cwd() */
  readonly cwd?: string;
  /** Called once the kernel has answered a shutdown_request. */
  readonly onShutdown?: () => void;
}

/** One running kernel. */
export class PodtalkKernel {
  readonly #server: KernelServer;
  readonly #executor: CellExecutor;
  readonly #output: OutputCapture;
  readonly #history = new History();
  readonly #shellQueue: JupyterMessage[] = [];
  readonly #aborted = new WeakSet<JupyterMessage>();
  readonly #onShutdown: () => void;
  #executionCount = 0;
  #shellBusy = false;
  /** The execute_request that output written now belongs to (the last one, as in IPython). */
  #outputParent: JupyterMessage | undefined;
  #shuttingDown = false;

  constructor(server: KernelServer, options: KernelOptions = {}) {
    this.#server = server;
    this.#onShutdown = options.onShutdown ?? (() => undefined);
    this.#output = new OutputCapture((name, text) => {
      void this.#server.publish(this.#outputParent, "stream", { name, text });
    });
    this.#executor = new CellExecutor(options.cwd ?? process.cwd(), packageRoot());
  }

  /** Starts capturing output and answering requests. */
  async start(): Promise<void> {
    this.#output.install();
    await this.#server.start((channel, message) => this.#receive(channel, message));
    await this.#server.publish(undefined, "status", { execution_state: "starting" });
  }

  /** Interrupts the running cell (the SIGINT handler calls this). */
  interrupt(): void {
    this.#executor.interrupt();
  }

  /** Writes a diagnostic of the kernel itself to the real stderr (never to a cell, never to stdout). */
  log(text: string): void {
    this.#output.realStderr(text.endsWith("\n") ? text : text + "\n");
  }

  /** Sends text that the process wrote outside a cell's own writes (e.g. an uncaught async error). */
  reportBackgroundError(what: string, error: unknown): void {
    const text = `${what}: ${error instanceof Error ? (error.stack ?? error.message) : inspect(error)}\n`;
    if (this.#outputParent) {
      this.#output.flush();
      void this.#server.publish(this.#outputParent, "stream", { name: "stderr", text });
    } else {
      this.log(text);
    }
  }

  #receive(channel: Channel, message: JupyterMessage): void {
    if (channel === "control") {
      void this.#handle("control", message);
      return;
    }
    this.#shellQueue.push(message);
    void this.#pumpShell();
  }

  /** Handles shell requests one at a time, in arrival order. */
  async #pumpShell(): Promise<void> {
    if (this.#shellBusy) return;
    this.#shellBusy = true;
    try {
      for (let next = this.#shellQueue.shift(); next; next = this.#shellQueue.shift()) {
        await this.#handle("shell", next);
      }
    } finally {
      this.#shellBusy = false;
    }
  }

  async #handle(channel: Channel, msg: JupyterMessage): Promise<void> {
    if (this.#shuttingDown) return;
    const server = this.#server;
    await server.publish(msg, "status", { execution_state: "busy" });
    try {
      const type = msg.header.msg_type;
      const replyType = type.replace(/_request$/, "_reply");
      const content = await this.#answer(channel, type, msg);
      if (content !== undefined) await server.reply(channel, msg, replyType, content);
      if (type === "shutdown_request") {
        this.#shuttingDown = true;
        this.#output.flush();
        await server.publish(msg, "status", { execution_state: "idle" });
        this.#executor.close();
        await server.close();
        this.#onShutdown();
        return;
      }
    } catch (e) {
      this.log(`podtalk kernel: failed to handle ${msg.header.msg_type}: ${(e as Error).stack ?? String(e)}`);
    }
    await server.publish(msg, "status", { execution_state: "idle" });
  }

  /** The reply content for a request, or undefined for requests that get no reply. */
  async #answer(channel: Channel, type: string, msg: JupyterMessage): Promise<unknown> {
    const c = msg.content;
    switch (type) {
      case "kernel_info_request":
        return kernelInfo();
      case "execute_request":
        return channel === "shell" ? this.#execute(msg) : { status: "error", ename: "Error", evalue: "execute_request belongs on the shell channel", traceback: [] };
      case "complete_request": {
        const code = String(c["code"] ?? "");
        const cursor = toCodeUnits(code, Number(c["cursor_pos"] ?? code.length));
        const res = this.#executor.complete(code, cursor);
        return {
          status: "ok",
          matches: res.matches,
          cursor_start: toCodePoints(code, res.start),
          cursor_end: toCodePoints(code, res.end),
          metadata: {},
        };
      }
      case "inspect_request": {
        const code = String(c["code"] ?? "");
        const text = this.#executor.inspect(code, toCodeUnits(code, Number(c["cursor_pos"] ?? code.length)));
        return text === undefined
          ? { status: "ok", found: false, data: {}, metadata: {} }
          : { status: "ok", found: true, data: { "text/plain": text }, metadata: {} };
      }
      case "is_complete_request": {
        const code = String(c["code"] ?? "");
        const res = checkComplete(code);
        return res.complete ? { status: "complete" } : { status: "incomplete", indent: res.indent };
      }
      case "history_request":
        return { status: "ok", history: this.#history.query(c as HistoryQuery) };
      case "comm_info_request":
        return { status: "ok", comms: {} };
      case "interrupt_request":
        this.interrupt();
        return { status: "ok" };
      case "shutdown_request":
        return { status: "ok", restart: Boolean(c["restart"]) };
      default:
        this.log(`podtalk kernel: unsupported request ${type} on ${channel}`);
        return undefined;
    }
  }

  async #execute(msg: JupyterMessage): Promise<Record<string, unknown>> {
    const req = msg.content as ExecuteRequest;
    const code = typeof req.code === "string" ? req.code : "";
    const silent = req.silent === true;
    const storeHistory = silent ? false : req.store_history !== false;
    if (this.#aborted.has(msg)) {
      return { status: "aborted", execution_count: this.#executionCount };
    }
    if (storeHistory) this.#executionCount += 1;
    const count = this.#executionCount;
    this.#outputParent = msg;
    if (!silent) await this.#server.publish(msg, "execute_input", { code, execution_count: count });
    if (storeHistory) this.#history.add(count, code);

    let error: ErrorContent | undefined;
    try {
      const outcome = await this.#executor.execute(code);
      if (outcome.kind === "diagnostics") {
        error = diagnosticsError(outcome.diagnostics, code);
      } else if (outcome.kind === "thrown") {
        error = thrownError(outcome.error, outcome.locate);
      } else if (outcome.hasValue && !silent) {
        const data = await mimeBundle(outcome.value);
        this.#output.flush();
        await this.#server.publish(msg, "execute_result", { execution_count: count, data, metadata: {} });
        if (storeHistory && typeof data["text/plain"] === "string") this.#history.setOutput(count, data["text/plain"]);
      }
    } catch (e) {
      // A display method that throws (or any failure after the cell ran) is the cell's error.
      error = thrownError(e);
    }
    this.#output.flush();
    if (!error) return { status: "ok", execution_count: count, user_expressions: {}, payload: [] };

    await this.#server.publish(msg, "error", error);
    if (req.stop_on_error !== false) await this.#abortQueued();
    return { status: "error", execution_count: count, ...error, user_expressions: {}, payload: [] };
  }

  /**
   * Marks the execute_requests already waiting (sent before this error was reported) as aborted.
   * Requests that arrive later run normally.
   */
  async #abortQueued(): Promise<void> {
    // Let the socket reader take in what has already arrived while the cell ran.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    for (const queued of this.#shellQueue) {
      if (queued.header.msg_type === "execute_request" && (queued.content as ExecuteRequest).stop_on_error !== false) {
        this.#aborted.add(queued);
      }
    }
  }
}

/** The MIME bundle of a value: its own display bundle, else `text/plain` as Node's inspect prints it. */
async function mimeBundle(value: unknown): Promise<Record<string, unknown>> {
  if ((typeof value === "object" || typeof value === "function") && value !== null) {
    const method = (value as Record<symbol, unknown>)[JUPYTER_DISPLAY];
    if (typeof method === "function") {
      const bundle: unknown = await (method as () => unknown).call(value);
      if (typeof bundle === "object" && bundle !== null && !Array.isArray(bundle)) {
        return bundle as Record<string, unknown>;
      }
      throw new TypeError(
        `[Symbol.for("Jupyter.display")]() must return a MIME bundle object such as { "text/plain": "..." }, got ${inspect(bundle)}`,
      );
    }
  }
  return { "text/plain": inspect(value) };
}

/** Jupyter counts cursor positions in code points; TypeScript in UTF-16 code units. */
function toCodeUnits(code: string, codePoints: number): number {
  return [...code].slice(0, codePoints).join("").length;
}

function toCodePoints(code: string, codeUnits: number): number {
  return [...code.slice(0, codeUnits)].length;
}

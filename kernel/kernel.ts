/**
 * podtalk's Jupyter kernel: answers shell and control requests, runs cells through tslab's
 * executor and publishes their outputs (streams, rich results, errors) on iopub.
 *
 * @see https://jupyter-client.readthedocs.io/en/stable/messaging.html
 */
import { join } from "node:path";
import { inspect } from "node:util";
import {
  COMPILE_CACHE_FOLDER,
  RENDER_CACHE_FOLDER,
  KERNEL_HOOK,
  STARTING_TYPESCRIPT,
  cacheDir,
  kernelStatusLine,
  packageRoot,
  type ClearOutputOptions,
  type DisplayOptions,
  type JupyterMessage,
  type KernelHook,
} from "podtalk/protocol";
import type { CellExecutor } from "./cell-executor.js";
import { CellContext } from "./cell-context.js";
import { CellDisplays } from "./cell-displays.js";
import { diagnosticsError, thrownError, type ErrorContent } from "./cell-error.js";
import type { CompilerBackend } from "./compiler/backend.js";
import { compilerStart, kernelCompiler } from "./compiler/process.js";
import { completeReply, inspectReply } from "./handlers/completion.js";
import { History, type HistoryQuery } from "./history.js";
import { OutputCapture } from "./output-capture.js";
import { FolderRenderCache } from "./render-cache.js";
import { kernelInfo } from "./kernel-info.js";
import { mimeBundle } from "./mime-bundle.js";
import { notebookSettings } from "./notebook-settings.js";
import { COMPILER_WARM_UP_IDLE_MS, isEmptyFolder, loadCellExecutor, loadCompleteness, warmUpEnabled, warmUpRenderer } from "./warm-up.js";
import type { Channel, KernelServer } from "./server.js";

/** The content of an execute_request that the kernel reads. */
interface ExecuteRequest {
  readonly code?: string;
  readonly silent?: boolean;
  readonly store_history?: boolean;
  readonly stop_on_error?: boolean;
}

/** Options of a kernel. */
export interface KernelOptions {
  /** The folder cells resolve imports from. @default process.cwd() */
  readonly cwd?: string;
  /** Environment that says where the compile cache is (PODTALK_CACHE_DIR). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Called once the kernel has answered a shutdown_request. */
  readonly onShutdown?: () => void;
  /**
   * Load TypeScript and create its compiler while the kernel is idle, before a cell needs them.
   * Outputs are the same either way. @default env.PODTALK_KERNEL_WARM_UP !== "off"
   */
  readonly warmUp?: boolean;
  /** The session's compiler, when it was made (and maybe started) before the kernel. @default a CompilerProcess */
  readonly compiler?: CompilerBackend;
}

/** One running kernel. */
export class PodtalkKernel {
  readonly #server: KernelServer;
  #executor: CellExecutor | undefined;
  /** Where cells are compiled (created with the executor, unless the kernel was given one). */
  #compiler: CompilerBackend | undefined;
  readonly #cwd: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #displays: CellDisplays;
  #warmTimer: NodeJS.Timeout | undefined;
  #compilerTimer: NodeJS.Timeout | undefined;
  /** The compiled-cell cache folder, or undefined when caching is off. */
  readonly #compileCacheDir: string | undefined;
  readonly #warmUpOn: boolean;
  /** True when no compiled cell can be cached yet (caching off, or an empty cache): every cell compiles. */
  readonly #coldCache: boolean;
  readonly #output: OutputCapture<JupyterMessage>;
  readonly #history = new History();
  readonly #shellQueue: JupyterMessage[] = [];
  readonly #aborted = new WeakSet<JupyterMessage>();
  readonly #onShutdown: () => void;
  #executionCount = 0;
  #shellBusy = false;
  /** Whether TypeScript compiled the last executed cell, and whether the compile cache holds it now. */
  #lastCompile = { compiled: false, stored: false };
  /** The execute_request that runs or ran last: output outside any cell's context goes there, as in IPython. */
  #outputParent: JupyterMessage | undefined;
  /** The cell that code running now belongs to, through timers and promises. */
  readonly #context = new CellContext<JupyterMessage>();
  /** The cells whose timers or promises threw (uncaught), in order. */
  readonly #backgroundErrors: JupyterMessage[] = [];
  #shuttingDown = false;

  constructor(server: KernelServer, options: KernelOptions = {}) {
    this.#server = server;
    this.#onShutdown = options.onShutdown ?? (() => undefined);
    this.#compiler = options.compiler;
    this.#output = new OutputCapture<JupyterMessage>(
      (name, text, owner) => void this.#server.publish(owner ?? this.#outputParent, "stream", { name, text }),
      () => this.#context.current(),
    );
    this.#displays = new CellDisplays(
      (parent, type, content) => this.#server.publish(parent, type, content),
      () => this.#output.flush(),
    );
    this.#cwd = options.cwd ?? process.cwd();
    this.#env = options.env ?? process.env;
    const base = cacheDir(this.#env);
    this.#compileCacheDir = base === undefined ? undefined : join(base, COMPILE_CACHE_FOLDER);
    this.#hook = {
      display: (value, options) => this.display(value, options),
      clearOutput: (options) => this.clearOutput(options),
      ...(base === undefined ? {} : { renderCache: new FolderRenderCache(join(base, RENDER_CACHE_FOLDER), (m) => this.log(m)) }),
    };
    this.#warmUpOn = options.warmUp ?? warmUpEnabled(this.#env);
    this.#coldCache = this.#compileCacheDir === undefined || isEmptyFolder(this.#compileCacheDir);
  }

  /**
   * Starts capturing output and answering requests, and defines the cell globals `display` and
   * `clearOutput` (and the hook the library's `display` finds). TypeScript is loaded after the
   * first kernel_info_reply (or a second after start), or by the first request that needs it.
   */
  async start(): Promise<void> {
    this.#output.install();
    this.#installGlobals();
    await this.#server.start((channel, message) => this.#receive(channel, message));
    await this.#server.publish(undefined, "status", { execution_state: "starting" });
    if (this.#warmUpOn) this.#warmTimer = setTimeout(() => this.#warmUp(), 1000);
  }

  /** Interrupts the running cell (the SIGINT handler calls this). */
  interrupt(): void {
    this.#executor?.interrupt();
  }

  /** The cell executor, created on first use. */
  #cells(): CellExecutor {
    if (!this.#executor) {
      clearTimeout(this.#warmTimer);
      const globals = { display: this.#hook.display, clearOutput: this.#hook.clearOutput };
      const { strict } = notebookSettings(this.#cwd, this.#env);
      this.#compiler ??= kernelCompiler(this.#cwd, this.#env, (m) => this.log(m));
      this.#executor = new (loadCellExecutor().CellExecutor)(this.#cwd, packageRoot(), {
        compiler: this.#compiler,
        deferCacheStore: true,
        globals,
        cacheDir: this.#compileCacheDir,
        log: (m) => this.log(m),
        strict,
        // Only a cell waits for it; a compiler started ahead of need has no one to tell.
        onCompilerStart: () => {
          if (this.#shellBusy) this.#output.realStderr(kernelStatusLine(STARTING_TYPESCRIPT));
        },
      });
      this.#warmUpLibrary(this.#executor);
    }
    return this.#executor;
  }

  /** Creates the executor while the kernel is idle, so the first cell does not wait for it. */
  #warmUp(): void {
    clearTimeout(this.#warmTimer);
    this.#warmTimer = undefined;
    if (this.#executor || this.#shuttingDown) return;
    try {
      this.#cells();
    } catch (e) {
      // Reported again, to the cell, by the request that needs the executor.
      this.log(`podtalk kernel: cannot load TypeScript: ${(e as Error).stack ?? String(e)}`);
    }
    this.#scheduleCompilerWarmUp();
  }

  /**
   * Loads podtalk's library and renders a throwaway figure with vega, so that the first cell
   * that uses them does not wait for that: scheduled when the executor is made, it runs while
   * the kernel would otherwise wait (for its front end, or for the compiler to answer).
   */
  #warmUpLibrary(executor: CellExecutor): void {
    if (!this.#warmUpOn) return;
    setImmediate(() => {
      if (this.#shuttingDown) return;
      try {
        if (!executor.preloadLibrary()) return;
      } catch (e) {
        // A cell that imports podtalk reports it.
        this.log(`podtalk kernel: cannot load podtalk's library: ${(e as Error).stack ?? String(e)}`);
        return;
      }
      warmUpRenderer(packageRoot()).catch((e: unknown) => {
        this.log(`podtalk kernel: cannot render with vega: ${(e as Error).stack ?? String(e)}`);
      });
    });
  }

  /**
   * Starts TypeScript's compiler process ahead of need (compilerStart says when). Cells the
   * compile cache answers never need it, and it takes a core and a few hundred megabytes while it
   * loads: with a cache that may answer, it starts once the kernel has been idle for
   * COMPILER_WARM_UP_IDLE_MS (a front end running cells back to back never leaves that much idle
   * time; a person reading the notebook does, and their next changed cell then compiles at once).
   * With caching off or an empty cache every cell needs it, so it starts at once (kernel/main.ts
   * starts it before the kernel's own modules load).
   */
  #scheduleCompilerWarmUp(): void {
    clearTimeout(this.#compilerTimer);
    const executor = this.#executor;
    if (!executor || executor.compilerStarted || this.#shuttingDown || !this.#warmUpOn) return;
    const when = compilerStart(this.#env, this.#coldCache);
    if (when === "on-demand") return;
    this.#compilerTimer = setTimeout(
      () => {
        if (this.#shellBusy || this.#shuttingDown || executor.compilerStarted) return;
        try {
          executor.warmCompiler();
        } catch (e) {
          this.log(`podtalk kernel: cannot start the TypeScript compiler: ${(e as Error).stack ?? String(e)}`);
        }
      },
      when === "early" ? 0 : COMPILER_WARM_UP_IDLE_MS,
    );
    this.#compilerTimer.unref();
  }

  readonly #hook: KernelHook;

  #installGlobals(): void {
    const hook = this.#hook;
    const g = globalThis as Record<string | symbol, unknown>;
    for (const [key, value] of [
      [KERNEL_HOOK, hook],
      ["display", hook.display],
      ["clearOutput", hook.clearOutput],
    ] as const) {
      Object.defineProperty(g, key, { value, writable: true, configurable: true, enumerable: false });
    }
  }

  /**
   * Sends `value` as a `display_data` (or, with `update`, an `update_display_data`) output of the
   * running cell. A synchronous display method is published before this returns, so the output
   * keeps its place among the cell's prints; the cell's reply waits for an async one.
   */
  display(value: unknown, options: DisplayOptions = {}): Promise<void> {
    return this.#displays.display(this.#owner(), value, options);
  }

  /** Clears the running cell's outputs (with `wait`, when its next output arrives). */
  clearOutput(options: ClearOutputOptions = {}): void {
    this.#displays.clearOutput(this.#owner(), options);
  }

  /** Writes a diagnostic of the kernel itself to the real stderr (never to a cell, never to stdout). */
  log(text: string): void {
    this.#output.realStderr(text.endsWith("\n") ? text : `${text}\n`);
  }

  /** The cell that output made now belongs to: the one whose code (or timer, or promise) runs, else the last one. */
  #owner(): JupyterMessage | undefined {
    return this.#context.current() ?? this.#outputParent;
  }

  /** Sends text that the process wrote outside a cell's own writes (e.g. an uncaught async error). */
  reportBackgroundError(what: string, error: unknown): void {
    const text = `${what}: ${error instanceof Error ? (error.stack ?? error.message) : inspect(error)}\n`;
    const owner = this.#owner();
    if (owner) {
      this.#backgroundErrors.push(owner);
      this.#output.flush();
      void this.#server.publish(owner, "stream", { name: "stderr", text });
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
      if (content !== undefined) await server.reply(channel, msg, replyType, content, this.#replyMetadata(type));
      if (type === "shutdown_request") {
        this.#shuttingDown = true;
        this.#output.flush();
        await server.publish(msg, "status", { execution_state: "idle" });
        clearTimeout(this.#warmTimer);
        clearTimeout(this.#compilerTimer);
        this.#executor?.close();
        this.#compiler?.close();
        await server.close();
        this.#onShutdown();
        return;
      }
    } catch (e) {
      this.log(`podtalk kernel: failed to handle ${msg.header.msg_type}: ${(e as Error).stack ?? String(e)}`);
    }
    await server.publish(msg, "status", { execution_state: "idle" });
    // The cell is over for its front end (idle); its compile goes into the compile cache now, or
    // else before the next compile.
    if (msg.header.msg_type === "execute_request") this.#executor?.storeCompiled();
    this.#scheduleCompilerWarmUp();
    if (msg.header.msg_type === "kernel_info_request" && this.#warmTimer && this.#warmUpOn) {
      // The client is connected: load TypeScript now, before its first cell arrives.
      clearTimeout(this.#warmTimer);
      this.#warmTimer = setTimeout(() => this.#warmUp(), 0);
    }
  }

  /**
   * The metadata of a reply: an execute_reply says whether TypeScript compiled the cell and
   * whether the compile cache holds it now (`podtalk run` starts a notebook's next kernel from the
   * startup snapshot only when a cell will need compiling; lib/notebook/startup-choice.ts).
   */
  #replyMetadata(type: string): Record<string, unknown> {
    if (type !== "execute_request") return {};
    return { podtalk: this.#lastCompile };
  }

  /** The reply content for a request, or undefined for requests that get no reply. */
  async #answer(channel: Channel, type: string, msg: JupyterMessage): Promise<unknown> {
    const c = msg.content;
    switch (type) {
      case "kernel_info_request":
        return kernelInfo();
      case "execute_request":
        return channel === "shell"
          ? this.#execute(msg)
          : { status: "error", ename: "Error", evalue: "execute_request belongs on the shell channel", traceback: [] };
      case "complete_request":
        return await completeReply(this.#cells(), c);
      case "inspect_request":
        return await inspectReply(this.#cells(), c);
      case "is_complete_request":
        return loadCompleteness().checkComplete(String(c["code"] ?? ""));
      case "history_request":
        return { status: "ok", history: this.#history.query(c as HistoryQuery) };
      case "comm_info_request":
        return { status: "ok", comms: {} };
      case "interrupt_request":
        this.interrupt();
        return { status: "ok" };
      case "shutdown_request":
        return this.#shutdownReply(Boolean(c["restart"]));
      default:
        this.log(`podtalk kernel: unsupported request ${type} on ${channel}`);
        return undefined;
    }
  }

  /**
   * Waits (a bounded time) for what cells started (timers, promises) to finish printing, then
   * answers. Two fields beyond the protocol's tell a runner which cells made a run that cannot be
   * repeated byte for byte: `podtalk_background_errors`, the msg_ids of the cells whose timers or
   * promises threw, and `podtalk_unfinished`, those whose timers were still pending.
   */
  async #shutdownReply(restart: boolean): Promise<Record<string, unknown>> {
    await this.#context.settle();
    this.#output.flush();
    const ids = (messages: Iterable<JupyterMessage>): string[] => [...new Set([...messages].map((m) => m.header.msg_id))];
    return {
      status: "ok",
      restart,
      podtalk_background_errors: ids(this.#backgroundErrors),
      podtalk_unfinished: ids(this.#context.unfinished()),
    };
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
    const compileBefore = this.#executor?.lastCompile;
    try {
      // Named as IPython names a cell in its tracebacks (a silent cell has no number).
      const label = storeHistory ? `Cell In[${count}]` : "Cell";
      const outcome = await this.#context.run(msg, () => this.#cells().execute(code, label));
      if (outcome.kind === "diagnostics") {
        error = diagnosticsError(outcome.diagnostics, code, label);
      } else if (outcome.kind === "thrown") {
        error = thrownError(outcome.error, outcome.place);
      } else if (this.#displays.isDisplayResult(outcome.value)) {
        // `display(x)` as the last expression: its output is the display, a failure the cell's.
        await outcome.value;
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
    await this.#displays.settle();
    this.#output.flush();
    const compile = this.#executor?.lastCompile;
    this.#lastCompile =
      compile !== undefined && compile !== compileBefore ? { compiled: !compile.cached, stored: compile.stored } : { compiled: false, stored: false };
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

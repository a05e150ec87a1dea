/**
 * A kernel's cell compiler in a process of its own (its entry is main.ts).
 *
 * TypeScript's part of a cold start (loading the compiler, parsing and binding the declarations a
 * cell is checked against, building the first program) is most of the time a first cell waits.
 * In its own process it starts with the kernel and goes on while the kernel connects to its
 * front end and loads podtalk's library, on another core; with a startup snapshot
 * (kernel/snapshot/) it starts with the declarations already parsed and bound. The kernel process
 * itself starts plainly: what it loads comes from V8's code cache (code-cache.ts).
 *
 * The process ends with its channel: when the kernel closes it, exits or is killed.
 */
import { fork } from "node:child_process";
import { connect } from "node:net";
import { join } from "node:path";
import { compilerEnvironment } from "podtalk/protocol";
import type { QuickInfo } from "@tslab/typescript-for-tslab";
import type { CompletionInfo, ConvertResult, Diagnostic } from "tslab/dist/converter";
import type { DeclScope } from "../tslab/decl-chain.js";
import type { Compiled, CompilerBackend, CompilerSettings } from "./backend.js";
import { readFrames, writeFrame } from "./frames.js";
import { type LaunchedCompiler, adoptLaunchedCompiler } from "./launched.js";
import type { CompilerCall, CompilerMessage, CompilerRequest, WireScope } from "./protocol.js";

/** How the compiler process is started. */
export interface CompilerProcessOptions {
  /** Node's arguments before the entry: the startup snapshot's, when there is a usable one. */
  readonly nodeArgs: readonly string[];
  /** The kernel's environment, which the process's is made from (compilerEnvironment()). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Where the process's own error output goes when it fails. */
  readonly log?: (message: string) => void;
  /**
   * The kernel's socket to the compiler processes `podtalk run` keeps (PODTALK_COMPILER_SOCKET,
   * lib/notebook/compiler-pool.ts): used instead of forking one, while it answers.
   */
  readonly socket?: string;
  /**
   * The compiler the kernel's launcher started beside the kernel (kernel/launch.sh, launched.ts):
   * the first start() uses it. One that ends before it is ready is replaced by a forked one.
   */
  readonly launched?: LaunchedCompiler;
}

/** The most of the process's error output kept for a report of its failure. */
const STDERR_KEPT = 4000;

/** A way to the compiler: a forked child's IPC channel, or a socket. */
interface Link {
  send(request: CompilerRequest): void;
  close(): void;
  /** Keeps the kernel alive (true) while a request waits, or not (false). */
  hold(on: boolean): void;
  readonly pid: number | undefined;
}

/** The cell compiler of a session, in a child process started on first need or by start(). */
export class CompilerProcess implements CompilerBackend {
  #link: Link | undefined;
  #ready = false;
  #next = 1;
  readonly #pending = new Map<number, { resolve: (c: Compiled<unknown>) => void; reject: (e: Error) => void }>();
  /** The chunks the current process has been sent. */
  #sent = new Set<string>();
  #stderr = "";
  #closed = false;
  /** The socket of options.socket failed once: fork from now on. */
  #socketFailed = false;
  /** The launched compiler (options.launched), until start() uses it. */
  #launched: LaunchedCompiler | undefined;
  /** The error output of the current process, when it is not #stderr (a launched compiler's). */
  #errorsOf: (() => string) | undefined;

  /**
   * @param settings what the compiler is for, or how to find out: asked after the process is
   *   started, so that it starts loading first
   */
  constructor(
    private readonly settings: CompilerSettings | (() => CompilerSettings),
    private readonly options: CompilerProcessOptions,
  ) {
    const launched = options.launched;
    if (launched) {
      this.#launched = launched;
      // Until start(), it waits without keeping the kernel alive; its end is seen then.
      for (const end of [launched.requests, launched.answers]) {
        end.on("error", () => undefined);
        end.unref();
      }
    }
  }

  get started(): boolean {
    return this.#link !== undefined;
  }

  get ready(): boolean {
    return this.#ready;
  }

  /** The forked process's id, once started (undefined for a compiler reached by its socket). */
  get pid(): number | undefined {
    return this.#link?.pid;
  }

  start(): void {
    if (this.#link || this.#closed) return;
    this.#stderr = "";
    this.#sent = new Set();
    const launched = this.#launched;
    this.#launched = undefined;
    if (launched) this.#usePipes(launched);
    else if (this.options.socket !== undefined && !this.#socketFailed) this.#connect(this.options.socket);
    else this.#fork();
  }

  #configure(link: Link): boolean {
    try {
      const settings = typeof this.settings === "function" ? this.settings() : this.settings;
      link.send({ id: 0, op: "configure", settings });
      return true;
    } catch (e) {
      this.options.log?.(`podtalk kernel: cannot configure TypeScript's compiler: ${(e as Error).message}`);
      link.close();
      return false;
    }
  }

  /** Serves the kernel from the compiler its launcher started; forks one if that one ended before it was ready. */
  #usePipes(launched: LaunchedCompiler): void {
    const { requests, answers } = launched;
    const waiting = new Map<number, CompilerRequest>();
    const link: Link = {
      send: (request) => {
        if (!this.#ready) waiting.set(request.id, request);
        writeFrame(requests, request);
      },
      close: () => {
        requests.destroy();
        answers.destroy();
      },
      hold: (on) => (on ? answers.ref() : answers.unref()),
      pid: launched.pid,
    };
    this.#link = link;
    this.#errorsOf = () => launched.errors(STDERR_KEPT);
    let over = false;
    const ended = (): void => {
      if (over || this.#closed || this.#link !== link) return;
      over = true;
      requests.destroy();
      if (this.#ready) {
        this.#ended(link, "its pipe closed");
        return;
      }
      // It never said it was ready: Node refused its startup snapshot (one built by another Node
      // version), say. A forked compiler takes its place, and what waited.
      const output = launched.errors(STDERR_KEPT).trim();
      this.options.log?.(
        `podtalk kernel: the compiler started beside the kernel ended before it was ready${output ? `:\n${output}\n` : " "}(the kernel starts one itself)`,
      );
      this.#link = undefined;
      this.#fork();
      const forked = this.#link as Link | undefined;
      for (const request of waiting.values()) if (request.op !== "configure" && this.#pending.has(request.id)) forked?.send(request);
    };
    answers.on("end", ended);
    answers.on("close", ended);
    readFrames(answers, (m) => {
      const message = m as CompilerMessage;
      if (message.kind === "ready") waiting.clear();
      this.#receive(message);
    });
    if (answers.readableEnded || answers.destroyed) {
      ended();
      return;
    }
    link.hold(false);
    this.#configure(link);
  }

  #fork(): void {
    this.#errorsOf = undefined;
    const child = fork(join(__dirname, "main.js"), [], {
      ...(typeof this.settings === "function" ? {} : { cwd: this.settings.cwd }),
      env: compilerEnvironment(this.options.env ?? process.env),
      execArgv: [...this.options.nodeArgs],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "advanced",
    });
    const channel = (): { ref(): void; unref(): void } | undefined => (child as unknown as { channel?: { ref(): void; unref(): void } }).channel;
    const link: Link = {
      send: (request) =>
        child.send(request, (e) => {
          if (e) this.#ended(link, `cannot send it a request: ${e.message}`);
        }),
      close: () => (child.connected ? child.disconnect() : child.kill()),
      hold: (on) => (on ? channel()?.ref() : channel()?.unref()),
      pid: child.pid,
    };
    this.#link = link;
    child.stderr?.setEncoding("utf8").on("data", (d: string) => {
      this.#stderr = (this.#stderr + d).slice(-STDERR_KEPT);
    });
    child.on("message", (m: CompilerMessage) => this.#receive(m));
    child.on("error", (e) => this.#ended(link, e.message));
    child.on("exit", (code, signal) => this.#ended(link, signal ? `killed by ${signal}` : `exit code ${code}`));
    // The kernel's own handles keep it alive; this process must not.
    child.unref();
    link.hold(false);
    this.#configure(link);
  }

  /** Reaches the compiler `podtalk run` keeps at `path`; forks one instead if none answers there. */
  #connect(path: string): void {
    let queue: CompilerRequest[] | undefined = [];
    const socket = connect(path);
    const link: Link = {
      send: (request) => {
        if (queue) queue.push(request);
        else writeFrame(socket, request);
      },
      close: () => {
        queue = undefined;
        socket.destroy();
      },
      hold: (on) => (on ? socket.ref() : socket.unref()),
      pid: undefined,
    };
    this.#link = link;
    let connected = false;
    socket.unref();
    socket.on("connect", () => {
      connected = true;
      if (this.#pending.size > 0) socket.ref();
      readFrames(socket, (m) => this.#receive(m as CompilerMessage));
      const waiting = queue ?? [];
      queue = undefined;
      if (!this.#configure(link)) return;
      for (const request of waiting) writeFrame(socket, request);
    });
    socket.on("error", (e: NodeJS.ErrnoException) => {
      socket.destroy();
      if (connected || this.#link !== link) return; // "close" reports a lost connection.
      // No compiler there: fork one, and hand it what waited.
      this.options.log?.(`podtalk kernel: no compiler answers at ${path} (${e.code ?? e.message}); starting one`);
      this.#socketFailed = true;
      const waiting = queue ?? [];
      queue = undefined;
      this.#link = undefined;
      this.#fork();
      const forked = this.#link as Link | undefined;
      for (const request of waiting) forked?.send(request);
    });
    socket.on("close", () => {
      if (connected) this.#ended(link, "its socket closed");
    });
  }

  #receive(m: CompilerMessage): void {
    if (m.kind === "ready") {
      this.#ready = true;
      if (m.error) this.options.log?.(`podtalk kernel: ${m.error}`);
      return;
    }
    const waiter = this.#pending.get(m.id);
    if (!waiter) return;
    this.#pending.delete(m.id);
    if (this.#pending.size === 0) this.#link?.hold(false);
    if (m.kind === "answer") waiter.resolve({ value: m.value, filesRead: m.filesRead });
    else waiter.reject(new Error(`TypeScript's compiler failed: ${m.error}`));
  }

  /** The compiler ended (or could not start): every waiting request fails; the next one starts a new one. */
  #ended(link: Link, how: string): void {
    if (this.#link !== link) return;
    this.#link = undefined;
    this.#ready = false;
    if (link.pid === undefined) this.#socketFailed = true;
    if (this.#pending.size === 0 && this.#closed) return;
    const output = (this.#errorsOf?.() ?? this.#stderr).trim();
    const error = new Error(`TypeScript's compiler process ended (${how})${output ? `:\n${output}` : ""}`);
    if (!this.#closed) this.options.log?.(`podtalk kernel: ${error.message}`);
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
  }

  #request<T>(request: CompilerCall): Promise<Compiled<T>> {
    if (this.#closed) return Promise.reject(new Error("the kernel's compiler is closed"));
    this.start();
    const link = this.#link;
    if (!link) return Promise.reject(new Error("TypeScript's compiler process could not be started"));
    const id = this.#next++;
    return new Promise<Compiled<T>>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (c: Compiled<unknown>) => void, reject });
      // Keeps the kernel alive while a cell waits for its compile.
      link.hold(true);
      link.send({ ...request, id } as CompilerRequest);
    });
  }

  #wire(scope: DeclScope): WireScope {
    return {
      chunks: scope.chunks.map(({ id, text }) => {
        if (this.#sent.has(id)) return { id };
        this.#sent.add(id);
        return { id, text };
      }),
      tail: scope.tail,
    };
  }

  convert(scope: DeclScope, src: string): Promise<Compiled<ConvertResult>> {
    return this.#request({ op: "convert", scope: this.#wire(scope), src });
  }

  inspect(scope: DeclScope, src: string, position: number): Promise<Compiled<QuickInfo | undefined>> {
    return this.#request({ op: "inspect", scope: this.#wire(scope), src, position });
  }

  complete(scope: DeclScope, src: string, position: number): Promise<Compiled<CompletionInfo>> {
    return this.#request({ op: "complete", scope: this.#wire(scope), src, position });
  }

  addModule(name: string, content: string): Promise<Compiled<Diagnostic[]>> {
    return this.#request({ op: "addModule", name, content });
  }

  close(): void {
    this.#closed = true;
    this.#link?.close();
    this.#launched?.requests.destroy();
    this.#launched?.answers.destroy();
    this.#launched = undefined;
  }
}

/** The value of PODTALK_KERNEL_COMPILER that starts the compiler with the kernel. */
const EARLY = "early";
/** The value of PODTALK_KERNEL_COMPILER that starts it when a cell first needs it. */
const ON_DEMAND = "on-demand";

/**
 * When the kernel in `env` starts its compiler process: PODTALK_KERNEL_COMPILER says, when set
 * (`podtalk run` sets it from what the notebook's last run needed); otherwise at once when the
 * compile cache cannot answer a cell (`coldCache`), else once the kernel is idle, or on need.
 */
export function compilerStart(env: NodeJS.ProcessEnv, coldCache: boolean): "early" | "idle" | "on-demand" {
  const asked = env["PODTALK_KERNEL_COMPILER"]?.trim().toLowerCase();
  if (asked === ON_DEMAND) return "on-demand";
  if (asked === EARLY) return "early";
  return coldCache ? "early" : "idle";
}

/** The compiler process of a kernel serving the notebooks of `cwd`, not yet started. */
export function kernelCompiler(cwd: string, env: NodeJS.ProcessEnv, log: (message: string) => void): CompilerProcess {
  // Required here: main.ts calls this before the kernel's other modules load.
  const { compilerStartupArgs, packageRoot } = require("podtalk/protocol") as typeof import("podtalk/protocol");
  const settings = (): CompilerSettings => {
    const { notebookSettings } = require("../notebook-settings.js") as typeof import("../notebook-settings.js");
    return { cwd, packageRoot: packageRoot(), strict: notebookSettings(cwd, env).strict };
  };
  const socket = env["PODTALK_COMPILER_SOCKET"] || undefined;
  const { compiler: launched, problem } = adoptLaunchedCompiler(env);
  if (problem) log(`podtalk kernel: the compiler started beside the kernel cannot serve it: ${problem} (the kernel starts one itself)`);
  return new CompilerProcess(settings, { nodeArgs: compilerStartupArgs(env), env, log, ...(socket ? { socket } : {}), ...(launched ? { launched } : {}) });
}

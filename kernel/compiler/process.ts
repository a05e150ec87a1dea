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
import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import type { QuickInfo } from "@tslab/typescript-for-tslab";
import type { CompletionInfo, ConvertResult, Diagnostic } from "tslab/dist/converter";
import type { DeclScope } from "../tslab/decl-chain.js";
import type { Compiled, CompilerBackend, CompilerSettings } from "./backend.js";
import type { CompilerMessage, CompilerRequest, WireScope } from "./protocol.js";

/** How the compiler process is started. */
export interface CompilerProcessOptions {
  /** Node's arguments before the entry: the startup snapshot's, when there is a usable one. */
  readonly nodeArgs: readonly string[];
  /** The environment of the process. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Where the process's own error output goes when it fails. */
  readonly log?: (message: string) => void;
}

type Request = CompilerRequest extends infer R ? (R extends { readonly id: number } ? Omit<R, "id"> : never) : never;

/** The most of the process's error output kept for a report of its failure. */
const STDERR_KEPT = 4000;

/** The cell compiler of a session, in a child process started on first need or by start(). */
export class CompilerProcess implements CompilerBackend {
  #child: ChildProcess | undefined;
  #ready = false;
  #next = 1;
  readonly #pending = new Map<number, { resolve: (c: Compiled<unknown>) => void; reject: (e: Error) => void }>();
  /** The chunks the current process has been sent. */
  #sent = new Set<string>();
  #stderr = "";
  #closed = false;

  /**
   * @param settings what the compiler is for, or how to find out: asked after the process is
   *   started, so that it starts loading first
   */
  constructor(
    private readonly settings: CompilerSettings | (() => CompilerSettings),
    private readonly options: CompilerProcessOptions,
  ) {}

  get started(): boolean {
    return this.#child !== undefined;
  }

  get ready(): boolean {
    return this.#ready;
  }

  /** The process's id, once started (tests check that it ends with the kernel). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  start(): void {
    if (this.#child || this.#closed) return;
    this.#stderr = "";
    this.#sent = new Set();
    const child = fork(join(__dirname, "main.js"), [], {
      ...(typeof this.settings === "function" ? {} : { cwd: this.settings.cwd }),
      env: this.options.env ?? process.env,
      execArgv: [...this.options.nodeArgs],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "advanced",
    });
    this.#child = child;
    child.stderr?.setEncoding("utf8").on("data", (d: string) => {
      this.#stderr = (this.#stderr + d).slice(-STDERR_KEPT);
    });
    child.on("message", (m: CompilerMessage) => this.#receive(m));
    child.on("error", (e) => this.#ended(child, e.message));
    child.on("exit", (code, signal) => this.#ended(child, signal ? `killed by ${signal}` : `exit code ${code}`));
    // The kernel's own handles keep it alive; this process must not.
    child.unref();
    (child as unknown as { channel?: { unref(): void } }).channel?.unref();
    try {
      const settings = typeof this.settings === "function" ? this.settings() : this.settings;
      child.send({ id: 0, op: "configure", settings } satisfies CompilerRequest);
    } catch (e) {
      this.options.log?.(`podtalk kernel: cannot configure TypeScript's compiler: ${(e as Error).message}`);
      child.kill();
    }
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
    if (m.kind === "answer") waiter.resolve({ value: m.value, filesRead: m.filesRead });
    else waiter.reject(new Error(`TypeScript's compiler failed: ${m.error}`));
  }

  /** The process ended (or could not start): every waiting request fails; the next one starts a new process. */
  #ended(child: ChildProcess, how: string): void {
    if (this.#child !== child) return;
    this.#child = undefined;
    this.#ready = false;
    if (this.#pending.size === 0 && this.#closed) return;
    const output = this.#stderr.trim();
    const error = new Error(`TypeScript's compiler process ended (${how})${output ? `:\n${output}` : ""}`);
    if (!this.#closed) this.options.log?.(`podtalk kernel: ${error.message}`);
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
  }

  #request<T>(request: Request): Promise<Compiled<T>> {
    if (this.#closed) return Promise.reject(new Error("the kernel's compiler is closed"));
    this.start();
    const child = this.#child;
    if (!child) return Promise.reject(new Error("TypeScript's compiler process could not be started"));
    const id = this.#next++;
    return new Promise<Compiled<T>>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (c: Compiled<unknown>) => void, reject });
      // Keeps the kernel alive while a cell waits for its compile.
      (child as unknown as { channel?: { ref(): void } }).channel?.ref();
      child.send({ ...request, id } as CompilerRequest, (e) => {
        if (e) this.#ended(child, `cannot send it a request: ${e.message}`);
      });
    }).finally(() => {
      if (this.#pending.size === 0) (this.#child as unknown as { channel?: { unref(): void } } | undefined)?.channel?.unref();
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
    const child = this.#child;
    if (!child) return;
    if (child.connected) child.disconnect();
    else child.kill();
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
  const { kernelStartupArgs, packageRoot } = require("podtalk/protocol") as typeof import("podtalk/protocol");
  const settings = (): CompilerSettings => {
    const { notebookSettings } = require("../notebook-settings.js") as typeof import("../notebook-settings.js");
    return { cwd, packageRoot: packageRoot(), strict: notebookSettings(cwd, env).strict };
  };
  return new CompilerProcess(settings, { nodeArgs: kernelStartupArgs(env), env, log });
}

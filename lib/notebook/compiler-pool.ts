/**
 * Compiler processes that `podtalk run`, `check` and `course` keep for the kernels they start,
 * when they run several notebooks (lib/cli/run-many.ts).
 *
 * A kernel compiles cells in a process of its own (kernel/compiler/), which costs a core for a
 * few tenths of a second to start, and whose TypeScript is slow until it has compiled a few cells.
 * Here such processes listen on sockets and serve one kernel after the other: a kernel started
 * with PODTALK_COMPILER_SOCKET connects to it instead of forking its own, and the next notebook's
 * kernel gets a compiler that is loaded and warm. What a cell compiles to does not depend on which
 * process compiled it. A kernel that finds no compiler at its socket forks one.
 *
 * Each kernel gets a socket of its own, which this process listens on. A kernel started ahead of
 * its notebook connects at once, but its connection waits here until its notebook begins
 * (bind()); it then goes to a compiler that no running notebook uses. So there are as many
 * compilers as notebooks running at once, not one more for each kernel waiting. The compilers end
 * with this process (their IPC channel closes however it ends) or at close().
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { type Server as NetServer, type Socket, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { compilerEnvironment, compilerStartupArgs, kernelEntryPoint } from "./kernelspec.js";

/** The environment variable that points a kernel at a compiler's socket. */
export const COMPILER_SOCKET_ENV = "PODTALK_COMPILER_SOCKET";

/** Longer socket paths than this do not fit a Unix socket address on every system. */
const MAX_SOCKET_PATH = 100;

/** A compiler process, serving the kernel of at most one running notebook. */
interface Compiler {
  readonly child: ChildProcess;
  /** The kernel socket it serves, while its notebook runs. */
  bound: string | undefined;
}

/** A kernel's socket: its listener, and its connections until they go to a compiler. */
interface KernelSocket {
  readonly listener: NetServer;
  readonly waiting: Socket[];
  compiler: Compiler | undefined;
}

/** Compiler processes for at most `max` notebooks running at once, each lent to one kernel at a time. */
export class CompilerPool {
  readonly #compilers: Compiler[] = [];
  readonly #sockets = new Map<string, KernelSocket>();
  #dir: string | undefined;
  #made = 0;
  #closed = false;

  constructor(
    private readonly max: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /**
   * A socket for a kernel that will compile cells, or undefined (it then forks its own). Its
   * connection is served once bind() is called for it; until then it waits. Starts a compiler
   * (while fewer than `max` exist), so that TypeScript loads while the kernel starts.
   */
  acquire(): string | undefined {
    if (this.#closed) return undefined;
    try {
      this.#dir ??= mkdtempSync(join(tmpdir(), "podtalk-compilers-"));
    } catch {
      return undefined;
    }
    const path = join(this.#dir, `k${this.#made++}.sock`);
    if (path.length > MAX_SOCKET_PATH) return undefined;
    const socket: KernelSocket = {
      listener: createServer({ pauseOnConnect: true }, (connection) => {
        const compiler = socket.compiler;
        if (compiler) this.#handOver(compiler, connection);
        else socket.waiting.push(connection);
      }),
      waiting: [],
      compiler: undefined,
    };
    socket.listener.on("error", () => undefined);
    socket.listener.listen(path);
    socket.listener.unref();
    this.#sockets.set(path, socket);
    if (this.#compilers.length < this.max) this.#start();
    return path;
  }

  /** The notebook of the kernel at `path` begins: its connections go to a compiler no other running notebook uses. */
  bind(path: string | undefined): void {
    const socket = path === undefined ? undefined : this.#sockets.get(path);
    if (!socket || socket.compiler || this.#closed) return;
    const compiler = this.#compilers.find((c) => c.bound === undefined && c.child.connected) ?? this.#start();
    if (!compiler) {
      // No compiler can be started: the kernel finds nobody at its socket and forks its own.
      this.#closeSocket(path!, socket);
      return;
    }
    compiler.bound = path;
    socket.compiler = compiler;
    for (const connection of socket.waiting.splice(0)) this.#handOver(compiler, connection);
  }

  /** The notebook of the kernel at `path` is over: its compiler can serve the next one. */
  release(path: string | undefined): void {
    const socket = path === undefined ? undefined : this.#sockets.get(path);
    if (!socket) return;
    this.#closeSocket(path!, socket);
    const compiler = socket.compiler;
    if (compiler && compiler.bound === path) compiler.bound = undefined;
  }

  /** Ends every compiler process and removes the sockets' folder. */
  close(): void {
    this.#closed = true;
    for (const [path, socket] of this.#sockets) this.#closeSocket(path, socket);
    for (const { child } of this.#compilers.splice(0)) {
      if (child.connected) child.disconnect();
      else child.kill();
    }
    if (this.#dir) rmSync(this.#dir, { recursive: true, force: true });
  }

  #handOver(compiler: Compiler, connection: Socket): void {
    if (compiler.child.connected) compiler.child.send({ kind: "connection" }, connection);
    else connection.destroy();
  }

  #closeSocket(path: string, socket: KernelSocket): void {
    this.#sockets.delete(path);
    socket.listener.close();
    for (const connection of socket.waiting.splice(0)) connection.destroy();
  }

  #start(): Compiler | undefined {
    let child: ChildProcess;
    try {
      child = fork(join(dirname(kernelEntryPoint()), "compiler", "main.js"), ["--serve"], {
        env: compilerEnvironment(this.env),
        execArgv: compilerStartupArgs(this.env),
        stdio: ["ignore", "ignore", "ignore", "ipc"],
      });
    } catch {
      return undefined;
    }
    const compiler: Compiler = { child, bound: undefined };
    this.#compilers.push(compiler);
    child.on("error", () => undefined);
    child.on("exit", () => {
      const at = this.#compilers.indexOf(compiler);
      if (at >= 0) this.#compilers.splice(at, 1);
    });
    // podtalk's own work keeps it alive; these must not.
    child.unref();
    (child as unknown as { channel?: { unref(): void } }).channel?.unref();
    return compiler;
  }
}

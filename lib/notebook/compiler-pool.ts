/**
 * Compiler processes that `podtalk run`, `check` and `course` keep for the kernels they start,
 * when they run several notebooks (lib/cli/run-many.ts).
 *
 * A kernel compiles cells in a process of its own (kernel/compiler/), which costs a core for a
 * few tenths of a second to start, and whose TypeScript is slow until it has compiled a few cells.
 * Here each such process listens on a socket and serves one kernel after the other: a kernel
 * started with PODTALK_COMPILER_SOCKET connects to it instead of forking its own, and the next
 * notebook's kernel gets a compiler that is loaded and warm. What a cell compiles to does not
 * depend on which process compiled it. A kernel that finds no compiler at its socket forks one.
 *
 * This process listens on each compiler's socket and hands every connection over to it. The
 * compilers end with this one (their IPC channel closes however it ends) or at close().
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { type Server as NetServer, createServer } from "node:net";
import { dirname, join } from "node:path";
import { kernelEntryPoint, compilerStartupArgs } from "./kernelspec.js";

/** The environment variable that points a kernel at a compiler's socket. */
export const COMPILER_SOCKET_ENV = "PODTALK_COMPILER_SOCKET";

/** Longer socket paths than this do not fit a Unix socket address on every system. */
const MAX_SOCKET_PATH = 100;

interface Server {
  readonly path: string;
  readonly child: ChildProcess;
  readonly listener: NetServer;
  busy: boolean;
}

/** At most `max` compiler processes, each lent to one kernel at a time. */
export class CompilerPool {
  readonly #servers: Server[] = [];
  #dir: string | undefined;
  #made = 0;
  #closed = false;

  constructor(
    private readonly max: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** A compiler's socket for a kernel that will compile cells, or undefined (it then forks its own). */
  acquire(): string | undefined {
    if (this.#closed) return undefined;
    const free = this.#servers.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return free.path;
    }
    if (this.#servers.length >= this.max) return undefined;
    try {
      this.#dir ??= mkdtempSync(join(tmpdir(), "podtalk-compilers-"));
    } catch {
      return undefined;
    }
    const path = join(this.#dir, `c${this.#made++}.sock`);
    if (path.length > MAX_SOCKET_PATH) return undefined;
    let child: ChildProcess;
    try {
      child = fork(join(dirname(kernelEntryPoint()), "compiler", "main.js"), ["--serve"], {
        env: this.env,
        execArgv: compilerStartupArgs(this.env),
        stdio: ["ignore", "ignore", "ignore", "ipc"],
      });
    } catch {
      return undefined;
    }
    // This process accepts a kernel's connection (at once, while the compiler may still be
    // starting) and hands it to the compiler, which reads it once it runs.
    const listener = createServer({ pauseOnConnect: true }, (socket) => {
      if (child.connected) child.send({ kind: "connection" }, socket);
      else socket.destroy();
    });
    listener.on("error", () => undefined);
    listener.listen(path);
    listener.unref();
    const server: Server = { path, child, listener, busy: true };
    this.#servers.push(server);
    child.on("error", () => undefined);
    child.on("exit", () => {
      listener.close();
      const at = this.#servers.indexOf(server);
      if (at >= 0) this.#servers.splice(at, 1);
    });
    // podtalk's own work keeps it alive; these must not.
    child.unref();
    (child as unknown as { channel?: { unref(): void } }).channel?.unref();
    return path;
  }

  /** Lends the compiler at `path` to the next kernel. */
  release(path: string | undefined): void {
    const server = this.#servers.find((s) => s.path === path);
    if (server) server.busy = false;
  }

  /** Ends every compiler process and removes their sockets' folder. */
  close(): void {
    this.#closed = true;
    for (const { child, listener } of this.#servers.splice(0)) {
      listener.close();
      if (child.connected) child.disconnect();
      else child.kill();
    }
    if (this.#dir) rmSync(this.#dir, { recursive: true, force: true });
  }
}

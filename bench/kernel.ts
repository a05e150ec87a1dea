/**
 * Kernel benchmarks: cold start (process start to `kernel_info_reply`), process start to the
 * first cell's reply (answered by podtalk's compile cache, or compiled by TypeScript when the
 * caches are off, as on a first run), and the median round trip
 * of a small cell (`execute_request` sent to both `execute_reply` and iopub `idle` received),
 * for podtalk's kernel, plain tslab and Debian's ipykernel, measured by the same client in the
 * same run and printed as ratios to ipykernel.
 *
 * `BENCH_KERNEL_STARTS` (default 5) cold starts and `BENCH_KERNEL_CELLS` (default 30) cells per
 * kernel. A kernel that is not available (no Debian Python with ipykernel) is reported as skipped.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import * as zmq from "zeromq";
import {
  MessageCodec,
  createHeader,
  kernelEntryPoint,
  socketURL,
  writeConnectionFile,
  type ConnectionInfo,
  type JupyterMessage,
} from "../lib/notebook/protocol.js";
import { median, type BenchResult } from "./internal/report.js";

/** Debian's Python, which has ipykernel (the `python3` on PATH may not). */
const SYSTEM_PYTHON = "/usr/bin/python3";

/** The targets of issue 6, as ratios to ipykernel. */
const TARGETS = { start: 1.2, roundTrip: 3 } as const;

/** A kernel to measure: how to start it from a connection file. */
interface KernelUnderTest {
  readonly name: string;
  readonly argv: (connectionFile: string) => string[];
  readonly available: () => string | undefined;
  /** Added to the environment the kernel starts with. */
  readonly env?: NodeJS.ProcessEnv;
}

/** One started kernel and the sockets of the benchmark's client. */
class BenchKernel {
  readonly #session = randomUUID();
  readonly #shell = new zmq.Dealer({ linger: 0, reconnectInterval: 5 });
  readonly #control = new zmq.Dealer({ linger: 0, reconnectInterval: 5 });
  readonly #iopub = new zmq.Subscriber({ linger: 0, reconnectInterval: 5 });
  readonly #codec: MessageCodec;
  readonly #waiters = new Map<string, { reply?: boolean; idle?: boolean; done: () => void }>();
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
    const started = performance.now();
    await this.#request(
      this.#shell,
      "execute_request",
      { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
      true,
    );
    return performance.now() - started;
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

  #request(socket: zmq.Dealer, msgType: string, content: Record<string, unknown>, waitIdle: boolean): Promise<void> {
    const header = createHeader(msgType, this.#session);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${msgType} reply within 120 s; stderr: ${this.#stderr}`)), 120_000);
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(header.msg_id);
        resolve();
      };
      this.#waiters.set(header.msg_id, { idle: waitIdle ? false : undefined, done });
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
        if (waiter.reply && waiter.idle !== false) waiter.done();
      }
    } catch {
      // closed
    }
  }
}

const KERNELS: readonly KernelUnderTest[] = [
  {
    name: "podtalk",
    argv: (f) => [process.execPath, kernelEntryPoint(), "--connection-file", f],
    available: () => (existsSync(kernelEntryPoint()) ? undefined : "run `npm run build` first"),
  },
  {
    // Every cell compiled by TypeScript, as on a first run.
    name: "podtalk, caches off",
    argv: (f) => [process.execPath, kernelEntryPoint(), "--connection-file", f],
    available: () => (existsSync(kernelEntryPoint()) ? undefined : "run `npm run build` first"),
    env: { PODTALK_CACHE_DIR: "off" },
  },
  {
    name: "tslab",
    argv: (f) => [process.execPath, require.resolve("tslab/dist/main.js").replace(/dist\/main\.js$/, "bin/tslab"), "kernel", "--config-path", f],
    available: () => undefined,
  },
  {
    name: "ipykernel",
    argv: (f) => [SYSTEM_PYTHON, "-m", "ipykernel_launcher", "-f", f],
    available: () =>
      existsSync(SYSTEM_PYTHON) && spawnSync(SYSTEM_PYTHON, ["-c", "import ipykernel"], { stdio: "ignore" }).status === 0
        ? undefined
        : `${SYSTEM_PYTHON} with ipykernel is not available`,
  },
];

/** Runs the kernel benchmarks. */
export async function bench(): Promise<BenchResult[]> {
  const starts = Number(process.env["BENCH_KERNEL_STARTS"] ?? 5);
  const cells = Number(process.env["BENCH_KERNEL_CELLS"] ?? 30);
  const cwd = mkdtempSync(join(tmpdir(), "podtalk-bench-cwd-"));
  // podtalk's caches in a private folder, filled by the unmeasured first start.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    IPYTHONDIR: join(cwd, ".ipython"),
    PYTHONWARNINGS: "ignore",
    JUPYTER_RUNTIME_DIR: join(cwd, "runtime"),
    PODTALK_CACHE_DIR: join(cwd, "cache"),
  };
  const startMs = new Map<string, number[]>();
  const cellMs = new Map<string, number>();
  const firstCellMs = new Map<string, number[]>();
  const skipped = new Map<string, string>();
  const kernels = KERNELS.filter((k) => {
    const why = k.available();
    if (why) skipped.set(k.name, why);
    return !why;
  });
  try {
    // One unmeasured start each (file caches, ipykernel's profile folder), then interleaved starts.
    for (const k of kernels) await (await BenchKernel.start(k, cwd, env))[0].stop();
    for (let i = 0; i < starts; i++) {
      for (const k of kernels) {
        const [kernel, ms] = await BenchKernel.start(k, cwd, env);
        (startMs.get(k.name) ?? startMs.set(k.name, []).get(k.name)!).push(ms);
        // What the first cell waits for: podtalk's compile cache, or TypeScript with the caches off.
        const first = ms + (await kernel.roundTrip("1 + 1"));
        (firstCellMs.get(k.name) ?? firstCellMs.set(k.name, []).get(k.name)!).push(first);
        if (i === 0) {
          for (let w = 0; w < 3; w++) await kernel.roundTrip("1 + 1");
          const times: number[] = [];
          for (let c = 0; c < cells; c++) times.push(await kernel.roundTrip("1 + 1"));
          cellMs.set(k.name, median(times));
        }
        await kernel.stop();
      }
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }

  const results: BenchResult[] = [];
  const baseStart = startMs.has("ipykernel") ? median(startMs.get("ipykernel")!) : undefined;
  const baseCell = cellMs.get("ipykernel");
  for (const k of KERNELS) {
    const why = skipped.get(k.name);
    if (why) {
      results.push({ name: `${k.name}: skipped`, value: 0, unit: "", note: why });
      continue;
    }
    const s = median(startMs.get(k.name)!);
    const c = cellMs.get(k.name)!;
    const target = k.name.startsWith("podtalk");
    results.push({
      name: `${k.name}: cold start to kernel_info_reply (median of ${starts})`,
      value: s,
      unit: "ms",
      note: ratioNote(s, baseStart, target ? TARGETS.start : undefined),
    });
    results.push({
      name: `${k.name}: process start to the first cell's reply (median of ${starts})`,
      value: median(firstCellMs.get(k.name)!),
      unit: "ms",
      note: ratioNote(median(firstCellMs.get(k.name)!), firstCellMs.has("ipykernel") ? median(firstCellMs.get("ipykernel")!) : undefined, undefined),
    });
    results.push({
      name: `${k.name}: round trip of \`1 + 1\` (median of ${cells})`,
      value: c,
      unit: "ms",
      note: ratioNote(c, baseCell, target ? TARGETS.roundTrip : undefined),
    });
  }
  return results;
}

function ratioNote(value: number, base: number | undefined, target: number | undefined): string | undefined {
  if (base === undefined || base <= 0) return undefined;
  const ratio = value / base;
  const met = target === undefined ? "" : `; target <= ${target}x: ${ratio <= target ? "met" : "NOT met"}`;
  return `${ratio.toFixed(2)}x ipykernel${met}`;
}

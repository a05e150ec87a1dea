/**
 * What a learner meets first, and what a long session costs (issue 19):
 * - kernel start to the first cluster diagram with empty caches, against ipykernel's start to
 *   its reply to `1 + 1`, measured by the same client in the same run (target <= 1.0x);
 * - a new, uncached realistic cell in a warm kernel (apply a Deployment and a Service, curl the
 *   Service, display the trace): request to reply (target < 150 ms), and where its time goes
 *   (compile, run, render), measured in this process with the kernel's cell executor;
 * - the kernel's memory after the whole course in one kernel, and after each re-run of one
 *   notebook in that kernel (it should not grow per re-run).
 *
 * The course against `nbconvert --execute`, cold and warm, is course.ts.
 * `BENCH_COLD_STARTS` (default 3) cold starts per kernel, `BENCH_COLD_CELLS` (default 5) realistic
 * cells, `BENCH_COLD_RERUNS` (default 5) re-runs of one notebook.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { CellExecutor } from "../kernel/cell-executor.js";
import { CLIENT_CELL, FIRST_CELL, realisticCell } from "../kernel/first-session.js";
import { mimeBundle } from "../kernel/mime-bundle.js";
import { cellTags, readNotebook } from "../lib/notebook/ipynb.js";
import { kernelEntryPoint, kernelLauncher, compilerStartupArgs, packageRoot } from "../lib/notebook/protocol.js";
import { BenchKernel, type KernelUnderTest, SYSTEM_PYTHON, ipykernelMissing, podtalkArgv } from "./internal/bench-kernel.js";
import { median, type BenchResult } from "./internal/report.js";

/** A cell that prints the kernel's memory after a full garbage collection, as JSON. */
const MEMORY_CELL = "(globalThis as { gc?: () => void }).gc?.();\nconsole.log(JSON.stringify(process.memoryUsage()));";

/**
 * podtalk's kernel as Jupyter starts it, by its kernelspec (its launcher starts the compiler
 * process beside it, from the startup snapshot when the build made one); with `nodeArgs`, Node
 * running the kernel entry point with them.
 */
const podtalk = (env: NodeJS.ProcessEnv = {}, nodeArgs: readonly string[] = []): KernelUnderTest => ({
  name: "podtalk",
  argv: (f) => (nodeArgs.length === 0 ? podtalkArgv(f) : [process.execPath, ...nodeArgs, kernelEntryPoint(), "--connection-file", f]),
  available: () => undefined,
  env,
});
const ipykernel: KernelUnderTest = {
  name: "ipykernel",
  argv: (f) => [SYSTEM_PYTHON, "-m", "ipykernel_launcher", "-f", f],
  available: ipykernelMissing,
};

/** Runs the benchmarks of this file. */
export async function bench(): Promise<BenchResult[]> {
  const work = mkdtempSync(join(tmpdir(), "podtalk-bench-cold-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    IPYTHONDIR: join(work, ".ipython"),
    PYTHONWARNINGS: "ignore",
    JUPYTER_RUNTIME_DIR: join(work, "runtime"),
  };
  try {
    return [...(await coldStarts(work, env)), ...(await warmCell(work, env)), ...(await inProcessBreakdown(work)), ...(await memory(work, env))];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Kernel start to the first cluster diagram (every cache empty), against ipykernel's first reply. */
async function coldStarts(work: string, env: NodeJS.ProcessEnv): Promise<BenchResult[]> {
  const starts = Number(process.env["BENCH_COLD_STARTS"] ?? 3);
  const missing = ipykernelMissing();
  // ipykernel's profile folder and the OS's file cache: one unmeasured start each.
  if (!missing) await (await BenchKernel.start(ipykernel, work, env))[0].stop();
  await (await BenchKernel.start(podtalk({ PODTALK_CACHE_DIR: join(work, "unmeasured") }), work, env))[0].stop();
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < starts; i++) {
    const cache = join(work, `cold-${i}`);
    const [kernel, startMs] = await BenchKernel.start(podtalk({ PODTALK_CACHE_DIR: cache }), work, env);
    const { ms, outputs } = await kernel.run(FIRST_CELL);
    await kernel.stop();
    rmSync(cache, { recursive: true, force: true });
    const result = outputs.find((o) => o.header.msg_type === "execute_result");
    if (!(result?.content["data"] as Record<string, unknown> | undefined)?.["image/svg+xml"]) {
      throw new Error(`the first cell gave no diagram: ${JSON.stringify(outputs.map((o) => o.content))}`);
    }
    ours.push(startMs + ms);
    if (missing) continue;
    const [python, pyStart] = await BenchKernel.start(ipykernel, work, env);
    theirs.push(pyStart + (await python.roundTrip("1 + 1")));
    await python.stop();
  }
  const snapshot = compilerStartupArgs().length > 0;
  const results: BenchResult[] = [
    {
      name: `podtalk: start to the first cluster diagram, caches empty (median of ${starts})`,
      value: median(ours),
      unit: "ms",
      note: [
        snapshot ? "compiler from the startup snapshot" : "no startup snapshot (see scripts/ts-startup-snapshot.cjs)",
        kernelLauncher() ? "started by the kernelspec's launcher, with its compiler" : "no launcher on this system: the kernel forks its compiler",
        // Node reads that file before anything else when it starts (tens of ms for a system
        // bundle); the kernel keeps it for its cells, its compiler process starts without it.
        ...(process.env["NODE_EXTRA_CA_CERTS"] ? ["NODE_EXTRA_CA_CERTS is set: the kernel's Node reads it as it starts"] : []),
      ].join("; "),
    },
  ];
  if (snapshot) {
    // The same start without the snapshot, for comparison (what a Node without one gets).
    const plain: number[] = [];
    for (let i = 0; i < starts; i++) {
      const cache = join(work, `cold-plain-${i}`);
      const [kernel, startMs] = await BenchKernel.start(podtalk({ PODTALK_CACHE_DIR: cache, PODTALK_KERNEL_SNAPSHOT: "off" }), work, env);
      plain.push(startMs + (await kernel.run(FIRST_CELL)).ms);
      await kernel.stop();
      rmSync(cache, { recursive: true, force: true });
    }
    results.push({ name: `  the same without the startup snapshot (median of ${starts})`, value: median(plain), unit: "ms" });
  }
  if (missing) return [...results, { name: "ipykernel: skipped", value: 0, unit: "", note: missing }];
  const ratio = median(ours) / median(theirs);
  return [
    ...results,
    { name: `ipykernel: start to the reply to \`1 + 1\` (median of ${starts})`, value: median(theirs), unit: "ms" },
    { name: "podtalk / ipykernel, cold first result", value: ratio, unit: "x", note: `target <= 1.0: ${ratio <= 1 ? "met" : "NOT met"}` },
  ];
}

/** Request to reply of new realistic cells in a warm kernel whose compiler is up. */
async function warmCell(work: string, env: NodeJS.ProcessEnv): Promise<BenchResult[]> {
  const cells = Number(process.env["BENCH_COLD_CELLS"] ?? 5);
  const [kernel] = await BenchKernel.start(podtalk({ PODTALK_CACHE_DIR: join(work, "warm") }), work, env);
  try {
    await kernel.run(FIRST_CELL);
    await kernel.run(CLIENT_CELL);
    // Past the first compiles (the checker's caches fill): distinct cells, so none is cached.
    for (let i = 0; i < 3; i++) await kernel.run(realisticCell(1000 + i));
    const times: number[] = [];
    for (let i = 0; i < cells; i++) times.push((await kernel.run(realisticCell(i))).ms);
    const ms = median(times);
    return [
      {
        name: `podtalk: new realistic cell in a warm kernel, request to reply (median of ${cells})`,
        value: ms,
        unit: "ms",
        note: `target < 150 ms: ${ms < 150 ? "met" : "NOT met"}`,
      },
    ];
  } finally {
    await kernel.stop();
  }
}

/** The same cells through the kernel's executor in this process: compile, run and render apart. */
async function inProcessBreakdown(work: string): Promise<BenchResult[]> {
  const cells = Number(process.env["BENCH_COLD_CELLS"] ?? 5);
  const executor = new CellExecutor(work, packageRoot(), { cacheDir: join(work, "in-process") });
  const parts = { compile: [] as number[], run: [] as number[], render: [] as number[] };
  const step = async (code: string): Promise<void> => {
    const started = performance.now();
    const outcome = await executor.execute(code);
    const ran = performance.now();
    if (outcome.kind !== "ok") throw new Error(`a bench cell failed (${outcome.kind}): ${code.split("\n")[0]}`);
    await mimeBundle(outcome.value);
    const compile = executor.lastCompile?.ms ?? 0;
    parts.compile.push(compile);
    parts.run.push(ran - started - compile);
    parts.render.push(performance.now() - ran);
  };
  try {
    await step(FIRST_CELL);
    await step(CLIENT_CELL);
    for (let i = 0; i < 3; i++) await step(realisticCell(1000 + i));
    for (const k of Object.values(parts)) k.length = 0;
    for (let i = 0; i < cells; i++) await step(realisticCell(i));
  } finally {
    executor.close();
  }
  return (Object.keys(parts) as (keyof typeof parts)[]).map((k) => ({
    name: `  of which ${k} (in this process, median of ${cells})`,
    value: median(parts[k]),
    unit: "ms",
  }));
}

/** The resident memory of the compiler process (kernel/compiler/) of the kernel `pid`, in bytes (Linux's /proc). */
function compilerRss(pid: number | undefined): number | undefined {
  if (pid === undefined || process.platform !== "linux") return undefined;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, "utf8");
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== pid) continue;
      if (!readFileSync(`/proc/${name}/cmdline`, "utf8").includes("compiler/main.js")) continue;
      return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) * 1024;
    } catch {
      // Ended while we looked.
    }
  }
  return undefined;
}

/** Memory of one kernel after the whole course, then after each re-run of one notebook. */
async function memory(work: string, env: NodeJS.ProcessEnv): Promise<BenchResult[]> {
  const reruns = Number(process.env["BENCH_COLD_RERUNS"] ?? 5);
  const dir = resolve(__dirname, "..", "..", "notebooks");
  const notebooks = readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => join(dir, f));
  const codeOf = (path: string): string[] =>
    readNotebook(path)
      .cells.filter((c) => c.cell_type === "code" && c.source.trim() !== "" && !cellTags(c).includes("skip-execution"))
      .map((c) => c.source);
  const [kernel] = await BenchKernel.start(podtalk({ PODTALK_CACHE_DIR: join(work, "memory") }, ["--expose-gc"]), dir, env);
  const usage = async (): Promise<NodeJS.MemoryUsage> => {
    const { outputs } = await kernel.run(MEMORY_CELL);
    const text = outputs.map((o) => (o.header.msg_type === "stream" ? String(o.content["text"]) : "")).join("");
    return JSON.parse(text) as NodeJS.MemoryUsage;
  };
  const mb = (bytes: number): number => bytes / 2 ** 20;
  try {
    for (const path of notebooks) for (const code of codeOf(path)) await kernel.run(code);
    const afterCourse = await usage();
    const compilerAfterCourse = compilerRss(kernel.child.pid);
    const rerun = codeOf(notebooks[1] ?? notebooks[0]!);
    const heaps: number[] = [];
    let last = afterCourse;
    for (let i = 0; i < reruns; i++) {
      for (const code of rerun) await kernel.run(code);
      last = await usage();
      heaps.push(last.heapUsed);
    }
    // Growth per re-run after the first (which may still fill caches), from a straight line's ends.
    const growth = heaps.length > 2 ? (heaps[heaps.length - 1]! - heaps[1]!) / (heaps.length - 2) : 0;
    return [
      { name: `kernel RSS after the whole course (${notebooks.length} notebooks, one kernel)`, value: mb(afterCourse.rss), unit: "MB" },
      { name: "kernel heap used after the whole course", value: mb(afterCourse.heapUsed), unit: "MB" },
      { name: `kernel RSS after ${reruns} more runs of one notebook`, value: mb(last.rss), unit: "MB" },
      { name: "kernel heap growth per re-run of one notebook", value: mb(growth) * 1024, unit: "KB", note: "target: none" },
      ...(compilerAfterCourse === undefined
        ? []
        : [
            { name: "its compiler process's RSS after the whole course", value: mb(compilerAfterCourse), unit: "MB" },
            { name: `its compiler process's RSS after ${reruns} more runs`, value: mb(compilerRss(kernel.child.pid) ?? 0), unit: "MB" },
          ]),
    ];
  } finally {
    await kernel.stop();
  }
}

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
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kernelEntryPoint } from "../lib/notebook/protocol.js";
import { BenchKernel, type KernelUnderTest, SYSTEM_PYTHON, ipykernelMissing, podtalkArgv } from "./internal/bench-kernel.js";
import { median, type BenchResult } from "./internal/report.js";

/** The targets of issue 6, as ratios to ipykernel. */
const TARGETS = { start: 1.2, roundTrip: 3 } as const;

const KERNELS: readonly KernelUnderTest[] = [
  {
    name: "podtalk",
    argv: podtalkArgv,
    available: () => (existsSync(kernelEntryPoint()) ? undefined : "run `npm run build` first"),
  },
  {
    // Every cell compiled by TypeScript, as on a first run.
    name: "podtalk, caches off",
    argv: podtalkArgv,
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
    available: ipykernelMissing,
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

/**
 * What the kernel loads late, and when it loads it ahead of need: tslab's executor and
 * TypeScript's compiler (see kernel.ts, #warmUp and #scheduleCompilerWarmUp).
 */
import { readdirSync } from "node:fs";

/**
 * tslab's executor and the TypeScript it bundles, loaded on first use: loading them and building
 * the first program takes seconds, so the kernel answers kernel_info_request before that.
 */
type CellExecutorModule = typeof import("./cell-executor.js");
type CompletenessModule = typeof import("./completeness.js");
let cellExecutorModule: CellExecutorModule | undefined;
let completenessModule: CompletenessModule | undefined;
export function loadCellExecutor(): CellExecutorModule {
  cellExecutorModule ??= require("./cell-executor.js") as CellExecutorModule;
  return cellExecutorModule;
}
export function loadCompleteness(): CompletenessModule {
  completenessModule ??= require("./completeness.js") as CompletenessModule;
  return completenessModule;
}

/**
 * How long the kernel must sit idle before it creates TypeScript's compiler ahead of need, when
 * the compile cache may answer the cells (see kernel.ts, #scheduleCompilerWarmUp).
 */
export const COMPILER_WARM_UP_IDLE_MS = 2000;

/** The value of PODTALK_KERNEL_WARM_UP that turns the warm-up off (cells then load TypeScript themselves). */
const WARM_UP_OFF = "off";

/** False when PODTALK_KERNEL_WARM_UP is "off": then cells load TypeScript themselves. */
export function warmUpEnabled(env: NodeJS.ProcessEnv): boolean {
  return env["PODTALK_KERNEL_WARM_UP"]?.trim().toLowerCase() !== WARM_UP_OFF;
}

/** True when `dir` is missing or holds no file. */
export function isEmptyFolder(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return true;
  }
}

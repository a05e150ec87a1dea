/**
 * Interop tests drive podtalk through Debian's Jupyter (/usr/bin/jupyter, /usr/bin/python3 with
 * jupyter_client, nbclient, nbconvert and jupyter_kernel_test). When it is missing they skip with a
 * printed reason; with PODTALK_REQUIRE_INTEROP=1 (CI) they fail with that reason instead.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Debian's Python, which has the Jupyter modules (the `python3` on PATH may not). */
export const SYSTEM_PYTHON = "/usr/bin/python3";
/** Debian's `jupyter` command. */
export const SYSTEM_JUPYTER = "/usr/bin/jupyter";

const probed = new Map<string, boolean>();

/** True when /usr/bin/python3 can import every one of `modules` (cached per list). */
export function pythonHasModules(...modules: string[]): boolean {
  const key = modules.join(",");
  let ok = probed.get(key);
  if (ok === undefined) {
    ok = existsSync(SYSTEM_PYTHON) && spawnSync(SYSTEM_PYTHON, ["-c", modules.map((m) => `import ${m}`).join("; ")], { stdio: "ignore" }).status === 0;
    probed.set(key, ok);
  }
  return ok;
}

/** True when Debian's Jupyter (the command and the Python modules the kernel tests use) is present. */
export function jupyterAvailable(): boolean {
  return existsSync(SYSTEM_JUPYTER) && pythonHasModules("jupyter_client", "nbclient", "nbconvert", "jupyter_kernel_test");
}

/**
 * Skips the running test (printing why) when `available` is false, or fails it when
 * PODTALK_REQUIRE_INTEROP=1.
 *
 * @example before(function () { requireInterop(this, "Debian's Jupyter", jupyterAvailable()); });
 */
export function requireInterop(ctx: Mocha.Context, what: string, available: boolean): void {
  if (available) return;
  const reason = `${what} is not available`;
  if (process.env["PODTALK_REQUIRE_INTEROP"] === "1") {
    throw new Error(`${reason}, and PODTALK_REQUIRE_INTEROP=1 requires it`);
  }
  console.log(`skipped: ${reason}`);
  ctx.skip();
}

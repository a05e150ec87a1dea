import { strict as assert } from "node:assert";
import { join } from "node:path";
import { SYSTEM_PYTHON, jupyterAvailable, pythonHasModules, requireInterop } from "../internal/interop.js";
import { installTempKernel, repoRoot, run, type TempKernel } from "./kernelspec-env.js";

describe("podtalk kernel under `jupyter console --kernel podtalk`", function () {
  this.timeout(120_000);
  let kernel: TempKernel | undefined;

  before(function () {
    requireInterop(this, "Debian's Jupyter console and pexpect", jupyterAvailable() && pythonHasModules("jupyter_console", "pexpect"));
    kernel = installTempKernel();
  });
  after(() => kernel?.remove());

  it("shows the banner, results, prints, displays and errors, and exits on end of input", async () => {
    const res = await run(SYSTEM_PYTHON, [join(repoRoot(), "test", "kernel", "console_session.py")], { cwd: kernel!.prefix, env: kernel!.env });
    assert.equal(res.code, 0, `the console session failed:\n${res.stdout}\n${res.stderr}`);
  });
});

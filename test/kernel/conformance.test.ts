import assert from "node:assert/strict";
import { join } from "node:path";
import { SYSTEM_PYTHON, jupyterAvailable, requireInterop } from "../internal/interop.js";
import { installTempKernel, repoRoot, run, type TempKernel } from "./kernelspec-env.js";

describe("podtalk kernel: jupyter_kernel_test conformance", function () {
  this.timeout(180_000);
  let kernel: TempKernel | undefined;

  before(function () {
    requireInterop(this, "Debian's Jupyter (/usr/bin/jupyter, /usr/bin/python3 with jupyter_kernel_test)", jupyterAvailable());
    kernel = installTempKernel();
  });
  after(() => kernel?.remove());

  it("passes every KernelTests check in test/kernel/kernel_conformance.py, started from a folder outside the repo", async () => {
    const script = join(repoRoot(), "test", "kernel", "kernel_conformance.py");
    const res = await run(SYSTEM_PYTHON, [script, "-v"], { cwd: kernel!.prefix, env: kernel!.env });
    const output = `${res.stdout}\n${res.stderr}`;
    assert.equal(res.code, 0, `the conformance suite failed:\n${output}`);
    assert.match(res.stderr, /^OK/m, output);
    // The checks that matter most must have run, not been skipped.
    for (const name of ["test_execute_result", "test_error", "test_history", "test_completion", "test_inspect", "test_is_complete"]) {
      assert.match(res.stderr, new RegExp(`${name} \\([^)]*\\) \\.\\.\\. ok`), `${name} did not pass:\n${output}`);
    }
  });

  it("runs its cells on the Node that installed the kernelspec (.ci/other-node-lines relies on it)", async () => {
    const script = join(repoRoot(), "test", "kernel", "run_cells.py");
    const res = await run("/bin/sh", ["-c", `printf '%s' "$CELLS" | ${SYSTEM_PYTHON} ${script} podtalk .`], {
      cwd: kernel!.prefix,
      env: { ...kernel!.env, CELLS: JSON.stringify([{ execute: "process.version" }]) },
    });
    assert.equal(res.code, 0, `run_cells.py failed:\n${res.stdout}\n${res.stderr}`);
    const [step] = JSON.parse(res.stdout) as { outputs: { content: { data?: Record<string, string> } }[] }[];
    assert.equal(step!.outputs[0]?.content.data?.["text/plain"], `'${process.version}'`);
  });
});

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SYSTEM_PYTHON, jupyterAvailable, requireInterop } from "../internal/interop.js";
import { installTempKernel, repoRoot, run, type TempKernel } from "./kernelspec-env.js";

interface Output {
  type: string;
  content: Record<string, unknown>;
}
interface Step {
  reply: Record<string, unknown>;
  outputs: Output[];
}
type Observed = Record<string, Step> & { exitCode: number | null; alive: boolean };

/** The outputs of a step without the execute_input echo. */
const outputs = (s: Step): Output[] => s.outputs.filter((o) => o.type !== "execute_input");

/** Runs test/kernel/drive_kernel.py with the kernel started in `cwd`. */
async function drive(kernel: TempKernel, cwd: string): Promise<Observed> {
  const res = await run(SYSTEM_PYTHON, [join(repoRoot(), "test", "kernel", "drive_kernel.py"), cwd], { cwd, env: kernel.env });
  assert.equal(res.code, 0, `drive_kernel.py failed:\n${res.stdout}\n${res.stderr}`);
  return JSON.parse(res.stdout) as Observed;
}

for (const where of ["the repository's notebooks/ folder", "a folder outside the repository"]) {
  describe(`podtalk kernel started from ${where}`, function () {
    this.timeout(180_000);
    let kernel: TempKernel | undefined;
    let outside = "";
    let seen: Observed;

    before(async function () {
      requireInterop(this, "Debian's Jupyter (/usr/bin/python3 with jupyter_client)", jupyterAvailable());
      kernel = installTempKernel();
      outside = mkdtempSync(join(tmpdir(), "podtalk-cwd-"));
      seen = await drive(kernel, where.startsWith("the repository") ? join(repoRoot(), "notebooks") : outside);
    });
    after(() => {
      kernel?.remove();
      if (outside) rmSync(outside, { recursive: true, force: true });
    });

    it("reports a thrown TypeError as one iopub error and an error reply with the same ename/evalue/traceback", () => {
      const step = seen["thrown"]!;
      const error = {
        ename: "TypeError",
        evalue: "Cannot read properties of null (reading 'missing')",
        traceback: step.reply["traceback"],
      };
      assert.deepEqual(outputs(step), [{ type: "error", content: error }]);
      assert.equal(step.reply["status"], "error");
      assert.equal(step.reply["ename"], error.ename);
      assert.equal(step.reply["evalue"], error.evalue);
      const tb = step.reply["traceback"] as string[];
      assert.equal(tb[0], "TypeError: Cannot read properties of null (reading 'missing')");
      assert.match(tb[1]!, /^ {4}at Cell In\[\d+\], line 3$/, `the first frame should point at the cell's line 3:\n${tb.join("\n")}`);
      assert.ok(
        tb.slice(1).every((l) => l.includes("Cell In[")),
        `only cell frames expected: ${tb.join("\n")}`,
      );
    });

    it("reports a rejected top-level await with the rejection's name and message", () => {
      const [error] = outputs(seen["rejected"]!);
      assert.equal(error?.type, "error");
      assert.equal(error?.content["ename"], "RangeError");
      assert.equal(error?.content["evalue"], "no route to pod");
    });

    it('type-checks imports from "podtalk": a wrong call is a TypeScriptError pointing at line:col', () => {
      const step = seen["typeError"]!;
      assert.equal(step.reply["status"], "error");
      assert.deepEqual(
        outputs(step).map((o) => [o.type, o.content["ename"], o.content["evalue"]]),
        [["error", "TypeScriptError", "2:1 - Expected 1 arguments, but got 0."]],
      );
    });

    it('runs `import { JUPYTER_DISPLAY } from "podtalk"` and shows the last expression as an execute_result', () => {
      const step = seen["podtalkImport"]!;
      assert.equal(step.reply["status"], "ok");
      assert.deepEqual(outputs(step), [
        {
          type: "execute_result",
          content: { execution_count: step.reply["execution_count"], data: { "text/plain": "'Symbol(Jupyter.display)'" }, metadata: {} },
        },
      ]);
    });

    it('shows a Cluster from "podtalk" as a Vega-Lite chart with its SVG and text', () => {
      const step = seen["cluster"]!;
      assert.equal(step.reply["status"], "ok");
      const result = outputs(step).find((o) => o.type === "execute_result");
      const data = result?.content["data"] as Record<string, unknown> | undefined;
      assert.deepEqual(Object.keys(data ?? {}).sort(), ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]);
      assert.equal(typeof data!["application/vnd.vegalite.v5+json"], "object");
    });

    it("completes members of podtalk's types (cluster.ap -> apply)", () => {
      const reply = seen["complete"]!.reply;
      assert.equal(reply["status"], "ok");
      assert.ok((reply["matches"] as string[]).includes("apply"), `matches: ${JSON.stringify(reply["matches"])}`);
    });

    it("aborts an execute_request queued behind a failing cell, yet runs one sent right after the error reply", () => {
      assert.equal(seen["failing"]!.reply["status"], "error");
      assert.equal(seen["queued"]!.reply["status"], "aborted");
      assert.deepEqual(outputs(seen["queued"]!), []);
      assert.equal(seen["rightAfter"]!.reply["status"], "ok");
      assert.deepEqual(outputs(seen["rightAfter"]!), [{ type: "stream", content: { name: "stdout", text: "still running\n" } }]);
    });

    it("display() and clearOutput() work without an import, in order with the cell's prints", () => {
      const step = seen["displays"]!;
      assert.equal(step.reply["status"], "ok");
      assert.deepEqual(outputs(step), [
        { type: "stream", content: { name: "stdout", text: "before\n" } },
        { type: "display_data", content: { data: { "text/plain": "'middle'" }, metadata: {}, transient: { display_id: "d" } } },
        { type: "stream", content: { name: "stdout", text: "after\n" } },
        { type: "update_display_data", content: { data: { "text/plain": "'updated'" }, metadata: {}, transient: { display_id: "d" } } },
        { type: "clear_output", content: { wait: true } },
      ]);
    });

    it("type-checks calls of the global display(): a numeric displayId is a TypeScriptError", () => {
      const step = seen["displayTypes"]!;
      assert.equal(step.reply["status"], "error");
      assert.equal(step.reply["ename"], "TypeScriptError");
      assert.match(String(step.reply["evalue"]), /^1:\d+ - Type 'number' is not assignable to type 'string'/);
    });

    it("echoes each executed cell as execute_input with its execution count", () => {
      const step = seen["counted"]!;
      assert.deepEqual(step.outputs[0], { type: "execute_input", content: { code: "12", execution_count: step.reply["execution_count"] } });
    });

    it("reports an uncaught error and an unhandled rejection that happen after the cell finished, on stderr", () => {
      const stderr = seen["late"]!.outputs.filter((o) => o.type === "stream" && o.content["name"] === "stderr")
        .map((o) => String(o.content["text"]))
        .join("");
      assert.match(stderr, /Uncaught exception: Error: late/);
      assert.match(stderr, /Unhandled promise rejection: RangeError: late rejection/);
    });

    it("honours stop_on_error: false: the request queued behind the failing cell still runs", () => {
      assert.equal(seen["tolerant"]!.reply["status"], "error");
      assert.equal(seen["behindTolerant"]!.reply["status"], "ok");
      assert.deepEqual(outputs(seen["behindTolerant"]!), [{ type: "stream", content: { name: "stdout", text: "behind\n" } }]);
    });

    it("turns process.exit() in a cell into an error instead of ending the kernel", () => {
      const step = seen["exit"]!;
      assert.equal(step.reply["status"], "error");
      assert.match(String(step.reply["evalue"]), /^process\.exit\(3\) was called; the kernel keeps running/);
    });

    it("survives a late uncaught error and an interrupted busy loop, then keeps executing", () => {
      const interrupted = seen["interrupted"]!;
      assert.equal(interrupted.reply["status"], "error");
      assert.match(String(interrupted.reply["evalue"]), /interrupted/i);
      assert.deepEqual(
        outputs(seen["afterAll"]!).map((o) => o.content["data"]),
        [{ "text/plain": "42" }],
      );
    });

    it("counts executions only when store_history is true and silent is false; silent cells publish nothing", () => {
      const before = seen["afterAll"]!.reply["execution_count"] as number;
      assert.equal(seen["silent"]!.reply["execution_count"], before);
      assert.deepEqual(seen["silent"]!.outputs, []);
      assert.equal(seen["noHistory"]!.reply["execution_count"], before);
      assert.equal(seen["counted"]!.reply["execution_count"], before + 1);
    });

    it("exits by itself with status 0 after a shutdown_request", () => {
      assert.equal(seen.alive, false);
      assert.equal(seen.exitCode, 0);
    });
  });
}

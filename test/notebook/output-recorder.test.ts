import { strict as assert } from "node:assert";
import type { Output } from "../../lib/notebook/ipynb.js";
import { MAX_STREAM_BYTES, OutputRecorder, type PendingRequest } from "../../lib/notebook/output-recorder.js";

function request(): PendingRequest {
  return { msgId: "m", outputs: [], clearPending: false, idle: false, reply: undefined, resolve: () => undefined, reject: () => undefined };
}

function texts(outputs: Output[]): [string, string][] {
  return outputs.map((o) => (o.output_type === "stream" ? [o.name, o.text] : [o.output_type, ""]));
}

describe("OutputRecorder: the stream output a cell keeps", () => {
  it("keeps 10 MiB of a cell's printed output and says how many bytes more were cut", () => {
    const recorder = new OutputRecorder();
    const pending = request();
    const chunk = "x".repeat(1024 * 1024);
    for (let i = 0; i < 12; i++) recorder.record(pending, "stream", { name: "stdout", text: chunk });
    assert.equal(MAX_STREAM_BYTES, 10 * 1024 * 1024);
    assert.deepEqual(texts(pending.outputs), [
      ["stdout", "x".repeat(MAX_STREAM_BYTES)],
      ["stderr", "\n… output cut: 2,097,152 bytes more (podtalk keeps 10 MiB of printed output per cell)\n"],
    ]);
  });

  it("counts stdout and stderr together, keeps displays after the cut, and never splits a UTF-8 character", () => {
    const recorder = new OutputRecorder(10);
    const pending = request();
    recorder.record(pending, "stream", { name: "stdout", text: "abcd" });
    recorder.record(pending, "stream", { name: "stderr", text: "efgh" });
    recorder.record(pending, "stream", { name: "stdout", text: "i€€" }); // 1 + 3 + 3 bytes; 2 fit
    recorder.record(pending, "display_data", { data: { "text/plain": "shown" }, metadata: {} });
    recorder.record(pending, "stream", { name: "stdout", text: "more" });
    assert.deepEqual(texts(pending.outputs), [
      ["stdout", "abcd"],
      ["stderr", "efgh"],
      ["stdout", "i"],
      ["stderr", "\n… output cut: 10 bytes more (podtalk keeps 10 bytes of printed output per cell)\n"],
      ["display_data", ""],
    ]);
  });

  it("starts counting again after clear_output, as a progress display that redraws itself never grows", () => {
    const recorder = new OutputRecorder(8);
    const pending = request();
    for (let i = 0; i < 100; i++) {
      recorder.record(pending, "clear_output", { wait: true });
      recorder.record(pending, "stream", { name: "stdout", text: `${String(i).padStart(3, "0")}%\n` });
    }
    assert.deepEqual(texts(pending.outputs), [["stdout", "099%\n"]]);
  });
});

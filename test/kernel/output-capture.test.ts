import { strict as assert } from "node:assert";
import { MAX_STREAM_MESSAGE, OutputCapture } from "../../kernel/output-capture.js";

describe("kernel OutputCapture", () => {
  it("sends a cell's long burst of printing as messages of at most 1 MiB, in order", () => {
    const sent: [string, number][] = [];
    const capture = new OutputCapture((name, text) => sent.push([name, text.length]));
    const stdout = process.stdout.write;
    const stderr = process.stderr.write;
    try {
      capture.install();
      const half = "z".repeat(MAX_STREAM_MESSAGE / 2);
      for (let i = 0; i < 5; i++) process.stdout.write(half);
      process.stderr.write("done\n");
      capture.flush();
    } finally {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
    }
    assert.deepEqual(sent, [
      ["stdout", MAX_STREAM_MESSAGE],
      ["stdout", MAX_STREAM_MESSAGE],
      ["stdout", MAX_STREAM_MESSAGE / 2],
      ["stderr", 5],
    ]);
  });
});

/**
 * The termination message the kubelet takes from a log with FallbackToLogsOnError: the last 80
 * lines, at most their last 2048 bytes (pkg/kubelet/container/runtime.go
 * MaxContainerTerminationMessageLogLines, MaxContainerTerminationMessageLogLength).
 */
import { strict as assert } from "node:assert";
import { containerLogLines, logStamp, terminationMessageFromLogs } from "../../../lib/sim/kubelet/container-logs.js";

describe("terminationMessageFromLogs()", () => {
  it("keeps the last 80 lines, each ending with a newline", () => {
    const lines = Array.from({ length: 100 }, (_, i) => `l${i}`);
    const message = terminationMessageFromLogs(lines);
    assert.ok(message.startsWith("l20\n"));
    assert.ok(message.endsWith("l99\n"));
  });

  it("keeps at most the last 2048 bytes, counting UTF-8 bytes and never cutting a character", () => {
    const message = terminationMessageFromLogs(["é".repeat(1500)]);
    assert.equal(message, `${"é".repeat(1023)}\n`);
  });
});

describe("containerLogLines()", () => {
  it("writes only what the process has written by `until` (nginx's tries so far)", () => {
    const profile = { kind: "nginx", port: 80, entrypoint: true } as const;
    const partial = containerLogLines(profile, { startedAt: 0, until: 0.9, bindFailure: 80 });
    assert.equal(partial.filter((l) => l.includes("try again to bind()")).length, 2);
    assert.ok(!partial.some((l) => l.includes("still could not bind()")));
  });

  it("stamps lines as Go's log and nginx do, `2006/01/02 15:04:05`, from simulated seconds", () => {
    assert.equal(logStamp(600.7), "2025/01/06 09:10:00");
  });
});

import { strict as assert } from "node:assert";
import { clearOutput, display } from "../lib/index.js";

const HOOK = Symbol.for("podtalk.kernel");
const DISPLAY = Symbol.for("Jupyter.display");

/** Captures console.log while `fn` runs. */
async function printed(fn: () => Promise<void> | void): Promise<string[]> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  try {
    await fn();
  } finally {
    console.log = log;
  }
  return lines;
}

describe("display() and clearOutput() (lib/display.ts)", () => {
  describe("outside a kernel", () => {
    const cases: { name: string; value: unknown; options?: Parameters<typeof display>[1]; expected: string }[] = [
      {
        name: "an object's own bundle, as its text/plain",
        value: { [DISPLAY]: () => ({ "text/plain": "pod/web", "text/html": "<b>web</b>" }) },
        expected: "pod/web",
      },
      { name: "an async bundle, awaited", value: { [DISPLAY]: async () => ({ "text/plain": "later" }) }, expected: "later" },
      { name: "a raw bundle with text split into lines", value: { "text/plain": ["a\n", "b"] }, options: { raw: true }, expected: "a\nb" },
      { name: "a plain value, as console.log prints it", value: 42, expected: "42" },
    ];
    for (const { name, value, options, expected } of cases) {
      it(`prints ${name}`, async () => {
        assert.deepEqual(await printed(() => display(value, options)), [expected]);
      });
    }

    it("clearOutput() does nothing", async () => {
      assert.deepEqual(await printed(() => clearOutput()), []);
    });
  });

  describe('inside a kernel (the hook under Symbol.for("podtalk.kernel"))', () => {
    const calls: unknown[][] = [];
    before(() => {
      (globalThis as Record<symbol, unknown>)[HOOK] = {
        display: async (...args: unknown[]) => void calls.push(["display", ...args]),
        clearOutput: (...args: unknown[]) => void calls.push(["clearOutput", ...args]),
      };
    });
    after(() => delete (globalThis as Record<symbol, unknown>)[HOOK]);

    it("hands display() and clearOutput() to the kernel and prints nothing", async () => {
      const value = { x: 1 };
      const lines = await printed(async () => {
        await display(value, { displayId: "t", update: true });
        clearOutput({ wait: true });
      });
      assert.deepEqual(lines, []);
      assert.deepEqual(calls, [
        ["display", value, { displayId: "t", update: true }],
        ["clearOutput", { wait: true }],
      ]);
    });
  });
});

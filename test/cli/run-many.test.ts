import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startOrder } from "../../lib/cli/run-many.js";
import { writePodtalkNotebook } from "../internal/notebooks.js";
import { podtalk } from "./internal/podtalk.js";

describe("running many notebooks at once", function () {
  this.timeout(120_000);

  it("begins the notebooks with the most code cells first when jobs run side by side, else in their own order", () => {
    // The first course's cell counts: its three longest notebooks come last by name.
    const cells = [17, 12, 20, 18, 11, 26, 24, 23];
    assert.deepEqual(startOrder(cells, 2), [5, 6, 7, 2, 3, 0, 1, 4]);
    assert.deepEqual(startOrder([3, 5, 3, 5], 4), [1, 3, 0, 2], "equals keep their own order");
    assert.deepEqual(startOrder(cells, 1), [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("begins the longest notebook in the first round with two jobs, and still reports the notebooks in their own order", async () => {
    const dir = mkdtempSync(join(tmpdir(), "podtalk-run-many-"));
    try {
      const log = join(dir, "began.txt");
      const began = (name: string): string => `require("node:fs").appendFileSync(${JSON.stringify(log)}, "${name}\\n");`;
      const paths = ["a", "b", "c"].map((name) => join(dir, `${name}.ipynb`));
      writePodtalkNotebook(paths[0]!, [began("a"), "1"]);
      writePodtalkNotebook(paths[1]!, [began("b"), "2"]);
      writePodtalkNotebook(paths[2]!, [began("c"), "3", "4", "5"]);
      const env = { ...process.env, PODTALK_CACHE_DIR: join(dir, "cache") };
      const { code, stdout } = await podtalk(["run", ...paths, "--jobs", "2"], env);
      assert.equal(code, 0);
      // Begun in the order c, a, b: c and a side by side, then b once one of them is done (in
      // their own order, c would have waited for a or b).
      assert.equal(readFileSync(log, "utf8").trim().split("\n").pop(), "b", "the notebook with the most cells should not begin last");
      assert.deepEqual(
        stdout
          .trim()
          .split("\n")
          .map((line) => line.split(" ").filter(Boolean)[1]),
        paths,
        "report lines in the notebooks' order",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

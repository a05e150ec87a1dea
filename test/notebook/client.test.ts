import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KernelClient, KernelError } from "../../lib/notebook/client.js";

describe("KernelClient.start()", function () {
  this.timeout(10_000);
  let dir = "";
  const savedTmp = process.env["TMPDIR"];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-client-"));
    mkdirSync(join(dir, "tmp"));
    process.env["TMPDIR"] = join(dir, "tmp"); // Where the connection folder goes, to check it is removed.
  });
  after(() => {
    if (savedTmp === undefined) delete process.env["TMPDIR"];
    else process.env["TMPDIR"] = savedTmp;
    rmSync(dir, { recursive: true, force: true });
  });

  it("fails within a second or two, naming the program and the kernelspec to fix, when the kernelspec's argv[0] does not exist", async () => {
    const missing = join(dir, "no-such-kernel");
    const spec = {
      name: "missing",
      dir: join(dir, "kernels", "missing"),
      spec: { argv: [missing, "{connection_file}"], display_name: "Missing", language: "none" },
    };
    const startedAt = Date.now();
    await assert.rejects(KernelClient.start(spec, { cwd: dir, startupTimeoutMs: 8000 }), (e: unknown) => {
      assert.ok(e instanceof KernelError);
      assert.match(
        e.message,
        /^Cannot start the kernel "missing" \(.*no-such-kernel\): spawn .*no-such-kernel ENOENT; check argv\[0\] in .*kernels\/missing\/kernel\.json$/,
      );
      return true;
    });
    assert.ok(Date.now() - startedAt < 2000, `took ${Date.now() - startedAt} ms`);
    assert.deepEqual(readdirSync(join(dir, "tmp")), [], "the connection folder is removed");
  });
});

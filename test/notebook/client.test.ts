import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KernelClient, KernelError } from "../../lib/notebook/client.js";
import { findKernelSpec } from "../../lib/notebook/kernelspec.js";

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

  it("starts the kernel again on new ports when another process took one of them first", async function () {
    this.timeout(60_000);
    // The first start fails as a kernel does when a port it was given is taken; the second runs podtalk's kernel.
    const mark = join(dir, "first-start-failed");
    const real = findKernelSpec("podtalk").spec.argv;
    const script = `if [ ! -e "${mark}" ]; then touch "${mark}"; echo "podtalk kernel failed to start: Error: Address already in use" >&2; exit 1; fi; exec "$@"`;
    const spec = { name: "busy", dir: undefined, spec: { argv: ["/bin/sh", "-c", script, "sh", ...real], display_name: "Busy", language: "typescript" } };
    const client = await KernelClient.start(spec, { cwd: dir });
    try {
      const { reply } = await client.execute("1 + 1");
      assert.equal(reply["status"], "ok");
    } finally {
      await client.dispose();
    }
    assert.ok(readdirSync(dir).includes("first-start-failed"), "the first start did fail");
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

describe("writeConnectionFile(): connection folders left by killed runs", () => {
  it("removes, at a process's first kernel start, the folders of podtalk processes that no longer run, and only those", () => {
    const root = mkdtempSync(join(tmpdir(), "podtalk-sweep-"));
    try {
      const gone = spawnSync(process.execPath, ["-e", ""]).pid;
      const names = [`podtalk-kernel-${gone}-AbC123`, `podtalk-kernel-${process.pid}-xyz789`, "podtalk-kernel-Q1w2E3", `other-${gone}-AbC123`];
      for (const name of names) {
        mkdirSync(join(root, name));
        writeFileSync(join(root, name, "kernel.json"), "{}");
      }
      const connection = join(__dirname, "..", "..", "lib", "notebook", "connection.js");
      const script = `require(${JSON.stringify(connection)}).writeConnectionFile().then((c) => console.log(require("node:path").basename(c.dir)))`;
      const child = spawnSync(process.execPath, ["-e", script], { env: { ...process.env, TMPDIR: root }, encoding: "utf8" });
      assert.equal(child.status, 0, child.stderr);
      const made = child.stdout.trim();
      assert.match(made, new RegExp(`^podtalk-kernel-${child.pid}-[A-Za-z0-9]{6}$`), "the folder names the podtalk that made it");
      assert.deepEqual(readdirSync(root).sort(), [...names.slice(1), made].sort());
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

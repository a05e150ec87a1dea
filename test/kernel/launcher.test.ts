import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KernelClient } from "../../lib/notebook/client.js";
import { compilerStartupArgs, kernelEntryPoint, kernelLauncher, podtalkKernelSpec } from "../../lib/notebook/kernelspec.js";
import { type ProcessEntry, childrenRunning } from "../internal/processes.js";

/** Linux's O_CLOEXEC, as /proc/<pid>/fdinfo shows a descriptor's flags (octal). */
const O_CLOEXEC = 0o2000000;

/** Waits up to `ms` for process `pid` to end; true when it did. */
async function ended(pid: number, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (existsSync(`/proc/${pid}`) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return !existsSync(`/proc/${pid}`);
}

describe("the kernel's launcher (kernelspec: /bin/sh kernel/launch.sh), which starts the compiler beside the kernel", function () {
  this.timeout(120_000);
  let dir = "";
  let tmp = "";
  beforeEach(function () {
    // The tests read /proc; the launcher is a POSIX shell script.
    if (process.platform !== "linux" || !kernelLauncher()) this.skip();
    dir = mkdtempSync(join(tmpdir(), "podtalk-launcher-"));
    tmp = join(dir, "tmp");
    mkdirSync(tmp);
  });
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A kernel started as Jupyter starts podtalk's (its kernelspec's argv), with its own TMPDIR and an empty cache. */
  function start(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<KernelClient> {
    const spec = { name: "podtalk", dir: undefined, spec: { argv: [...argv], display_name: "podtalk", language: "typescript" } };
    return KernelClient.start(spec, { cwd: dir, env: { ...process.env, TMPDIR: tmp, PODTALK_CACHE_DIR: join(dir, `cache-${Math.random()}`), ...env } });
  }

  /** The kernel's compiler processes (its children running the compiler's entry). */
  const compilers = (kernel: KernelClient): ProcessEntry[] => childrenRunning(kernel.pid!, "compiler/main.js");

  const CELLS = [
    'import { Cluster } from "podtalk";\nconst cluster = new Cluster({ nodes: 2, seed: 1 });\ncluster.nodes().map((n) => n.addresses.internalIP)',
    'const port: number = "80";',
    "process.env.PODTALK_LAUNCHED_COMPILER ?? 'unset'",
  ];

  /** Each cell's reply status and outputs, as JSON. */
  async function outputs(kernel: KernelClient): Promise<string[]> {
    const out: string[] = [];
    for (const code of CELLS) {
      const { reply, outputs } = await kernel.execute(code, { stopOnError: false });
      out.push(JSON.stringify({ status: reply["status"], outputs }));
    }
    return out;
  }

  it("compiles the first cell with the one compiler it started, which prints what a kernel started by Node prints", async () => {
    const launched = await start(podtalkKernelSpec().argv);
    let compiler: ProcessEntry | undefined;
    let viaLauncher: string[];
    try {
      viaLauncher = await outputs(launched);
      const found = compilers(launched);
      assert.equal(found.length, 1, `one compiler: ${JSON.stringify(found)}`);
      compiler = found[0]!;
      assert.deepEqual(compiler.argv.slice(1), [
        ...compilerStartupArgs(process.env),
        join(kernelEntryPoint(), "..", "compiler", "main.js"),
        "--pipe",
        "7",
        "8",
      ]);
      // The kernel's ends of the FIFOs close when it starts a program (O_CLOEXEC), so no child of
      // a cell inherits them; and it left nothing in TMPDIR.
      const pipes = readdirSync(`/proc/${launched.pid}/fd`).filter((fd) => readlinkSync(`/proc/${launched.pid}/fd/${fd}`).includes("/podtalk-launch."));
      assert.equal(pipes.length, 3, "requests, answers and the compiler's errors");
      for (const fd of pipes) {
        const flags = Number.parseInt(/^flags:\s+(\d+)/m.exec(readFileSync(`/proc/${launched.pid}/fdinfo/${fd}`, "utf8"))![1]!, 8);
        assert.ok(flags & O_CLOEXEC, `fd ${fd} is close-on-exec`);
      }
      assert.deepEqual(readdirSync(tmp), []);
    } finally {
      await launched.dispose();
    }
    assert.ok(await ended(compiler.pid), "the compiler ended with its kernel");
    const plain = await start([process.execPath, kernelEntryPoint(), "--connection-file", "{connection_file}"]);
    try {
      assert.deepEqual(viaLauncher, await outputs(plain));
    } finally {
      await plain.dispose();
    }
    assert.match(viaLauncher[0]!, /172\.18\.0\.2/);
    assert.match(viaLauncher[1]!, /Type 'string' is not assignable to type 'number'/);
    assert.match(viaLauncher[2]!, /'unset'/, "cells do not see the launcher's variable");
  });

  it("ends the compiler with the kernel even when a cell's child process outlives the kernel", async () => {
    const kernel = await start(podtalkKernelSpec().argv);
    let sleeper = 0;
    try {
      const { outputs: out } = await kernel.execute('require("child_process").spawn("sleep", ["60"], { detached: true, stdio: "ignore" }).pid');
      sleeper = Number(JSON.stringify(out).match(/"text\/plain":"(\d+)"/)?.[1]);
      assert.ok(sleeper > 0, JSON.stringify(out));
      const [compiler] = compilers(kernel);
      assert.ok(compiler, "the kernel has a compiler");
      process.kill(kernel.pid!, "SIGKILL");
      assert.ok(await ended(compiler.pid), "the compiler ended when the kernel was killed");
      assert.ok(existsSync(`/proc/${sleeper}`), "the cell's child process still runs");
    } finally {
      if (sleeper > 0) spawnSync("kill", [String(sleeper)]);
      await kernel.dispose();
    }
  });

  it("forks a compiler when the one it started cannot start, and says so", async () => {
    // A copy of the package's layout whose compiler entry fails at once (as Node does when it
    // refuses a startup snapshot built by another version); the kernel itself is the real one.
    const fake = join(dir, "pkg");
    mkdirSync(join(fake, "kernel"), { recursive: true });
    mkdirSync(join(fake, "dist", "kernel", "compiler"), { recursive: true });
    copyFileSync(kernelLauncher()!, join(fake, "kernel", "launch.sh"));
    symlinkSync(kernelEntryPoint(), join(fake, "dist", "kernel", "main.js"));
    writeFileSync(join(fake, "dist", "kernel", "compiler", "main.js"), 'process.stderr.write("this compiler cannot start\\n");\nprocess.exit(14);\n');
    const kernel = await start(["/bin/sh", join(fake, "kernel", "launch.sh"), process.execPath, "{connection_file}"]);
    try {
      const { reply, outputs: out } = await kernel.execute("const n: number = 41;\nn + 1");
      assert.equal(reply["status"], "ok", JSON.stringify(out));
      assert.match(JSON.stringify(out), /"text\/plain":"42"/);
      assert.match(kernel.stderr, /the compiler started beside the kernel (ended before it was ready|cannot serve it)/);
      const [forked] = compilers(kernel);
      assert.ok(forked && !forked.argv.includes("--pipe"), "the kernel forked a compiler of its own");
      assert.deepEqual(readdirSync(tmp), []);
    } finally {
      await kernel.dispose();
    }
  });

  it("lets a kernel whose environment names a launched compiler that is not there compile as usual, and says so", async () => {
    const argv = [process.execPath, kernelEntryPoint(), "--connection-file", "{connection_file}"];
    const kernel = await start(argv, { PODTALK_LAUNCHED_COMPILER: `${process.pid}:${join(dir, "no-such-folder")}` });
    try {
      for (const n of [1, 2]) {
        const { reply, outputs: out } = await kernel.execute(`const n${n}: number = ${n};\nn${n} * 21`);
        assert.equal(reply["status"], "ok", JSON.stringify(out));
        assert.match(JSON.stringify(out), new RegExp(`"text/plain":"${n * 21}"`));
      }
      assert.match(kernel.stderr, /the compiler started beside the kernel cannot serve it/);
    } finally {
      await kernel.dispose();
    }
  });

  it("starts no compiler beside a kernel that should not start one ahead of need", async () => {
    for (const env of [{ PODTALK_KERNEL_COMPILER: "on-demand" }, { PODTALK_KERNEL_WARM_UP: "off" }]) {
      const kernel = await start(podtalkKernelSpec().argv, env);
      try {
        await kernel.execute("1");
        assert.deepEqual(
          compilers(kernel).filter((c) => c.argv.includes("--pipe")),
          [],
          JSON.stringify(env),
        );
        assert.deepEqual(readdirSync(tmp), []);
      } finally {
        await kernel.dispose();
      }
    }
  });
});

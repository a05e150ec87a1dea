import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SYSTEM_PYTHON, jupyterAvailable, requireInterop } from "../internal/interop.js";
import { repoRoot, run } from "../kernel/kernelspec-env.js";
import { sharedProject } from "./packed-project.js";

/**
 * Deno's CLI: `$PODTALK_DENO`, else the devDependency `deno` (the npm registry's package, whose
 * optional dependency @deno/linux-x64-glibc carries the binary), else `deno` on PATH.
 */
function findDeno(): string | undefined {
  const candidates = [process.env["PODTALK_DENO"], join(repoRoot(), "node_modules", ".bin", "deno"), "deno"];
  for (const c of candidates) {
    if (c && spawnSync(c, ["--version"], { stdio: "ignore" }).status === 0) return c;
  }
  return undefined;
}

interface Step {
  reply: Record<string, unknown>;
  outputs: { type: string; content: Record<string, unknown> }[];
}

/**
 * Deno resolves `npm:podtalk` from the project's node_modules (installed from the tarball by npm)
 * when deno.json says `"nodeModulesDir": "manual"`; `--cached-only` proves nothing is fetched.
 */
describe('podtalk under Deno: import { Cluster } from "npm:podtalk"', function () {
  this.timeout(180_000);
  let deno = "";
  let dir = "";
  let project = "";
  let env: NodeJS.ProcessEnv = {};

  before(async function () {
    const found = findDeno();
    requireInterop(this, "Deno (npm's `deno` package, PODTALK_DENO or deno on PATH)", found !== undefined);
    deno = found!;
    ({ dir, project } = await sharedProject());
    writeFileSync(join(project, "deno.json"), JSON.stringify({ nodeModulesDir: "manual" }));
    env = { ...process.env, DENO_DIR: join(dir, "deno-cache"), NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" };
  });

  it("`deno run` runs a scenario with podtalk's named exports", async () => {
    writeFileSync(
      join(project, "scenario.ts"),
      [
        'import { Cluster } from "npm:podtalk";',
        "const cluster = new Cluster({ nodes: 2, seed: 1 });",
        'const rows: number = cluster.get("nodes").rows.length;',
        'console.log(rows, import.meta.resolve("npm:podtalk").includes("/dist/lib/index.mjs"));',
      ].join("\n"),
    );
    const res = await run(deno, ["run", "--cached-only", "--allow-read", "--allow-env", "--allow-sys", "scenario.ts"], { cwd: project, env });
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, "2 true\n");
  });

  it("Deno's Jupyter kernel (`deno jupyter --kernel`) shows a podtalk table through the shared display protocol", async function () {
    requireInterop(this, "Debian's Jupyter (/usr/bin/python3 with jupyter_client)", jupyterAvailable());
    const spec = join(dir, "jupyter", "kernels", "deno-podtalk-test");
    mkdirSync(spec, { recursive: true });
    writeFileSync(
      join(spec, "kernel.json"),
      JSON.stringify({ argv: [deno, "jupyter", "--kernel", "--conn", "{connection_file}"], display_name: "Deno", language: "typescript" }),
    );
    // Deno may publish the execute_result just after its `idle` status: collect for a second more.
    const cells = [{ execute: 'import { Cluster } from "npm:podtalk";\nconst cluster = new Cluster({ nodes: 2, seed: 1 });\ncluster.get("nodes")', linger: 1 }];
    const res = await run(
      "/bin/sh",
      ["-c", `printf '%s' "$CELLS" | ${SYSTEM_PYTHON} ${join(repoRoot(), "test", "kernel", "run_cells.py")} deno-podtalk-test .`],
      {
        cwd: project,
        env: { ...env, CELLS: JSON.stringify(cells), JUPYTER_PATH: join(dir, "jupyter"), JUPYTER_RUNTIME_DIR: join(dir, "runtime"), PYTHONWARNINGS: "ignore" },
      },
    );
    assert.equal(res.code, 0, `run_cells.py failed:\n${res.stdout}\n${res.stderr}`);
    const [step] = JSON.parse(res.stdout) as Step[];
    assert.equal(step!.reply["status"], "ok", JSON.stringify(step));
    const results = step!.outputs.filter((o) => o.type === "execute_result");
    assert.equal(results.length, 1, JSON.stringify(step!.outputs));
    const data = results[0]!.content["data"] as Record<string, string>;
    assert.match(data["text/html"] ?? "", /^<table class="podtalk-table"><caption>kubectl get nodes -o wide<\/caption>/);
    assert.match(data["text/plain"] ?? "", /^NAME +STATUS +ROLES/);
    assert.ok(existsSync(join(project, "node_modules", "podtalk", "dist", "lib", "index.mjs")));
  });
});

import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SYSTEM_PYTHON, jupyterAvailable, requireInterop } from "../internal/interop.js";
import { repoRoot, run } from "./kernelspec-env.js";

interface Step {
  reply: Record<string, unknown>;
  outputs: { type: string; content: Record<string, unknown> }[];
}

/**
 * A course repository that installs podtalk the way course authors do: from the `npm pack`
 * tarball into its own node_modules, the kernelspec installed from there.
 */
describe("podtalk kernel installed from the npm tarball into a course repository", function () {
  this.timeout(180_000);
  let dir = "";
  let steps: Step[] = [];
  let elsewhereSteps: Step[] = [];

  before(async function () {
    requireInterop(this, "Debian's Jupyter (/usr/bin/python3 with jupyter_client)", jupyterAvailable());
    dir = mkdtempSync(join(tmpdir(), "podtalk-tarball-"));
    const env = { ...process.env, npm_config_update_notifier: "false" };
    // dist/ is built already (the tests run from it): pack without the prepack build.
    const pack = await run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], { cwd: repoRoot(), env });
    assert.equal(pack.code, 0, `npm pack failed:\n${pack.stderr}`);
    const tarball = pack.stdout.trim().split("\n").pop()!;
    const course = join(dir, "course");
    mkdirSync(join(course, "notebooks"), { recursive: true });
    writeFileSync(join(course, "package.json"), JSON.stringify({ name: "course", private: true, dependencies: { podtalk: `file:../${tarball}` } }));
    const install = await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: course, env });
    assert.equal(install.code, 0, `npm install failed:\n${install.stderr}`);
    const jupyter = join(dir, "jupyter");
    const spec = await run(process.execPath, [join(course, "node_modules", "podtalk", "bin", "podtalk.js"), "kernel", "install", "--prefix", jupyter], {
      cwd: course,
      env,
    });
    assert.equal(spec.code, 0, spec.stderr);
    const cells = [
      { execute: 'import { Cluster } from "podtalk";\nconst cluster = new Cluster({ nodes: 2, seed: 1 });\ncluster.get("nodes").rows.length' },
      { execute: 'const wrong: number = cluster.get("pods");' },
      { complete: "cluster.ap" },
      { execute: 'import { display } from "podtalk";\ndisplay(cluster.get("nodes"))' },
      { execute: 'require.resolve("podtalk")' },
      { complete: 'cluster.get("' },
      { complete: 'new Cluster({ proxyMode: "' },
      { inspect: "new Cluster(", at: 5 },
    ];
    const runCells = async (folder: string, list: readonly object[]): Promise<Step[]> => {
      const res = await run(
        "/bin/sh",
        ["-c", `printf '%s' "$CELLS" | ${SYSTEM_PYTHON} ${join(repoRoot(), "test", "kernel", "run_cells.py")} podtalk ${folder}`],
        {
          cwd: folder,
          env: {
            ...env,
            CELLS: JSON.stringify(list),
            JUPYTER_PATH: join(jupyter, "share", "jupyter"),
            JUPYTER_RUNTIME_DIR: join(dir, "runtime"),
            PYTHONWARNINGS: "ignore",
          },
        },
      );
      assert.equal(res.code, 0, `run_cells.py failed:\n${res.stdout}\n${res.stderr}`);
      return JSON.parse(res.stdout) as Step[];
    };
    steps = await runCells(join(course, "notebooks"), cells);
    // A notebook in a folder of no project: no node_modules, no @types/node above it.
    const elsewhere = join(dir, "elsewhere");
    mkdirSync(elsewhere);
    elsewhereSteps = await runCells(elsewhere, [
      { execute: "console.log(typeof process.versions.node); const seed = 3;" },
      { execute: 'import { Cluster } from "podtalk";\nnew Cluster({ nodes: 2, seed }).get("nodes").rows.length' },
    ]);
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs `import { Cluster } from "podtalk"` from the course\'s node_modules', () => {
    assert.equal(steps[0]!.reply["status"], "ok", JSON.stringify(steps[0]));
    assert.deepEqual(
      steps[0]!.outputs.map((o) => [o.type, (o.content["data"] as Record<string, unknown>)["text/plain"]]),
      [["execute_result", "2"]],
    );
    assert.match(String((steps[4]!.outputs[0]!.content["data"] as Record<string, unknown>)["text/plain"]), new RegExp(`${dir}/course/node_modules/podtalk/`));
  });

  it("type-checks against the installed declarations: a Table is not a number", () => {
    assert.equal(steps[1]!.reply["status"], "error");
    assert.equal(steps[1]!.reply["ename"], "TypeScriptError");
    assert.match(String(steps[1]!.reply["evalue"]), /Type 'Table' is not assignable to type 'number'/);
  });

  it("completes members of the installed types (cluster.ap -> apply)", () => {
    assert.ok((steps[2]!.reply["matches"] as string[]).includes("apply"), JSON.stringify(steps[2]!.reply));
  });

  it("the installed display() sends display_data through the kernel", () => {
    assert.equal(steps[3]!.reply["status"], "ok");
    assert.deepEqual(
      steps[3]!.outputs.map((o) => o.type),
      ["display_data"],
    );
    assert.ok("text/html" in (steps[3]!.outputs[0]!.content["data"] as object));
  });

  it("runs a notebook outside any project with the kernel's own Node types, and a parameter passed as `{ seed }`", () => {
    assert.equal(elsewhereSteps[0]!.reply["status"], "ok", JSON.stringify(elsewhereSteps[0]));
    assert.deepEqual(
      elsewhereSteps[0]!.outputs.map((o) => [o.type, o.content["text"]]),
      [["stream", "string\n"]],
    );
    assert.equal(elsewhereSteps[1]!.reply["status"], "ok", JSON.stringify(elsewhereSteps[1]));
    assert.deepEqual(
      elsewhereSteps[1]!.outputs.map((o) => (o.content["data"] as Record<string, unknown>)["text/plain"]),
      ["2"],
    );
  });

  it('completes podtalk\'s names: kinds in cluster.get("…, proxy modes in new Cluster({ proxyMode: "…', () => {
    const kinds = steps[5]!.reply["matches"] as string[];
    for (const kind of ["pods", "svc", "deployments", "networkpolicies"]) assert.ok(kinds.includes(kind), `${kind} in ${kinds.join(" ")}`);
    assert.deepEqual(steps[6]!.reply["matches"], ["iptables", "ipvs", "nftables"]);
  });

  it("shows the options' documentation when inspecting new Cluster(", () => {
    assert.equal(steps[7]!.reply["found"], true);
    const text = String((steps[7]!.reply["data"] as Record<string, unknown>)["text/plain"]);
    assert.match(text, /new Cluster\(options\?: ClusterOptions/);
    assert.match(text, /`proxyMode`: `"iptables"` \(the default\), `"ipvs"` \(deprecated in v1\.35\) or `"nftables"`/);
  });
});

import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, run } from "../kernel/kernelspec-env.js";
import { sharedProject } from "./packed-project.js";

/** An ES-module project ("type": "module") that installs podtalk from the packed tarball. */
describe('podtalk from an ES-module project: import { Cluster } from "podtalk"', function () {
  this.timeout(180_000);
  let project = "";

  before(async () => {
    ({ project } = await sharedProject());
  });

  it("runs a scenario with named imports, sharing its classes with require(): one Cluster, not two", async () => {
    writeFileSync(
      join(project, "scenario.js"),
      [
        'import { Cluster, display, PodtalkError } from "podtalk";',
        'import { findKernelSpec } from "podtalk/protocol";',
        'import { createRequire } from "node:module";',
        "const cluster = new Cluster({ nodes: 2, seed: 1 });",
        'cluster.apply("apiVersion: v1\\nkind: Pod\\nmetadata: { name: web }\\nspec:\\n  containers: [{ name: web, image: nginx }]\\n");',
        'console.log(cluster.get("nodes").rows.length, cluster.get("pods").rows.length);',
        "console.log(typeof display, typeof PodtalkError, typeof findKernelSpec);",
        'console.log(createRequire(import.meta.url)("podtalk").Cluster === Cluster);',
        '// The exports map\'s "import" condition: the ES-module entry, not the CommonJS file.',
        'console.log(import.meta.resolve("podtalk").replace(/^.*node_modules\\//, ""));',
      ].join("\n"),
    );
    const res = await run(process.execPath, ["scenario.js"], { cwd: project, env: process.env });
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, "2 1\nfunction function function\ntrue\npodtalk/dist/lib/index.mjs\n");
  });

  const tsc = join(repoRoot(), "node_modules", "typescript", "bin", "tsc");
  const mts = [
    'import { Cluster, type ClusterOptions } from "podtalk";',
    'import type { KernelSpec } from "podtalk/protocol";',
    "const options: ClusterOptions = { nodes: 2 };",
    'export const rows: number = new Cluster(options).get("nodes").rows.length;',
    "export const argv: readonly string[] = ({} as KernelSpec).argv;",
    "// @ts-expect-error a Table is not a number: the declarations are real, not `any`",
    'export const wrong: number = new Cluster().get("pods");',
  ].join("\n");
  const cts = ['import podtalk = require("podtalk");', 'export const rows: number = new podtalk.Cluster().get("nodes").rows.length;'].join("\n");
  const configs: { name: string; options: Record<string, unknown>; files: string[] }[] = [
    { name: "node16 (an .mts and a .cts file)", options: { module: "node16", moduleResolution: "node16" }, files: ["types.mts", "types.cts"] },
    { name: "bundler", options: { module: "esnext", moduleResolution: "bundler" }, files: ["types.mts"] },
  ];
  for (const { name, options, files } of configs) {
    it(`type-checks imports under moduleResolution ${name}`, async () => {
      writeFileSync(join(project, "types.mts"), mts);
      writeFileSync(join(project, "types.cts"), cts);
      const config = `tsconfig.${name.split(" ")[0]}.json`;
      writeFileSync(
        join(project, config),
        JSON.stringify({ compilerOptions: { ...options, target: "ES2022", strict: true, noEmit: true, skipLibCheck: true, types: [] }, files }),
      );
      const res = await run(process.execPath, [tsc, "-p", config], { cwd: project, env: process.env });
      assert.equal(res.code, 0, `tsc failed:\n${res.stdout}${res.stderr}`);
    });
  }
});

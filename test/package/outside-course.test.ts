import { strict as assert } from "node:assert";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, parse } from "node:path";
import { SYSTEM_JUPYTER, jupyterAvailable, requireInterop } from "../internal/interop.js";
import { repoRoot, run } from "../kernel/kernelspec-env.js";
import { installedProject, npmEnv } from "./packed-project.js";

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[] | object>;
}
interface Notebook {
  cells: { cell_type: string; source: string | string[]; metadata: { tags?: string[] }; outputs?: Output[] }[];
}

const joinText = (t: unknown): string => (Array.isArray(t) ? t.join("") : String(t ?? ""));
const read = (file: string): Notebook => JSON.parse(readFileSync(file, "utf8")) as Notebook;

/**
 * What a reader sees of each code cell: its printed text (consecutive chunks of one stream
 * joined, as a front end shows them) and the text/plain of its results and displays.
 */
function textOutputs(nb: Notebook): string[][] {
  return nb.cells
    .filter((c) => c.cell_type === "code")
    .map((c) => {
      const seen: string[] = [];
      let stream = "";
      for (const o of c.outputs ?? []) {
        if (o.output_type === "stream") {
          const head = `${o.name}: `;
          if (stream === o.name) seen[seen.length - 1] += joinText(o.text);
          else seen.push(head + joinText(o.text));
          stream = o.name ?? "";
          continue;
        }
        stream = "";
        seen.push(`${o.output_type}: ${joinText(o.data?.["text/plain"])}`);
      }
      return seen;
    });
}

/** The first `node_modules/@types/node` in `dir` or a folder above it, if any. */
function typesNodeAbove(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const candidate = join(d, "node_modules", "@types", "node");
    if (existsSync(candidate)) return candidate;
    if (d === parse(d).root) return undefined;
  }
}

const fixtures = join(repoRoot(), "test", "fixtures", "outside-course");
const notebooks = readdirSync(fixtures)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();

/**
 * A course outside the repository, as a new author sets it up: podtalk installed from the
 * `npm pack` tarball (the author installs nothing else, no `@types/node`), the notebooks of
 * test/fixtures/outside-course/, which use the accessors, the verbs, parameters, strict types,
 * checks and `verify` cells, run with `npx podtalk` and with Debian's `jupyter nbconvert`.
 * The fixtures are committed with the outputs the installed podtalk gives them.
 */
describe("a course outside the repository, podtalk installed from the tarball", function () {
  this.timeout(180_000);
  let dir = "";
  let course = "";
  let env: NodeJS.ProcessEnv = {};
  const npx = (args: readonly string[]) => run("npx", ["--no-install", "podtalk", ...args], { cwd: course, env });

  before(async () => {
    ({ dir, project: course } = await installedProject({}));
    mkdirSync(join(course, "notebooks"));
    for (const f of notebooks) cpSync(join(fixtures, f), join(course, "notebooks", f));
    // A compile cache of its own: the first run compiles every cell, as on an author's machine.
    env = { ...npmEnv, PODTALK_CACHE_DIR: join(dir, "cache") };
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the author's project depends on podtalk alone: @types/node comes only with podtalk", async () => {
    const pkg = JSON.parse(readFileSync(join(course, "package.json"), "utf8")) as { dependencies: object; devDependencies?: object };
    assert.deepEqual(Object.keys(pkg.dependencies), ["podtalk"]);
    assert.equal(pkg.devDependencies, undefined);
    assert.equal(typesNodeAbove(dir), undefined, "a node_modules/@types/node above the temporary folder would hide a missing one");
    const ls = await run("npm", ["ls", "@types/node", "--json"], { cwd: course, env });
    const tree = JSON.parse(ls.stdout) as { dependencies: Record<string, { dependencies?: Record<string, unknown> }> };
    assert.deepEqual(Object.keys(tree.dependencies), ["podtalk"]);
    assert.ok(tree.dependencies["podtalk"]!.dependencies?.["@types/node"], ls.stdout);
  });

  it("`npx podtalk run` runs every notebook and writes the outputs committed with it, byte for byte", async () => {
    const res = await npx(["run", ...notebooks.map((f) => join("notebooks", f))]);
    assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
    assert.deepEqual(
      res.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.replace(/ \(.*\)$/, "")),
      notebooks.map((f) => `ok   notebooks/${f}`),
    );
    for (const f of notebooks) {
      const written = readFileSync(join(course, "notebooks", f), "utf8");
      assert.ok(
        written === readFileSync(join(fixtures, f), "utf8"),
        `notebooks/${f} differs from test/fixtures/outside-course/${f}; if the change is meant, re-run the fixtures: node bin/podtalk.js run test/fixtures/outside-course/*.ipynb`,
      );
    }
  });

  it("`npx podtalk check` finds every notebook unchanged", async () => {
    const res = await npx(["check", ...notebooks.map((f) => join("notebooks", f))]);
    assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
    assert.equal(res.stdout.split("\n").filter((l) => l.startsWith("ok ")).length, notebooks.length, res.stdout);
  });

  it("`npx podtalk run -p replicas=3` injects the parameter, and the notebook's checks follow it", async () => {
    const out = join(dir, "with-parameters");
    const res = await npx(["run", "-p", "replicas=3", "-p", "seed=5", "--out", out, join("notebooks", "03-author-tools.ipynb")]);
    assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
    const cells = read(join(out, "03-author-tools.ipynb")).cells;
    const injected = cells.find((c) => c.metadata.tags?.includes("injected-parameters"));
    assert.equal(joinText(injected?.source), "// Parameters\nconst replicas = 3;\nconst seed = 5;");
    const last = textOutputs({ cells }).at(-1)!;
    assert.match(last.join("\n"), /✔ verified: the Deployment is back to its replicas/);
  });

  it("`npx podtalk --version` names the installed version, and the README's docs/ links resolve in node_modules", async () => {
    const installed = join(course, "node_modules", "podtalk");
    const { version } = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as { version: string };
    const res = await npx(["--version"]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, new RegExp(`^podtalk ${version.replace(/\./g, "\\.")} \\(models Kubernetes v1\\.35\\.\\d+; Node v\\d+`));
    const readme = readFileSync(join(installed, "README.md"), "utf8");
    const links = [...readme.matchAll(/\]\((docs\/[^)#]+)/g)].map((m) => m[1]!);
    assert.ok(links.includes("docs/checks.md"), links.join(" "));
    for (const link of links) assert.ok(existsSync(join(installed, link)), `${link} is not in the package`);
  });

  it("an author's mistakes: a false claim and a bad call name the cell by In[n] and its first line, with no podtalk frame", async () => {
    const broken = join(dir, "broken");
    mkdirSync(broken);
    const nb = read(join(fixtures, "01-statefulset-dns.ipynb"));
    const edit = (start: string, from: string, to: string) => {
      const cell = nb.cells.find((c) => joinText(c.source).startsWith(start))!;
      cell.source = joinText(cell.source).replace(from, to);
    };
    edit('import { check } from "podtalk";', '["db-0", "db-1", "db-2"], "the replicas', '["db-1", "db-2", "db-3"], "the replicas');
    writeFileSync(join(broken, "claim.ipynb"), JSON.stringify(nb));
    edit('import { check } from "podtalk";', '["db-1", "db-2", "db-3"], "the replicas', '["db-0", "db-1", "db-2"], "the replicas');
    edit('cluster.exec("db-2", "hostname")', '"hostname")', '"hostname");\ncluster.scale("sts/db", -1)');
    writeFileSync(join(broken, "call.ipynb"), JSON.stringify(nb));
    const res = await npx(["run", "--out", join(broken, "out"), join(broken, "claim.ipynb"), join(broken, "call.ipynb")]);
    assert.equal(res.code, 1, res.stdout);
    const report = `${res.stdout}${res.stderr}`;
    assert.ok(
      report.includes(
        [
          `${join(broken, "claim.ipynb")}: cell In[4] \`import { check } from "podtalk";\`, line 3 failed:`,
          '    check.equal(dbPods.map((p) => p.name), ["db-1", "db-2", "db-3"], "the replicas are numbered from 0")',
          "  PodtalkError: ✘ claim no longer holds: the replicas are numbered from 0",
          '  expected: ["db-1","db-2","db-3"]',
          '  seen:     ["db-0","db-1","db-2"]',
        ].join("\n"),
      ),
      report,
    );
    assert.match(report, /call\.ipynb: cell In\[9\] `cluster\.exec\("db-2", "hostname"\);`, line 2 failed:\n {4}cluster\.scale\("sts\/db", -1\)\n/);
    assert.match(report, /PodtalkError: error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0/);
    const error = read(join(broken, "out", "call.ipynb"))
      .cells.flatMap((c) => c.outputs ?? [])
      .find((o) => o.output_type === "error") as (Output & { traceback: string[] }) | undefined;
    assert.deepEqual(error?.traceback.slice(1), ["    at Cell In[9], line 2"]);
  });

  it("`npx podtalk check` summarises a changed picture instead of printing its SVG", async () => {
    const nb = read(join(fixtures, "03-author-tools.ipynb"));
    const picture = nb.cells.find((c) => joinText(c.source).startsWith("cluster.topology("))!.outputs![0]!;
    const svg = joinText(picture.data!["image/svg+xml"]);
    // A drawn Pod (the text lists it under its node), renamed in the stored SVG only.
    const pod = /^ {2}(api-\S+) {2}/m.exec(joinText(picture.data!["text/plain"]))![1]!;
    picture.data!["image/svg+xml"] = svg.replaceAll(pod, "api-renamed");
    const changed = join(dir, "changed.ipynb");
    writeFileSync(changed, JSON.stringify(nb));
    const res = await npx(["check", changed]);
    const report = `${res.stdout}${res.stderr}`;
    assert.equal(res.code, 1, report);
    assert.match(report, new RegExp(`image/svg\\+xml:\\n {4}SVG changed: 1 label changed \\("api-renamed" → "${pod}"\\)`));
    assert.doesNotMatch(report, /<svg|<text/);
  });

  it("`npx podtalk course` exports articles that leave out the `verify` cells", async () => {
    const site = join(dir, "site");
    const res = await npx(["course", "notebooks", "--out", site]);
    assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
    for (const f of notebooks) {
      // The article's text, without the markup of highlighted code.
      const html = readFileSync(join(site, f.replace(/\.ipynb$/, ".html")), "utf8").replace(/<[^>]*>/g, "");
      const nb = read(join(fixtures, f));
      const verify = nb.cells.filter((c) => c.metadata.tags?.includes("verify"));
      assert.ok(verify.length > 0, `${f} has no verify cell`);
      assert.doesNotMatch(html, /check(\.equal|\.includes)?\(/, `${f}: a verify cell's source is in the article`);
      assert.doesNotMatch(html, /✔ verified/, `${f}: a verify cell's output is in the article`);
      assert.match(html, /cluster\.apply\(/, `${f}: the article lost its other cells`);
    }
  });

  it("Debian's `jupyter nbconvert --execute` runs them in a folder of no project, printing what `podtalk run` printed", async function () {
    requireInterop(this, "Debian's Jupyter (/usr/bin/jupyter with nbconvert)", jupyterAvailable());
    const jupyter = join(dir, "jupyter");
    const spec = await npx(["kernel", "install", "--prefix", jupyter]);
    assert.equal(spec.code, 0, spec.stderr);
    // Outside the course's folder: no node_modules and no @types/node reach the notebooks, so the
    // kernel's own Node types and its own podtalk are what the cells get.
    const elsewhere = join(dir, "elsewhere");
    mkdirSync(elsewhere);
    assert.equal(typesNodeAbove(elsewhere), undefined);
    const executed = join(dir, "executed");
    const jupyterEnv = { ...env, JUPYTER_PATH: join(jupyter, "share", "jupyter"), JUPYTER_RUNTIME_DIR: join(dir, "runtime"), PYTHONWARNINGS: "ignore" };
    for (const f of notebooks) {
      cpSync(join(fixtures, f), join(elsewhere, f));
      const res = await run(
        SYSTEM_JUPYTER,
        ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=podtalk", "--output-dir", executed, f],
        { cwd: elsewhere, env: jupyterEnv },
      );
      assert.equal(res.code, 0, `nbconvert failed on ${f}:\n${res.stdout}\n${res.stderr}`);
      assert.deepEqual(textOutputs(read(join(executed, f))), textOutputs(read(join(fixtures, f))), `${f}: nbconvert's outputs differ from podtalk run's`);
    }
    const remove = await npx(["kernel", "remove", "--prefix", jupyter]);
    assert.equal(remove.code, 0, remove.stderr);
    assert.equal(existsSync(join(jupyter, "share", "jupyter", "kernels", "podtalk")), false, "kernel remove --prefix left the kernelspec");
  });
});

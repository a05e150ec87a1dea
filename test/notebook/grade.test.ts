/**
 * `podtalk grade` and `--student` with podtalk's real kernel: a "fix the fault" exercise (a
 * Service whose targetPort is not the container's port) answered wrongly, and with its solution.
 */
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../../lib/notebook/kernelspec.js";
import { main } from "../../lib/cli/main.js";
import type { GradeReport } from "../../lib/cli/commands/grade.js";
import { withSolutionsAnswered } from "../../lib/notebook/exercises.js";
import { gradeNotebook } from "../../lib/notebook/grade.js";
import { readNotebook, serializeNotebook, type Notebook } from "../../lib/notebook/ipynb.js";

const SETUP = `import { Cluster, check } from "podtalk";
const cluster = new Cluster({ nodes: 2, seed: 1 });
cluster.apply(\`
apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  replicas: 1
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: traefik/whoami:v1.10
          args: ["--port", "8080"]
          ports: [{ containerPort: 8080 }]
---
apiVersion: v1
kind: Pod
metadata: { name: client }
spec:
  containers: [{ name: c, image: busybox, command: ["sleep", "3600"] }]
\`);
cluster.advance("30s");`;

const service = (targetPort: number): string => `cluster.apply(\`
apiVersion: v1
kind: Service
metadata: { name: api }
spec:
  selector: { app: api }
  ports: [{ port: 80, targetPort: ${targetPort} }]
\`);`;

/** Only the solution holds this text; a --student build must not. */
const SOLUTION_MARK = "// the fixed Service: SOLUTION-MARK-7f3a";
const CLAIM = "the client reaches api through its Service (the targetPort must be the port the container listens on)";

function fixture(): Notebook {
  const code = (source: string, tags: string[] = [], podtalk?: Record<string, unknown>) => ({
    cell_type: "code" as const,
    id: `c${source.length}-${tags.join("")}`,
    metadata: { ...(tags.length ? { tags } : {}), ...(podtalk ? { podtalk } : {}) },
    source,
    execution_count: null,
    outputs: [],
  });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "podtalk", display_name: "TypeScript (podtalk)", language: "typescript" } },
    cells: [
      { cell_type: "markdown", id: "m0", metadata: {}, source: "# Fixture\n\n## Fix the targetPort" },
      code(SETUP),
      code(`${service(80)}\ncluster.exec("client", "wget -qO- -T 2 http://api")`, ["exercise"], { exercise: "fix-target-port" }),
      { cell_type: "markdown", id: "m1", metadata: { tags: ["hint"] }, source: "Which port does whoami listen on?" },
      code(`${SOLUTION_MARK}\n${service(8080)}`, ["solution"]),
      code(`check.includes(cluster.exec("client", "wget -qO- -T 2 http://api"), "Hostname: api-", ${JSON.stringify(CLAIM)})`, ["verify"]),
    ],
  };
}

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), progress: false, env: { ...process.env, PODTALK_CACHE_DIR: "off" } });
  return { code, out, err };
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("podtalk grade and --student (podtalk's kernel)", function () {
  this.timeout(180_000);
  let dir = "";
  let starter = "";
  let answered = "";
  const env = { ...process.env, PODTALK_CACHE_DIR: "off" };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-grade-"));
    starter = join(dir, "starter.ipynb");
    answered = join(dir, "answered.ipynb");
    writeFileSync(starter, serializeNotebook(fixture()));
    writeFileSync(answered, serializeNotebook(withSolutionsAnswered(fixture())));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("scores a wrong answer unsolved with the check's message, leaving the solution out and the file untouched", async () => {
    const before = readFileSync(starter);
    const grade = await gradeNotebook(starter, { env });
    assert.equal(grade.error, undefined);
    assert.equal(grade.solutionsLeftOut, 1);
    assert.deepEqual(
      grade.exercises.map((e) => [e.id, e.title, e.cell, e.solved]),
      [["fix-target-port", "Fix the targetPort", 3, false]],
    );
    assert.match(
      grade.exercises[0]!.problems.join("\n"),
      new RegExp(`^✘ claim no longer holds: ${CLAIM.replace(/[()]/g, "\\$&")}\n  expected to contain: "Hostname: api-"`),
    );
    assert.match(grade.exercises[0]!.problems[0]!, /Connection refused/, "what was seen: the refused connection");
    assert.ok(readFileSync(starter).equals(before), "grade never writes the learner's notebook");
  });

  it("scores the exercise solved when the solution is in the exercise cell", async () => {
    const grade = await gradeNotebook(answered, { env });
    assert.deepEqual(
      grade.exercises.map((e) => [e.id, e.solved, e.problems]),
      [["fix-target-port", true, []]],
    );
    assert.equal(grade.solutionsLeftOut, 0);
  });

  it("scores an exercise cell that throws unsolved with its error", async () => {
    const broken = fixture();
    broken.cells[2]!.source = 'cluster.exec("client", "wget -qO- http://api"'; // a syntax error
    const path = join(dir, "broken.ipynb");
    writeFileSync(path, serializeNotebook(broken));
    const grade = await gradeNotebook(path, { env });
    assert.equal(grade.exercises[0]!.solved, false);
    assert.match(grade.exercises[0]!.problems[0]!, /^the exercise cell failed: /);
  });

  it("scores an exercise cell that never ends unsolved with its timeout, and its checks not checked", async () => {
    const looping = fixture();
    looping.cells[2]!.source = "while (true) {}";
    const path = join(dir, "looping.ipynb");
    writeFileSync(path, serializeNotebook(looping));
    const grade = await gradeNotebook(path, { env, timeoutMs: 3000 });
    assert.equal(grade.exercises[0]!.solved, false);
    assert.match(grade.exercises[0]!.problems[0]!, /^the exercise cell failed: CellTimeoutError: /);
    assert.match(grade.exercises[0]!.problems[1]!, /^not checked: the run stopped before it \(.*looping\.ipynb: cell In\[2\]/);
  });

  it("`podtalk grade --json` prints the documented report and exits 1 unless everything is solved", async () => {
    const both = await cli(["grade", "--json", starter, answered]);
    assert.equal(both.code, 1, both.err);
    const report = JSON.parse(both.out) as GradeReport;
    assert.equal(report.version, 1);
    assert.equal(report.solved, 1);
    assert.equal(report.total, 2);
    assert.deepEqual(
      report.notebooks.map((n) => [n.path, n.solved, n.total, n.solutionsLeftOut]),
      [
        [starter, 0, 1, 1],
        [answered, 1, 1, 0],
      ],
    );
    const solved = await cli(["grade", answered]);
    assert.equal(solved.code, 0, solved.err);
    assert.equal(solved.out, `${answered}\n  ✔ solved      fix-target-port: Fix the targetPort\n  1/1 exercises solved\n`);
  });

  it("docs/exercises.md's `--json` example has exactly the fields of a real report", async () => {
    const doc = readFileSync(join(packageRoot(), "docs", "exercises.md"), "utf8");
    const example = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(doc)![1]!) as unknown;
    const real = JSON.parse((await cli(["grade", "--json", starter])).out) as unknown;
    /** Each object's sorted keys and each value's type, arrays by their first item. */
    const shape = (v: unknown): unknown =>
      Array.isArray(v)
        ? [v.length > 0 ? shape(v[0]) : "empty"]
        : typeof v === "object" && v !== null
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, shape((v as Record<string, unknown>)[k])]),
            )
          : typeof v;
    assert.deepEqual(shape(example), shape(real));
  });

  it("`podtalk check` fails on exercise tags that do not fit together, naming the cell", async () => {
    const nb = fixture();
    nb.cells.splice(2, 1);
    const path = join(dir, "check-malformed.ipynb");
    writeFileSync(path, serializeNotebook(nb));
    const { code, err } = await cli(["check", path]);
    assert.equal(code, 1);
    assert.ok(err.includes(`FAIL ${path}: cell 4: the cell tagged \`solution\` has no exercise above it;`), err);
  });

  it("`podtalk grade` text names what is still wrong, and notes the solution it left out", async () => {
    const { code, out } = await cli(["grade", starter]);
    assert.equal(code, 1);
    assert.match(out, /note: left out 1 solution cell \(tagged `solution`\); graded without them/);
    assert.match(out, /✘ not solved {2}fix-target-port: Fix the targetPort\n {6}✘ claim no longer holds: the client reaches api/);
    assert.match(out, /0\/1 exercises solved\n$/);
  });

  it("`podtalk grade` of a malformed or missing notebook says why (exit 1); no notebook is a usage error (exit 2)", async () => {
    const malformed = join(dir, "malformed.ipynb");
    const nb = fixture();
    nb.cells.splice(2, 1); // the solution now has no exercise above it
    writeFileSync(malformed, serializeNotebook(nb));
    const bad = await cli(["grade", malformed, join(dir, "missing.ipynb")]);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /cell 3: the cell tagged `hint` has no exercise above it/);
    assert.match(bad.out, /cell 4: the cell tagged `solution` has no exercise above it/);
    assert.match(bad.out, /missing\.ipynb\n {2}error: .*cannot read the file \(ENOENT\)/);
    assert.equal((await cli(["grade"])).code, 2);
  });

  it("`podtalk course --student` writes no solution into any file; the instructor build folds it", async () => {
    const course = join(dir, "course");
    mkdirSync(course);
    writeFileSync(join(course, "01-fix.ipynb"), serializeNotebook(fixture()));
    const student = join(dir, "site-student");
    const result = await cli(["course", course, "--out", student, "--student"]);
    assert.equal(result.code, 0, result.err);
    const written = filesUnder(student);
    assert.deepEqual(written.map((f) => f.slice(student.length + 1)).sort(), ["01-fix.html", "index.html", "notebooks/01-fix.ipynb"]);
    for (const file of written) {
      const text = readFileSync(file, "utf8");
      assert.ok(!text.includes("SOLUTION-MARK-7f3a"), `${file} holds the solution`);
      assert.ok(!text.includes("targetPort: 8080"), `${file} holds the solution's manifest`);
    }
    assert.equal(readNotebook(join(student, "notebooks", "01-fix.ipynb")).cells.length, 5, "the download has every cell but the solution");
    const instructor = join(dir, "site-instructor");
    assert.equal((await cli(["course", course, "--out", instructor])).code, 0);
    assert.match(readFileSync(join(instructor, "01-fix.html"), "utf8"), /<details class="solution"><summary>Solution<\/summary>[\s\S]*SOLUTION-MARK-7f3a/);
  });

  it("`podtalk export --student` writes no solution either", async () => {
    const out = join(dir, "export-student");
    const ran = join(dir, "ran");
    assert.equal((await cli(["run", starter, "--out", ran])).code, 0);
    assert.equal((await cli(["export", join(ran, "starter.ipynb"), "--out", out, "--student"])).code, 0);
    for (const file of filesUnder(out)) assert.ok(!readFileSync(file, "utf8").includes("SOLUTION-MARK-7f3a"), file);
  });
});

/**
 * The course's exercises: every article has one, with a hint, a solution and verify cells; a
 * learner's copy (no solutions) grades every exercise unsolved, which proves each starter is
 * really broken; the same copy with each solution in its exercise cell grades every one solved.
 * One kernel per notebook and copy.
 */
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { GradeReport } from "../../lib/cli/commands/grade.js";
import { main } from "../../lib/cli/main.js";
import { findExercises, withSolutionsAnswered, withoutSolutions } from "../../lib/notebook/exercises.js";
import { readNotebook, serializeNotebook } from "../../lib/notebook/ipynb.js";

const notebooksDir = resolve(__dirname, "..", "..", "..", "notebooks");
const notebooks = readdirSync(notebooksDir)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();

async function grade(paths: readonly string[]): Promise<{ code: number; report: GradeReport }> {
  let out = "";
  let err = "";
  const code = await main(["grade", "--json", "-j", "2", ...paths], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    progress: false,
    env: { ...process.env, PODTALK_CACHE_DIR: "off" },
  });
  assert.equal(err, "");
  return { code, report: JSON.parse(out) as GradeReport };
}

describe("the course's exercises (notebooks/)", function () {
  this.timeout(300_000);
  let work = "";
  before(() => {
    work = mkdtempSync(join(tmpdir(), "podtalk-exercises-"));
    mkdirSync(join(work, "student"));
    mkdirSync(join(work, "answered"));
    for (const name of notebooks) {
      const nb = readNotebook(join(notebooksDir, name));
      writeFileSync(join(work, "student", name), serializeNotebook(withoutSolutions(nb).notebook));
      writeFileSync(join(work, "answered", name), serializeNotebook(withSolutionsAnswered(nb)));
    }
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("every article has an exercise, each with a hint, a solution and a verify cell", () => {
    for (const name of notebooks) {
      const exercises = findExercises(readNotebook(join(notebooksDir, name)), name);
      assert.ok(exercises.length >= 1, `${name} has no exercise`);
      for (const e of exercises) {
        assert.ok(e.hints.length > 0 && e.solutions.length > 0 && e.verify.length > 0, `${name}: ${e.id} lacks a hint, a solution or a verify cell`);
      }
    }
  });

  it("a learner's copy without solutions scores every exercise unsolved, saying what is still wrong", async () => {
    const { code, report } = await grade(notebooks.map((n) => join(work, "student", n)));
    assert.equal(code, 1);
    assert.ok(report.total >= notebooks.length);
    for (const nb of report.notebooks) {
      assert.equal(nb.error, undefined, nb.path);
      for (const e of nb.exercises) {
        assert.equal(e.solved, false, `${nb.path}: ${e.id} is solved by its starter code alone`);
        assert.ok(e.problems.length > 0 && e.problems.every((p) => p.startsWith("✘ claim no longer holds: ")), `${nb.path}: ${e.id}: ${e.problems.join("; ")}`);
      }
    }
  });

  it("the same copy with each solution in its exercise cell scores every exercise solved", async () => {
    const { code, report } = await grade(notebooks.map((n) => join(work, "answered", n)));
    const unsolved = report.notebooks.flatMap((nb) => nb.exercises.filter((e) => !e.solved).map((e) => `${nb.path}: ${e.id}: ${e.problems.join("; ")}`));
    assert.deepEqual(unsolved, []);
    assert.equal(code, 0);
    assert.equal(report.solved, report.total);
  });
});

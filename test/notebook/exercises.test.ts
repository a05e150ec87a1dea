import { strict as assert } from "node:assert";
import { exportNotebook } from "../../lib/notebook/export/index.js";
import { ExerciseFormatError, findExercises, scanExercises, withSolutionsAnswered, withoutSolutions } from "../../lib/notebook/exercises.js";
import type { Cell, Notebook } from "../../lib/notebook/ipynb.js";

/** A notebook from [kind, tags, source, podtalk metadata?] rows. */
function notebook(rows: readonly [kind: "code" | "markdown" | "raw", tags: string[], source: string, podtalk?: Record<string, unknown>][]): Notebook {
  const cells = rows.map(([kind, tags, source, podtalk], i): Cell => {
    const metadata: Record<string, unknown> = { ...(tags.length ? { tags } : {}), ...(podtalk ? { podtalk } : {}) };
    if (kind === "code") return { cell_type: "code", id: `c${i}`, metadata, source, execution_count: null, outputs: [] };
    if (kind === "markdown") return { cell_type: "markdown", id: `c${i}`, metadata, source };
    return { cell_type: "raw", id: `c${i}`, metadata, source };
  });
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells };
}

const SOLUTION_TEXT = 'cluster.apply(svc.replace("targetPort: 80", "targetPort: 8080")) // the secret answer';

const COURSE = notebook([
  ["markdown", [], "# Title\n\n## Fix the Service"],
  ["code", [], "const cluster = new Cluster()"],
  ["code", ["verify"], "check(true, 'a claim before any exercise')"],
  ["code", ["exercise"], "cluster.apply(svc) // starter", { exercise: "fix-target-port" }],
  ["markdown", ["hint"], "Which **port** does the container listen on?"],
  ["code", ["solution"], SOLUTION_TEXT],
  ["code", ["verify"], "check(ok, 'the client reaches api')"],
  ["markdown", [], "## Predict\n\n```\n# not a heading\n```"],
  ["code", ["exercise"], "let predicted = 0; // your answer"],
  ["code", ["solution"], "predicted = 3;"],
  ["code", ["verify"], "check.equal(predicted, 3, 'three endpoints')"],
  ["code", ["verify"], "check(true, 'another')"],
  ["code", ["exercise"], "let x = 1", { title: "Own title" }],
  ["code", ["verify"], "check(x === 2, 'x is two')"],
]);

describe("exercises in a notebook (tags exercise, hint, solution, verify)", () => {
  it("finds each exercise with its id, title, hints, solutions and verify cells", () => {
    assert.deepEqual(findExercises(COURSE), [
      { id: "fix-target-port", title: "Fix the Service", number: 1, cell: 3, hints: [4], solutions: [5], verify: [6] },
      { id: "exercise-2", title: "Predict", number: 2, cell: 8, hints: [], solutions: [9], verify: [10, 11] },
      { id: "exercise-3", title: "Own title", number: 3, cell: 12, hints: [], solutions: [], verify: [13] },
    ]);
  });

  it('titles an exercise with no heading above it "Exercise N"', () => {
    const nb = notebook([
      ["code", ["exercise"], "let a = 1"],
      ["code", ["verify"], "check(a === 1, 'a')"],
    ]);
    assert.equal(findExercises(nb)[0]!.title, "Exercise 1");
  });

  const malformed: [string, Notebook, RegExp][] = [
    ["a solution with no exercise above it", notebook([["code", ["solution"], "x = 1"]]), /cell 1: the cell tagged `solution` has no exercise above it/],
    [
      "a hint with no exercise above it",
      notebook([["markdown", ["hint"], "look"]]),
      /cell 1: the cell tagged `hint` has no exercise above it.*move it below its exercise/,
    ],
    [
      "an exercise that is not a code cell",
      notebook([["markdown", ["exercise"], "Do it"]]),
      /cell 1: the cell tagged `exercise` is a markdown cell; .*tag the code cell instead/,
    ],
    [
      "two exercises with one id",
      notebook([
        ["code", ["exercise"], "a", { exercise: "same" }],
        ["code", ["verify"], "v"],
        ["code", ["exercise"], "b", { exercise: "same" }],
        ["code", ["verify"], "v"],
      ]),
      /cell 3: the exercise id "same" is taken by the exercise in cell 1/,
    ],
    ["an exercise with no verify cell", notebook([["code", ["exercise"], "a"]]), /cell 1: the exercise "exercise-1" has no cell tagged `verify` after it/],
    [
      "a markdown solution",
      notebook([
        ["code", ["exercise"], "a"],
        ["markdown", ["solution"], "b"],
        ["code", ["verify"], "v"],
      ]),
      /cell 2: .*make it a code cell/,
    ],
    ["a cell with two roles", notebook([["code", ["exercise", "solution"], "a"]]), /cell 1: the cell is tagged `exercise` and `solution`/],
    [
      "an id that is not a slug",
      notebook([
        ["code", ["exercise"], "a", { exercise: "Fix It!" }],
        ["code", ["verify"], "v"],
      ]),
      /cell 1: metadata\.podtalk\.exercise is "Fix It!"/,
    ],
  ];
  for (const [what, nb, message] of malformed) {
    it(`refuses ${what}, naming the cell and the fix`, () => {
      assert.throws(
        () => findExercises(nb, "nb.ipynb"),
        (e: unknown) => e instanceof ExerciseFormatError && /^nb\.ipynb: the exercises are malformed/.test(e.message) && message.test(e.message),
      );
      assert.ok(scanExercises(nb).problems.length > 0);
    });
  }

  it("withoutSolutions() drops the solution cells from a copy, leaving the original whole", () => {
    const { notebook: learner, removed } = withoutSolutions(COURSE);
    assert.equal(removed, 2);
    assert.equal(learner.cells.length, COURSE.cells.length - 2);
    assert.ok(!JSON.stringify(learner).includes("the secret answer"));
    assert.ok(JSON.stringify(COURSE).includes("the secret answer"));
  });

  it("withSolutionsAnswered() puts each solution after its starter, in the exercise cell", () => {
    const answered = withSolutionsAnswered(COURSE);
    assert.equal(answered.cells[3]!.source, `cluster.apply(svc) // starter\n${SOLUTION_TEXT}`);
    assert.equal(answered.cells[7]!.source, "let predicted = 0; // your answer\npredicted = 3;");
    assert.equal(answered.cells.length, COURSE.cells.length - 2);
  });
});

describe("exercises in exported articles", () => {
  it("labels the exercise cell, folds hints and (instructor build) solutions, and leaves verify cells out", () => {
    const html = exportNotebook(COURSE);
    assert.match(
      html,
      /<section class="cell code exercise" aria-labelledby="exercise-fix-target-port"><p class="exercise-label" id="exercise-fix-target-port"><span class="exercise-badge">Exercise<\/span> Fix the Service<\/p>/,
    );
    assert.match(html, /<details class="hint"><summary>Hint<\/summary><section class="cell markdown"><p>Which <strong>port<\/strong>/);
    assert.match(html, /<details class="solution"><summary>Solution<\/summary><section class="cell code">/);
    assert.ok(html.includes("the secret answer"), "the instructor build shows the solution, folded");
    assert.doesNotMatch(html, /the client reaches api/, "verify cells stay out");
    assert.match(html, /<span class="exercise-badge">Exercise<\/span> Own title/);
  });

  it("--student leaves every solution's source out of the page", () => {
    const html = exportNotebook(COURSE, { student: true });
    assert.ok(!html.includes("the secret answer"));
    assert.ok(!html.includes("predicted = 3;"));
    assert.doesNotMatch(html, /class="solution"/);
    assert.match(html, /<summary>Hint<\/summary>/);
  });

  it("refuses to export malformed exercises, naming the cell", () => {
    assert.throws(
      () => exportNotebook(notebook([["code", ["solution"], "x"]])),
      /^ExportError: cell 1: its exercises are malformed: the cell tagged `solution` has no exercise above it/,
    );
  });
});

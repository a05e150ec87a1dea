import { strict as assert } from "node:assert";
import { articleLinks } from "../../lib/cli/articles.js";
import type { Notebook } from "../../lib/notebook/ipynb.js";

describe("the index's reading time", () => {
  /** 200 words of prose, an exercise, and `solutions` solution cells. */
  function notebook(solutions: number): Notebook {
    const code = (source: string, tags: string[] = []) => ({ cell_type: "code" as const, execution_count: null, metadata: { tags }, outputs: [], source });
    return {
      cells: [
        { cell_type: "markdown", metadata: {}, source: `# Title\n\n${"word ".repeat(200)}` },
        code("const x = 1;", ["exercise"]),
        ...Array.from({ length: solutions }, (_, i) => code(`const y${i} = 2;`, ["solution"])),
        code("x", ["verify"]),
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    } as Notebook;
  }

  it("counts the solutions a reader sees in the instructor's build, and none in a learner's", () => {
    const source = "notebooks/01-x.ipynb";
    const [instructor] = articleLinks([{ notebook: notebook(4), source }]);
    const [learner] = articleLinks([{ notebook: notebook(4), source }], undefined, true);
    assert.equal(instructor?.minutes, 4, "200 words (1 min) and five shown code cells (2.5 min)");
    assert.equal(learner?.minutes, 2, "200 words and the exercise cell alone");
    assert.deepEqual(learner, articleLinks([{ notebook: notebook(0), source }])[0]);
  });
});

import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEEP_MATH, podtalk, writeMarkdownNotebook as writeNotebook } from "../internal/podtalk.js";

describe("podtalk course", function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-course-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("still writes the index and the other articles when one cannot be exported, and names it and the cause", async () => {
    // No kernel starts, so each article is exported from the notebook as stored.
    const course = join(dir, "course");
    mkdirSync(course);
    writeNotebook(join(course, "01-first.ipynb"), ["# First"], "no-such-kernel");
    writeNotebook(join(course, "02-math.ipynb"), ["# Math", DEEP_MATH], "no-such-kernel");
    writeNotebook(join(course, "03-last.ipynb"), ["# Last"], "no-such-kernel");
    const out = join(dir, "site");
    const { code, stdout, stderr } = await podtalk(["course", course, "--out", out, "--jobs", "1"]);
    assert.equal(code, 1);
    assert.match(
      stderr,
      new RegExp(`^FAIL ${join(course, "02-math.ipynb")}: cannot export: cell 2: the math "\\{+…" is nested too deeply for KaTeX; simplify it$`, "m"),
    );
    assert.doesNotMatch(stderr, /Maximum call stack/);
    assert.equal(stdout.trim().split("\n").pop(), join(out, "index.html"));
    assert.match(readFileSync(join(out, "index.html"), "utf8"), /href="01-first.html">First<.*href="02-math.html">Math<.*href="03-last.html">Last</s);
    assert.match(readFileSync(join(out, "03-last.html"), "utf8"), /<h1 id="last">Last<\/h1>/);
    assert.match(readFileSync(join(out, "02-math.html"), "utf8"), /could not be exported: cell 2/);
  });

  it("--live writes the runtime once, as podtalk-live.js, and every article loads it from there", async () => {
    // No kernel starts: the articles are exported from the notebooks as stored.
    const course = join(dir, "course");
    mkdirSync(course);
    writeNotebook(join(course, "01-first.ipynb"), ["# First"], "no-such-kernel");
    writeNotebook(join(course, "02-second.ipynb"), ["# Second"], "no-such-kernel");
    const out = join(dir, "site");
    await podtalk(["course", course, "--out", out, "--jobs", "1", "--live"]);
    assert.ok(readFileSync(join(out, "podtalk-live.js"), "utf8").length > 100_000);
    for (const page of ["01-first.html", "02-second.html"]) {
      const html = readFileSync(join(out, page), "utf8");
      assert.match(html, /<script src="podtalk-live\.js"><\/script>/);
      assert.match(html, /script-src [^"]*'self' 'unsafe-eval'"/);
    }
    assert.doesNotMatch(readFileSync(join(out, "index.html"), "utf8"), /podtalk-live|unsafe-eval/);
  });
});

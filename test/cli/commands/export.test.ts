import { strict as assert } from "node:assert";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DEEP_MATH, podtalk, writeMarkdownNotebook as writeNotebook } from "../internal/podtalk.js";
import { packageRoot } from "../../../lib/notebook/kernelspec.js";

/** Every href of the `<a>` elements of a page. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
}

describe("podtalk export", function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-export-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("leaves cells tagged verify out of the article, and shows them with --show-checks", async () => {
    const path = join(dir, "nb.ipynb");
    const cell = (source: string, tags: string[], text: string) => ({
      cell_type: "code",
      execution_count: 1,
      id: `c${tags.length}`,
      metadata: { tags },
      outputs: [{ output_type: "stream", name: "stdout", text }],
      source,
    });
    writeFileSync(
      path,
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [cell("const story = 1;", [], "told\n"), cell('check(story === 1, "the story holds")', ["verify"], "✔ verified: the story holds\n")],
      }),
    );
    const hidden = await podtalk(["export", path, "--out", join(dir, "a")]);
    assert.equal(hidden.code, 0, hidden.stderr);
    const article = readFileSync(join(dir, "a", "nb.html"), "utf8");
    assert.match(article, /told/);
    assert.doesNotMatch(article, /the story holds/);
    const shown = await podtalk(["export", path, "--out", join(dir, "b"), "--show-checks"]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(readFileSync(join(dir, "b", "nb.html"), "utf8"), /✔ verified: the story holds/);
  });

  it("--live writes editors' data and the runtime into the article, and refuses --no-input", async () => {
    const path = join(dir, "nb.ipynb");
    writeFileSync(
      path,
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [{ cell_type: "code", execution_count: 1, id: "a", metadata: {}, outputs: [], source: "const story = 1;\nstory" }],
      }),
    );
    const still = await podtalk(["export", path, "--out", join(dir, "still")]);
    assert.equal(still.code, 0, still.stderr);
    assert.doesNotMatch(readFileSync(join(dir, "still", "nb.html"), "utf8"), /podtalk-live-cells|unsafe-eval/);
    const live = await podtalk(["export", path, "--out", join(dir, "live"), "--live"]);
    assert.equal(live.code, 0, live.stderr);
    const article = readFileSync(join(dir, "live", "nb.html"), "utf8");
    assert.match(
      article,
      /<script type="application\/json" id="podtalk-live-cells">\{"cells":\[\{"cell":1,"source":"const story = 1;\\nstory","role":"code"\}\]\}<\/script>/,
    );
    assert.match(article, /<section class="cell code" data-live-cell="1"/);
    assert.match(article, /script-src [^"]*'unsafe-eval'"/);
    const refused = await podtalk(["export", path, "--out", join(dir, "refused"), "--live", "--no-input"]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--live makes the code cells editable and cannot leave them out: drop --no-input or --live/);
    assert.ok(!existsSync(join(dir, "refused", "nb.html")));
  });

  it("links articles by percent-encoded file names: no `javascript:` link, and `#`/`?` names resolve to the file written", async () => {
    const names = ["01-first", "javascript:alert(document.title)", "04#frag?q=1%41"];
    for (const [i, n] of names.entries()) writeNotebook(join(dir, `${n}.ipynb`), [`# Article ${i + 1}`]);
    const out = join(dir, "site");
    const { code, stderr } = await podtalk(["export", ...names.map((n) => join(dir, `${n}.ipynb`)), "--out", out, "--interactive"]);
    assert.equal(code, 0, stderr);
    const base = pathToFileURL(`${out}/`);
    const pages = ["index.html", ...names.map((n) => `${n}.html`)];
    for (const page of pages) {
      const links = hrefs(readFileSync(join(out, page), "utf8"));
      assert.ok(links.length > 0, page);
      for (const href of links) {
        const url = new URL(href, base);
        assert.equal(url.protocol, "file:", `${page}: ${href} is not a link to a file`);
        assert.equal(url.hash, "", `${page}: ${href} has a fragment`);
        assert.equal(url.search, "", `${page}: ${href} has a query`);
        assert.ok(existsSync(fileURLToPath(url)), `${page}: ${href} does not resolve to a written file`);
      }
    }
    const index = readFileSync(join(out, "index.html"), "utf8");
    assert.match(index, /<a href="javascript%3Aalert\(document.title\).html">Article 2<\/a>/);
    assert.match(index, /<a href="04%23frag%3Fq%3D1%2541.html">Article 3<\/a>/);
    assert.match(readFileSync(join(out, "01-first.html"), "utf8"), /<a rel="next" href="javascript%3Aalert\(document.title\).html">/);
  });

  it("writes the other articles and the index when one notebook cannot be exported, names it and the cause, and exits 1", async () => {
    writeNotebook(join(dir, "a.ipynb"), ["# A"]);
    writeNotebook(join(dir, "b-math.ipynb"), ["# B", `Deep: ${DEEP_MATH}`]);
    writeNotebook(join(dir, "c-percent.ipynb"), ["# C\n\n![x](img%E0.png)"]);
    writeNotebook(join(dir, "d.ipynb"), ["# D"]);
    const out = join(dir, "site");
    const paths = ["a", "b-math", "c-percent", "d"].map((n) => join(dir, `${n}.ipynb`));
    const { code, stdout, stderr } = await podtalk(["export", ...paths, "--out", out]);
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`^FAIL ${paths[1]}: cannot export: cell 2: the math "\\{+…" is nested too deeply for KaTeX; simplify it$`, "m"));
    assert.match(stderr, new RegExp(`^warning: ${paths[2]}: cell 1: image "img%E0.png" left out of the article: its path has a malformed %-escape$`, "m"));
    assert.match(stdout, /^ok {3}.*a\.ipynb -> .*\n.*c-percent\.ipynb -> .*\n.*d\.ipynb -> /m);
    assert.deepEqual(readdirSync(out).sort(), ["a.html", "b-math.html", "c-percent.html", "d.html", "index.html"]);
    const index = readFileSync(join(out, "index.html"), "utf8");
    assert.match(index, /href="a.html">A<.*href="b-math.html">B<.*href="c-percent.html">C<.*href="d.html">D</s);
    const failed = readFileSync(join(out, "b-math.html"), "utf8");
    assert.match(failed, /This notebook could not be exported: cell 2: the math/);
    assert.match(failed, /<a rel="prev" href="a.html">← A<\/a><a rel="next" href="c-percent.html">C →<\/a>/);
    assert.match(readFileSync(join(out, "d.html"), "utf8"), /<h1 id="d">D<\/h1>/);
  });

  it("leaves out an image symlinked to a file outside the notebook's folder and warns, naming the notebook and the image", async () => {
    const course = join(dir, "course");
    mkdirSync(course);
    writeFileSync(join(dir, "id_rsa"), "PRIVATE-KEY-9d2a");
    symlinkSync(join(dir, "id_rsa"), join(course, "key.svg"));
    copyFileSync(join(packageRoot(), "kernel", "assets", "logo-32x32.png"), join(course, "logo.png"));
    writeNotebook(join(course, "n.ipynb"), ["# N\n\n![key](key.svg) ![logo](logo.png)"]);
    const out = join(dir, "site");
    const { code, stderr } = await podtalk(["export", join(course, "n.ipynb"), "--out", out]);
    assert.equal(code, 0, stderr);
    assert.equal(
      stderr,
      `warning: ${join(course, "n.ipynb")}: cell 1: image "key.svg" left out of the article: it lies outside the notebook's folder (through \`..\` or a symlink); copy the image into the folder\n`,
    );
    const html = readFileSync(join(out, "n.html"), "utf8");
    assert.doesNotMatch(html, /PRIVATE-KEY|UFJJVkFURS1LRVk/);
    assert.match(html, /\[key\]/);
    assert.match(html, /<img src="data:image\/png;base64,/);
  });

  it("refuses, before writing anything, two notebooks whose articles would be one file, naming both and the file", async () => {
    mkdirSync(join(dir, "a"));
    mkdirSync(join(dir, "b"));
    writeNotebook(join(dir, "a", "same.ipynb"), ["# From a"]);
    writeNotebook(join(dir, "b", "same.ipynb"), ["# From b"]);
    const out = join(dir, "site");
    const { code, stderr } = await podtalk(["export", join(dir, "a", "same.ipynb"), join(dir, "b", "same.ipynb"), "--out", out]);
    assert.equal(code, 2);
    assert.match(
      stderr,
      new RegExp(`${join(dir, "a", "same.ipynb")} and ${join(dir, "b", "same.ipynb")} would both be written to ${join(out, "same.html")}.*rename one of them`),
    );
    assert.equal(existsSync(out), false);
  });

  it("refuses one notebook given twice", async () => {
    writeNotebook(join(dir, "a.ipynb"), ["# A"]);
    const out = join(dir, "site");
    const { code, stderr } = await podtalk(["export", join(dir, "a.ipynb"), join(dir, ".", "a.ipynb"), "--out", out]);
    assert.equal(code, 2);
    assert.match(stderr, /are the same notebook; give it once/);
    assert.equal(existsSync(out), false);
  });

  it("refuses a notebook named index.ipynb among several, whose article would be replaced by the index page", async () => {
    writeNotebook(join(dir, "01-first.ipynb"), ["# First"]);
    writeNotebook(join(dir, "index.ipynb"), ["# Index"]);
    const out = join(dir, "site");
    const { code, stderr } = await podtalk(["export", join(dir, "01-first.ipynb"), join(dir, "index.ipynb"), "--out", out]);
    assert.equal(code, 2);
    assert.match(stderr, new RegExp(`${join(dir, "index.ipynb")}: its article would be index.html, which is the course's index page; rename the notebook`));
    assert.equal(existsSync(out), false);
  });

  it("exports a single notebook named index.ipynb: there is no index page to clash with", async () => {
    writeNotebook(join(dir, "index.ipynb"), ["# Index"]);
    const out = join(dir, "site");
    const { code, stderr } = await podtalk(["export", join(dir, "index.ipynb"), "--out", out]);
    assert.equal(code, 0, stderr);
    assert.match(readFileSync(join(out, "index.html"), "utf8"), /Index/);
  });

  it("`--out` under /proc fails at once with a usage error, and an --out that is a file says so", async function () {
    if (process.platform !== "linux") this.skip();
    writeNotebook(join(dir, "a.ipynb"), ["# A"]);
    const proc = await podtalk(["export", join(dir, "a.ipynb"), "--out", "/proc/podtalk-x"]);
    assert.equal(proc.code, 2);
    assert.match(
      proc.stderr,
      /^error: cannot create the folder \/proc\/podtalk-x: \/proc\/podtalk-x could not be made \(ENOENT\); \/proc is a kernel file system/,
    );
    writeFileSync(join(dir, "file"), "");
    const file = await podtalk(["export", join(dir, "a.ipynb"), "--out", join(dir, "file")]);
    assert.equal(file.code, 2);
    assert.equal(file.stderr, `error: cannot create the folder ${join(dir, "file")}: ${join(dir, "file")} is a file, not a folder; choose another folder\n`);
  });
});

import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseNotebook } from "../../../lib/notebook/ipynb.js";
import { packageRoot } from "../../../lib/notebook/kernelspec.js";
import { podtalk } from "../internal/podtalk.js";

const BIN = join(packageRoot(), "bin", "podtalk.js");
const COURSE = join(packageRoot(), "notebooks", "00-every-pod-has-an-ip.ipynb");

describe("podtalk strip", function () {
  this.timeout(120_000);
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-strip-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("as a git clean filter: reads stdin, writes the minimal notebook to stdout, the same bytes twice", () => {
    const once = spawnSync(process.execPath, [BIN, "strip"], { input: readFileSync(COURSE), encoding: "utf8" });
    assert.equal(once.status, 0, once.stderr);
    const nb = parseNotebook(once.stdout);
    assert.deepEqual(nb.metadata["podtalk"], { outputs: "minimal" });
    assert.ok(once.stdout.length < readFileSync(COURSE).length);
    const twice = spawnSync(process.execPath, [BIN, "strip"], { input: once.stdout, encoding: "utf8" });
    assert.equal(twice.stdout, once.stdout, "idempotent, as a clean filter must be");
  });

  it("in a git repository with the filter configured, commits minimal notebooks and keeps the working copy", function () {
    const git = (...args: string[]) => spawnSync("git", ["-C", dir, ...args], { encoding: "utf8" });
    if (git("init", "-q").status !== 0) this.skip();
    git("config", "user.email", "a@example.com");
    git("config", "user.name", "A");
    git("config", "filter.podtalk.clean", `"${process.execPath}" "${BIN}" strip`);
    writeFileSync(join(dir, ".gitattributes"), "*.ipynb filter=podtalk\n");
    copyFileSync(COURSE, join(dir, "nb.ipynb"));
    git("add", ".");
    assert.equal(git("commit", "-qm", "course").status, 0);
    const committed = git("show", "HEAD:nb.ipynb").stdout;
    assert.deepEqual(parseNotebook(committed).metadata["podtalk"], { outputs: "minimal" });
    assert.deepEqual(readFileSync(join(dir, "nb.ipynb")), readFileSync(COURSE), "the working copy keeps every representation");
    assert.equal(git("status", "--porcelain").stdout, "", "and git sees no change");
  });

  it("rewrites files with --outputs none, and --sizes prints bytes per MIME type without writing", async () => {
    const path = join(dir, "nb.ipynb");
    copyFileSync(COURSE, path);
    const sizes = await podtalk(["strip", "--sizes", path]);
    assert.equal(sizes.code, 0, sizes.stderr);
    assert.match(
      sizes.stdout,
      /^\| notebook \| application\/vnd\.vegalite\.v5\+json \| image\/svg\+xml \| stream \| text\/html \| text\/plain \| file \| minimal \|\n/,
    );
    assert.deepEqual(readFileSync(path), readFileSync(COURSE));
    const none = await podtalk(["strip", "--outputs", "none", path]);
    assert.equal(none.stdout, `stripped ${path}\n`);
    assert.ok(parseNotebook(readFileSync(path, "utf8")).cells.every((c) => c.cell_type !== "code" || c.outputs.length === 0));
    const bad = await podtalk(["strip", "--outputs", "some", path]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /must be one of full, minimal, none/);
  });

  it("run --outputs minimal stores text and one rich representation, and check passes on it", async () => {
    const path = join(dir, "topology.ipynb");
    writeFileSync(
      path,
      JSON.stringify({
        cells: [
          {
            cell_type: "code",
            execution_count: null,
            id: "a",
            metadata: {},
            outputs: [],
            source: 'import { Cluster } from "podtalk";\nnew Cluster({ nodes: 2, seed: 1 }).topology()',
          },
        ],
        metadata: { kernelspec: { name: "podtalk", display_name: "TypeScript (podtalk)", language: "typescript" } },
        nbformat: 4,
        nbformat_minor: 5,
      }),
    );
    const env = { ...process.env, PODTALK_CACHE_DIR: "off" };
    const ran = await podtalk(["run", "--outputs", "minimal", path], env);
    assert.equal(ran.code, 0, ran.stderr);
    const nb = parseNotebook(readFileSync(path, "utf8"));
    const cell = nb.cells[0]!;
    assert.deepEqual(cell.cell_type === "code" ? cell.outputs.map((o) => ("data" in o ? Object.keys(o.data) : [])) : [], [["image/svg+xml", "text/plain"]]);
    const checked = await podtalk(["check", path], env);
    assert.equal(checked.code, 0, checked.stderr);
    const again = await podtalk(["run", path], env);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(parseNotebook(readFileSync(path, "utf8")).metadata["podtalk"], { outputs: "minimal" }, "later runs stay minimal");
  });
});

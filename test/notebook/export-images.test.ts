import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportNotebook } from "../../lib/notebook/export/index.js";
import type { Notebook } from "../../lib/notebook/ipynb.js";
import { packageRoot } from "../../lib/notebook/kernelspec.js";

const PNG = join(packageRoot(), "kernel", "assets", "logo-32x32.png");

function markdownNotebook(...sources: string[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { title: "Images" },
    cells: sources.map((source, i) => ({ cell_type: "markdown", id: `m${i}`, metadata: {}, source })),
  };
}

/** Exports `markdown` as a notebook in `dir`, with the warnings it gave. */
function exportIn(dir: string, markdown: string): { html: string; warnings: string[] } {
  const warnings: string[] = [];
  const html = exportNotebook(markdownNotebook("# Images", markdown), { baseDir: dir, onWarning: (w) => warnings.push(w) });
  return { html, warnings };
}

describe("exportNotebook() with local images", () => {
  let root: string;
  let folder: string;
  const SECRET = "PRIVATE-KEY-4f1e9c";
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "podtalk-images-"));
    folder = join(root, "course");
    mkdirSync(join(folder, "img"), { recursive: true });
    writeFileSync(join(root, "id_rsa"), SECRET);
    copyFileSync(PNG, join(root, "outside.png"));
    copyFileSync(PNG, join(folder, "img", "logo.png"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Whether `html` holds `bytes`, as text or base64. */
  const holds = (html: string, bytes: Buffer | string): boolean => {
    const buffer = Buffer.from(bytes);
    return html.includes(buffer.toString("base64")) || html.includes(buffer.toString("utf8"));
  };

  it("embeds a regular file inside the notebook's folder, also through a symlink that stays inside", () => {
    symlinkSync(join("img", "logo.png"), join(folder, "alias.png"));
    const { html, warnings } = exportIn(folder, "![logo](img/logo.png) ![alias](alias.png) ![again](img/../img/logo.png)");
    assert.equal(html.match(/<img src="data:image\/png;base64,/g)?.length, 3);
    assert.ok(holds(html, readFileSync(PNG)));
    assert.deepEqual(warnings, []);
  });

  const refused: { name: string; make: () => void; src: string; why: RegExp }[] = [
    {
      name: "a symlink with an image name leading to a private file outside the folder",
      make: () => symlinkSync(join(root, "id_rsa"), join(folder, "key.svg")),
      src: "key.svg",
      why: /outside the notebook's folder/,
    },
    {
      name: "a symlinked folder leading outside",
      make: () => symlinkSync(root, join(folder, "up")),
      src: "up/outside.png",
      why: /outside the notebook's folder/,
    },
    { name: "a ../ path", make: () => undefined, src: "../outside.png", why: /outside the notebook's folder/ },
    { name: "a %2e%2e/ path", make: () => undefined, src: "%2e%2e/outside.png", why: /outside the notebook's folder/ },
    { name: "an absolute path", make: () => undefined, src: PNG, why: /absolute path/ },
    {
      name: "a symlink to /dev/zero (would be read for ever)",
      make: () => symlinkSync("/dev/zero", join(folder, "zero.png")),
      src: "zero.png",
      why: /outside/,
    },
    { name: "a folder named like an image", make: () => mkdirSync(join(folder, "dir.png")), src: "dir.png", why: /not a regular file/ },
    {
      name: "a file over 10 MiB (sparse: nothing is written)",
      make: () => {
        writeFileSync(join(folder, "huge.png"), "");
        truncateSync(join(folder, "huge.png"), 10 * 1024 * 1024 + 1);
      },
      src: "huge.png",
      why: /larger than 10 MiB/,
    },
    { name: "a missing file", make: () => undefined, src: "missing.png", why: /no such file/ },
    { name: "a malformed %-escape", make: () => undefined, src: "img%E0.png", why: /malformed %-escape/ },
  ];
  for (const { name, make, src, why } of refused) {
    it(`leaves out ${name}, shows the alt text and warns naming the cell and the image`, () => {
      make();
      const { html, warnings } = exportIn(folder, `![the diagram](${src})`);
      assert.doesNotMatch(html, /<img /);
      assert.ok(!holds(html, SECRET), "the private file is not in the article");
      assert.ok(!holds(html, readFileSync(PNG)), "the image outside is not in the article");
      assert.match(html, /<span class="missing-image"[^>]*>\[the diagram\]<\/span>/);
      assert.equal(warnings.length, 1, warnings.join("\n"));
      assert.match(warnings[0]!, /^cell 2: image "[^"]+" left out of the article: /);
      assert.match(warnings[0]!, why);
    });
  }

  it("leaves out a FIFO named like an image without waiting for a writer", function () {
    if (spawnSync("mkfifo", [join(folder, "pipe.png")]).status !== 0 || !existsSync(join(folder, "pipe.png"))) this.skip();
    const { html, warnings } = exportIn(folder, "![pipe](pipe.png)");
    assert.match(html, /\[pipe\]/);
    assert.match(warnings.join("\n"), /image "pipe.png" left out of the article: it is not a regular file/);
  });

  it("leaves out a missing attachment and one whose name has a malformed %-escape, with a warning", () => {
    const { html, warnings } = exportIn(folder, "![a](attachment:nope.png) ![b](attachment:%E0%A4%A)");
    assert.match(html, /\[a\].*\[b\]/s);
    assert.equal(warnings.length, 2, warnings.join("\n"));
    assert.match(warnings[0]!, /no image attachment of that name/);
    assert.match(warnings[1]!, /malformed %-escape/);
  });

  it("still never fetches remote images, and says nothing about them", () => {
    const { html, warnings } = exportIn(folder, "![remote](https://example.com/a.png)");
    assert.match(html, /\[remote\]/);
    assert.deepEqual(warnings, []);
  });
});

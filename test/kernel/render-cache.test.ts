/**
 * The kernel's cache of rendered figures (kernel/render-cache.ts): a figure shown once is shown
 * again, by this kernel or the next, from the cache, with the same bytes; it is not rendered
 * again; caching off leaves no folder; a folder that cannot be used changes nothing but speed.
 */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KernelClient } from "../../lib/notebook/client.js";
import { kernelEntryPoint } from "../../lib/notebook/kernelspec.js";
import { FolderRenderCache } from "../../kernel/render-cache.js";

const CELLS = [
  'import { Cluster } from "podtalk";\nconst cluster = new Cluster({ nodes: 2, seed: 1 });\ncluster',
  "cluster.apply(`\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n`);\ncluster",
];

describe("the kernel's cache of rendered figures", function () {
  this.timeout(120_000);
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-figures-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The SVG of each cell's result, in a kernel whose cache folder is `cache`. */
  async function figures(cache: string): Promise<string[]> {
    const argv = [process.execPath, kernelEntryPoint(), "--connection-file", "{connection_file}"];
    const spec = { name: "podtalk", dir: undefined, spec: { argv, display_name: "podtalk", language: "typescript" } };
    const client = await KernelClient.start(spec, { cwd: dir, env: { ...process.env, PODTALK_CACHE_DIR: cache } });
    try {
      const out: string[] = [];
      for (const code of CELLS) {
        const { outputs } = await client.execute(code);
        const data = outputs.find((o) => o.output_type === "execute_result")?.data as Record<string, unknown> | undefined;
        out.push(String(data?.["image/svg+xml"] ?? ""));
      }
      return out;
    } finally {
      await client.dispose();
    }
  }

  it("shows a figure again from the cache, with the bytes rendering gives, in the next kernel too", async () => {
    const cache = join(dir, "cache");
    const first = await figures(cache);
    assert.ok(
      first.every((svg) => svg.startsWith("<svg")),
      "each cell shows a figure",
    );
    assert.notEqual(first[0], first[1], "two different figures");
    const folder = join(cache, "figures-v1");
    const stored = readdirSync(folder).sort();
    assert.equal(stored.length, 2, "one file per figure");
    assert.deepEqual(await figures(cache), first, "the next kernel shows the same bytes");
    assert.deepEqual(readdirSync(folder).sort(), stored, "and stores nothing new");
    // The next kernel takes what the cache holds: it does not render the figure again.
    for (const name of stored) writeFileSync(join(folder, name), "<svg>from the cache</svg>");
    assert.deepEqual(await figures(cache), ["<svg>from the cache</svg>", "<svg>from the cache</svg>"]);
    assert.deepEqual(await figures(join(dir, "other")), first, "a kernel with an empty cache renders them as before");
  });

  it("keeps no figures with caching off, and renders the same", async () => {
    const cached = await figures(join(dir, "cache"));
    assert.deepEqual(await figures("off"), cached);
    assert.deepEqual(readdirSync(dir).sort(), ["cache"]);
  });

  it("still shows the figures it holds when it cannot write more, and says so once", () => {
    const folder = join(dir, "figures");
    const said: string[] = [];
    new FolderRenderCache(folder, (m) => said.push(m)).set("kept", "<svg>kept</svg>");
    const cache = new FolderRenderCache(folder, (m) => said.push(m));
    // Where the next figure's file would be written is taken: the write fails.
    const name = `${createHash("sha256").update("new").digest("hex")}.svg`;
    mkdirSync(join(folder, `${name}.${process.pid}.tmp`));
    cache.set("new", "<svg>new</svg>");
    cache.set("newer", "<svg>newer</svg>");
    assert.equal(cache.get("new"), undefined);
    assert.equal(cache.get("kept"), "<svg>kept</svg>");
    assert.equal(said.length, 1);
    assert.match(said[0]!, /figure cache in .*figures is not usable, figures are rendered every time/);
  });

  it("renders every time, and says so once, when its folder cannot be used", () => {
    const blocker = join(dir, "file");
    writeFileSync(blocker, "");
    const said: string[] = [];
    const cache = new FolderRenderCache(join(blocker, "figures"), (m) => said.push(m));
    cache.set("key", "<svg/>");
    cache.set("other", "<svg/>");
    assert.equal(cache.get("key"), undefined);
    assert.equal(said.length, 1);
    assert.match(said[0]!, /figure cache in .*file\/figures is not usable, figures are rendered every time/);
  });
});

import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WriteRefusedError, sha256Hex, writeFileAtomic } from "../../lib/notebook/write-file-atomic.js";

describe("writeFileAtomic()", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-write-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes through a symlink: the link stays a link and its target gets the new content", () => {
    mkdirSync(join(dir, "real"));
    writeFileSync(join(dir, "real", "target.ipynb"), "old\n");
    symlinkSync(join("real", "target.ipynb"), join(dir, "link.ipynb"));
    assert.equal(writeFileAtomic(join(dir, "link.ipynb"), "new\n"), true);
    assert.ok(lstatSync(join(dir, "link.ipynb")).isSymbolicLink(), "the link was replaced by a file");
    assert.equal(readFileSync(join(dir, "real", "target.ipynb"), "utf8"), "new\n");
    assert.deepEqual(readdirSync(join(dir, "real")), ["target.ipynb"], "no temporary file is left beside the target");
    assert.deepEqual(readdirSync(dir).sort(), ["link.ipynb", "real"]);
  });

  it("writes through a dangling symlink to the file it names", () => {
    symlinkSync("missing.ipynb", join(dir, "link.ipynb"));
    writeFileAtomic(join(dir, "link.ipynb"), "new\n");
    assert.ok(lstatSync(join(dir, "link.ipynb")).isSymbolicLink());
    assert.equal(readFileSync(join(dir, "missing.ipynb"), "utf8"), "new\n");
  });

  const refused: { name: string; prepare: (path: string) => void; code: string; message: RegExp }[] = [
    {
      name: "a file with a second hard link: replacing one name would leave the other with the old content",
      prepare: (path) => linkSync(path, join(dir, "other-name.ipynb")),
      code: "HardLinked",
      message: /nb\.ipynb: has 2 hard links.*--out DIR/,
    },
    {
      name: "a read-only file: its owner asked for it not to be saved over",
      prepare: (path) => chmodSync(path, 0o444),
      code: "ReadOnly",
      message: /nb\.ipynb: is read-only \(mode 0444\); make it writable \(chmod u\+w\)/,
    },
  ];
  for (const { name, prepare, code, message } of refused) {
    it(`refuses ${name}, and leaves every name as it was`, () => {
      const path = join(dir, "nb.ipynb");
      writeFileSync(path, "old\n");
      prepare(path);
      assert.throws(
        () => writeFileAtomic(path, "new\n"),
        (e: unknown) => e instanceof WriteRefusedError && e.code === code && message.test(e.message),
      );
      for (const file of readdirSync(dir)) assert.equal(readFileSync(join(dir, file), "utf8"), "old\n", file);
    });
  }

  it("with expectedSHA256, refuses a file whose bytes changed since they were read", () => {
    const path = join(dir, "nb.ipynb");
    writeFileSync(path, "as read\n");
    const read = sha256Hex(readFileSync(path));
    writeFileSync(path, "saved by the author meanwhile\n");
    assert.throws(() => writeFileAtomic(path, "results\n", { expectedSHA256: read }), /nb\.ipynb: changed on disk while it ran.*--out DIR/);
    assert.equal(readFileSync(path, "utf8"), "saved by the author meanwhile\n");
    assert.deepEqual(readdirSync(dir), ["nb.ipynb"]);
    assert.equal(writeFileAtomic(path, "results\n", { expectedSHA256: sha256Hex("saved by the author meanwhile\n") }), true);
    assert.equal(readFileSync(path, "utf8"), "results\n");
  });

  it("removes the temporary files of writers of that file that were killed (their pid is gone), and nothing else", () => {
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    const stale = `.nb.ipynb.${gone}.0badc0de.tmp`;
    const live = `.nb.ipynb.${process.pid}.cafebabe.tmp`; // a write in progress
    const other = `.other.ipynb.${gone}.0badc0de.tmp`; // another file's: its own next write sweeps it
    const unrelated = `.nb.ipynb.${gone}.swp`;
    for (const name of [stale, live, other, unrelated]) writeFileSync(join(dir, name), "partial");
    writeFileSync(join(dir, "nb.ipynb"), "old\n");
    assert.equal(writeFileAtomic(join(dir, "nb.ipynb"), "old\n"), false, "unchanged, yet swept");
    assert.deepEqual(readdirSync(dir).sort(), [live, unrelated, other, "nb.ipynb"].sort());
  });
});

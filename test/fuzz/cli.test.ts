/**
 * Properties of the `podtalk` command for any arguments and notebook files: random options and
 * values (`-p` literals, timeouts, job counts, kernel names, unknown flags) over random and
 * damaged notebooks with odd file names, for `run`, `check`, `export` and `course`.
 *
 * 1. The exit code is one of EXIT_CODES, and nothing the command prints is a JavaScript error
 *    (a TypeError, RangeError, a stack overflow) or a stack trace.
 * 2. A notebook the command refuses is left byte for byte as it was.
 *
 * The command runs in-process; its kernelspec is a broken file in a private Jupyter path, so every
 * notebook that gets as far as starting a kernel is refused right there, and no kernel process is
 * started. Runs that do write are the kill test's and the notebook API fuzz's (notebook.test.ts).
 */
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { EXIT_CODES } from "../../lib/cli/exit-codes.js";
import { podtalk } from "../cli/internal/podtalk.js";
import { notebookBytes, notebookName } from "./internal/notebooks.js";
import { fuzzParams } from "./internal/params.js";

/** A JavaScript error's name or a stack-trace line in what the command printed. */
const LEAKED = /\b(TypeError|ReferenceError|RangeError|SyntaxError|Maximum call stack)\b|^\s+at .+:\d+:\d+\)?$/m;

/** Options and values of the notebook commands, right and wrong. */
const option: fc.Arbitrary<readonly string[]> = fc.oneof(
  fc.constantFrom(["--allow-errors"], ["--no-input"], ["--interactive"], ["--trust"], ["--bogus"], ["--"], ["-"], ["-j"], ["--timeout"]),
  fc.tuple(fc.constantFrom("--timeout", "-j", "--jobs"), fc.constantFrom("0", "1", "2", "-1", "1.5", "abc", "1e400", "NaN", "", "99999999999")),
  fc.tuple(fc.constant("--kernel"), fc.constantFrom("podtalk", "nope", "", "../podtalk", "podtalk/../x")),
  fc.tuple(
    fc.constant("-p"),
    fc.constantFrom("x=1", "x=1e400", 'x="\u2028"', "class=1", "x", "=1", "x=", '__proto__={"a":1}', "x={", "x=[1,2]", "x=9007199254740993", "constructor=1"),
  ),
  fc.tuple(fc.constant("--sanitize-with"), fc.constantFrom("missing.txt", "sanitize.txt")),
);

/** One command line: a command, its options, notebook names (or the folder, for `course`). */
const commandLine = fc.record({
  command: fc.constantFrom("run", "check", "export", "course"),
  options: fc.array(option, { maxLength: 4 }),
  out: fc.boolean(),
  files: fc.uniqueArray(fc.tuple(notebookName, notebookBytes), { minLength: 1, maxLength: 3, selector: ([name]) => name }),
});

describe("the podtalk command, for any arguments and notebooks", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "podtalk-fuzz-cli-"));
    // A podtalk kernelspec that is not JSON: reading it fails before any process is started.
    const spec = join(dir, "jupyter", "kernels", "podtalk");
    mkdirSync(spec, { recursive: true });
    writeFileSync(join(spec, "kernel.json"), "{ not json");
    env = { ...process.env, JUPYTER_PATH: join(dir, "jupyter"), JUPYTER_DATA_DIR: join(dir, "data"), PODTALK_CACHE_DIR: join(dir, "cache") };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("exits with one of its codes, prints no JavaScript error, and leaves the notebooks it refuses untouched", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(commandLine, async ({ command, options, out, files }) => {
        const work = join(dir, `case-${n++}`);
        mkdirSync(join(work, "nb"), { recursive: true });
        writeFileSync(join(work, "sanitize.txt"), "regex: \\d+\nreplace: N\n");
        const paths = files.map(([name, bytes]) => {
          const path = join(work, "nb", name);
          writeFileSync(path, bytes);
          return path;
        });
        const argv = [command, ...(command === "course" ? [join(work, "nb")] : paths), ...options.flat()];
        if (out || command === "export" || command === "course") argv.push("--out", join(work, "out"));
        const { code, stdout, stderr } = await podtalk(
          argv.map((a) => (a === "sanitize.txt" || a === "missing.txt" ? join(work, a) : a)),
          env,
        );
        assert.ok((Object.values(EXIT_CODES) as number[]).includes(code), `exit code ${code}\n${stderr}`);
        assert.doesNotMatch(`${stdout}\n${stderr}`, LEAKED);
        for (const [i, [name, bytes]] of files.entries()) assert.ok(readFileSync(paths[i]!).equals(bytes), `${name} was changed (exit ${code})\n${stderr}`);
        assert.deepEqual(readdirSync(join(work, "nb")).sort(), files.map(([name]) => name).sort(), "a file was added next to the notebooks");
        rmSync(work, { recursive: true, force: true });
      }),
      fuzzParams(120),
    );
  });
});

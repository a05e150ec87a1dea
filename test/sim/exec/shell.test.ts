import { strict as assert } from "node:assert";
import { splitWords } from "../../../lib/sim/exec/shell.js";
import { parseCommand } from "../../../lib/sim/exec/shell.js";

describe("splitWords()", () => {
  const cases = [
    { line: "curl -s http://x/", words: ["curl", "-s", "http://x/"] },
    { line: `curl -w '%{http_code}' "a b"`, words: ["curl", "-w", "%{http_code}", "a b"] },
    { line: `echo a\\ b ""`, words: ["echo", "a b", ""] },
  ];
  for (const c of cases) {
    it(`splits ${JSON.stringify(c.line)} as sh would`, () => assert.deepEqual(splitWords(c.line), c.words));
  }
  it("rejects an unterminated quote (sh would wait for more input)", () => {
    assert.throws(() => splitWords("echo 'oops"), /unterminated quoted string/);
  });
});

describe("parseCommand()", () => {
  const cases = [
    { name: "a backslash takes a blank literally", line: "echo a\\ b", argv: ["echo", "a b"] },
    { name: "a backslash ending the line stays a backslash", line: "echo a\\", argv: ["echo", "a\\"] },
    { name: "single quotes keep backslashes and double quotes", line: `echo 'a\\"b'`, argv: ["echo", 'a\\"b'] },
    { name: "a backslash in double quotes takes the next character", line: `echo "a\\"b\\\\c"`, argv: ["echo", 'a"b\\c'] },
    { name: "adjacent quoted and plain parts make one word", line: `echo a'b c'"d"e`, argv: ["echo", "ab cde"] },
    { name: "runs of blanks separate words, leading and trailing ones vanish", line: " \tcurl  -s\n x ", argv: ["curl", "-s", "x"] },
    { name: "an empty line has no words", line: "   ", argv: [] },
    {
      name: "operators are characters of a word (one command per exec)",
      line: "curl -s x || echo failed; a|b",
      argv: ["curl", "-s", "x", "||", "echo", "failed;", "a|b"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(parseCommand(c.line).argv, c.argv));
  }
  it('rejects an unterminated double quote, naming the line ("echo \\"a)', () => {
    assert.throws(() => parseCommand('echo "a\\'), /^PodtalkError: sh: syntax error: unterminated quoted string in: echo "a\\$/);
  });
});

/**
 * The shell's parser: words and quoting as POSIX sh (2.2 Quoting), the list and pipeline grammar,
 * and a PodtalkError naming what podtalk does not simulate.
 */
import { strict as assert } from "node:assert";
import { kubectlArgs, parseScript, plainCommand, splitWords } from "../../../lib/sim/exec/shell.js";

describe("splitWords()", () => {
  const cases = [
    { line: "curl -s http://x/", words: ["curl", "-s", "http://x/"] },
    { line: `curl -w '%{http_code}' "a b"`, words: ["curl", "-w", "%{http_code}", "a b"] },
    { line: `echo a\\ b ""`, words: ["echo", "a b", ""] },
    { line: "   ", words: [] },
  ];
  for (const c of cases) {
    it(`splits ${JSON.stringify(c.line)} as sh would`, () => assert.deepEqual(splitWords(c.line), c.words));
  }
  it("rejects an unterminated quote (sh would wait for more input)", () => {
    assert.throws(() => splitWords("echo 'oops"), /unterminated quoted string/);
  });
});

describe("parseScript(): words", () => {
  const words = (line: string) => plainCommand(parseScript(line));
  const cases = [
    { name: "a backslash takes a blank literally", line: "echo a\\ b", argv: ["echo", "a b"] },
    { name: "a backslash ending the line stays a backslash", line: "echo a\\", argv: ["echo", "a\\"] },
    { name: "single quotes keep backslashes and double quotes", line: `echo 'a\\"b'`, argv: ["echo", 'a\\"b'] },
    { name: 'inside double quotes a backslash escapes only $ ` " \\ and newline', line: `echo "a\\"b\\\\c\\$d"`, argv: ["echo", 'a"b\\c$d'] },
    {
      name: "inside double quotes a backslash before n stays (curl gets \\n)",
      line: `curl -w "%{http_code}\\n" x`,
      argv: ["curl", "-w", "%{http_code}\\n", "x"],
    },
    { name: "adjacent quoted and plain parts make one word", line: `echo a'b c'"d"e`, argv: ["echo", "ab cde"] },
    { name: "runs of blanks separate words, leading and trailing ones vanish", line: " \tcurl  -s x ", argv: ["curl", "-s", "x"] },
    { name: "a quoted operator is a word", line: `echo '|' ";" \\&\\&`, argv: ["echo", "|", ";", "&&"] },
    { name: "a comment runs to the end of the line", line: "echo a # b c", argv: ["echo", "a"] },
    { name: "an unquoted glob with no match stays as written", line: "curl http://[::1]/?q=*", argv: ["curl", "http://[::1]/?q=*"] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(words(c.line), c.argv));
  }
  it('rejects an unterminated double quote, naming the line ("echo \\"a)', () => {
    assert.throws(() => parseScript('echo "a\\'), /^PodtalkError: sh: syntax error: unterminated quoted string in: echo "a\\$/);
  });
});

describe("parseScript(): lists, pipelines, redirections", () => {
  it("reads ; && || and | as operators (they no longer reach the command as words)", () => {
    const script = parseScript("curl -s x || echo failed; a | b && c");
    assert.equal(script.lists.length, 2);
    assert.deepEqual(
      script.lists[0]!.rest.map((r) => r.op),
      ["||"],
    );
    assert.equal(script.lists[1]!.first.commands.length, 2);
    assert.deepEqual(
      script.lists[1]!.rest.map((r) => r.op),
      ["&&"],
    );
  });
  it("reads redirections with their file descriptors, apart from the words", () => {
    const [cmd] = parseScript("curl x >/dev/null 2>&1").lists[0]!.first.commands;
    assert.equal(cmd!.words.length, 2);
    assert.deepEqual(
      cmd!.redirects.map((r) => [r.fd, r.op]),
      [
        [1, ">"],
        [2, ">&"],
      ],
    );
  });
  it("a line with an operator is not a plain command", () => assert.equal(plainCommand(parseScript("a | b")), undefined));
  const syntax = [
    { line: "curl x |", error: /sh: syntax error: unexpected end of file/ },
    { line: "&& echo", error: /sh: syntax error: unexpected "&&"/ },
    { line: "a || ; b", error: /sh: syntax error: unexpected ";"/ },
  ];
  for (const c of syntax) it(`a syntax error: ${c.line}`, () => assert.throws(() => parseScript(c.line), c.error));
  const unsupported = [
    "curl $(whoami)",
    "curl `id`",
    "sleep 1 &",
    "(cd /)",
    "if true; then echo; fi",
    "cat <<EOF",
    "cat < /etc/hosts",
    "echo $" + "{A:-b}",
    "echo $1",
  ];
  for (const line of unsupported) {
    it(`refuses ${JSON.stringify(line)} with "podtalk does not simulate"`, () =>
      assert.throws(
        () => parseScript(line),
        (e: Error) => e.name === "PodtalkError" && e.message.startsWith("podtalk does not simulate"),
      ));
  }
});

describe("kubectlArgs()", () => {
  it("shows a plain command as kubectl exec's arguments", () => assert.equal(kubectlArgs("curl -s http://x/"), "curl -s http://x/"));
  it("wraps a line that needs a shell in sh -c, quoting its single quotes", () => {
    assert.equal(kubectlArgs("curl -s x | grep 'a b'"), "sh -c 'curl -s x | grep '\\''a b'\\'''");
    assert.equal(kubectlArgs("echo $HOME"), "sh -c 'echo $HOME'");
  });
});

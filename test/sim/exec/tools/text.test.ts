/**
 * The text filters of pipelines (head, tail, wc, cut, sort, tr, awk, grep), fed by echo and by
 * files redirections wrote, against what coreutils / BusyBox print.
 */
import { strict as assert } from "node:assert";
import type { Cluster } from "../../../../lib/index.js";
import { posixToJS } from "../../../../lib/sim/exec/tools/grep.js";
import { run, shellCluster } from "../internal/shell-cluster.js";

describe("text filters", () => {
  let cluster: Cluster;
  before(() => {
    cluster = shellCluster();
    // Five lines to filter: "b 2", "a 10", "c 1", "a 10", "B 3".
    run(cluster, "client", "echo 'b 2' > /tmp/t; echo 'a 10' >> /tmp/t; echo 'c 1' >> /tmp/t; echo 'a 10' >> /tmp/t; echo 'B 3' >> /tmp/t");
  });
  const cases: { line: string; stdout: string; exitCode?: number }[] = [
    { line: "head -n 2 /tmp/t", stdout: "b 2\na 10\n" },
    { line: "head -2 /tmp/t", stdout: "b 2\na 10\n" },
    { line: "cat /tmp/t | head -n1", stdout: "b 2\n" },
    { line: "tail -1 /tmp/t", stdout: "B 3\n" },
    { line: "tail -n +4 /tmp/t", stdout: "a 10\nB 3\n" },
    { line: "wc -l < /dev/null || cat /tmp/t | wc -l", stdout: "" },
    { line: "cat /tmp/t | wc -l", stdout: "5\n" },
    { line: "cat /tmp/t | wc -w", stdout: "10\n" },
    { line: "cat /tmp/t | wc -c", stdout: "22\n" },
    { line: "cat /tmp/t | wc", stdout: "      5      10      22\n" },
    { line: "cut -d ' ' -f 2 /tmp/t", stdout: "2\n10\n1\n10\n3\n" },
    { line: "cut -c 1 /tmp/t | sort -u", stdout: "B\na\nb\nc\n" },
    { line: "sort /tmp/t", stdout: "B 3\na 10\na 10\nb 2\nc 1\n" },
    { line: "sort -u /tmp/t", stdout: "B 3\na 10\nb 2\nc 1\n" },
    { line: "cut -d ' ' -f 2 /tmp/t | sort -n", stdout: "1\n2\n3\n10\n10\n" },
    { line: "cut -d ' ' -f 2 /tmp/t | sort -rn | head -1", stdout: "10\n" },
    { line: "echo hello | tr a-z A-Z", stdout: "HELLO\n" },
    { line: "echo 'a  b' | tr -s ' '", stdout: "a b\n" },
    { line: "echo a-b-c | tr -d -", stdout: "abc\n" },
    { line: "awk '{print $2}' /tmp/t | head -2", stdout: "2\n10\n" },
    { line: "echo 'x:y:z' | awk -F: '{print $3, $1}'", stdout: "z x\n" },
    { line: "echo 'p q r' | awk '{print $NF}'", stdout: "r\n" },
    { line: "grep a /tmp/t", stdout: "a 10\na 10\n" },
    { line: "grep -i b /tmp/t", stdout: "b 2\nB 3\n" },
    { line: "grep -v a /tmp/t", stdout: "b 2\nc 1\nB 3\n" },
    { line: "grep -c a /tmp/t", stdout: "2\n" },
    { line: "grep -n c /tmp/t", stdout: "3:c 1\n" },
    { line: "grep -o '[0-9]\\+' /tmp/t | head -2", stdout: "2\n10\n" },
    { line: "grep -E '^(b|c) ' /tmp/t", stdout: "b 2\nc 1\n" },
    { line: "grep -q zzz /tmp/t", stdout: "", exitCode: 1 },
    { line: "grep zzz /tmp/t /etc/nope", stdout: "", exitCode: 2 },
  ];
  for (const c of cases) {
    it(c.line, () => {
      if (c.line.includes("< /dev/null")) {
        assert.throws(() => run(cluster, "client", c.line), /podtalk does not simulate input redirection/);
        return;
      }
      const t = run(cluster, "client", c.line);
      assert.equal(t.stdout, c.stdout);
      assert.equal(t.exitCode, c.exitCode ?? 0);
    });
  }
  it("grep names a missing file as BusyBox does and exits 2", () => {
    assert.equal(run(cluster, "client", "grep a /etc/nope").stderr, "grep: can't open '/etc/nope': No such file or directory\n");
  });
  it("refuses an awk program other than printing fields", () => {
    assert.throws(() => run(cluster, "client", "awk 'NR==1' /tmp/t"), /podtalk does not simulate the awk program "NR==1"/);
  });
  it("refuses a grep option it does not simulate instead of ignoring it", () => {
    assert.throws(() => run(cluster, "client", "grep -A 2 a /tmp/t"), /podtalk does not simulate grep's option -A/);
  });
  it("translates basic regular expressions: \\( \\) \\| \\+ are operators, ( ) | + literal", () => {
    assert.equal(posixToJS("a\\(b\\|c\\)\\+(d)", false), "a(b|c)+\\(d\\)");
    assert.equal(posixToJS("[[:digit:]]+", true), "[0-9]+");
  });
});

describe("text filters: usage errors as the tools print them", () => {
  let cluster: Cluster;
  before(() => {
    cluster = shellCluster();
  });
  const cases = [
    { line: "echo a | head -n abc", stderr: "head: invalid number 'abc'\n", exitCode: 1 },
    { line: "echo a | head -n", stderr: "head: option requires an argument -- 'n'\n", exitCode: 1 },
    { line: "echo a | tr", stderr: "tr: missing operand\n", exitCode: 1 },
    { line: "echo a | cut -d ab -f 1", stderr: "cut: the delimiter must be a single character\n", exitCode: 1 },
    { line: "echo a | grep -e", stderr: "grep: option requires an argument -- 'e'\n", exitCode: 2 },
  ];
  for (const c of cases) {
    it(c.line, () => {
      const t = run(cluster, "client", c.line);
      assert.equal(t.stderr, c.stderr);
      assert.equal(t.exitCode, c.exitCode);
    });
  }
});

/**
 * The shell exec runs lines in: POSIX lists, pipelines and exit statuses, quoting, parameter
 * expansion, redirections, and what happens to a program the image does not have.
 *
 * @see https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html
 */
import { strict as assert } from "node:assert";
import type { Cluster } from "../../../lib/index.js";
import { run, shellCluster } from "./internal/shell-cluster.js";

const notSimulated = (e: unknown) => e instanceof Error && e.name === "PodtalkError" && e.message.startsWith("podtalk does not simulate");

describe("exec's shell: lists, pipelines, exit statuses", () => {
  let cluster: Cluster;
  before(() => {
    cluster = shellCluster();
  });
  const cases: { name: string; pod?: string; line: string; stdout: string; exitCode: number; stderr?: string }[] = [
    {
      name: "a pipeline feeds curl's body to grep (the metacharacter is no longer an argument)",
      line: "curl -s http://my-api/ | grep Hostname",
      stdout: "Hostname: api\n",
      exitCode: 0,
    },
    { name: "head -1 after curl", line: "curl -s http://my-api/ | head -1", stdout: "Hostname: api\n", exitCode: 0 },
    { name: "&& runs the second command after a success", line: "curl -s -o /dev/null http://my-api/ && echo ok", stdout: "ok\n", exitCode: 0 },
    { name: "|| runs the second command after a failure, and the list exits 0", line: "curl -s http://nope/ || echo failed", stdout: "failed\n", exitCode: 0 },
    { name: "; runs both, the status is the last one's", line: "false; echo $?", stdout: "1\n", exitCode: 0 },
    { name: "sh -c 'exit 3' exits 3", line: "sh -c 'exit 3'", stdout: "", exitCode: 3 },
    { name: "exit ends the script", line: "sh -c 'echo a; exit 4; echo b'", stdout: "a\n", exitCode: 4 },
    { name: "a pipeline's status is its last command's (no pipefail)", line: "sh -c 'false | true'", stdout: "", exitCode: 0 },
    { name: "! negates a status", line: "! grep -q x /etc/hostname", stdout: "", exitCode: 0 },
    { name: "$? after a failed curl is curl's exit code", line: "curl -s http://nope/; echo $?", stdout: "6\n", exitCode: 0 },
    { name: "grep -c counts matching lines and exits 1 on none", line: "cat /etc/hosts | grep -c nomatch", stdout: "0\n", exitCode: 1 },
    { name: "exit 256 wraps to 0", line: "sh -c 'exit 256'", stdout: "", exitCode: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const t = run(cluster, c.pod ?? "client", c.line);
      assert.equal(t.stdout, c.stdout);
      assert.equal(t.exitCode, c.exitCode);
      if (c.stderr !== undefined) assert.equal(t.stderr, c.stderr);
    });
  }
  it("shows a pipeline as the kubectl exec that runs it: inside sh -c", () => {
    const first = String(cluster.exec("client", "curl -s http://my-api/ | head -1")).split("\n")[0];
    assert.equal(first, "$ kubectl exec client -c netshoot -- sh -c 'curl -s http://my-api/ | head -1'");
  });
  it("keeps the hops and the serving Pod of the curl inside a pipeline", () => {
    const t = run(cluster, "client", "curl -s http://my-api/ | wc -l");
    assert.equal(t.servedBy?.pod, "api");
    assert.ok(t.hops.length > 0);
    assert.equal(t.outcome, "ok");
  });
});

describe("exec's shell: quoting and expansion", () => {
  let cluster: Cluster;
  before(() => {
    cluster = shellCluster();
  });
  it('passes \\n inside double quotes to curl, whose -w prints a newline ("%{http_code}\\n")', () => {
    const t = run(cluster, "client", `curl -s -o /dev/null -w "%{http_code}\\n" http://my-api/`);
    assert.equal(t.stdout, "200\n");
  });
  it("expands the kubelet's Service variables, unquoted and in double quotes, not in single quotes", () => {
    const ip = cluster.get("services").rows.find((r) => r.NAME === "my-api")!["CLUSTER-IP"];
    assert.equal(run(cluster, "client", `echo $MY_API_SERVICE_HOST "\${MY_API_SERVICE_PORT}" '$HOME'`).stdout, `${ip} 80 $HOME\n`);
  });
  it("curls a Service through its environment variables", () => {
    assert.equal(run(cluster, "client", "curl -s http://$MY_API_SERVICE_HOST:$MY_API_SERVICE_PORT/ | head -1").stdout, "Hostname: api\n");
  });
  it("splits an unquoted variable into fields, keeps a quoted one whole", () => {
    assert.equal(run(cluster, "client", `printenv GREETING; echo $GREETING | wc -w; echo "$GREETING" | tr ' ' '_'`).stdout, "hello world\n2\nhello_world\n");
  });
  it("assignments set shell variables; a prefix assignment reaches only the command's environment", () => {
    assert.equal(run(cluster, "client", "A=1; echo $A; B=2 printenv B; echo x$B").stdout, "1\n2\nx\n");
  });
  for (const line of ["curl $(echo http://my-api/)", "curl `hostname`", "sleep 1 &", "for i in 1 2; do echo $i; done", "echo $$"]) {
    it(`refuses ${JSON.stringify(line)}: podtalk does not simulate it`, () => assert.throws(() => run(cluster, "client", line), notSimulated));
  }
  it("refuses a real program podtalk does not run with the same message, naming what exec runs", () => {
    assert.throws(() => run(cluster, "client", "ls /"), /podtalk does not simulate the program ls \(exec runs awk, bash, cat, curl, /);
  });
});

describe("exec's shell: redirections", () => {
  let cluster: Cluster;
  before(() => {
    cluster = shellCluster();
  });
  it(">/dev/null drops stdout, 2>/dev/null drops stderr", () => {
    const t = run(cluster, "client", "curl http://nope/ >/dev/null 2>/dev/null; echo $?");
    assert.equal(t.stdout, "6\n");
    assert.equal(t.stderr, "");
  });
  it("2>&1 sends stderr where stdout goes, into the pipe", () => {
    const t = run(cluster, "client", "curl -sS http://nope/ 2>&1 | grep -o 'Could not resolve host'");
    assert.equal(t.stdout, "Could not resolve host\n");
    assert.equal(t.stderr, "");
  });
  it("> writes a file of the container that later commands, and later execs, read back; >> appends", () => {
    run(cluster, "client", "curl -s http://my-api/ > /tmp/page; echo done >> /tmp/page");
    const t = run(cluster, "client", "head -1 /tmp/page; tail -1 /tmp/page; wc -l /tmp/page");
    assert.equal(t.stdout, "Hostname: api\ndone\n12 /tmp/page\n");
  });
  it("curl -o and BusyBox wget save files of the container that cat reads back", () => {
    assert.equal(run(cluster, "client", "curl -s -o /tmp/p http://my-api/; head -1 /tmp/p").stdout, "Hostname: api\n");
    const t = run(cluster, "bb", "wget http://my-api/healthz?probe=1 && head -1 healthz");
    assert.equal(t.stdout, "Hostname: api\n");
    assert.ok(t.stderr.endsWith("saving to 'healthz'\n"));
  });
  it("keeps each container's files apart", () => {
    run(cluster, "client", "echo mine > /tmp/f");
    const t = run(cluster, "bb", "cat /tmp/f");
    assert.equal(t.stderr, "cat: can't open '/tmp/f': No such file or directory\n");
    assert.equal(t.exitCode, 1);
  });
});

describe("exec: programs per image", () => {
  let cluster: Cluster;
  before(() => {
    cluster = shellCluster();
  });
  const oci = (program: string) =>
    `OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown\n`;
  it("a scratch image (traefik/whoami) has no curl: runc's error, exit 126", () => {
    const t = run(cluster, "api", "curl http://localhost/");
    assert.equal(t.stderr, oci("curl"));
    assert.equal(t.exitCode, 126);
  });
  it("a scratch image has no shell either, so a line with a pipe fails on sh", () => {
    assert.equal(run(cluster, "api", "curl -s localhost | head -1").stderr, oci("sh"));
  });
  it("busybox has wget but no curl: kubectl exec fails with 126, its shell says not found (127)", () => {
    assert.equal(run(cluster, "bb", "curl http://my-api/").exitCode, 126);
    const t = run(cluster, "bb", "sh -c 'curl http://my-api/'");
    assert.equal(t.stderr, "sh: curl: not found\n");
    assert.equal(t.exitCode, 127);
    assert.equal(run(cluster, "bb", "wget -qO- http://my-api/ | head -1").stdout, "Hostname: api\n");
  });
  it("nginx (Debian) has curl 7.88.1 and dash, and no ping, nslookup or wget", () => {
    const t = run(cluster, "web", "curl -s http://my-api/ | grep User-Agent");
    assert.equal(t.stdout, "User-Agent: curl/7.88.1\r\n");
    assert.equal(run(cluster, "web", "ping -c 1 my-api").stderr, oci("ping"));
    assert.equal(run(cluster, "web", "nslookup my-api || true").stderr, "sh: 1: nslookup: not found\n");
  });
  it("a program named by its path runs (/usr/bin/curl)", () => {
    assert.equal(run(cluster, "client", "/usr/bin/curl -s http://my-api/ | head -1").stdout, "Hostname: api\n");
  });
  it("exit is a shell builtin, not a program: kubectl exec -- exit 3 fails in runc", () => {
    assert.equal(run(cluster, "client", "exit 3").stderr, oci("exit"));
  });
});

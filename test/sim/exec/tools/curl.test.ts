/**
 * curl's URL handling (lib/urlapi.c), its common options, and what it prints for peers that do
 * not answer HTTP as expected.
 */
import { strict as assert } from "node:assert";
import type { Cluster } from "../../../../lib/index.js";
import { run, shellCluster } from "../internal/shell-cluster.js";

describe("curl", () => {
  let cluster: Cluster;
  before(() => {
    cluster = shellCluster();
  });
  const rejected = (why: string) => `curl: (3) URL rejected: ${why}\n`;
  const cases: { line: string; exitCode: number; stderr?: string; stdout?: string }[] = [
    { line: "curl http://my-api:65536/", exitCode: 3, stderr: rejected("Port number was not a decimal number between 0 and 65535") },
    { line: "curl http://my-api:99999999999999999999999/", exitCode: 3, stderr: rejected("Port number was not a decimal number between 0 and 65535") },
    { line: "curl http://my-api:-1/", exitCode: 3, stderr: rejected("Port number was not a decimal number between 0 and 65535") },
    { line: "curl 'http://[::1/'", exitCode: 3, stderr: rejected("Bad IPv6 address") },
    { line: "curl foo://my-api/", exitCode: 1, stderr: 'curl: (1) Protocol "foo" not supported\n' },
    { line: "curl -s http://user:secret@my-api/ | grep Authorization", exitCode: 0, stdout: "Authorization: Basic dXNlcjpzZWNyZXQ=\r\n" },
    { line: "curl -s http://[::1]:8080/", exitCode: 7 },
    { line: "curl -s http://2130706433:8080/", exitCode: 7 },
    { line: "curl http://[2001:db8::1]/", exitCode: 7, stderr: "curl: (7) Failed to connect to 2001:db8::1 port 80 after 0 ms: Couldn't connect to server\n" },
    { line: "curl -sI http://my-api/ | head -1", exitCode: 0, stdout: "HTTP/1.1 200 OK\r\n" },
    { line: "curl -s -H 'X-Request-Id: 42' http://my-api/ | grep Request", exitCode: 0, stdout: "X-Request-Id: 42\r\n" },
    { line: "curl -s -H 'Host: example.com' http://my-api/ | grep Host:", exitCode: 0, stdout: "Host: example.com\r\n" },
    {
      line: "curl -s -d a=1 http://my-api/ | grep -E '^(POST|Content-)'",
      exitCode: 0,
      stdout: "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Type: application/x-www-form-urlencoded\r\n",
    },
    { line: "curl -s -o /dev/null -w '%{http_code}' -X DELETE http://web/", exitCode: 0, stdout: "405" },
    { line: "curl -sf -X POST http://web/", exitCode: 22 },
    { line: "curl -sf -w '%{http_code}' -X POST http://web/", exitCode: 22, stdout: "405" },
    { line: "curl -sS -f -X POST http://web/", exitCode: 22, stderr: "curl: (22) The requested URL returned error: 405\n" },
    { line: "curl -sS http://kubernetes.default:443/", exitCode: 0, stdout: "Client sent an HTTP request to an HTTPS server.\n" },
    { line: "curl -s -o /dev/null -w '%{http_code}' http://kubernetes.default:443/", exitCode: 0, stdout: "400" },
    {
      line: "curl --connect-timeout 2 http://10.244.9.9/",
      exitCode: 28,
      stderr: "curl: (28) Failed to connect to 10.244.9.9 port 80 after 2001 ms: Timeout was reached\n",
    },
    { line: "curl -sL http://my-api/ | head -1", exitCode: 0, stdout: "Hostname: api\n" },
    { line: "curl -s -A probe/1 http://my-api/ | grep User-Agent", exitCode: 0, stdout: "User-Agent: probe/1\r\n" },
    {
      line: "curl -s --bogus http://my-api/",
      exitCode: 2,
      stderr: "curl: option --bogus: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
    },
  ];
  for (const c of cases) {
    it(c.line, () => {
      const t = run(cluster, "client", c.line);
      assert.equal(t.exitCode, c.exitCode, t.stderr);
      if (c.stderr !== undefined) assert.equal(t.stderr, c.stderr);
      if (c.stdout !== undefined) assert.equal(t.stdout, c.stdout);
    });
  }
  it("--resolve sends the name to the given address without asking DNS", () => {
    const apiPod = String(cluster.get("pods").row("api")!.IP);
    const t = run(cluster, "client", `curl -s --resolve shop.example:80:${apiPod} http://shop.example/`);
    assert.equal(t.servedBy?.pod, "api");
    assert.ok(t.stdout.includes("Host: shop.example\r\n"));
    assert.ok(!t.hops.some((h) => h.kind === "dns-query"));
  });
  it("reaches a numeric IPv4 host written as curl allows (127.1 is 127.0.0.1)", () => {
    assert.equal(run(cluster, "web", "curl -s -o /dev/null -w '%{http_code}' http://127.1/").stdout, "200");
  });
  it("refuses the protocols curl has but podtalk does not simulate", () => {
    assert.throws(() => run(cluster, "client", "curl ftp://my-api/"), /podtalk does not simulate curl's ftp:\/\/ protocol/);
    assert.throws(() => run(cluster, "client", "curl file:///etc/hosts"), /podtalk does not simulate curl's file:\/\/ protocol/);
  });
  it("says curl 7.88 wording for an unknown protocol in Debian images", () => {
    assert.equal(run(cluster, "web", "curl foo://x/").stderr, 'curl: (1) Protocol "foo" not supported or disabled in libcurl\n');
  });
});

describe("wget, nc and ip", () => {
  let cluster: Cluster;
  before(() => {
    cluster = shellCluster();
  });
  it("BusyBox wget names a port above 65535 as a bad port spec", () => {
    const t = run(cluster, "bb", "wget -qO- http://my-api:65536/");
    assert.equal(t.stderr, "wget: bad port spec 'my-api:65536'\n");
    assert.equal(t.exitCode, 1);
  });
  it("BusyBox wget reports the kernel's connect timeout, and its own alarm only with a shorter -T", () => {
    assert.equal(run(cluster, "bb", "wget -q http://10.244.9.9/").stderr, "wget: can't connect to remote host (10.244.9.9): Connection timed out\n");
    assert.equal(run(cluster, "bb", "wget -q -T 5 http://10.244.9.9/").stderr, "wget: download timed out\n");
  });
  it("BusyBox nc turns a port it cannot read into port 0 (bb_lookup_port), which nothing answers", () => {
    const apiPod = String(cluster.get("pods").row("api")!.IP);
    const t = run(cluster, "bb", `nc -zv ${apiPod} 65536`);
    assert.equal(t.stderr, `nc: ${apiPod} (${apiPod}:0): Connection refused\n`);
    assert.equal(t.exitCode, 1);
  });
  it("ip addr shows inet6 ::1 and the fe80 address whoami reports, derived from the MAC (EUI-64)", () => {
    const addr = run(cluster, "client", "ip addr").stdout;
    const mac = /link\/ether ([0-9a-f:]+)/.exec(addr)![1]!;
    const ll = /inet6 (fe80::[0-9a-f:]+)\/64 scope link/.exec(addr)![1]!;
    const b = mac.split(":").map((x) => Number.parseInt(x, 16));
    const eui = [((b[0]! ^ 2) << 8) | b[1]!, (b[2]! << 8) | 0xff, 0xfe00 | b[3]!, (b[4]! << 8) | b[5]!].map((g) => g.toString(16)).join(":");
    assert.equal(ll, `fe80::${eui}`);
    assert.ok(addr.includes("    inet6 ::1/128 scope host \n"));
    assert.ok(addr.includes(" group default"), "iproute2 style in netshoot");
    // whoami in Pod api reports its own link-local address the same way.
    const apiLL = run(cluster, "client", "curl -s http://my-api/ | grep -o 'IP: fe80.*'").stdout;
    assert.match(apiLL, /^IP: fe80::[0-9a-f]{1,4}:[0-9a-f]{1,4}ff:fe[0-9a-f]{1,2}:[0-9a-f]{1,4}\n$/);
  });
  it("BusyBox's ip prints M-DOWN and no state, group or link-netnsid", () => {
    const addr = run(cluster, "bb", "ip addr").stdout;
    assert.match(addr, /^2: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu \d+ qdisc noqueue \n/m);
    assert.ok(!addr.includes("group default") && !addr.includes("link-netnsid"));
  });
});

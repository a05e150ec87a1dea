/**
 * The tools a reader runs with `cluster.exec`: exact stdout, stderr and exit codes, as curl,
 * busybox wget / nc / nslookup, dig, host, cat, hostname and ip print them, and what the images
 * tutorials use (traefik/whoami, hashicorp/http-echo, nginx, redis) answer.
 */
import { strict as assert } from "node:assert";
import { Cluster, ErrorCode, PodtalkError } from "../../../lib/index.js";
import { intToIp, type NetworkModel } from "../../../lib/sim/index.js";
import { namespace, pod, podWith, serviceWith, statefulSet, toolsContainer, whoamiContainer } from "../internal/fixtures.js";
import { engineOf } from "../../../lib/internal/engine.js";

/**
 * client (node-1) and client in shop; api (whoami :8080, node-2); echo (http-echo -text=hello,
 * Service port 80 → 5678); site (nginx); redis; empty (selects nothing); the StatefulSet web
 * behind headless nginx; named (hostname: alias); crash (busybox with no command: exits at once).
 */
function commandCluster(network: NetworkModel = "flannel-vxlan"): Cluster {
  const cluster = new Cluster({ nodes: 2, seed: 1, network });
  cluster.apply([
    namespace("shop"),
    pod("client", { nodeName: "node-1" }),
    pod("client", { namespace: "shop" }),
    podWith("api", [whoamiContainer("whoami")], { labels: { app: "api" }, spec: { nodeName: "node-2" } }),
    serviceWith("api", { selector: { app: "api" }, ports: [{ port: 8080 }] }),
    podWith("echo", [{ name: "echo", image: "hashicorp/http-echo", args: ["-text=hello"] }], { labels: { app: "echo" } }),
    serviceWith("echo", { selector: { app: "echo" }, ports: [{ port: 80, targetPort: 5678 }] }),
    podWith("site", [{ name: "nginx", image: "nginx:1.27" }], { labels: { app: "site" } }),
    serviceWith("site", { selector: { app: "site" }, ports: [{ port: 80 }] }),
    podWith("redis", [{ name: "redis", image: "redis:7" }], { labels: { app: "redis" } }),
    serviceWith("redis", { selector: { app: "redis" }, ports: [{ port: 6379 }] }),
    serviceWith("empty", { selector: { app: "none" }, ports: [{ port: 80 }] }),
    statefulSet("web", 1, { serviceName: "nginx" }),
    serviceWith("nginx", { clusterIP: "None", selector: { app: "nginx" }, ports: [{ name: "web", port: 80 }] }),
    podWith("named", [toolsContainer()], { spec: { hostname: "alias" } }),
    podWith("crash", [{ name: "busybox", image: "busybox" }]),
  ]);
  return cluster;
}

interface Facts {
  ip(pod: string): string;
  vip(service: string): string;
}

const CURL_HINT = "curl: try 'curl --help' or 'curl --manual' for more information\n";
const re = (s: string) => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

interface CommandCase {
  readonly name: string;
  readonly command: string;
  readonly from?: string;
  readonly namespace?: string;
  readonly exitCode: number;
  /** Exact text, or a function that checks it. */
  readonly stdout?: string | ((out: string, f: Facts) => void);
  readonly stderr?: string | ((err: string, f: Facts) => void);
}

const check = (actual: string, expected: CommandCase["stdout"], f: Facts, what: string) => {
  if (expected === undefined) return;
  if (typeof expected === "string") assert.equal(actual, expected, what);
  else expected(actual, f);
};

const CASES: readonly CommandCase[] = [
  // ------------------------------------------------------------------ curl
  {
    name: "curl -s prints only the body: traefik/whoami's Hostname, IP lines, RemoteAddr and the request it got",
    command: "curl -s http://api:8080/",
    exitCode: 0,
    stderr: "",
    stdout: (out, f) => {
      const lines = out.split("\n");
      assert.deepEqual(lines.slice(0, 4), ["Hostname: api", "IP: 127.0.0.1", "IP: ::1", `IP: ${f.ip("api")}`]);
      assert.match(lines[4]!, /^IP: fe80::[0-9a-f:]+$/);
      assert.match(lines[5]!, new RegExp(`^RemoteAddr: ${f.ip("client").replaceAll(".", "\\.")}:\\d+$`));
      assert.equal(lines.slice(6).join("\n"), "GET / HTTP/1.1\r\nHost: api:8080\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n");
    },
  },
  { name: "hashicorp/http-echo -text=hello answers hello", command: "curl -s http://echo/", exitCode: 0, stdout: "hello\n", stderr: "" },
  {
    name: "nginx answers its default page",
    command: "curl -s http://site/",
    exitCode: 0,
    stdout: (out) => {
      assert.ok(out.startsWith("<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n"));
      assert.ok(out.includes("<h1>Welcome to nginx!</h1>"));
      assert.ok(out.endsWith("</html>\n"));
    },
  },
  {
    name: "redis is not HTTP: its error line is no status line, and curl refuses HTTP/0.9 (exit 1)",
    command: "curl http://redis:6379/",
    exitCode: 1,
    stdout: "",
    stderr: "curl: (1) Received HTTP/0.9 when not allowed\n",
  },
  {
    name: "curl -v shows the connection, the request and the response headers on stderr",
    command: "curl -v http://echo/",
    exitCode: 0,
    stdout: "hello\n",
    stderr: (err, f) => {
      const lines = err.split("\n");
      assert.equal(lines[0], `*   Trying ${f.vip("echo")}:80...`);
      assert.equal(lines[1], `* Connected to echo (${f.vip("echo")}) port 80`);
      assert.deepEqual(lines.slice(2, 7), ["> GET / HTTP/1.1", "> Host: echo", "> User-Agent: curl/8.5.0", "> Accept: */*", "> "]);
      assert.equal(lines[7], "< HTTP/1.1 200 OK");
      assert.ok(lines.includes("< Content-Type: text/plain; charset=utf-8"));
      assert.ok(lines.includes("< Content-Length: 6"));
      assert.equal(lines.at(-2), "* Connection #0 to host echo left intact");
    },
  },
  {
    name: "curl -i puts the status line and headers before the body",
    command: "curl -s -i http://echo/",
    exitCode: 0,
    stdout: (out) => {
      assert.ok(out.startsWith("HTTP/1.1 200 OK\r\n"));
      assert.ok(out.endsWith("\r\nContent-Length: 6\r\n\r\nhello\n"));
    },
  },
  {
    name: "-o /dev/null -w '%{http_code}\\n' prints 200 and a newline",
    command: "curl -s -o /dev/null -w '%{http_code}\\n' http://echo/",
    exitCode: 0,
    stdout: "200\n",
    stderr: "",
  },
  {
    name: "-w '%{http_code}' prints 000 when -m 2 gives up",
    command: "curl -s -o /dev/null -w '%{http_code}' -m 2 http://api:9999/",
    exitCode: 28,
    stdout: "000",
    stderr: "",
  },
  { name: "curl -s hides the error of a refused connection", command: "curl -s http://empty/", exitCode: 7, stdout: "", stderr: "" },
  {
    name: "curl -sS still shows the error of a refused connection",
    command: "curl -sS http://empty/",
    exitCode: 7,
    stdout: "",
    stderr: (err) => assert.match(err, /^curl: \(7\) Failed to connect to empty port 80 after \d+ ms: Couldn't connect to server\n$/),
  },
  { name: "curl on an unknown name: exit 6", command: "curl -sS http://nope/", exitCode: 6, stderr: "curl: (6) Could not resolve host: nope\n" },
  {
    name: "an unknown curl option: exit 2",
    command: "curl --bogus http://echo/",
    exitCode: 2,
    stdout: "",
    stderr: `curl: option --bogus: is unknown\n${CURL_HINT}`,
  },
  { name: "curl without a URL: exit 2", command: "curl -v", exitCode: 2, stdout: "", stderr: `curl: no URL specified\n${CURL_HINT}` },
  { name: "curl -m without its value: exit 2", command: "curl http://echo/ -m", exitCode: 2, stderr: `curl: option -m: requires parameter\n${CURL_HINT}` },
  // ------------------------------------------------------------------ wget
  { name: "wget -qO- prints the body only", command: "wget -qO- http://echo/", exitCode: 0, stdout: "hello\n", stderr: "" },
  {
    name: "wget -O- without -q says where it connects",
    command: "wget -O- http://echo/",
    exitCode: 0,
    stdout: "hello\n",
    stderr: (err, f) => assert.equal(err, `Connecting to echo (${f.vip("echo")}:80)\nwriting to stdout\n`),
  },
  { name: "wget on an unknown name: bad address", command: "wget -qO- http://x/", exitCode: 1, stdout: "", stderr: "wget: bad address 'x'\n" },
  {
    name: "wget on a refused connection: can't connect to remote host",
    command: "wget -qO- http://empty/",
    exitCode: 1,
    stderr: (err, f) => assert.equal(err, `wget: can't connect to remote host (${f.vip("empty")}): Connection refused\n`),
  },
  // ------------------------------------------------------------------ DNS tools
  {
    name: "nslookup of <svc>.<namespace> prints the FQDN that answered",
    command: "nslookup api.default",
    exitCode: 0,
    stdout: (out, f) =>
      assert.equal(out, `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tapi.default.svc.cluster.local\nAddress: ${f.vip("api")}\n\n`),
  },
  {
    name: "nslookup of a name that is nowhere: NXDOMAIN, exit 1",
    command: "nslookup api.nowhere",
    exitCode: 1,
    stdout: "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find api.nowhere: NXDOMAIN\n\n",
  },
  {
    name: "dig +short prints the address only",
    command: "dig +short api.default.svc.cluster.local",
    exitCode: 0,
    stdout: (out, f) => assert.equal(out, `${f.vip("api")}\n`),
  },
  { name: "dig does not use the search list: a short name finds nothing", command: "dig +short api", exitCode: 0, stdout: "" },
  { name: "dig +search uses the search list", command: "dig +search +short api", exitCode: 0, stdout: (out, f) => assert.equal(out, `${f.vip("api")}\n`) },
  {
    name: "host prints the FQDN and address",
    command: "host api",
    exitCode: 0,
    stdout: (out, f) => assert.equal(out, `api.default.svc.cluster.local has address ${f.vip("api")}\n`),
  },
  { name: "host on an unknown name: exit 1", command: "host nope", exitCode: 1, stdout: "Host nope not found: 3(NXDOMAIN)\n" },
  // ------------------------------------------------------------------ nc
  {
    name: "nc -zv on an open port",
    command: "nc -zv api 8080",
    exitCode: 0,
    stdout: "",
    stderr: (err, f) => assert.equal(err, `api (${f.vip("api")}:8080) open\n`),
  },
  {
    name: "nc -z -w 1 and nc -zvw1: the timeout's value is not taken for the host",
    command: "nc -z -w 1 api 8080 && nc -zvw1 api 8080",
    exitCode: 0,
    stderr: (err, f) => assert.equal(err, `api (${f.vip("api")}:8080) open\n`),
  },
  {
    name: "nc -zv on a Service with no endpoints: refused",
    command: "nc -zv empty 80",
    exitCode: 1,
    stderr: (err, f) => assert.equal(err, `nc: empty (${f.vip("empty")}:80): Connection refused\n`),
  },
  // ------------------------------------------------------------------ files and identity
  {
    name: "cat /etc/resolv.conf in namespace shop searches shop first",
    command: "cat /etc/resolv.conf",
    namespace: "shop",
    exitCode: 0,
    stdout: "search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
  },
  {
    name: "a StatefulSet Pod's /etc/hosts names its FQDN",
    command: "cat /etc/hosts",
    from: "web-0",
    exitCode: 0,
    stdout: (out, f) => {
      const lines = out.split("\n");
      assert.equal(lines[0], "# Kubernetes-managed hosts file.");
      assert.equal(lines.at(-2), `${f.ip("web-0")}\tweb-0.nginx.default.svc.cluster.local\tweb-0`);
    },
  },
  { name: "hostname of a StatefulSet Pod is its name", command: "hostname", from: "web-0", exitCode: 0, stdout: "web-0\n" },
  { name: "hostname follows spec.hostname", command: "hostname", from: "named", exitCode: 0, stdout: "alias\n" },
  {
    name: "ip route sends everything to the node's cni0 address (.1)",
    command: "ip route",
    exitCode: 0,
    stdout: (out) => assert.equal(out.split("\n")[0], "default via 10.244.0.1 dev eth0"),
  },
  // ------------------------------------------------------------------ the shell
  { name: "sh -c runs the quoted command", command: "sh -c 'curl -s http://echo/'", exitCode: 0, stdout: "hello\n" },
  { name: "sh -c with an unknown command: not found, exit 127", command: "sh -c 'foo --bar'", exitCode: 127, stdout: "", stderr: "sh: foo: not found\n" },
];

describe("commands", () => {
  const cluster = commandCluster();
  const f: Facts = {
    ip: (name) => intToIp(engineOf(cluster).pod("default", name)!.podIP!),
    vip: (name) => intToIp(engineOf(cluster).service("default", name)!.clusterIP!),
  };
  for (const c of CASES) {
    it(`${c.command}: ${c.name}`, () => {
      const t = cluster.exec(c.from ?? "client", c.command, c.namespace ? { namespace: c.namespace } : {});
      assert.equal(t.exitCode, c.exitCode, t.toString());
      check(t.stdout, c.stdout, f, "stdout");
      check(t.stderr, c.stderr, f, "stderr");
    });
  }

  it("sh -c keeps the hops and who served the request", () => {
    const t = cluster.exec("client", "sh -c 'curl -s http://echo/'");
    assert.equal(t.servedBy?.pod, "echo");
    assert.equal(t.servedBy?.container, "echo");
    assert.equal(t.hops.at(-1)!.kind, "reply");
  });

  it("refuses to exec into a crash-looping container, saying why", () => {
    assert.throws(
      () => cluster.exec("crash", "hostname"),
      (e: unknown) =>
        e instanceof PodtalkError &&
        e.code === ErrorCode.BadRequest &&
        re("container busybox is Waiting (CrashLoopBackOff)").test(e.message) &&
        /exec needs a running container/.test(e.message),
    );
  });

  it("curl -k https://kubernetes/ reaches the API server, which answers 403 to anonymous users", () => {
    const t = cluster.exec("client", "curl -sk -o /dev/null -w '%{http_code}' https://kubernetes/");
    assert.equal(t.exitCode, 0);
    assert.equal(t.stdout, "403");
  });

  it("curl https://kubernetes/ without -k fails certificate verification, exit 60", () => {
    const t = cluster.exec("client", "curl https://kubernetes/");
    assert.equal(t.exitCode, 60);
    assert.match(t.stderr, /^curl: \(60\) SSL certificate problem: unable to get local issuer certificate\n/);
  });
});

describe("commands: ip addr and ip route by datapath", () => {
  const cases: { network: NetworkModel; mtu: number }[] = [
    { network: "flannel-vxlan", mtu: 1450 },
    { network: "flannel-host-gw", mtu: 1500 },
  ];
  for (const c of cases) {
    it(`${c.network}: eth0 has mtu ${c.mtu} and the Pod IP as a /24 of the node's podCIDR`, () => {
      const cluster = commandCluster(c.network);
      const ip = intToIp(engineOf(cluster).pod("default", "client")!.podIP!);
      const t = cluster.exec("client", "ip addr");
      assert.equal(t.exitCode, 0);
      assert.match(t.stdout, new RegExp(`\\n2: eth0@if\\d+: <[A-Z,_-]+> mtu ${c.mtu} `));
      assert.ok(t.stdout.includes(`\n    inet ${ip}/24 brd 10.244.0.255 scope global eth0\n`), t.stdout);
      assert.ok(t.stdout.startsWith("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 "));
      assert.equal(cluster.exec("client", "ip route").stdout.split("\n")[0], "default via 10.244.0.1 dev eth0");
    });
  }
});

import { strict as assert } from "node:assert";
import { ErrorCode, PodtalkError } from "../../../lib/model/index.js";
import { Simulation, execIn, intToIp } from "../../../lib/sim/index.js";
import { deployment, pod, service } from "../internal/fixtures.js";
import { exec, scenario } from "../internal/scenario.js";

describe("execIn(): curl", () => {
  const sim = scenario();

  it("reaches a Service by name: exit 0, served by a backend Pod, with DNS, DNAT and VXLAN hops", () => {
    const t = exec(sim, "client-1", "curl http://web/");
    assert.equal(t.exitCode, 0);
    assert.equal(t.outcome, "ok");
    assert.equal(t.servedBy?.pod, "web-1");
    assert.equal(t.servedBy?.ip, intToIp(sim.pod("default", "web-1")!.podIP!));
    assert.match(t.stdout, /^Hostname: web-1\n/);
    assert.deepEqual(
      t.hops.map((h) => h.kind),
      ["dns-query", "send", "kube-proxy", "encapsulate", "decapsulate", "bridge", "deliver", "reply"],
    );
    assert.equal(t.hops[0]!.verdict, "answered");
    assert.match(t.hops[0]!.summary, /^DNS query A web\.default\.svc\.cluster\.local\. to 10\.96\.0\.10:53\/UDP/);
    assert.ok(t.hops[2]!.change?.startsWith("DNAT "));
  });

  it("reaches a Service on the same node without encapsulation", () => {
    const t = exec(sim, "client-2", "curl http://web/");
    assert.equal(t.outcome, "ok");
    assert.ok(!t.hops.some((h) => h.kind === "encapsulate" || h.kind === "decapsulate"));
  });

  it("prints only the status code with -s -o /dev/null -w '%{http_code}'", () => {
    const t = exec(sim, "client-1", "curl -s -o /dev/null -w '%{http_code}' http://web/");
    assert.equal(t.stdout, "200");
    assert.equal(t.stderr, "");
  });

  it("answers an unknown name with exit 6 and curl's message, after trying every search name", () => {
    const t = exec(sim, "client-1", "curl http://nope/");
    assert.equal(t.exitCode, 6);
    assert.equal(t.stderr, "curl: (6) Could not resolve host: nope\n");
    assert.equal(t.outcome, "nxdomain");
    assert.equal(t.hops.length, 4);
    assert.ok(t.hops.every((h) => h.kind === "dns-query" && h.verdict === "not-found"));
    assert.ok(t.hops[3]!.reason);
    assert.match(t.hops[3]!.fix!, /kubectl get services --all-namespaces/, "the fix names the kubectl command that lists the Services");
  });

  it("fails with exit 7 (refused) on a Service with no matching Pods, and the failing hop says why and how to fix it", () => {
    const t = exec(sim, "client-1", "curl http://empty/");
    assert.equal(t.exitCode, 7);
    assert.equal(t.outcome, "refused");
    assert.match(t.stderr, /^curl: \(7\) Failed to connect to empty port 80 after \d+ ms: Couldn't connect to server\n$/);
    const failing = t.hops.find((h) => h.reason !== undefined)!;
    assert.equal(failing.kind, "kube-proxy");
    assert.match(failing.reason!, /has no endpoints/);
    assert.ok(failing.fix && failing.fix.length > 0);
  });

  it("times out (exit 28) on a ClusterIP port the Service does not expose", () => {
    const t = exec(sim, "client-1", "curl http://web:81/");
    assert.equal(t.outcome, "timeout");
    assert.equal(t.exitCode, 28);
  });

  it("stops at --max-time with exit 28", () => {
    const t = exec(sim, "client-1", "curl -m 2 http://web:81/");
    assert.equal(t.exitCode, 28);
    assert.equal(t.stderr, "curl: (28) Connection timed out after 2001 milliseconds\n");
  });

  it("prints 000 for -w '%{http_code}' when the connection fails", () => {
    assert.equal(exec(sim, "client-1", "curl -s -w '%{http_code}' http://empty/").stdout, "000");
  });

  it("reaches another container of the same Pod on localhost", () => {
    const t = exec(sim, "duo", "curl -s http://localhost:8080/", "sidecar");
    assert.equal(t.exitCode, 0);
    assert.equal(t.container, "sidecar");
    assert.equal(t.servedBy?.pod, "duo");
    assert.equal(t.servedBy?.container, "app");
    assert.deepEqual(
      t.hops.map((h) => h.kind),
      ["loopback"],
    );
  });

  it("cannot reach another Pod's container on localhost", () => {
    const t = exec(sim, "client-1", "curl http://localhost:8080/");
    assert.equal(t.exitCode, 7);
    assert.equal(t.outcome, "refused");
  });

  it("reports a curl usage error with exit 2", () => {
    const t = exec(sim, "client-1", "curl");
    assert.equal(t.exitCode, 2);
    assert.match(t.stderr, /^curl: no URL specified\n/);
  });
});

describe("execIn(): a deleted Pod's old IP", () => {
  it("is unreachable once the Pod is gone, while the Service still answers", () => {
    const sim = new Simulation({ nodes: 2, seed: 1 });
    sim.apply([deployment("api", 1), service("api", { app: "api" }), pod("client")]);
    const old = sim.pods().find((p) => p.labels["app"] === "api")!;
    sim.deletePod(old.name);
    sim.advance("30s");
    const t = exec(sim, "client", `curl http://${intToIp(old.podIP!)}:8080/`);
    assert.equal(t.outcome, "unreachable");
    assert.equal(t.exitCode, 7);
    assert.match(t.hops.at(-1)!.reason!, /no Pod has IP/);
    const viaService = exec(sim, "client", "curl http://api/");
    assert.equal(viaService.outcome, "ok");
    assert.notEqual(viaService.servedBy?.pod, old.name);
  });
});

describe("execIn(): other commands", () => {
  const sim = scenario();

  it("answers an unknown program as runc does for kubectl exec: exit 126, executable file not found", () => {
    const t = exec(sim, "client-1", "foo --bar");
    assert.equal(t.exitCode, 126);
    assert.equal(
      t.stderr,
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown\n',
    );
    assert.equal(t.stdout, "");
  });

  it("answers an unknown command inside a script with exit 127 and `sh: foo: not found`", () => {
    const t = exec(sim, "client-1", "foo --bar || echo $?");
    assert.equal(t.exitCode, 0);
    assert.equal(t.stderr, "sh: foo: not found\n");
    assert.equal(t.stdout, "127\n");
  });

  it("prints nslookup's answer for a Service", () => {
    const t = exec(sim, "client-1", "nslookup web");
    const ip = intToIp(sim.service("default", "web")!.clusterIP!);
    assert.equal(t.exitCode, 0);
    assert.equal(t.stdout, `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${ip}\n\n`);
  });

  it("prints nslookup's NXDOMAIN for an unknown name, with exit 1", () => {
    const t = exec(sim, "client-1", "nslookup nope");
    assert.equal(t.exitCode, 1);
    assert.equal(t.stdout, "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find nope: NXDOMAIN\n\n");
    assert.equal(t.outcome, "nxdomain");
  });

  it("shows the kubelet's resolv.conf", () => {
    assert.equal(
      exec(sim, "client-1", "cat /etc/resolv.conf").stdout,
      "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
    );
  });

  it("shows the kubelet-managed /etc/hosts with the Pod's own entry", () => {
    const p = sim.pod("default", "client-1")!;
    const lines = exec(sim, "client-1", "cat /etc/hosts").stdout.split("\n");
    assert.equal(lines[0], "# Kubernetes-managed hosts file.");
    assert.ok(lines.includes("127.0.0.1\tlocalhost"));
    assert.ok(lines.includes(`${intToIp(p.podIP!)}\tclient-1`));
  });

  it("fails cat on a missing file like busybox", () => {
    const t = exec(sim, "client-1", "cat /nope");
    assert.equal(t.exitCode, 1);
    assert.equal(t.stderr, "cat: can't open '/nope': No such file or directory\n");
  });

  it("prints the Pod name for hostname", () => {
    assert.equal(exec(sim, "web-1", "hostname").stdout, "web-1\n");
  });

  it("refuses a container the Pod does not have, listing the ones it has", () => {
    assert.throws(
      () => execIn(sim, sim.pod("default", "duo")!, "hostname", { container: "nope" }, sim.traffic),
      (e: unknown) => e instanceof PodtalkError && e.code === ErrorCode.BadRequest && /choose one of: app, sidecar/.test(e.message),
    );
  });
});

import { strict as assert } from "node:assert";
import { ApplyResult, Cluster, ErrorCode, JUPYTER_DISPLAY, PodtalkError, Text, Trace } from "../lib/index.js";

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: traefik/whoami:v1.10
        args: ["--port", "8080"]
        ports: [{containerPort: 8080}]
      - name: metrics
        image: prom/exporter
        ports: [{containerPort: 8080, name: metrics}]
---
apiVersion: v1
kind: Service
metadata:
  name: my-api
spec:
  selector: {app: api}
  ports:
  - port: 80
    targetPort: 8080
---
apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
  - name: shell
    image: nicolaka/netshoot
    command: ["sleep", "infinity"]
`;

/** The same workload without the port clash: the metrics exporter listens on 9100. */
const HEALTHY = MANIFEST.replace("ports: [{containerPort: 8080, name: metrics}]", "ports: [{containerPort: 9100, name: metrics}]");

describe("Cluster", () => {
  it("applies YAML and prints kubectl's lines, warnings first", () => {
    const c = new Cluster({ seed: 1 });
    const r = c.apply(MANIFEST);
    assert.ok(r instanceof ApplyResult);
    assert.deepEqual(r.lines, ["deployment.apps/api created", "service/my-api created", "pod/client created"]);
    assert.deepEqual(r.warnings, ["spec.template.spec.containers[1].ports[0]: duplicate port definition with spec.template.spec.containers[0].ports[0]"]);
    assert.equal(
      r.toString(),
      "Warning: spec.template.spec.containers[1].ports[0]: duplicate port definition with spec.template.spec.containers[0].ports[0]\n" +
        "deployment.apps/api created\nservice/my-api created\npod/client created",
    );
    assert.deepEqual(r[JUPYTER_DISPLAY](), { "text/plain": r.toString() });
  });

  it("execs into a Pod and returns a Trace served by a Deployment Pod", () => {
    const c = new Cluster({ seed: 1 });
    c.apply(HEALTHY);
    const t = c.exec("client", "curl -s http://my-api/");
    assert.ok(t instanceof Trace);
    assert.equal(t.exitCode, 0);
    assert.match(t.servedBy!.pod, /^api-[4-9bcdf]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("execs into deploy/<name> (its first running Pod) and pod/<name>", () => {
    const c = new Cluster({ seed: 1 });
    c.apply(HEALTHY);
    const inApi = c.exec("deploy/api", "hostname");
    assert.match(inApi.pod, /^api-/);
    // traefik/whoami is built FROM scratch: it has no hostname program, as kubectl exec reports.
    assert.equal(inApi.exitCode, 126);
    assert.equal(c.exec("pod/client", "hostname").stdout, "client\n");
  });

  it("rejects an empty command and an unknown Pod with errors that say what to do", () => {
    const c = new Cluster({ seed: 1 });
    c.apply(HEALTHY);
    assert.throws(
      () => c.exec("client", "  "),
      (e: unknown) => e instanceof PodtalkError && e.code === ErrorCode.BadRequest,
    );
    assert.throws(
      () => c.exec("clinet", "hostname"),
      (e: unknown) =>
        e instanceof PodtalkError && e.code === ErrorCode.NotFound && e.message.startsWith('Error from server (NotFound): pods "clinet" not found'),
    );
  });

  it("deletes a Pod, prints kubectl's line, and the replacement answers once the old one is gone", () => {
    const c = new Cluster({ seed: 1 });
    c.apply(HEALTHY);
    const victim = c
      .get("pods")
      .column("NAME")
      .find((n) => n.startsWith("api-"))!;
    const out = c.deletePod(victim);
    assert.ok(out instanceof Text);
    assert.equal(out.toString(), `pod "${victim}" deleted from default namespace`);
    assert.equal(c.get("pods").row(victim)?.["STATUS"], "Terminating");
    c.advance("30s");
    assert.equal(c.get("pods").column("NAME").includes(victim), false);
    assert.equal(
      c
        .get("pods")
        .column("NAME")
        .filter((n) => n.startsWith("api-")).length,
      2,
    );
    assert.equal(c.exec("client", "curl -s http://my-api/").outcome, "ok");
  });

  it("rejects an invalid manifest with kubectl's message and changes nothing", () => {
    const c = new Cluster({ seed: 1 });
    const before = c.get("pods", { allNamespaces: true }).toText();
    assert.throws(
      () => c.apply(`${HEALTHY}---\napiVersion: v1\nkind: Service\nmetadata: {name: 1st-svc}\nspec: {ports: [{port: 80}]}\n`),
      (e: unknown) =>
        e instanceof PodtalkError && e.message.startsWith('The Service "1st-svc" is invalid: metadata.name: Invalid value: "1st-svc": a DNS-1035 label'),
    );
    assert.equal(c.get("pods", { allNamespaces: true }).toText(), before);
    assert.equal(c.get("services").rows.length, 1);
  });

  it("describes a Service with its endpoints", () => {
    const c = new Cluster({ seed: 1 });
    c.apply(HEALTHY);
    const text = c.describe("svc", "my-api").toString();
    assert.match(text, /^Name:\s+my-api\n/);
    assert.match(text, /\nSelector:\s+app=api\n/);
    assert.match(text, /\nEndpoints:\s+10\.244\.\d+\.\d+:8080,10\.244\.\d+\.\d+:8080\n/);
  });

  it("lets two containers that bind one port crash-loop: READY 1/2, out of the Service", () => {
    const c = new Cluster({ seed: 1 });
    c.apply(MANIFEST);
    const api = c.get("pods").rows.filter((r) => r["NAME"]!.startsWith("api-"));
    assert.deepEqual(
      api.map((r) => [r["READY"], r["STATUS"]]),
      [
        ["1/2", "CrashLoopBackOff"],
        ["1/2", "CrashLoopBackOff"],
      ],
    );
    assert.equal(c.get("endpoints").row("my-api")?.["ENDPOINTS"], "");
    const t = c.exec("client", "curl -s http://my-api/");
    assert.equal(t.outcome, "refused");
  });

  it("prints its topology as text", () => {
    const c = new Cluster({ nodes: 3, seed: 1 });
    assert.match(
      c.toString(),
      /^Cluster: 3 nodes · 0 Pods · 0 Services · flannel-vxlan · kube-proxy iptables\nnode-1 \(172\.18\.0\.2 · pods 10\.244\.0\.0\/24\)/,
    );
  });
});

describe("Cluster, arguments and limits", () => {
  /** The message of the PodtalkError `fn` throws (and fails on any other error). */
  function podtalkMessage(fn: () => unknown): string {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof PodtalkError, `expected a PodtalkError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
      return e.message;
    }
    return assert.fail("expected an error");
  }

  it("deletePod() of a Pod with terminationGracePeriodSeconds 0 says it deleted it (it threw a TypeError)", () => {
    const c = new Cluster({ nodes: 1, seed: 1 });
    c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {terminationGracePeriodSeconds: 0, containers: [{name: a, image: nginx}]}\n");
    assert.equal(String(c.deletePod("p")), 'pod "p" deleted from default namespace');
    assert.equal(c.get("pods").rows.length, 0);
  });

  const calls: [string, (c: Cluster) => unknown, string][] = [
    ["get(undefined)", (c) => c.get(undefined as never), 'cluster.get(kind): kind must be a string such as "pods", not undefined'],
    ["get(pods, null)", (c) => c.get("pods", null as never), 'cluster.get(): options must be an object such as { namespace: "default" }, not null'],
    [
      "describe(null, null)",
      (c) => c.describe(null as never, null as never),
      'cluster.describe(kind, name): kind must be a string such as "service", not null',
    ],
    ["delete(null, null)", (c) => c.delete(null as never, null as never), 'cluster.delete(kind, name): kind must be a string such as "service", not null'],
    ["timeline(null)", (c) => c.timeline(null as never), 'cluster.timeline(): options must be an object such as { namespace: "default" }, not null'],
    ["topology({highlight: 'x'})", (c) => c.topology({ highlight: "x" as never }), 'cluster.topology(): options.highlight must be a list of strings, not "x"'],
    ["topology({devices: 'yes'})", (c) => c.topology({ devices: "yes" as never }), 'cluster.topology(): options.devices must be true or false, not "yes"'],
    ["setReady(p, 'no')", (c) => c.setReady("p", "no" as never), 'cluster.setReady(pod, ready): ready must be true or false, not "no"'],
    [
      "advance(undefined)",
      (c) => c.advance(undefined as never),
      'cluster.advance(duration): duration must be a duration such as "30s" or a number of seconds, not undefined',
    ],
    [
      "advance({})",
      (c) => c.advance({} as never),
      'cluster.advance(duration): duration must be a duration such as "30s" or a number of seconds, not an object',
    ],
    [
      "advance('1'×400 + 'h')",
      (c) => c.advance(`${"1".repeat(400)}h`),
      `Invalid duration "${"1".repeat(40)}…": out of range; the longest is 2562047h47m16s (about 292 years, Go's time.Duration), so use one such as "30s", "5m" or "2h"`,
    ],
  ];
  for (const [name, call, message] of calls) {
    it(`${name} throws a PodtalkError naming the argument (it threw a TypeError, or was misread) and changes nothing`, () => {
      const c = new Cluster({ nodes: 1, seed: 1 });
      const before = `${c.manifests()}${c.get("pods", { allNamespaces: true })}${c.now}`;
      assert.equal(
        podtalkMessage(() => call(c)),
        message,
      );
      assert.equal(`${c.manifests()}${c.get("pods", { allNamespaces: true })}${c.now}`, before);
    });
  }

  const options: [string, unknown, string][] = [
    ["null", null, "Invalid cluster options null: pass an object such as new Cluster({ nodes: 3, seed: 1 }), or nothing for the defaults"],
    ["nodes: [5]", { nodes: [5] }, 'Invalid node name 5: node names are strings such as "node-a"'],
    ["nodes: {}", { nodes: {} }, 'Invalid nodes an object: pass a count such as 3 or names such as ["node-a", "node-b"]'],
    [
      "nodes: 1e9",
      { nodes: 1e9 },
      "Invalid nodes 1000000000: podtalk simulates at most 5000 nodes (the largest cluster Kubernetes is tested with); pass a smaller count",
    ],
    [
      "a node name of 300 characters",
      { nodes: ["a".repeat(300)] },
      `Invalid node name "${"a".repeat(40)}…" (300 characters): a node name has at most 253 characters`,
    ],
    ["podEvents: 'no'", { podEvents: "no" }, "Invalid podEvents no: use true or false"],
  ];
  for (const [name, value, message] of options) {
    it(`new Cluster(${name}) throws a PodtalkError before building anything`, () => {
      assert.equal(
        podtalkMessage(() => new Cluster(value as never)),
        message,
      );
    });
  }

  it("ping -c takes a whole-number count (BusyBox's or iputils' words) and prints at most 10,000 replies (1e10 threw a RangeError)", () => {
    const c = new Cluster({ nodes: 1, seed: 1 });
    c.apply(`apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers:
    - {name: bb, image: "busybox:1.36", command: [sleep, infinity]}
    - {name: netshoot, image: nicolaka/netshoot, command: [sleep, infinity]}
`);
    const run = (container: string, count: string) => {
      const t = c.exec("client", `ping -c ${count} localhost`, { container });
      return `${t.exitCode} ${t.stderr}`;
    };
    assert.equal(run("bb", "1e10"), "1 ping: invalid number '1e10'\n");
    assert.equal(run("bb", "1.5"), "1 ping: invalid number '1.5'\n");
    assert.equal(run("bb", "4294967296"), "1 ping: number 4294967296 is not in 0..4294967295 range\n");
    assert.equal(run("netshoot", "1e10"), "2 ping: invalid argument: '1e10'\n");
    for (const container of ["bb", "netshoot"]) {
      assert.equal(run(container, "1000000"), "1 ping: -c 1000000: podtalk prints at most 10000 replies; use a smaller count such as -c 4\n");
      assert.equal(run(container, "3"), "0 ");
    }
  });
});

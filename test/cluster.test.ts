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
    assert.match(c.exec("deploy/api", "hostname").stdout, /^api-/);
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
    assert.equal(out.toString(), `pod "${victim}" deleted`);
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

/**
 * The DaemonSet controller and `get daemonsets`: kube-proxy and kube-flannel-ds are DaemonSet
 * objects whose controller keeps one Pod on every node that should run them.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
 */
import { strict as assert } from "node:assert";
import { Cluster } from "../../../lib/index.js";
import { DAEMON_TOLERATIONS, shouldRunOn } from "../../../lib/sim/controllers/daemonset.js";
import { Simulation } from "../../../lib/sim/index.js";

const proxyPods = (c: Cluster) =>
  c
    .get("pods", { namespace: "kube-system" })
    .rows.filter((r) => String(r["NAME"]).startsWith("kube-proxy-"))
    .map((r) => ({ name: String(r["NAME"]), node: String(r["NODE"]), status: String(r["STATUS"]) }));

describe("DaemonSet controller", () => {
  it("lists kube-proxy and kube-flannel-ds in `get ds -A` with kubectl's columns (get ds listed nothing)", () => {
    const c = new Cluster({ nodes: 3, seed: 1 });
    const t = c.get("ds", { allNamespaces: true, wide: false });
    assert.deepEqual(t.columns, ["NAMESPACE", "NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"]);
    assert.deepEqual(
      t.rows.map((r) => [r["NAMESPACE"], r["NAME"], r["DESIRED"], r["CURRENT"], r["READY"], r["UP-TO-DATE"], r["AVAILABLE"], r["NODE SELECTOR"]]),
      [
        ["kube-flannel", "kube-flannel-ds", "3", "3", "3", "3", "3", "<none>"],
        ["kube-system", "kube-proxy", "3", "3", "3", "3", "3", "kubernetes.io/os=linux"],
      ],
    );
    assert.equal(c.get("daemonsets", { namespace: "kube-system" }).row("kube-proxy")?.["IMAGES"], "registry.k8s.io/kube-proxy:v1.35.0");
    assert.equal(String(c.get("daemonset")).trim(), "No resources found in default namespace.");
  });

  it("recreates a deleted kube-proxy Pod at once on the same node under a new name (it stayed gone)", () => {
    const c = new Cluster({ nodes: 3, seed: 1 });
    const before = proxyPods(c);
    const victim = before.find((p) => p.node === "node-2")!;
    c.deletePod(victim.name, { namespace: "kube-system" });
    const during = proxyPods(c);
    assert.equal(during.find((p) => p.name === victim.name)?.status, "Terminating");
    const successor = during.find((p) => p.node === "node-2" && p.name !== victim.name);
    assert.ok(successor, "a new kube-proxy Pod on node-2");
    assert.match(successor.name, /^kube-proxy-[a-z0-9]{5}$/);
    c.advance("30s");
    assert.deepEqual(
      proxyPods(c)
        .map((p) => p.node)
        .sort(),
      ["node-1", "node-2", "node-3"],
    );
    const events = c.get("events", { namespace: "kube-system" }).rows.filter((r) => r["OBJECT"] === "daemonset/kube-proxy");
    assert.deepEqual(
      events.map((r) => [r["REASON"], r["MESSAGE"]]),
      [["SuccessfulCreate", `Created pod: ${successor.name}`]],
    );
  });

  it("gives daemon Pods the controller's tolerations, and network-unavailable for hostNetwork ones", () => {
    const c = new Cluster({ nodes: 2, seed: 1 });
    const flannel = c.get("pods", { namespace: "kube-flannel" }).column("NAME")[0]!;
    const text = String(c.describe("pod", flannel, { namespace: "kube-flannel" }));
    const tolerations = text.slice(text.indexOf("Tolerations:"), text.indexOf("Events:"));
    for (const t of DAEMON_TOLERATIONS) assert.ok(tolerations.includes(`${t.key}:${t.effect} op=Exists\n`), t.key);
    assert.ok(tolerations.includes("node.kubernetes.io/network-unavailable:NoSchedule op=Exists\n"));
  });

  it("skips the tainted control-plane node for a DaemonSet that does not tolerate its taint; runs on it when it does", () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    const proxy = sim.daemonSets("kube-system")[0]!;
    const plain = { ...proxy, template: { ...proxy.template, spec: { ...proxy.template.spec, tolerations: undefined, nodeSelector: undefined } } };
    const nodes = sim.nodes();
    assert.deepEqual(
      nodes.map((n) => shouldRunOn(plain, n)),
      [false, true, true],
    );
    assert.deepEqual(
      nodes.map((n) => shouldRunOn(proxy, n)),
      [true, true, true],
    );
    const elsewhere = { ...plain, template: { ...plain.template, spec: { ...plain.template.spec, nodeSelector: { "kubernetes.io/os": "windows" } } } };
    assert.deepEqual(
      nodes.map((n) => shouldRunOn(elsewhere, n)),
      [false, false, false],
    );
  });
});

describe("describe and delete of a DaemonSet", () => {
  const c = new Cluster({ nodes: 3, seed: 1 });

  it("describes kube-proxy as kubectl's DaemonSetDescriber does (describe ds was refused)", () => {
    const text = String(c.describe("ds", "kube-proxy", { namespace: "kube-system" }));
    assert.equal(
      text.split("Pod Template:")[0],
      [
        "Name:           kube-proxy",
        "Selector:       k8s-app=kube-proxy",
        "Node-Selector:  kubernetes.io/os=linux",
        "Labels:         k8s-app=kube-proxy",
        "Annotations:    deprecated.daemonset.template.generation: 1",
        "Desired Number of Nodes Scheduled: 3",
        "Current Number of Nodes Scheduled: 3",
        "Number of Nodes Scheduled with Up-to-date Pods: 3",
        "Number of Nodes Scheduled with Available Pods: 3",
        "Number of Nodes Misscheduled: 0",
        "Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed",
        "",
      ].join("\n"),
    );
    assert.match(text, /Image: +registry\.k8s\.io\/kube-proxy:v1\.35\.0\n/);
  });

  it("refuses an unknown DaemonSet with kubectl's NotFound, and `delete ds kube-proxy` with a way to see the controller work, changing nothing", () => {
    assert.throws(() => c.describe("ds", "nope", { namespace: "kube-system" }), { message: 'Error from server (NotFound): daemonsets.apps "nope" not found' });
    const before = String(c.get("pods", { allNamespaces: true }));
    assert.throws(
      () => c.delete("daemonset", "kube-proxy", { namespace: "kube-system" }),
      /keeps the cluster's own DaemonSet "kube-proxy".*delete one of its Pods/,
    );
    assert.equal(String(c.get("pods", { allNamespaces: true })), before);
  });
});

describe("a DaemonSet a notebook applies", () => {
  const manifest = (tolerations = "") =>
    [
      "apiVersion: apps/v1",
      "kind: DaemonSet",
      "metadata: {name: agent}",
      "spec:",
      "  selector: {matchLabels: {app: agent}}",
      "  template:",
      "    metadata: {labels: {app: agent}}",
      `    spec: {containers: [{name: a, image: nginx}]${tolerations}}`,
      "",
    ].join("\n");
  const agents = (c: Cluster) =>
    c
      .get("pods")
      .rows.filter((r) => String(r["NAME"]).startsWith("agent-") && r["STATUS"] !== "Terminating")
      .map((r) => String(r["NODE"]))
      .sort();

  it("runs one Pod per worker node and skips the control-plane node, whose taint it does not tolerate", () => {
    const c = new Cluster({ nodes: 3, seed: 1 });
    assert.equal(String(c.apply(manifest())).trim(), "daemonset.apps/agent created");
    assert.deepEqual(agents(c), ["node-2", "node-3"]);
    const row = c.get("ds").row("agent")!;
    assert.deepEqual([row["DESIRED"], row["CURRENT"], row["READY"]], ["2", "2", "2"]);
    const sources = c
      .get("events")
      .rows.filter((r) => r["OBJECT"] === "daemonset/agent")
      .map((r) => r["SOURCE"]);
    assert.deepEqual(sources, ["daemonset-controller", "daemonset-controller"]);
    assert.equal(String(c.apply(manifest())).trim(), "daemonset.apps/agent unchanged");
  });

  it("runs on the control-plane node too when it tolerates node-role.kubernetes.io/control-plane", () => {
    const c = new Cluster({ nodes: 3, seed: 1 });
    c.apply(manifest(", tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]"));
    assert.deepEqual(agents(c), ["node-1", "node-2", "node-3"]);
  });

  it("deletes its Pods with it, and says so as kubectl v1.35 does", () => {
    const c = new Cluster({ nodes: 3, seed: 1 });
    c.apply(manifest());
    assert.equal(String(c.delete("ds", "agent")), 'daemonset.apps "agent" deleted from default namespace');
    assert.deepEqual(agents(c), []);
    c.advance("30s");
    assert.equal(c.get("pods").rows.length, 0);
  });

  it("refuses a changed Pod template (no rollout modelled) and a delete of kube-proxy, changing nothing", () => {
    const c = new Cluster({ nodes: 3, seed: 1 });
    c.apply(manifest());
    const before = String(c.get("pods", { allNamespaces: true }));
    assert.throws(
      () => c.apply(manifest().replace("image: nginx", "image: busybox")),
      /does not roll out a changed Pod template of DaemonSet "agent"; delete the DaemonSet/,
    );
    assert.throws(() => c.delete("daemonset", "kube-proxy", { namespace: "kube-system" }), /keeps the cluster's own DaemonSet "kube-proxy"/);
    assert.equal(String(c.get("pods", { allNamespaces: true })), before);
  });
});

describe("a DaemonSet in a deleted namespace", () => {
  it("goes with the namespace, and the namespace goes once its Pods have (the controller recreated them for ever)", () => {
    const c = new Cluster({ nodes: 3, seed: 1 });
    c.apply(
      [
        "apiVersion: v1",
        "kind: Namespace",
        "metadata: {name: ops}",
        "---",
        "apiVersion: apps/v1",
        "kind: DaemonSet",
        "metadata: {name: agent, namespace: ops}",
        "spec:",
        "  selector: {matchLabels: {app: agent}}",
        "  template:",
        "    metadata: {labels: {app: agent}}",
        "    spec: {containers: [{name: a, image: nginx}]}",
        "",
      ].join("\n"),
    );
    assert.equal(c.get("pods", { namespace: "ops" }).rows.length, 2);
    c.delete("namespace", "ops");
    assert.equal(c.get("ds", { namespace: "ops" }).rows.length, 0);
    c.advance("30s");
    assert.ok(!c.get("ns").column("NAME").includes("ops"));
  });
});

describe("exec into a DaemonSet's Pod", () => {
  it("takes `ds/<name>` as kubectl exec does, and hints at it for a bare DaemonSet name (both were not found)", () => {
    const c = new Cluster({ nodes: 3, seed: 1 });
    const first = c
      .get("pods", { namespace: "kube-system" })
      .column("NAME")
      .find((n) => n.startsWith("kube-proxy-"))!;
    const out = c.exec("ds/kube-proxy", "hostname", { namespace: "kube-system" });
    assert.equal(out.exitCode, 0);
    assert.match(String(out), new RegExp(`kubectl exec ${first} -n kube-system`));
    assert.throws(
      () => c.exec("kube-proxy", "hostname", { namespace: "kube-system" }),
      /"kube-proxy" is a DaemonSet: use one of its Pods \(cluster\.get\("pods"\)\) or "ds\/kube-proxy"/,
    );
    assert.throws(() => c.exec("ds/nope", "hostname"), { message: 'Error from server (NotFound): daemonsets.apps "nope" not found' });
  });
});

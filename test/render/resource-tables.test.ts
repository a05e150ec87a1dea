import { strict as assert } from "node:assert";
import { ErrorCode, PodtalkError } from "../../lib/model/index.js";
import { formatLabels, getTable, resourceName } from "../../lib/render/index.js";
import { Simulation, intToIp } from "../../lib/sim/index.js";
import { deployment, pod, service, serviceWith } from "../sim/internal/fixtures.js";

describe("getTable()", () => {
  it("prints `kubectl get services -o wide` byte for byte (golden)", () => {
    const sim = new Simulation({ nodes: 2, seed: 1 });
    sim.apply([deployment("web", 1), service("web", { app: "web" }, { clusterIP: "10.96.0.50" })]);
    assert.equal(
      getTable(sim, "services").toText(),
      [
        "NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR",
        "kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   10m   <none>",
        "web          ClusterIP   10.96.0.50   <none>        80/TCP    0s    app=web",
        "",
      ].join("\n"),
    );
  });

  it("lists kube-dns with its three ports across namespaces (-A)", () => {
    const sim = new Simulation({ nodes: 1 });
    const t = getTable(sim, "svc", { allNamespaces: true, wide: false });
    assert.deepEqual(t.columns, ["NAMESPACE", "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]);
    assert.deepEqual(t.row("kube-dns"), {
      NAMESPACE: "kube-system",
      NAME: "kube-dns",
      TYPE: "ClusterIP",
      "CLUSTER-IP": "10.96.0.10",
      "EXTERNAL-IP": "<none>",
      "PORT(S)": "53/UDP,53/TCP,9153/TCP",
      AGE: "10m",
    });
  });

  it("gives `get pods` the -o wide columns by default and the short ones with wide: false", () => {
    const sim = new Simulation({ nodes: 2 });
    sim.apply(pod("client", { nodeName: "node-2" }));
    const t = getTable(sim, "pods");
    assert.deepEqual(t.columns, ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
    assert.deepEqual(t.row("client"), {
      NAME: "client",
      READY: "1/1",
      STATUS: "Running",
      RESTARTS: "0",
      AGE: "0s",
      // CoreDNS runs on the control plane, so the worker's first Pod gets .2.
      IP: "10.244.1.2",
      NODE: "node-2",
      "NOMINATED NODE": "<none>",
      "READINESS GATES": "<none>",
    });
    assert.deepEqual(getTable(sim, "po", { wide: false }).columns, ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
  });

  // Deletion does not clear readiness (the tutorial "Explore Termination Behavior for Pods And
  // Their Endpoints"): `sleep infinity` as PID 1 ignores SIGTERM, so the Pod reads 1/1 Terminating
  // for its whole grace period, then the kubelet kills it (SIGKILL) and the Pod goes.
  it("shows a deleted Pod as Terminating, still 1/1 while its process runs (sleep ignores SIGTERM: 30 s)", () => {
    const sim = new Simulation({ nodes: 1, systemPods: false });
    sim.apply(pod("client"));
    sim.deletePod("client");
    assert.equal(getTable(sim, "pods").row("client")?.["STATUS"], "Terminating");
    assert.equal(getTable(sim, "pods").row("client")?.["READY"], "1/1");
    sim.advance("29s");
    assert.equal(getTable(sim, "pods").row("client")?.["READY"], "1/1");
    sim.advance("1s");
    assert.equal(getTable(sim, "pods").row("client"), undefined);
  });

  describe("endpoints", () => {
    const sim = new Simulation({ nodes: 2, seed: 1 });
    sim.apply([deployment("api", 5), service("api", { app: "api" }), service("nobody", { app: "nobody" })]);
    const t = getTable(sim, "endpoints");

    it("shows <none> for a Service that matches nothing", () => {
      assert.equal(t.row("nobody")?.["ENDPOINTS"], "<none>");
    });

    it("shows the first three ip:port, sorted, then ` + N more...`", () => {
      const all = sim.endpoints(sim.service("default", "api")!, 0).map((e) => `${intToIp(e.ip)}:${e.port}`);
      assert.equal(all.length, 5);
      assert.equal(t.row("api")?.["ENDPOINTS"], `${all.slice(0, 3).join(",")} + 2 more...`);
    });

    it("shows an empty cell when the only address is not ready (a terminating Pod)", () => {
      const after = new Simulation({ nodes: 1, systemPods: false });
      after.apply([pod("only", { labels: { app: "only" }, containers: [{ name: "app", ports: [8080] }] }), service("only", { app: "only" })]);
      after.deletePod("only");
      assert.equal(getTable(after, "endpoints").row("only")?.["ENDPOINTS"], "");
    });

    it("lists the API server address behind the kubernetes Service", () => {
      assert.equal(t.row("kubernetes")?.["ENDPOINTS"], "172.18.0.2:6443");
    });

    it("prints the addresses of a headless Service without ports, as kubectl's formatEndpoints does", () => {
      const headless = new Simulation({ nodes: 2, seed: 1, systemPods: false });
      headless.apply([deployment("api", 3), serviceWith("noports", { clusterIP: "None", selector: { app: "api" } })]);
      const ips = headless
        .pods()
        .map((p) => p.podIP!)
        .sort((a, b) => a - b)
        .map(intToIp);
      assert.equal(getTable(headless, "endpoints").row("noports")?.["ENDPOINTS"], ips.join(","));
    });
  });

  for (const name of ["configmaps", "toString"]) {
    it(`refuses the unknown resource type "${name}", listing the known ones`, () => {
      assert.throws(
        () => resourceName(name),
        (e: unknown) =>
          e instanceof PodtalkError &&
          e.code === ErrorCode.BadRequest &&
          e.message ===
            `error: the server doesn't have a resource type "${name}"; podtalk lists daemonsets, deployments, endpoints, endpointslices, events, namespaces, networkpolicies, nodes, pods, replicasets, services, statefulsets, servicecidrs, ipaddresses`,
      );
    });
  }
});

describe("formatLabels()", () => {
  it("sorts by key and prints <none> for no labels", () => {
    assert.equal(formatLabels({ tier: "be", app: "api" }), "app=api,tier=be");
    assert.equal(formatLabels({}), "<none>");
  });
});

import { strict as assert } from "node:assert";
import { ErrorCode, PodtalkError } from "../../lib/index.js";
import { apiCluster } from "./fixture.js";

/** The value of `Field:` in a describe text (tabs and padding as kubectl's tabwriter leaves them). */
function field(text: string, name: string): string {
  const line = text.split("\n").find((l) => l.trimStart().startsWith(`${name}:`));
  assert.ok(line, `no ${name}: line`);
  return line.slice(line.indexOf(":") + 1).trim();
}

describe("cluster.node() and cluster.nodes()", () => {
  it("agree with `describe node`: roles, podCIDR, addresses, taints, kubelet version", () => {
    const c = apiCluster();
    for (const n of c.nodes()) {
      const d = c.describe("node", n.name).toString();
      assert.equal(n.podCIDR, field(d, "PodCIDR"));
      assert.deepEqual(n.podCIDRs, [field(d, "PodCIDRs")]);
      assert.equal(n.addresses.internalIP, field(d, "InternalIP"));
      assert.equal(n.addresses.hostname, field(d, "Hostname"));
      assert.equal(n.kubeletVersion, field(d, "Kubelet Version"));
      assert.equal(n.roles.join(",") || "<none>", field(d, "Roles"));
      assert.equal(n.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`).join(",") || "<none>", field(d, "Taints"));
      assert.equal(n.ready, true);
    }
    assert.deepEqual(
      c.nodes().map((n) => n.name),
      c.get("nodes").column("NAME"),
    );
    assert.deepEqual(c.node("node-1").roles, ["control-plane"]);
    assert.equal(c.node("node-1").taints[0]!.key, "node-role.kubernetes.io/control-plane");
  });

  it("gives the zone when the cluster has zones", () => {
    const c = apiCluster({ zones: ["a", "b"] });
    assert.deepEqual(
      c.nodes().map((n) => n.zone),
      c.nodes().map((n) => n.labels["topology.kubernetes.io/zone"]),
    );
    assert.ok(c.nodes().every((n) => typeof n.zone === "string"));
    assert.equal(apiCluster().node("node-2").zone, undefined);
  });

  it("throws the NotFound that names the nodes there are", () => {
    const c = apiCluster();
    assert.throws(
      () => c.node("node-9"),
      (e: unknown) =>
        e instanceof PodtalkError &&
        e.code === ErrorCode.NotFound &&
        e.message === 'Error from server (NotFound): nodes "node-9" not found; nodes are node-1, node-2, node-3',
    );
  });

  it("are frozen copies", () => {
    const c = apiCluster();
    const n = c.node("node-2");
    assert.throws(() => {
      (n.addresses as { internalIP: string }).internalIP = "1.1.1.1";
    }, TypeError);
    assert.throws(() => (c.nodes() as unknown as unknown[]).pop(), TypeError);
  });
});

describe("cluster.service() and cluster.services()", () => {
  it("agree with `get services`: ClusterIP, ports, nodePorts", () => {
    const c = apiCluster();
    const s = c.service("api");
    const row = c.get("services").row("api")!;
    assert.equal(s.clusterIP, row["CLUSTER-IP"]);
    assert.deepEqual(s.clusterIPs, [row["CLUSTER-IP"]]);
    assert.equal(s.type, "NodePort");
    assert.equal(row["PORT(S)"], s.ports.map((p) => `${p.port}:${p.nodePort}/${p.protocol}`).join(","));
    assert.deepEqual(
      s.nodePorts,
      s.ports.map((p) => p.nodePort),
    );
    assert.deepEqual(
      s.ports.map((p) => [p.name, p.targetPort]),
      [
        ["http", "http"],
        ["metrics", 80],
      ],
    );
    assert.deepEqual(s.selector, { app: "api" });
    assert.equal(s.sessionAffinity, "None");
    assert.equal(s.trafficDistribution, undefined);
  });

  it("lists the endpoints of the EndpointSlices, per port, with their Pods and nodes", () => {
    const c = apiCluster();
    const s = c.service("api");
    const pods = c.pods({ selector: "app=api" });
    const slices = c.get("endpointslices").rows.filter((r) => r["NAME"]!.startsWith("api-"));
    assert.equal(slices.length, 1);
    assert.deepEqual(
      s.endpoints
        .filter((e) => e.portName === "http")
        .map((e) => e.ip)
        .sort(),
      slices[0]!["ENDPOINTS"]!.split(",").sort(),
    );
    for (const e of s.endpoints) {
      const p = pods.find((x) => x.name === e.pod)!;
      assert.equal(e.ip, p.ip);
      assert.equal(e.node, p.node);
      assert.equal(e.port, 80);
      assert.deepEqual([e.ready, e.serving, e.terminating], [true, true, false]);
    }
    assert.deepEqual([...new Set(s.endpoints.map((e) => e.portName))], ["http", "metrics"]);
  });

  it("shows a deleted Pod's endpoint as terminating, and a not-ready one as not ready", () => {
    const c = apiCluster();
    const [a, b] = c.pods({ selector: "app=api" });
    c.setReady(a!.name, false);
    c.deletePod(b!.name);
    const eps = c.service("api").endpoints.filter((e) => e.portName === "http");
    const byPod = new Map(eps.map((e) => [e.pod, e]));
    assert.equal(byPod.get(a!.name)!.ready, false);
    assert.equal(byPod.get(b!.name)!.terminating, true);
  });

  it("gives None for a headless Service, and lists Services by namespace and labels", () => {
    const c = apiCluster();
    c.apply("apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}");
    assert.equal(c.service("db").clusterIP, "None");
    assert.deepEqual(
      c.services().map((s) => s.name),
      c.get("services").column("NAME"),
    );
    assert.deepEqual(
      c.services({ selector: "team=core" }).map((s) => s.name),
      ["api"],
    );
    assert.equal(c.service("kube-dns", { namespace: "kube-system" }).clusterIP, c.get("services", { namespace: "kube-system" }).row("kube-dns")!["CLUSTER-IP"]);
  });

  it("throws get's NotFound with the Services there are", () => {
    const c = apiCluster();
    assert.throws(
      () => c.service("ap"),
      (e: unknown) =>
        e instanceof PodtalkError && e.message === 'Error from server (NotFound): services "ap" not found. Services in namespace "default" are api, kubernetes',
    );
  });

  it("is a frozen copy", () => {
    const c = apiCluster();
    const s = c.service("api");
    assert.throws(() => {
      (s.endpoints[0] as { ready: boolean }).ready = false;
    }, TypeError);
    assert.equal(c.service("api").endpoints[0]!.ready, true);
  });
});

/**
 * podtalk models Kubernetes v1.35 everywhere: every text that shows a version agrees with
 * lib/model/version.ts, and the wordings that changed up to v1.35 are v1.35's
 * (docs/fidelity.md, "Kubernetes version" has the sources).
 */
import { strict as assert } from "node:assert";
import { Cluster } from "../../lib/index.js";
import { IPVS_DEPRECATION, KUBEADM_IMAGES, KUBERNETES_VERSION, NODE_INFO } from "../../lib/model/version.js";

describe("Kubernetes version", () => {
  const c = new Cluster({ nodes: 2, seed: 1 });
  c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: nginx, image: nginx}]}\n");

  it("is v1.35.0", () => {
    assert.equal(KUBERNETES_VERSION, "v1.35.0");
  });

  it("is every node's VERSION in `get nodes` and its Kubelet Version in `describe node` (nodes said v1.32.0)", () => {
    assert.deepEqual(c.get("nodes").column("VERSION"), [KUBERNETES_VERSION, KUBERNETES_VERSION]);
    assert.match(String(c.describe("node", "node-2")), new RegExp(`Kubelet Version: +${KUBERNETES_VERSION.replaceAll(".", "\\.")}\\n`));
    assert.deepEqual(c.get("nodes").column("CONTAINER-RUNTIME"), [NODE_INFO.containerRuntime, NODE_INFO.containerRuntime]);
  });

  it("tags the control plane's and kube-proxy's images with it, and runs kubeadm v1.35's etcd 3.6.6 and CoreDNS v1.13.1", () => {
    const described = (name: string) => String(c.describe("pod", name, { namespace: "kube-system" }));
    assert.match(described("kube-apiserver-node-1"), /Image: +registry\.k8s\.io\/kube-apiserver:v1\.35\.0\n/);
    assert.match(described("etcd-node-1"), /Image: +registry\.k8s\.io\/etcd:3\.6\.6-0\n/);
    const proxy = c
      .get("pods", { namespace: "kube-system" })
      .column("NAME")
      .find((n) => n.startsWith("kube-proxy-"))!;
    assert.match(described(proxy), /Image: +registry\.k8s\.io\/kube-proxy:v1\.35\.0\n/);
    assert.equal(c.get("deployments", { namespace: "kube-system" }).row("coredns")?.["IMAGES"], KUBEADM_IMAGES.coredns);
    assert.equal(KUBEADM_IMAGES.coredns, "registry.k8s.io/coredns/coredns:v1.13.1");
  });

  it("words the kubelet's start events as v1.35 does (was `Created container nginx`)", () => {
    const messages = c
      .get("events")
      .rows.filter((r) => r["OBJECT"] === "pod/web")
      .map((r) => [r["REASON"], r["MESSAGE"]]);
    assert.deepEqual(messages.slice(1), [
      ["Pulled", 'Container image "nginx" already present on machine and can be accessed by the pod'],
      ["Created", "Container created"],
      ["Started", "Container started"],
    ]);
  });

  it("shows the container's field path before each kubelet message in `describe pod`, as kubectl v1.35 does", () => {
    const events = String(c.describe("pod", "web")).split("Events:")[1]!;
    assert.match(events, /kubelet +spec\.containers\{nginx\}: Container created\n/);
    assert.match(events, /default-scheduler +Successfully assigned default\/web to node-2\n/);
  });

  it("warns on every node that IPVS is deprecated when kube-proxy runs in ipvs mode, and only then (KEP-5495)", () => {
    const ipvs = new Cluster({ nodes: 2, seed: 1, proxyMode: "ipvs" });
    const warnings = (cluster: Cluster) =>
      cluster
        .get("events")
        .rows.filter((r) => r["REASON"] === "IPVSDeprecation")
        .map((r) => [r["TYPE"], r["OBJECT"], r["SOURCE"], r["MESSAGE"]]);
    assert.deepEqual(warnings(ipvs), [
      ["Warning", "node/node-1", "kube-proxy, node-1", IPVS_DEPRECATION],
      ["Warning", "node/node-2", "kube-proxy, node-2", IPVS_DEPRECATION],
    ]);
    assert.match(String(ipvs.describe("node", "node-2")), /Warning +IPVSDeprecation +\S+ +kube-proxy +The ipvs proxier is now deprecated/);
    assert.deepEqual(warnings(c), []);
  });

  it("logs the deprecation in the kube-proxy Pods of an ipvs cluster, as kube-proxy v1.35's createProxier does", () => {
    const ipvs = new Cluster({ nodes: 2, seed: 1, proxyMode: "ipvs" });
    const proxies = ipvs
      .get("pods", { namespace: "kube-system" })
      .column("NAME")
      .filter((n) => n.startsWith("kube-proxy-"));
    assert.equal(proxies.length, 2);
    for (const name of proxies) {
      assert.deepEqual(ipvs.logs(name, { namespace: "kube-system" }).lines, [
        'I0106 09:00:00.217169       1 server_linux.go:193] "Using ipvs Proxier"',
        `E0106 09:00:00.217225       1 server_linux.go:195] "${IPVS_DEPRECATION}"`,
      ]);
    }
    const proxy = c
      .get("pods", { namespace: "kube-system" })
      .column("NAME")
      .find((n) => n.startsWith("kube-proxy-"))!;
    assert.deepEqual(c.logs(proxy, { namespace: "kube-system" }).lines, ['I0106 09:00:00.217169       1 server_linux.go:136] "Using iptables Proxier"']);
  });

  it("names the deprecation where the cluster shows its proxy mode (the topology's title)", () => {
    assert.match(
      String(new Cluster({ nodes: 2, seed: 1, proxyMode: "ipvs" })),
      /^Cluster: 2 nodes · 0 Pods · 0 Services · flannel-vxlan · kube-proxy ipvs \(deprecated in v1\.35\)\n/,
    );
    assert.match(String(new Cluster({ nodes: 2, seed: 1 })), /· kube-proxy iptables\n/);
  });

  it("leaves the Kube-Proxy Version of `describe node` empty: the kubelet no longer fills the deprecated field (KEP-4004)", () => {
    assert.match(String(c.describe("node", "node-1")), /\n  Kubelet Version: +v1\.35\.0\n  Kube-Proxy Version: +\nPodCIDR:/);
  });
});

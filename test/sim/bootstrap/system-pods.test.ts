/**
 * The system Pods of a kubeadm + flannel cluster: the control plane's static Pods, kube-proxy and
 * kube-flannel on every node, all on the node's own network.
 * @see https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/
 */
import { strict as assert } from "node:assert";
import { describe as describeObject } from "../../../lib/render/index.js";
import { Simulation, intToIp } from "../../../lib/sim/index.js";
import { deployment } from "../internal/fixtures.js";

describe("system Pods", () => {
  const sim = new Simulation({ nodes: 3, seed: 1 });

  it("runs etcd, kube-apiserver, kube-controller-manager and kube-scheduler as static Pods named after node-1, at node-1's address", () => {
    for (const c of ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
      const p = sim.pod("kube-system", `${c}-node-1`);
      assert.ok(p, c);
      assert.equal(p.nodeName, "node-1");
      assert.equal(intToIp(p.podIP!), "172.18.0.2");
      assert.equal(p.phase, "Running");
    }
  });

  it("runs one kube-proxy-<5 chars> per node in kube-system and one kube-flannel-ds-<5 chars> per node in kube-flannel", () => {
    const perNode = (ns: string, prefix: string) =>
      sim
        .pods(ns)
        .filter((p) => p.name.startsWith(prefix))
        .map((p) => {
          assert.match(p.name, new RegExp(`^${prefix}[a-z0-9]{5}$`));
          assert.equal(intToIp(p.podIP!), intToIp(sim.node(p.nodeName!)!.internalIP), "hostNetwork: the node's IP");
          return p.nodeName;
        })
        .sort();
    assert.deepEqual(perNode("kube-system", "kube-proxy-"), ["node-1", "node-2", "node-3"]);
    assert.deepEqual(perNode("kube-flannel", "kube-flannel-ds-"), ["node-1", "node-2", "node-3"]);
    assert.ok(sim.namespaces().some((n) => n.name === "kube-flannel"));
  });

  it("describes kube-proxy as controlled by its DaemonSet, with its service account and system-node-critical priority", () => {
    const proxy = sim.pods("kube-system").find((p) => p.name.startsWith("kube-proxy-"))!;
    const out = describeObject(sim, "pod", proxy.name, "kube-system");
    assert.match(out, /\nPriority: +2000001000\nPriority Class Name: +system-node-critical\nService Account: +kube-proxy\n/);
    assert.match(out, /\nControlled By: +DaemonSet\/kube-proxy\n/);
    assert.match(describeObject(sim, "pod", "etcd-node-1", "kube-system"), /\nControlled By: +Node\/node-1\n/);
  });

  it("leaves the names a notebook's Pods get as they were: the system Pods draw from their own random stream", () => {
    const a = new Simulation({ nodes: 3, seed: 1 });
    a.apply(deployment("api", 3));
    // The suffixes the course's Pods have had since before the system Pods existed.
    assert.deepEqual(
      a
        .pods("default")
        .map((p) => p.name.slice(-5))
        .sort(),
      ["2zz2b", "pksd8", "xw4tk"],
    );
  });

  it("are left out with systemPods: false", () => {
    const bare = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    assert.deepEqual(bare.pods("kube-system"), []);
    assert.deepEqual(bare.pods("kube-flannel"), []);
  });
});

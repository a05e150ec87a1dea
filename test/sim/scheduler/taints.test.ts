/**
 * kubeadm's control-plane taint, tolerations, nodeSelector and host ports as the scheduler's
 * filters see them, and the FailedScheduling message a Pod that fits nowhere gets.
 * @see https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/create-cluster-kubeadm/#control-plane-node-isolation
 */
import { strict as assert } from "node:assert";
import { Simulation, intToIp } from "../../../lib/sim/index.js";
import { describe as describeObject } from "../../../lib/render/index.js";
import { deployment, podWith } from "../internal/fixtures.js";

const TAINT = "{node-role.kubernetes.io/control-plane: }";
const whoami = [{ name: "app", image: "traefik/whoami:v1.10" }];

function failedScheduling(sim: Simulation, pod: string): string[] {
  return sim
    .events()
    .filter((e) => e.object === `pod/${pod}` && e.reason === "FailedScheduling")
    .map((e) => e.message);
}

describe("the control-plane taint", () => {
  it("keeps user Pods off node-1 and puts both CoreDNS Pods there, at 10.244.0.2 and .3", () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.apply(deployment("api", 6));
    assert.deepEqual(
      sim
        .pods("default")
        .map((p) => p.nodeName)
        .filter((n) => n === "node-1"),
      [],
    );
    const dns = sim.pods("kube-system").filter((p) => p.name.startsWith("coredns-"));
    assert.deepEqual(
      dns.map((p) => p.nodeName),
      ["node-1", "node-1"],
    );
    assert.deepEqual(dns.map((p) => intToIp(p.podIP!)).sort(), ["10.244.0.2", "10.244.0.3"]);
  });

  it("shows on describe node as `Taints: node-role.kubernetes.io/control-plane:NoSchedule`, and workers have none", () => {
    const sim = new Simulation({ nodes: 2, seed: 1 });
    assert.match(describeObject(sim, "node", "node-1"), /\nTaints: +node-role\.kubernetes\.io\/control-plane:NoSchedule\n/);
    assert.match(describeObject(sim, "node", "node-2"), /\nTaints: +<none>\n/);
  });

  it("is off on a one-node cluster (as kind's single node, or kubeadm's docs after removing it) and can be turned on or off", () => {
    const single = new Simulation({ nodes: 1, seed: 1 });
    single.apply(deployment("api", 1));
    assert.equal(single.pods("default")[0]!.nodeName, "node-1");
    const tainted = new Simulation({ nodes: 1, seed: 1, controlPlaneTaint: true });
    tainted.apply(podWith("lonely", whoami));
    assert.equal(tainted.pod("default", "lonely")!.phase, "Pending");
    assert.deepEqual(failedScheduling(tainted, "lonely"), [
      `0/1 nodes are available: 1 node(s) had untolerated taint ${TAINT}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.`,
    ]);
    assert.throws(() => new Simulation({ controlPlaneTaint: "yes" as unknown as boolean }), /Invalid controlPlaneTaint yes: use true or false/);
  });

  it("lets a Pod pinned with nodeName run on the control plane: the kubelet does not check NoSchedule", () => {
    const sim = new Simulation({ nodes: 2, seed: 1 });
    sim.apply(podWith("pinned", whoami, { spec: { nodeName: "node-1" } }));
    const p = sim.pod("default", "pinned")!;
    assert.equal(p.nodeName, "node-1");
    assert.equal(p.phase, "Running");
  });

  it("lets a Pod that tolerates the taint use node-1 (Exists or Equal with the empty value)", () => {
    for (const toleration of [
      { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
      { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
      { operator: "Exists" },
    ]) {
      const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
      sim.apply([podWith("a", whoami, { spec: { tolerations: [toleration] } }), podWith("b", whoami, { spec: { tolerations: [toleration] } })]);
      assert.deepEqual(
        sim
          .pods("default")
          .map((p) => p.nodeName)
          .sort(),
        ["node-1", "node-2"],
        JSON.stringify(toleration),
      );
    }
  });

  it("is not tolerated by a toleration for another effect or value", () => {
    for (const toleration of [
      { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoExecute" },
      { key: "node-role.kubernetes.io/control-plane", value: "true" },
    ]) {
      const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
      sim.apply([podWith("a", whoami, { spec: { tolerations: [toleration] } }), podWith("b", whoami, { spec: { tolerations: [toleration] } })]);
      assert.deepEqual(
        sim.pods("default").map((p) => p.nodeName),
        ["node-2", "node-2"],
        JSON.stringify(toleration),
      );
    }
  });
});

describe("nodeSelector and node labels", () => {
  it("places a Pod by kubernetes.io/hostname, and one whose selector no node matches stays Pending with kube-scheduler's words", () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.apply([
      podWith("on-3", whoami, { spec: { nodeSelector: { "kubernetes.io/hostname": "node-3" } } }),
      podWith("linux", whoami, { spec: { nodeSelector: { "kubernetes.io/os": "linux" } } }),
      podWith("ssd", whoami, { spec: { nodeSelector: { disk: "ssd" } } }),
    ]);
    assert.equal(sim.pod("default", "on-3")!.nodeName, "node-3");
    assert.notEqual(sim.pod("default", "linux")!.nodeName, "node-1");
    assert.equal(sim.pod("default", "ssd")!.phase, "Pending");
    assert.deepEqual(failedScheduling(sim, "ssd"), [
      `0/3 nodes are available: 1 node(s) had untolerated taint ${TAINT}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    ]);
  });

  it("describes the Pending Pod as kubectl does: selectors, IPs <none>, only PodScheduled, the event", () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.apply(podWith("ssd", whoami, { spec: { nodeSelector: { disk: "ssd", zone: "a" } } }));
    const out = describeObject(sim, "pod", "ssd");
    assert.match(out, /\nNode-Selectors: +disk=ssd\n +zone=a\n/);
    assert.match(out, /\nIPs: +<none>\n/);
    assert.match(out, /Warning +FailedScheduling +0s +default-scheduler +0\/3 nodes are available: /);
  });
});

describe("host ports (NodePorts filter)", () => {
  it("leaves a third replica asking for hostPort 8080 Pending on two workers", () => {
    const sim = new Simulation({ nodes: 3, seed: 1, systemPods: false });
    sim.apply({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "hp" },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: "hp" } },
        template: {
          metadata: { labels: { app: "hp" } },
          spec: { containers: [{ name: "web", image: "nginx:1.27", ports: [{ containerPort: 80, hostPort: 8080 }] }] },
        },
      },
    });
    const pods = sim.pods("default");
    assert.deepEqual(pods.map((p) => p.nodeName ?? "-").sort(), ["-", "node-2", "node-3"]);
    const pending = pods.find((p) => p.nodeName === undefined)!;
    assert.deepEqual(failedScheduling(sim, pending.name), [
      `0/3 nodes are available: 1 node(s) had untolerated taint ${TAINT}, 2 node(s) didn't have free ports for the requested pod ports. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    ]);
  });
});

describe("describe of the system Pods", () => {
  it("shows CoreDNS as Burstable with system-cluster-critical priority, its requests and limits and its tolerations", () => {
    const sim = new Simulation({ nodes: 2, seed: 1 });
    const dns = sim.pods("kube-system").find((p) => p.name.startsWith("coredns-"))!;
    const out = describeObject(sim, "pod", dns.name, "kube-system");
    assert.match(out, /\nPriority: +2000000000\nPriority Class Name: +system-cluster-critical\nService Account: +coredns\n/);
    assert.match(out, /\n {4}Limits:\n {6}memory: +170Mi\n {4}Requests:\n {6}cpu: +100m\n {6}memory: +70Mi\n/);
    assert.match(out, /\nQoS Class: +Burstable\nNode-Selectors: +kubernetes\.io\/os=linux\n/);
    assert.match(
      out,
      /\nTolerations: +CriticalAddonsOnly op=Exists\n +node-role\.kubernetes\.io\/control-plane:NoSchedule\n +node\.kubernetes\.io\/not-ready:NoExecute op=Exists for 300s\n +node\.kubernetes\.io\/unreachable:NoExecute op=Exists for 300s\n/,
    );
  });
});

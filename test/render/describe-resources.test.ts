/**
 * kubectl describe's sections about scheduling and resources, and the details kubectl prints
 * (pkg/describe/describe.go): node taints, conditions, capacity and the Pods' requests, a
 * Deployment's revision and conditions, an ExternalName Service without a traffic policy.
 */
import { strict as assert } from "node:assert";
import { describe as describeObject } from "../../lib/render/index.js";
import { Simulation } from "../../lib/sim/index.js";
import { deployment, serviceWith } from "../sim/internal/fixtures.js";

describe("describe node: conditions, capacity, requests", () => {
  const sim = new Simulation({ nodes: 2, seed: 1 });
  const out = describeObject(sim, "node", "node-1");

  it("lists the five node conditions with kubelet's and flannel's reasons, Ready True", () => {
    assert.match(out, /\nConditions:\n {2}Type +Status +LastHeartbeatTime +LastTransitionTime +Reason +Message\n/);
    for (const [type, status, reason] of [
      ["NetworkUnavailable", "False", "FlannelIsUp"],
      ["MemoryPressure", "False", "KubeletHasSufficientMemory"],
      ["DiskPressure", "False", "KubeletHasNoDiskPressure"],
      ["PIDPressure", "False", "KubeletHasSufficientPID"],
      ["Ready", "True", "KubeletReady"],
    ]) {
      assert.match(out, new RegExp(`\\n {2}${type} +${status} +.+ \\+0000 +.+ \\+0000 +${reason} +`), type);
    }
  });

  it("prints Capacity and Allocatable with pods 110", () => {
    assert.match(out, /\nCapacity:\n {2}cpu: +4\n(.*\n){4} {2}pods: +110\nAllocatable:\n {2}cpu: +4\n/);
  });

  it("gives each Pod its CPU and memory requests and limits, and totals them", () => {
    assert.match(out, /\n {2}Namespace +Name +CPU Requests +CPU Limits +Memory Requests +Memory Limits +Age\n/);
    assert.match(out, /\n {2}kube-system +coredns-\S+ +100m \(2%\) +0 \(0%\) +70Mi \(0%\) +170Mi \(2%\) +10m\n/);
    assert.match(out, /\n {2}cpu +200m \(5%\) +0 \(0%\)\n {2}memory +140Mi \(1%\) +340Mi \(4%\)\n/);
  });
});

describe("describe deployment: revision and conditions", () => {
  it("shows `deployment.kubernetes.io/revision: 1`, then 2 after a new template, and Available/Progressing", () => {
    const sim = new Simulation({ nodes: 3, seed: 1, systemPods: false });
    sim.apply(deployment("api", 2));
    const first = describeObject(sim, "deployment", "api");
    assert.match(first, /\nAnnotations: +deployment\.kubernetes\.io\/revision: 1\n/);
    assert.match(
      first,
      /\nConditions:\n {2}Type +Status +Reason\n {2}---- +------ +------\n {2}Available +True +MinimumReplicasAvailable\n {2}Progressing +True +NewReplicaSetAvailable\n/,
    );
    sim.apply(deployment("api", 2, { port: 9090 }));
    assert.match(describeObject(sim, "deployment", "api"), /\nAnnotations: +deployment\.kubernetes\.io\/revision: 2\n/);
  });
});

describe("describe service: ExternalName", () => {
  it("prints no Internal Traffic Policy line (the API server defaults it only for ClusterIP, NodePort, LoadBalancer)", () => {
    const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    sim.apply(serviceWith("database", { type: "ExternalName", externalName: "db.example.com" }));
    const out = describeObject(sim, "svc", "database");
    assert.match(out, /External Name: +db\.example\.com\n/);
    assert.ok(!out.includes("Internal Traffic Policy"), out);
  });
});

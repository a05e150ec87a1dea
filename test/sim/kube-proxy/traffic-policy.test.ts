/**
 * `internalTrafficPolicy: Local`: ClusterIP traffic only goes to endpoints on the client's node
 * (kube-proxy's KUBE-SVL chain, or IPVS real servers of that node); with none, iptables mode drops
 * the packet (the client times out) and IPVS mode has no real server to give it to (refused).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service-traffic-policy/
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier.go
 */
import { strict as assert } from "node:assert";
import { Simulation, intToIp } from "../../../lib/sim/index.js";
import { buildServiceRules, iptablesMode } from "../../../lib/sim/kube-proxy/iptables.js";
import { exec } from "../internal/scenario.js";
import { describe as describeObject, getTable } from "../../../lib/render/index.js";
import { pinnedDeployment, pod, podWith, serviceWith, whoamiContainer } from "../internal/fixtures.js";

function localCluster(proxyMode: "iptables" | "ipvs"): Simulation {
  const sim = new Simulation({ nodes: 3, seed: 1, proxyMode, systemPods: false });
  sim.apply([
    pinnedDeployment("api", 2, "node-2", [whoamiContainer()]),
    pod("client-1", { nodeName: "node-1" }),
    pod("client-2", { nodeName: "node-2" }),
    serviceWith("local", { internalTrafficPolicy: "Local", selector: { app: "api" }, ports: [{ port: 80, targetPort: 8080 }] }),
  ]);
  return sim;
}

describe("internalTrafficPolicy: Local (iptables mode)", () => {
  const sim = localCluster("iptables");
  const svc = sim.service("default", "local")!;

  it("jumps from KUBE-SERVICES to a KUBE-SVL chain listing only the node's endpoints", () => {
    const rules = buildServiceRules(sim, svc, 0, sim.node("node-2")!);
    assert.match(rules.serviceRule.text, / -j KUBE-SVL-[A-Z2-7]{16}$/);
    assert.equal(rules.localEndpoints.length, 2);
    for (const e of rules.localEndpoints) assert.equal(e.endpoint.nodeName, "node-2");
    assert.equal(buildServiceRules(sim, svc, 0, sim.node("node-1")!).localEndpoints.length, 0);
  });

  it("on a node without endpoints writes a filter DROP saying `has no local endpoints`, and the client times out", () => {
    const rules = buildServiceRules(sim, svc, 0, sim.node("node-1")!);
    assert.equal(
      rules.rejectRule?.text,
      `-A KUBE-SERVICES -d ${intToIp(svc.clusterIP!)}/32 -p tcp -m comment --comment "default/local has no local endpoints" -m tcp --dport 80 -j DROP`,
    );
    const t = exec(sim, "client-1", "curl -s -m 2 http://local/");
    assert.equal(t.exitCode, 28);
    assert.equal(t.hops.at(-1)!.verdict, "dropped");
    assert.match(t.hops.at(-1)!.summary, /internalTrafficPolicy: Local/);
    assert.equal(t.hops.at(-1)!.rule, rules.rejectRule!.text);
  });

  it("serves a client on a node with endpoints from that node only", () => {
    for (let i = 0; i < 10; i++) {
      const t = exec(sim, "client-2", "curl -s http://local/");
      assert.equal(t.exitCode, 0);
      assert.equal(sim.pod("default", t.servedBy!.pod)!.nodeName, "node-2");
    }
  });
});

describe("internalTrafficPolicy: Local (IPVS mode)", () => {
  const sim = localCluster("ipvs");

  it("gives node-1's virtual server no real servers, so the client is refused at once", () => {
    const t = exec(sim, "client-1", "curl -s http://local/");
    assert.equal(t.exitCode, 7);
    assert.equal(t.hops.at(-1)!.verdict, "rejected");
    assert.match(t.hops.at(-1)!.summary, /no real server on node-1/);
  });

  it("serves node-2's client from node-2's endpoints", () => {
    const t = exec(sim, "client-2", "curl -s http://local/");
    assert.equal(t.exitCode, 0);
    assert.equal(sim.pod("default", t.servedBy!.pod)!.nodeName, "node-2");
  });
});

describe("type: LoadBalancer with externalTrafficPolicy: Local", () => {
  function lbCluster(proxyMode: "iptables" | "ipvs"): Simulation {
    const sim = new Simulation({ nodes: 3, seed: 1, proxyMode, systemPods: false });
    sim.apply([
      pinnedDeployment("api", 2, "node-2", [whoamiContainer()]),
      pod("client-1", { nodeName: "node-1" }),
      pod("client-2", { nodeName: "node-2" }),
      podWith("host-3", [{ name: "main", image: "nicolaka/netshoot", command: ["sleep", "infinity"] }], { spec: { nodeName: "node-3", hostNetwork: true } }),
      serviceWith("lb", { type: "LoadBalancer", externalTrafficPolicy: "Local", selector: { app: "api" }, ports: [{ port: 80, targetPort: 8080 }] }),
    ]);
    return sim;
  }

  it("is accepted with a nodePort and a healthCheckNodePort, EXTERNAL-IP <pending>, and describe shows both policies", () => {
    const sim = lbCluster("iptables");
    const svc = sim.service("default", "lb")!;
    assert.equal(svc.type, "LoadBalancer");
    assert.ok(svc.nodePorts[0]! >= 30000 && svc.nodePorts[0]! <= 32767);
    assert.ok(svc.healthCheckNodePort! >= 30000 && svc.healthCheckNodePort !== svc.nodePorts[0]);
    const row = getTable(sim, "services").row("lb")!;
    assert.equal(row["EXTERNAL-IP"], "<pending>");
    assert.equal(row["PORT(S)"], `80:${svc.nodePorts[0]}/TCP`);
    const d = describeObject(sim, "service", "lb");
    assert.match(d, /\nExternal Traffic Policy: +Local\nHealthCheck NodePort: +\d+\nInternal Traffic Policy: +Cluster\n/);
  });

  it("iptables: another host reaching node-2 keeps its source address (no masquerade) and gets node-2's Pods", () => {
    const sim = lbCluster("iptables");
    const np = sim.service("default", "lb")!.nodePorts[0]!;
    const t = exec(sim, "host-3", `curl -s http://172.18.0.3:${np}/`);
    assert.equal(t.exitCode, 0);
    assert.match(t.stdout, /\nRemoteAddr: 172\.18\.0\.4:\d+\n/);
    assert.match(t.hops.find((h) => h.kind === "kube-proxy")!.rule!, /-j KUBE-SVL-/);
  });

  it("iptables: a node without local endpoints drops another host's NodePort traffic (KUBE-EXTERNAL-SERVICES DROP)", () => {
    const sim = lbCluster("iptables");
    const np = sim.service("default", "lb")!.nodePorts[0]!;
    const t = exec(sim, "host-3", `curl -s -m 2 http://172.18.0.2:${np}/`);
    assert.equal(t.exitCode, 28);
    assert.equal(
      t.hops.at(-1)!.rule,
      `-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/lb has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport ${np} -j DROP`,
    );
  });

  // kube-proxy still captures the NodePort there (the Service has endpoints elsewhere), and KUBE-EXT's
  // first rules short-circuit Pod and local traffic to every endpoint, as TestOverallIPTablesRules'
  // ns2/svc2 expects (pkg/proxy/iptables/proxier_test.go).
  it("iptables: a node without local endpoints still sends its own Pods' NodePort traffic to every endpoint, source kept", () => {
    const sim = lbCluster("iptables");
    const np = sim.service("default", "lb")!.nodePorts[0]!;
    const t = exec(sim, "client-1", `curl -s http://172.18.0.2:${np}/`);
    assert.equal(t.exitCode, 0);
    assert.equal(sim.pod("default", t.servedBy!.pod)!.nodeName, "node-2");
    assert.match(t.stdout, /\nRemoteAddr: 10\.244\.0\.\d+:\d+\n/);
    assert.match(t.hops.find((h) => h.kind === "kube-proxy")!.rule!, /"pod traffic for default\/lb external destinations" -j KUBE-SVC-/);
  });

  it("iptables: a node without local endpoints writes the NodePort's KUBE-NODEPORTS rules and a KUBE-EXT chain without its KUBE-SVL jump", () => {
    const sim = lbCluster("iptables");
    const text = iptablesMode.render(iptablesMode.build(sim, sim.node("node-1")!));
    const np = sim.service("default", "lb")!.nodePorts[0]!;
    assert.match(text, new RegExp(`\\n-A KUBE-NODEPORTS -p tcp -m comment --comment "default/lb" -m tcp --dport ${np} -j KUBE-EXT-`));
    assert.match(
      text,
      /\n-A KUBE-EXT-\w+ -m comment --comment "route LOCAL traffic for default\/lb external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-/,
    );
    assert.doesNotMatch(text, /\n-A KUBE-EXT-\w+ -j KUBE-SVL-/);
  });

  it("iptables: a Pod on another node arrives masqueraded by flannel, so node-2 keeps node-1's address and uses KUBE-SVL", () => {
    const sim = lbCluster("iptables");
    const np = sim.service("default", "lb")!.nodePorts[0]!;
    const t = exec(sim, "client-1", `curl -s http://172.18.0.3:${np}/`);
    assert.equal(t.exitCode, 0);
    assert.match(t.stdout, /\nRemoteAddr: 172\.18\.0\.2:\d+\n/);
    assert.match(t.hops.find((h) => h.kind === "kube-proxy")!.rule!, /-j KUBE-SVL-/);
  });

  it("iptables: a Pod on the node itself matches `-s <clusterCIDR>`: KUBE-SVC, source kept", () => {
    const sim = lbCluster("iptables");
    const np = sim.service("default", "lb")!.nodePorts[0]!;
    const t = exec(sim, "client-2", `curl -s http://172.18.0.3:${np}/`);
    assert.equal(t.exitCode, 0);
    assert.match(t.stdout, /\nRemoteAddr: 10\.244\.1\.\d+:\d+\n/);
    assert.match(t.hops.find((h) => h.kind === "kube-proxy")!.rule!, /"pod traffic for default\/lb external destinations" -j KUBE-SVC-/);
  });

  it("gets no nodePort with allocateLoadBalancerNodePorts: false", () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    sim.apply([serviceWith("lb", { type: "LoadBalancer", allocateLoadBalancerNodePorts: false, selector: { app: "api" }, ports: [{ port: 80 }] })]);
    assert.equal(getTable(sim, "services").row("lb")!["PORT(S)"], "80/TCP");
  });

  it("IPVS: a node without local real servers refuses the NodePort", () => {
    const sim = lbCluster("ipvs");
    const np = sim.service("default", "lb")!.nodePorts[0]!;
    assert.equal(exec(sim, "client-1", `curl -s http://172.18.0.2:${np}/`).exitCode, 7);
  });
});

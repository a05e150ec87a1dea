/**
 * Behaviours of kube-proxy that its own packet-flow tests pin (pkg/proxy/iptables/proxier_test.go)
 * and podtalk once got wrong, seen as a learner sees them: what curl prints and what the trace says.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier_test.go
 */
import { strict as assert } from "node:assert";
import { Simulation, intToIp } from "../../../lib/sim/index.js";
import { exec } from "../internal/scenario.js";
import { podWith, serviceWith, toolsContainer, whoamiContainer } from "../internal/fixtures.js";

function cluster(proxyMode: "iptables" | "ipvs" = "iptables"): Simulation {
  const sim = new Simulation({ nodes: 2, seed: 1, proxyMode, systemPods: false });
  sim.apply([
    podWith("api-1", [whoamiContainer(), toolsContainer("tools")], { labels: { app: "api" }, spec: { nodeName: "node-1" } }),
    podWith("api-2", [whoamiContainer()], { labels: { app: "api" }, spec: { nodeName: "node-2" } }),
    podWith("host-1", [toolsContainer()], { spec: { nodeName: "node-1", hostNetwork: true } }),
    serviceWith("api", { type: "NodePort", selector: { app: "api" }, ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] }),
    serviceWith("solo", { selector: { solo: "yes" }, ports: [{ port: 80, targetPort: 8080 }] }),
  ]);
  return sim;
}

/** The ClusterIP of Service api (hostNetwork Pods resolve names with the node's resolv.conf). */
function apiIP(sim: Simulation): string {
  return intToIp(sim.service("default", "api")!.clusterIP!);
}

describe("kube-proxy behaviours from its packet-flow tests", () => {
  // TestClusterIPGeneral "hairpin to cluster IP": the KUBE-SEP chain's `-s <endpoint>` rule marks it.
  it("masquerades a Pod that reaches itself through its Service to cni0's address (hairpin)", () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    sim.apply([
      podWith("api-1", [whoamiContainer(), toolsContainer("tools")], { labels: { app: "api" } }),
      serviceWith("api", { selector: { app: "api" }, ports: [{ port: 80, targetPort: 8080 }] }),
    ]);
    const t = exec(sim, "api-1", "curl -s http://api/", "tools");
    assert.equal(t.exitCode, 0);
    assert.match(t.stdout, /\nRemoteAddr: 10\.244\.0\.1:\d+\n/);
    const snat = t.hops.find((h) => h.kind === "kube-proxy" && h.change?.startsWith("SNAT"));
    assert.match(snat!.summary, /^The endpoint is api-1 itself \(hairpin\)/);
  });

  it("keeps the source of a Pod that reaches another Pod through the Service", () => {
    const sim = cluster();
    for (let i = 0; i < 6; i++) {
      const t = exec(sim, "api-1", "curl -s http://api/", "tools");
      if (t.servedBy!.pod === "api-2") return assert.match(t.stdout, /\nRemoteAddr: 10\.244\.0\.\d+:\d+\n/);
    }
    assert.fail("api-2 never answered");
  });

  // TestNodePorts "localhost to nodePort gets masqueraded", TestInternalExternalMasquerade "localhost to NodePort".
  it("iptables: answers a NodePort on 127.0.0.1 for the node's own processes, through the -d 127.0.0.0/8 rule, masqueraded", () => {
    const sim = cluster();
    const t = exec(sim, "host-1", "curl -s http://127.0.0.1:30080/");
    assert.equal(t.exitCode, 0);
    assert.match(t.stdout, /^Hostname: api-[12]\n/);
    assert.doesNotMatch(t.stdout, /\nRemoteAddr: 127\.0\.0\.1:/);
    const dnat = t.hops.find((h) => h.kind === "kube-proxy")!;
    assert.match(
      dnat.rule!,
      /^-A KUBE-NODEPORTS -d 127\.0\.0\.0\/8 -p tcp -m comment --comment "default\/api" -m tcp --dport 30080 -m nfacct --nfacct-name {2}localhost_nps_accepted_pkts -j KUBE-EXT-/,
    );
    assert.ok(t.hops.some((h) => h.kind === "kube-proxy" && h.change?.startsWith("SNAT 127.0.0.1:")));
  });

  it("iptables: a Pod's own 127.0.0.1 is still its own loopback, NodePort or not", () => {
    const sim = cluster();
    assert.equal(exec(sim, "api-1", "curl -s http://127.0.0.1:30080/", "tools").exitCode, 7);
  });

  it("IPVS: NodePorts do not answer on 127.0.0.1 (connection refused)", () => {
    const sim = cluster("ipvs");
    assert.equal(exec(sim, "host-1", "curl -s http://127.0.0.1:30080/").exitCode, 7);
  });

  // TestTracePacket "ACCEPT (NodePortHealthCheck)", TestHealthCheckNodePort.
  it("answers a healthCheckNodePort with kube-proxy's JSON: 200 where the Service has ready endpoints, 503 elsewhere", () => {
    const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    sim.apply([
      podWith("api-2", [whoamiContainer()], { labels: { app: "api" }, spec: { nodeName: "node-2" } }),
      podWith("host-1", [toolsContainer()], { spec: { nodeName: "node-1", hostNetwork: true } }),
      serviceWith("lb", {
        type: "LoadBalancer",
        externalTrafficPolicy: "Local",
        healthCheckNodePort: 32000,
        selector: { app: "api" },
        ports: [{ port: 80, targetPort: 8080 }],
      }),
    ]);
    const here = exec(sim, "host-1", "curl -si http://172.18.0.3:32000/");
    assert.equal(here.exitCode, 0);
    assert.match(
      here.stdout,
      /^HTTP\/1\.1 200 OK\r\nContent-Type: application\/json\r\nX-Content-Type-Options: nosniff\r\nX-Load-Balancing-Endpoint-Weight: 1\r\nDate: .+\r\nContent-Length: 113\r\n\r\n/,
    );
    assert.ok(
      here.stdout.endsWith('{\n\t"service": {\n\t\t"namespace": "default",\n\t\t"name": "lb"\n\t},\n\t"localEndpoints": 1,\n\t"serviceProxyHealthy": true\n}'),
    );
    const hop = here.hops.find((h) => h.kind === "kube-proxy")!;
    assert.equal(hop.rule, '-A KUBE-NODEPORTS -p tcp -m comment --comment "default/lb health check node port" -m tcp --dport 32000 -j ACCEPT');
    const there = exec(sim, "host-1", "curl -s -w '%{http_code}' http://172.18.0.2:32000/");
    assert.match(there.stdout, /"localEndpoints": 0,\n\t"serviceProxyHealthy": true\n}503$/);
    assert.equal(exec(sim, "host-1", "curl -sf http://172.18.0.2:32000/").exitCode, 22);
  });

  it("answers a healthCheckNodePort on 127.0.0.1 too in iptables mode, and BusyBox wget fails on its 503", () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    sim.apply([
      podWith("bb", [{ name: "main", image: "busybox:1.36", command: ["sleep", "infinity"] }], { spec: { hostNetwork: true } }),
      serviceWith("lb", { type: "LoadBalancer", externalTrafficPolicy: "Local", healthCheckNodePort: 32000, selector: { app: "none" }, ports: [{ port: 80 }] }),
    ]);
    const t = exec(sim, "bb", "wget -qO- http://127.0.0.1:32000/");
    assert.equal(t.exitCode, 1);
    assert.equal(t.stdout, "");
    assert.equal(t.stderr, "wget: server returned error: HTTP/1.1 503 Service Unavailable\n");
  });

  // TestTerminatingEndpointsTrafficPolicyCluster "only terminating endpoints exist" (ProxyTerminatingEndpoints, GA in 1.28).
  // (podtalk's Pods stop listening as soon as they are Terminating, so the Pod itself then resets the connection.)
  it("sends new connections to Pods that are terminating but still ready when no endpoint is ready, rather than refusing them", () => {
    const sim = cluster();
    sim.deletePod("api-1");
    sim.deletePod("api-2");
    const t = exec(sim, "host-1", `curl -s http://${apiIP(sim)}/`);
    const dnat = t.hops.find((h) => h.kind === "kube-proxy")!;
    assert.equal(dnat.verdict, "translated");
    assert.match(dnat.summary, / picks api-[12] at random among 2 terminating endpoints still serving \(none is ready\)$/);
  });

  it("lets a terminating Pod whose process ignores SIGTERM (python -m http.server as PID 1) answer until it is killed", () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    sim.apply([
      podWith("py", [{ name: "web", image: "python:3.12", command: ["python", "-m", "http.server", "8080"] }], { labels: { app: "py" } }),
      podWith("host-1", [toolsContainer()], { spec: { hostNetwork: true } }),
      serviceWith("py", { selector: { app: "py" }, ports: [{ port: 80, targetPort: 8080 }] }),
    ]);
    sim.deletePod("py");
    const t = exec(sim, "host-1", `curl -s http://${intToIp(sim.service("default", "py")!.clusterIP!)}/`);
    assert.equal(t.exitCode, 0);
    assert.equal(t.servedBy!.pod, "py");
  });

  it("says why a terminating endpoint reached through its Service resets the connection", () => {
    const sim = cluster();
    sim.deletePod("api-1");
    sim.deletePod("api-2");
    const t = exec(sim, "host-1", `curl -s http://${apiIP(sim)}/`);
    assert.equal(t.exitCode, 7);
    assert.match(t.hops.at(-1)!.fix!, /^None of the Service's endpoints is ready, so kube-proxy sent the connection to a terminating one/);
  });

  it("refuses once the terminating Pods fail their readiness too (not serving)", () => {
    const sim = cluster();
    for (const name of ["api-1", "api-2"]) {
      sim.setReady(name, false);
      sim.deletePod(name);
    }
    assert.equal(exec(sim, "host-1", `curl -s http://${apiIP(sim)}/`).exitCode, 7);
  });

  it("prefers a ready endpoint to a terminating one", () => {
    const sim = cluster();
    sim.deletePod("api-1");
    for (let i = 0; i < 10; i++) assert.equal(exec(sim, "host-1", `curl -s http://${apiIP(sim)}/`).servedBy!.pod, "api-2");
  });
});

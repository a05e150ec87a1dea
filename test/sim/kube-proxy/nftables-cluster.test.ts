/**
 * kube-proxy's nftables mode as a user meets it in a cluster: NodePorts on the node's address but
 * not on 127.0.0.1, cluster-ips-check, `nft` in a node shell, the traffic policies' drops and
 * short-circuits, and the kube-proxy Pod's log.
 */
import { strict as assert } from "node:assert";
import { Cluster } from "../../../lib/index.js";

describe("nftables mode in a cluster: what a user meets", () => {
  const cluster = new Cluster({ nodes: 2, seed: 1, proxyMode: "nftables" });
  cluster.apply(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [ { name: w, image: traefik/whoami } ] }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { type: NodePort, selector: { app: web }, ports: [ { port: 80, nodePort: 30080 } ] }
---
apiVersion: v1
kind: Pod
metadata: { name: shell }
spec: { hostNetwork: true, nodeName: node-1, containers: [ { name: c, image: nicolaka/netshoot, command: [sleep, infinity] } ] }
`);
  cluster.advance("30s");

  it("answers a NodePort on the node's address", () => {
    const t = cluster.exec("shell", "curl -s -m 2 http://172.18.0.2:30080/");
    assert.equal(t.exitCode, 0, t.toString());
    const hop = t.hops.find((h) => h.kind === "kube-proxy")!;
    assert.match(
      hop.rule!,
      /^services: ip daddr @nodeport-ips meta l4proto \. th dport vmap @service-nodeports\n@service-nodeports: tcp \. 30080 : goto external-/,
    );
  });

  it("refuses a NodePort on 127.0.0.1: localhost is not in nodeport-ips", () => {
    const t = cluster.exec("shell", "curl -s -m 2 http://127.0.0.1:30080/");
    assert.equal(t.exitCode, 7);
    assert.equal(t.outcome, "refused");
    assert.match(t.failedHop!.reason!, /nodeport-ips/);
    assert.match(t.failedHop!.fix!, /172\.18\.0\.2:30080/);
  });

  it("drops a connection to an address of the service range no Service holds, with cluster-ips-check's rule", () => {
    const t = cluster.exec("shell", "curl -s -m 2 http://10.96.99.99/");
    assert.equal(t.exitCode, 28);
    assert.equal(t.failedHop!.verdict, "dropped");
    assert.equal(t.failedHop!.rule, 'cluster-ips-check: ip daddr 10.96.0.0/12 drop comment "Drop traffic to unallocated ClusterIPs"');
    assert.match(t.failedHop!.summary, /no Service holds the address/);
  });

  it("shows the node's table to `nft list table ip kube-proxy` in a node shell", () => {
    const t = cluster.exec("shell", "nft list table ip kube-proxy");
    assert.equal(t.exitCode, 0);
    assert.equal(t.stdout, String(cluster.proxyRules("node-1")));
  });
});

describe("nftables mode: the kube-proxy Pod's log", () => {
  it("says `Using nftables Proxier` after the node IP, in klog's format, as kube-proxy v1.35.0 starts", () => {
    const cluster = new Cluster({ nodes: 2, seed: 1, proxyMode: "nftables" });
    cluster.advance("1m");
    const name = String(
      cluster.get("pods", { namespace: "kube-system", wide: true }).rows.find((r) => String(r["NAME"]).startsWith("kube-proxy-") && r["NODE"] === "node-2")![
        "NAME"
      ],
    );
    const lines = cluster.logs(name, { namespace: "kube-system" }).lines;
    assert.match(lines[2]!, /^I\d{4} \d\d:\d\d:\d\d\.\d{6} {7}1 server\.go:218\] "Successfully retrieved NodeIPs" NodeIPs=\["172\.18\.0\.3"\]$/);
    assert.match(lines[5]!, / {7}1 server_linux\.go:253\] "Using nftables Proxier"$/);
    assert.match(lines[6]!, /"Version info" version="v1\.35\.0"$/);
    assert.ok(!lines.some((l) => l.includes("Using iptables")), "kube-proxy's mode is set: no defaulting to iptables");
    assert.ok(!lines.some((l) => l.includes("nodePortAddresses is unset")), "nftables mode defaults nodePortAddresses to primary");
  });
});

describe("nftables mode: traffic policies", () => {
  function policyCluster(): Cluster {
    const cluster = new Cluster({ nodes: 3, seed: 1, proxyMode: "nftables" });
    cluster.apply(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  replicas: 2
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { nodeName: node-2, containers: [ { name: w, image: traefik/whoami } ] }
---
apiVersion: v1
kind: Service
metadata: { name: local }
spec: { internalTrafficPolicy: Local, selector: { app: api }, ports: [ { port: 80 } ] }
---
apiVersion: v1
kind: Service
metadata: { name: lb }
spec: { type: LoadBalancer, externalTrafficPolicy: Local, selector: { app: api }, ports: [ { port: 80, nodePort: 30090 } ] }
---
apiVersion: v1
kind: Pod
metadata: { name: client-1 }
spec: { nodeName: node-1, containers: [ { name: c, image: nicolaka/netshoot, command: [sleep, infinity] } ] }
---
apiVersion: v1
kind: Pod
metadata: { name: host-3 }
spec: { nodeName: node-3, hostNetwork: true, containers: [ { name: c, image: nicolaka/netshoot, command: [sleep, infinity] } ] }
`);
    cluster.advance("30s");
    return cluster;
  }
  const cluster = policyCluster();

  it("internalTrafficPolicy: Local on a node without endpoints: no-endpoint-services maps the ClusterIP to drop, and curl times out", () => {
    const t = cluster.exec("client-1", "curl -s -m 2 http://local/");
    assert.equal(t.exitCode, 28);
    const failed = t.failedHop!;
    assert.equal(failed.verdict, "dropped");
    assert.match(
      failed.summary,
      /^kube-proxy's no-endpoint-services map drops the packet: Service default\/local has internalTrafficPolicy: Local and no ready endpoint on node-1$/,
    );
    assert.match(
      failed.rule!,
      /^service-endpoints-check: ip daddr \. meta l4proto \. th dport vmap @no-endpoint-services\n@no-endpoint-services: 10\.\d+\.\d+\.\d+ \. tcp \. 80 comment "default\/local" : drop$/,
    );
  });

  it("externalTrafficPolicy: Local, another host to a node without endpoints: no-endpoint-nodeports drops it", () => {
    const t = cluster.exec("host-3", "curl -s -m 2 http://172.18.0.2:30090/");
    assert.equal(t.exitCode, 28);
    assert.equal(
      t.failedHop!.rule,
      'nodeport-endpoints-check: ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports\n@no-endpoint-nodeports: tcp . 30090 comment "default/lb" : drop',
    );
  });

  it("externalTrafficPolicy: Local, a Pod to its own node without endpoints: the external- chain short-circuits Pod traffic to the service- chain", () => {
    const t = cluster.exec("client-1", "curl -s http://172.18.0.2:30090/");
    assert.equal(t.exitCode, 0, t.toString());
    const rule = t.hops.find((h) => h.kind === "kube-proxy")!.rule!;
    assert.match(
      rule,
      /\nexternal-[A-Z2-7]{8}-default\/lb\/tcp\/: ip saddr 10\.244\.0\.0\/16 goto service-[A-Z2-7]{8}-default\/lb\/tcp\/ comment "short-circuit pod traffic"\n/,
    );
  });

  it("externalTrafficPolicy: Local, another host to a node with endpoints: the local- chain, the client's address kept", () => {
    const t = cluster.exec("host-3", "curl -s http://172.18.0.3:30090/");
    assert.equal(t.exitCode, 0);
    assert.match(t.stdout, /\nRemoteAddr: 172\.18\.0\.4:\d+\n/);
    assert.match(
      t.hops.find((h) => h.kind === "kube-proxy")!.rule!,
      /\nexternal-[^:]+: goto local-[A-Z2-7]{8}-default\/lb\/tcp\/\nlocal-[^:]+: numgen random mod 2 vmap/,
    );
  });
});

describe("nftables mode: terminating endpoints under a Local policy", () => {
  it("keeps sending a node's traffic to its own endpoint that is terminating but still serving, in the rules as in the trace", () => {
    const cluster = new Cluster({ nodes: 3, seed: 1, proxyMode: "nftables" });
    cluster.apply(`
apiVersion: v1
kind: Pod
metadata: { name: py-2, labels: { app: py } }
spec: { nodeName: node-2, containers: [ { name: web, image: "python:3.12", command: [python, -m, http.server, "8080"] } ] }
---
apiVersion: v1
kind: Pod
metadata: { name: py-3, labels: { app: py } }
spec: { nodeName: node-3, containers: [ { name: web, image: "python:3.12", command: [python, -m, http.server, "8080"] } ] }
---
apiVersion: v1
kind: Pod
metadata: { name: client }
spec: { nodeName: node-2, containers: [ { name: c, image: nicolaka/netshoot, command: [sleep, infinity] } ] }
---
apiVersion: v1
kind: Service
metadata: { name: py }
spec: { internalTrafficPolicy: Local, selector: { app: py }, ports: [ { port: 80, targetPort: 8080 } ] }
`);
    cluster.advance("10s");
    const ip = String(cluster.get("pods", { wide: true }).row("py-2")!["IP"]);
    // python's http.server ignores SIGTERM: py-2 keeps serving for its whole grace period.
    cluster.deletePod("py-2");
    const t = cluster.exec("client", "curl -s http://py/");
    assert.equal(t.exitCode, 0);
    assert.equal(t.servedBy!.pod, "py-2");
    const rules = String(cluster.proxyRules("node-2"));
    assert.ok(rules.includes(`dnat to ${ip}:8080`), "node-2's rules still lead to py-2");
  });
});

/**
 * `cluster.exec("node/<name>", …)`: a root shell on the node, in its network namespace, with a
 * kubeadm node's tools.
 */
import { strict as assert } from "node:assert";
import { PodtalkError } from "../../../lib/index.js";
import { traceLayout } from "../../../lib/render/trace-diagram.js";
import { apiCluster } from "../../internal/api-cluster.js";

describe("cluster.exec() on a node", () => {
  it("ip route shows the node's routing table, not a Pod's", () => {
    const cluster = apiCluster();
    const t = cluster.exec("node/node-2", "ip route");
    assert.equal(t.exitCode, 0);
    assert.match(t.stdout, /^default via 172\.18\.0\.1 dev eth0$/m);
    assert.match(t.stdout, /dev cni0 proto kernel scope link src 10\.244\.\d+\.1$/m);
    assert.match(t.stdout, /dev flannel\.1 onlink$/m);
    assert.doesNotMatch(t.stdout, /dev eth0 proto kernel scope link src 10\.244/);
    assert.match(String(t), /^root@node-2:~# ip route\n/);
  });

  it("ip addr shows the node's own address on eth0", () => {
    const cluster = apiCluster();
    const t = cluster.exec("no/node-2", "ip addr");
    assert.match(t.stdout, /inet 172\.18\.0\.3\/16 brd 172\.18\.255\.255 scope global eth0/);
    assert.doesNotMatch(t.stdout, /eth0@if/);
  });

  it("iptables-save prints kube-proxy's rules as proxyRules(node) does", () => {
    const cluster = apiCluster();
    const t = cluster.exec("node/node-1", "iptables-save");
    assert.equal(t.stdout.trimEnd(), String(cluster.proxyRules("node-1")).trimEnd());
    assert.match(cluster.exec("node/node-1", "iptables-save | grep -c KUBE-SVC").stdout, /^[1-9]\d*\n$/);
  });

  it("ipvsadm lists the virtual servers in IPVS mode, and finds no IPVS otherwise", () => {
    const ipvs = apiCluster({ proxyMode: "ipvs" });
    assert.equal(ipvs.exec("node/node-1", "ipvsadm -Ln").stdout.trimEnd(), String(ipvs.proxyRules("node-1")).trimEnd());
    const t = apiCluster().exec("node/node-1", "ipvsadm -Ln");
    assert.equal(t.exitCode, 1);
    assert.match(t.stderr, /^Can't initialize ipvs: Protocol not available\n/);
  });

  it("connects from the node's own network stack, and resolves names as the node does (no cluster DNS)", () => {
    const cluster = apiCluster({ nodes: 3 });
    // The node's resolv.conf is the host's: Service names do not resolve there.
    assert.equal(cluster.exec("node/node-3", "curl -s http://api/").exitCode, 6);
    const clusterIP = cluster.get("services").row("api")!["CLUSTER-IP"]!;
    const t = cluster.exec("node/node-3", `curl -s http://${clusterIP}/`);
    assert.equal(t.exitCode, 0);
    const first = t.hops[0]!;
    assert.equal(first.node, "node-3");
    assert.match(first.summary, /hostNetwork|node's own network stack/);
    const layout = traceLayout(t);
    assert.equal(layout.lanes[0]!.name, "node node-3");
    assert.match(layout.steps[0]!.lines.join(" "), /^1\. leaves the node: /);
  });

  it("a Pod image's tool is not on the node: dash's not found", () => {
    const cluster = apiCluster();
    const t = cluster.exec("node/node-1", "nslookup api");
    assert.equal(t.exitCode, 127);
    assert.equal(t.stderr, "sh: 1: nslookup: not found\n");
  });

  it("an unknown node is NotFound with the nodes there are", () => {
    const cluster = apiCluster();
    assert.throws(
      () => cluster.exec("node/node-9", "ip route"),
      (e: unknown) => e instanceof PodtalkError && /node-9/.test(e.message) && /node-1/.test(e.message),
    );
  });
});

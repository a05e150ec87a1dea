/** `hostname`, `hostname -f`, `getent hosts` and /etc/hosts, including hostNetwork Pods (kubelet ensureHostsFile). */
import { strict as assert } from "node:assert";
import type { Cluster } from "../../../../lib/index.js";
import { run, shellCluster } from "../internal/shell-cluster.js";

describe("hostname, getent and /etc/hosts", () => {
  let cluster: Cluster;
  before(() => {
    cluster = shellCluster();
  });
  it("hostname -f of a Pod with hostname and subdomain is its FQDN from /etc/hosts", () => {
    assert.equal(run(cluster, "db-0", "hostname").stdout, "db-0\n");
    assert.equal(run(cluster, "db-0", "hostname -f").stdout, "db-0.db.default.svc.cluster.local\n");
    assert.equal(run(cluster, "db-0", "hostname -d").stdout, "db.default.svc.cluster.local\n");
  });
  it("hostname -f of a Pod without subdomain is its short name; -i is its IP", () => {
    const ip = String(cluster.get("pods").row("client")!.IP);
    assert.equal(run(cluster, "client", "hostname -f").stdout, "client\n");
    assert.equal(run(cluster, "client", "hostname -i").stdout, `${ip}\n`);
  });
  it("a hostNetwork Pod shares the node's UTS namespace and gets the node's hosts file under the kubelet's header", () => {
    assert.equal(run(cluster, "host", "hostname").stdout, "node-2\n");
    const hosts = run(cluster, "host", "cat /etc/hosts").stdout;
    assert.ok(hosts.startsWith("# Kubernetes-managed hosts file (host network).\n127.0.0.1\tlocalhost\n"));
    assert.match(hosts, /\n172\.18\.0\.\d+\tnode-2\n$/);
  });
  it("getent hosts reads /etc/hosts first, then DNS, and exits 2 for an unknown name", () => {
    assert.match(run(cluster, "db-0", "getent hosts db-0").stdout, /^10\.244\.\d+\.\d+ +db-0\.db\.default\.svc\.cluster\.local db-0\n$/);
    const t = run(cluster, "client", "getent hosts my-api");
    assert.match(t.stdout, /^10\.\d+\.\d+\.\d+ +my-api\.default\.svc\.cluster\.local\n$/);
    assert.ok(t.hops.some((h) => h.kind === "dns-query"));
    assert.equal(run(cluster, "client", "getent hosts nope").exitCode, 2);
  });
});

describe("hostNetwork Pods share the node's interfaces", () => {
  it("two hostNetwork Pods on one node show the same eth0 MAC address", () => {
    const cluster = shellCluster();
    cluster.apply([
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "host2" },
        spec: { hostNetwork: true, nodeName: "node-2", containers: [{ name: "main", image: "nicolaka/netshoot", command: ["sleep", "infinity"] }] },
      },
    ]);
    const mac = (pod: string) => /link\/ether (\S+)/.exec(run(cluster, pod, "ip addr").stdout)?.[1];
    assert.equal(mac("host"), mac("host2"));
    assert.notEqual(mac("client"), mac("host"));
  });
});

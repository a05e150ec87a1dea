/**
 * `nft` in a Pod: a node shell (a hostNetwork Pod) lists kube-proxy's table in nftables mode;
 * other Pods lack CAP_NET_ADMIN, and images without nftables do not have the program.
 */
import { strict as assert } from "node:assert";
import { Cluster, PodtalkError } from "../../../../lib/index.js";
import { podWith, toolsContainer } from "../../internal/fixtures.js";

function nftCluster(proxyMode: "nftables" | "iptables"): Cluster {
  const cluster = new Cluster({ nodes: 2, seed: 1, proxyMode });
  cluster.apply([
    podWith("shell", [toolsContainer("main")], { spec: { hostNetwork: true, nodeName: "node-2" } }),
    podWith("client", [toolsContainer("main")], { spec: { nodeName: "node-1" } }),
    podWith("bb", [{ name: "busybox", image: "busybox:1.36", command: ["sleep", "3600"] }], { spec: { nodeName: "node-1" } }),
  ]);
  cluster.advance("30s");
  return cluster;
}

describe("nft", () => {
  const nft = nftCluster("nftables");
  const ipt = nftCluster("iptables");

  it("lists the node's kube-proxy table in a node shell, with or without the family", () => {
    const table = String(nft.proxyRules("node-2"));
    for (const command of ["nft list table ip kube-proxy", "nft list table kube-proxy", "nft list ruleset"]) {
      const t = nft.exec("shell", command);
      assert.equal(t.exitCode, 0, command);
      assert.equal(t.stdout, table, command);
      assert.equal(t.stderr, "");
    }
  });

  it("feeds a pipe like any command", () => {
    assert.equal(nft.exec("shell", "nft list table ip kube-proxy | head -2").stdout, 'table ip kube-proxy {\n\tcomment "rules for kube-proxy"\n');
  });

  it("cannot read the ruleset in a Pod's own network namespace (no CAP_NET_ADMIN), as nft 1.0 says", () => {
    const t = nft.exec("client", "nft list ruleset");
    assert.equal(t.exitCode, 1);
    assert.equal(t.stdout, "");
    assert.equal(t.stderr, "netlink: Error: cache initialization failed: Operation not permitted\n");
  });

  it("is not in busybox", () => {
    const t = nft.exec("bb", "nft list ruleset");
    assert.equal(t.exitCode, 126);
    assert.match(t.stderr, /exec: "nft": executable file not found in \$PATH/);
  });

  it("finds no kube-proxy table when kube-proxy runs in iptables mode, with nft's caret under the name", () => {
    const t = ipt.exec("shell", "nft list table ip kube-proxy");
    assert.equal(t.exitCode, 1);
    assert.equal(t.stderr, "Error: No such file or directory\nlist table ip kube-proxy\n              ^^^^^^^^^^\n");
  });

  it("says podtalk does not simulate other nft commands, changing nothing", () => {
    assert.throws(
      () => nft.exec("shell", "nft flush ruleset"),
      (e: unknown) => e instanceof PodtalkError && /does not simulate nft flush ruleset/.test(e.message),
    );
    assert.equal(nft.exec("shell", "nft list ruleset").exitCode, 0);
  });
});

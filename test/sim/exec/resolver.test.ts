/** The DNS hops of a trace: which CoreDNS Pod kube-proxy sends a query to, in the cluster's proxy mode. */
import { strict as assert } from "node:assert";
import { dnsToolsCluster } from "../dns/internal/dns-cluster.js";

describe("dnsHops(): the CoreDNS pick", () => {
  it("shows kube-proxy's iptables rules for kube-dns in iptables mode", () => {
    const t = dnsToolsCluster("iptables").exec("netshoot", "nslookup my-api");
    assert.match(t.hops[0]!.rule!, /^-A KUBE-SERVICES -d 10\.96\.0\.10\/32 -p udp /);
  });

  it("shows the IPVS virtual server and rotates through the CoreDNS Pods in IPVS mode", () => {
    const cluster = dnsToolsCluster("ipvs");
    const picks = [0, 1, 2, 3].map(() => cluster.exec("netshoot", "dig +short my-api.default.svc.cluster.local").hops[0]!);
    for (const h of picks) assert.match(h.rule!, /^UDP {2}10\.96\.0\.10:53 rr\n {2}-> 10\.244\.\d+\.\d+:53/);
    const pods = picks.map((h) => /CoreDNS Pod (\S+)/.exec(h.summary)![1]);
    assert.equal(new Set(pods).size, 2, pods.join(" "));
    assert.notEqual(pods[0], pods[1]);
  });
});

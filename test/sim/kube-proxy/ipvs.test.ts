/**
 * IPVS mode's details: ipvsadm's order, NodePort virtual servers on every node address, one rr
 * position per node, and DNS queries scheduled (and shown) the IPVS way.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/ipvs/proxier.go
 */
import { strict as assert } from "node:assert";
import { Simulation } from "../../../lib/sim/index.js";
import { ipvsMode } from "../../../lib/sim/kube-proxy/ipvs.js";
import { exec } from "../internal/scenario.js";
import { pinnedDeployment, pod, serviceWith, whoamiContainer } from "../internal/fixtures.js";

function ipvsCluster(): Simulation {
  const sim = new Simulation({ nodes: 2, seed: 1, proxyMode: "ipvs" });
  sim.apply([
    pinnedDeployment("api", 2, "node-2", [whoamiContainer()]),
    pod("client-1", { nodeName: "node-1" }),
    pod("client-2", { nodeName: "node-2" }),
    serviceWith("api-np", { type: "NodePort", selector: { app: "api" }, ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] }),
  ]);
  return sim;
}

describe("IPVS mode", () => {
  it("lists virtual servers as ipvsadm -Ln sorts them: TCP before UDP, then by address and port", () => {
    const sim = ipvsCluster();
    const text = ipvsMode.render(ipvsMode.build(sim, sim.node("node-1")!));
    const virtuals = text.split("\n").filter((l) => /^(TCP|UDP) /.test(l));
    assert.ok(virtuals.at(-1)!.startsWith("UDP  10.96.0.10:53 "), virtuals.join("\n"));
    const tcp = virtuals.filter((l) => l.startsWith("TCP"));
    const num = (l: string) => {
      const [ip, port] = l.split(/\s+/)[1]!.split(":");
      return ip!.split(".").reduce((a, o) => a * 256 + Number(o), 0) * 65536 + Number(port);
    };
    assert.deepEqual(
      tcp.map(num),
      tcp.map(num).sort((a, b) => a - b),
    );
  });

  it("prints the KUBE-IPVS-FILTER chain after the virtual servers, ending with the REJECT of everything else new to kube-ipvs0's addresses", () => {
    const sim = ipvsCluster();
    const lines = ipvsMode
      .render(ipvsMode.build(sim, sim.node("node-1")!))
      .trimEnd()
      .split("\n");
    assert.equal(lines[lines.indexOf("-N KUBE-IPVS-FILTER") + 2], "-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN");
    assert.equal(
      lines.at(-1),
      "-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable",
    );
  });

  it("opens a NodePort on every address of the node: its IP, cni0's and flannel.1's", () => {
    const sim = ipvsCluster();
    const text = ipvsMode.render(ipvsMode.build(sim, sim.node("node-1")!));
    for (const a of ["10.244.0.0", "10.244.0.1", "172.18.0.2"]) assert.ok(text.includes(`TCP  ${a}:30080 rr\n`), a);
  });

  it("keeps one rr position per node: each node's first connection goes to the first real server", () => {
    const sim = ipvsCluster();
    const first1 = exec(sim, "client-1", "curl -s http://api-np/").servedBy!.pod;
    const first2 = exec(sim, "client-2", "curl -s http://api-np/").servedBy!.pod;
    assert.equal(first1, first2);
    const second1 = exec(sim, "client-1", "curl -s http://api-np/").servedBy!.pod;
    assert.notEqual(second1, first1);
  });

  it("shows a DNS query's IPVS virtual server and real server, not iptables chains", () => {
    const sim = ipvsCluster();
    const dns = exec(sim, "client-1", "curl -s http://api-np/").hops.find((h) => h.kind === "dns-query")!;
    assert.match(dns.rule!, /^UDP {2}10\.96\.0\.10:53 rr\n {2}-> 10\.244\.\d+\.\d+:53 +Masq/);
    assert.ok(!dns.rule!.includes("KUBE-SVC"));
  });
});

/**
 * The source address a server sees (whoami's RemoteAddr) for traffic that is not Pod to Pod:
 * flannel masquerades Pods leaving the Pod network, and hosts reach Pods from cni0's or flannel.1's
 * address.
 *
 * @see https://github.com/flannel-io/flannel/blob/master/pkg/trafficmngr/iptables/iptables.go (MasqRules)
 */
import { strict as assert } from "node:assert";
import { Simulation } from "../../../lib/sim/index.js";
import { exec } from "../internal/scenario.js";
import { pod, podWith, toolsContainer, whoamiContainer } from "../internal/fixtures.js";

function sourceCluster(network: "flannel-vxlan" | "flannel-host-gw"): Simulation {
  const sim = new Simulation({ nodes: 2, seed: 1, network, systemPods: false });
  sim.apply([
    pod("client-1", { nodeName: "node-1" }),
    podWith("web-1", [whoamiContainer("web", 8080)], { spec: { nodeName: "node-1" } }),
    podWith("web-2", [whoamiContainer("web", 8080)], { spec: { nodeName: "node-2" } }),
    podWith("hw", [whoamiContainer("hw", 8888)], { spec: { nodeName: "node-2", hostNetwork: true } }),
    // whoami's image has no curl: a host-network tools Pod is the host-side client.
    podWith("host-client", [toolsContainer()], { spec: { nodeName: "node-2", hostNetwork: true } }),
  ]);
  return sim;
}

const remote = (t: { stdout: string }) => /\nRemoteAddr: ([\d.]+):\d+\n/.exec(t.stdout)?.[1];

for (const network of ["flannel-vxlan", "flannel-host-gw"] as const) {
  describe(`source addresses over ${network}`, () => {
    const sim = sourceCluster(network);
    const ip = (name: string) => {
      const p = sim.pod("default", name)!.podIP!;
      return [p >>> 24, (p >>> 16) & 255, (p >>> 8) & 255, p & 255].join(".");
    };

    it("a Pod reaching another node's address is masqueraded by flannel to its own node's address", () => {
      assert.equal(remote(exec(sim, "client-1", "curl -s http://172.18.0.3:8888/")), "172.18.0.2");
    });

    it("a host reaching a Pod on its own node comes from cni0's address", () => {
      assert.equal(remote(exec(sim, "host-client", `curl -s http://${ip("web-2")}:8080/`)), "10.244.1.1");
    });

    it("a host reaching a Pod on another node comes from flannel.1's address (VXLAN) or its own (host-gw)", () => {
      assert.equal(remote(exec(sim, "host-client", `curl -s http://${ip("web-1")}:8080/`)), network === "flannel-vxlan" ? "10.244.1.0" : "172.18.0.3");
    });
  });
}

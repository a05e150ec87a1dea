/**
 * hostPort through the CNI portmap plugin: nodeIP:hostPort reaches the Pod through the node's
 * CNI-HOSTPORT-DNAT chain.
 * @see https://www.cni.dev/plugins/current/meta/portmap/
 */
import { strict as assert } from "node:assert";
import { Simulation } from "../../../lib/sim/index.js";
import { pod, podWith } from "../internal/fixtures.js";
import { exec } from "../internal/scenario.js";

function cluster(): Simulation {
  const sim = new Simulation({ nodes: 3, seed: 1, systemPods: false });
  sim.apply([
    podWith("hp", [{ name: "web", image: "traefik/whoami:v1.10", ports: [{ containerPort: 80, hostPort: 8080 }] }], { spec: { nodeName: "node-3" } }),
    pod("client", { nodeName: "node-2" }),
  ]);
  return sim;
}

describe("hostPort (CNI portmap)", () => {
  it("DNATs node-3's 172.18.0.4:8080 to the Pod's port 80, with a portmap hop naming CNI-HOSTPORT-DNAT", () => {
    const sim = cluster();
    const t = exec(sim, "client", "curl -s http://172.18.0.4:8080/");
    assert.equal(t.exitCode, 0, t.stderr);
    assert.equal(t.servedBy?.pod, "hp");
    assert.equal(t.servedBy?.port, 80);
    const dnat = t.hops.find((h) => h.kind === "portmap");
    assert.ok(dnat, "a portmap hop");
    assert.equal(dnat.node, "node-3");
    assert.match(dnat.summary, /CNI-HOSTPORT-DNAT sends port 8080 to CNI-DN-[0-9a-f]{21}\b/);
    assert.match(dnat.change ?? "", /^DNAT 172\.18\.0\.4:8080 -> 10\.244\.2\.\d+:80$/);
    assert.match(dnat.rule ?? "", /^-A CNI-DN-[0-9a-f]{21} -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10\.244\.2\.\d+:80$/);
  });

  it("maps the port only on the Pod's own node: another node refuses it", () => {
    const t = exec(cluster(), "client", "curl -sS http://172.18.0.3:8080/");
    assert.equal(t.exitCode, 7);
    assert.ok(!t.hops.some((h) => h.kind === "portmap"));
  });
});

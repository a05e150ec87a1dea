import { strict as assert } from "node:assert";
import { Simulation } from "../../../lib/sim/index.js";
import { endpointChainName, serviceChainName, servicePortName } from "../../../lib/sim/kube-proxy/chain-names.js";
import { service } from "../internal/fixtures.js";

describe("serviceChainName()", () => {
  // Chain names from a real cluster's iptables-save (kube-proxy hashes portName + lower-case protocol).
  const cases = [
    { portName: "default/kubernetes:https", protocol: "TCP", chain: "KUBE-SVC-NPX46M4PTMTKRN6Y" },
    { portName: "kube-system/kube-dns:dns", protocol: "UDP", chain: "KUBE-SVC-TCOU7JCQXEZGVUNU" },
    { portName: "kube-system/kube-dns:dns-tcp", protocol: "TCP", chain: "KUBE-SVC-ERIFXISQEP7F7OF4" },
    { portName: "kube-system/kube-dns:metrics", protocol: "TCP", chain: "KUBE-SVC-JD5MR3NA4I4DYORP" },
  ];
  for (const c of cases) {
    it(`names ${c.portName}/${c.protocol} ${c.chain}, as kube-proxy does`, () => {
      assert.equal(serviceChainName(c.portName, c.protocol), c.chain);
    });
  }

  it("gives KUBE-SEP chains 16 base32 characters that differ per endpoint", () => {
    const a = endpointChainName("default/web", "TCP", "10.244.0.2:8080");
    const b = endpointChainName("default/web", "TCP", "10.244.0.3:8080");
    assert.match(a, /^KUBE-SEP-[A-Z2-7]{16}$/);
    assert.notEqual(a, b);
  });
});

describe("servicePortName()", () => {
  it("adds :name only when the port is named", () => {
    const sim = new Simulation({ nodes: 1, systemPods: false });
    assert.equal(servicePortName(sim.service("default", "kubernetes")!, 0), "default/kubernetes:https");
    sim.apply(service("web", { app: "x" }));
    assert.equal(servicePortName(sim.service("default", "web")!, 0), "default/web");
  });
});

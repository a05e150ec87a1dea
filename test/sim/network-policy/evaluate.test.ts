/**
 * The NetworkPolicy evaluator, one semantic at a time. Each case pairs the traffic a rule allows
 * with the nearest traffic it must not (the case a naive evaluator gets wrong), and a drop lists
 * why each rule of each isolating policy did not match.
 */
import { strict as assert } from "node:assert";
import { Simulation } from "../../../lib/sim/index.js";
import { evaluate, type Evaluation } from "../../../lib/sim/network-policy/evaluate.js";
import type { Protocol } from "../../../lib/model/objects.js";

const BASE = `apiVersion: v1
kind: Namespace
metadata: {name: x, labels: {team: a}}
---
apiVersion: v1
kind: Namespace
metadata: {name: y}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: x, labels: {app: api}}
spec: {nodeName: node-1, containers: [{name: api, image: nginx, ports: [{containerPort: 8080, name: http}, {containerPort: 53, name: dns, protocol: UDP}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api2, namespace: x, labels: {app: api}}
spec: {nodeName: node-2, containers: [{name: api, image: nginx, ports: [{containerPort: 9090, name: http}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: frontend, namespace: x, labels: {app: frontend}}
spec: {nodeName: node-2, containers: [{name: c, image: nginx, ports: [{containerPort: 80, name: web}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: frontend, namespace: y, labels: {app: frontend}}
spec: {nodeName: node-1, containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: y, labels: {app: other}}
spec: {nodeName: node-2, containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: x, labels: {app: frontend}}
spec: {nodeName: node-1, hostNetwork: true, containers: [{name: c, image: nginx}]}
`;

function cluster(policies: string): Simulation {
  const sim = new Simulation({ nodes: 2, seed: 1 });
  sim.apply(BASE);
  if (policies) sim.apply(policies);
  sim.advance("1m");
  return sim;
}

function policy(name: string, spec: string, namespace = "x"): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${spec}\n---\n`;
}

/** `from` (ns/name) connects to `to` (ns/name) on port/protocol: the server's ingress. */
function ingress(sim: Simulation, from: string, to: string, port: number, protocol: Protocol = "TCP"): Evaluation {
  const [fns, fname] = from.split("/") as [string, string];
  const [tns, tname] = to.split("/") as [string, string];
  const client = sim.pod(fns, fname)!;
  const server = sim.pod(tns, tname)!;
  const peerIP = client.spec.hostNetwork ? client.hostIP! : client.podIP!;
  return evaluate(sim, { direction: "Ingress", pod: server, peerIP, peer: sim.podByIP(peerIP), port, protocol });
}

/** `from` connects to `to`: the client's egress. */
function egress(sim: Simulation, from: string, to: string | number, port: number, protocol: Protocol = "TCP"): Evaluation {
  const [fns, fname] = from.split("/") as [string, string];
  const client = sim.pod(fns, fname)!;
  let peerIP: number;
  if (typeof to === "number") peerIP = to;
  else {
    const [tns, tname] = to.split("/") as [string, string];
    peerIP = sim.pod(tns, tname)!.podIP!;
  }
  return evaluate(sim, { direction: "Egress", pod: client, peerIP, peer: sim.podByIP(peerIP), port, protocol });
}

const allowed = (e: Evaluation) => e.isolating.length === 0 || e.allowedBy !== undefined;

describe("NetworkPolicy evaluator", () => {
  it("isolates a Pod only for the directions of policyTypes; egress rules alone default them to Ingress and Egress", () => {
    const sim = cluster(policy("egress-only", "  podSelector: {matchLabels: {app: api}}\n  egress: [{}]"));
    // Defaulting adds Ingress, so the policy with only an egress rule denies every ingress.
    assert.deepEqual(ingress(sim, "x/frontend", "x/api", 8080), {
      isolating: ["x/egress-only"],
      allowedBy: undefined,
      misses: ["x/egress-only has no ingress rules: it allows nothing"],
    });
    assert.equal(egress(sim, "x/api", "y/other", 80).allowedBy, "x/egress-only egress[0]");
    const typed = cluster(policy("egress-only", "  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Egress]\n  egress: [{}]"));
    assert.deepEqual(ingress(typed, "x/frontend", "x/api", 8080).isolating, []);
  });

  it("treats an empty rule as allow-all and missing rules as deny-all", () => {
    const open = cluster(policy("all", "  podSelector: {}\n  ingress: [{}]"));
    assert.equal(ingress(open, "y/other", "x/api", 8080).allowedBy, "x/all ingress[0]");
    const closed = cluster(policy("none", "  podSelector: {}"));
    assert.equal(allowed(ingress(closed, "x/frontend", "x/api", 8080)), false);
    // Pods a policy does not select stay open.
    const some = cluster(policy("api-only", "  podSelector: {matchLabels: {app: api}}"));
    assert.deepEqual(ingress(some, "x/api", "x/frontend", 80).isolating, []);
  });

  it("reads a podSelector peer alone as Pods of the policy's own namespace", () => {
    const sim = cluster(policy("fe", "  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: frontend}}}]}]"));
    assert.equal(ingress(sim, "x/frontend", "x/api", 8080).allowedBy, "x/fe ingress[0]");
    // Same labels in another namespace: not selected.
    assert.deepEqual(ingress(sim, "y/frontend", "x/api", 8080).misses, [
      "x/fe ingress[0]: frontend is in namespace y, and a podSelector without namespaceSelector selects Pods of x only",
    ]);
    assert.deepEqual(ingress(sim, "y/other", "x/api", 8080).misses, ["x/fe ingress[0]: pod labels of other do not match podSelector {app: frontend}"]);
  });

  it("ANDs namespaceSelector and podSelector in one peer, and ORs separate peers", () => {
    const and = cluster(
      policy(
        "and",
        "  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: frontend}}}]}]",
      ),
    );
    assert.equal(allowed(ingress(and, "x/frontend", "x/api", 8080)), true);
    assert.deepEqual(ingress(and, "y/frontend", "x/api", 8080).misses, ["x/and ingress[0]: namespace labels of y do not match namespaceSelector {team: a}"]);
    const or = cluster(
      policy(
        "or",
        "  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: a}}}, {podSelector: {matchLabels: {app: frontend}}}]}]",
      ),
    );
    // y/frontend matches neither element: the podSelector element is namespace x only.
    assert.equal(allowed(ingress(or, "y/frontend", "x/api", 8080)), false);
    assert.equal(allowed(ingress(or, "x/api2", "x/api", 8080)), true);
  });

  it("selects every namespace with an empty namespaceSelector, and namespaces by their kubernetes.io/metadata.name label", () => {
    const sim = cluster(
      policy(
        "ns",
        "  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{namespaceSelector: {}}]}, {from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}}]}]",
      ),
    );
    assert.equal(ingress(sim, "y/other", "x/api", 8080).allowedBy, "x/ns ingress[0]");
    const named = cluster(
      policy("ns", "  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}}]}]"),
    );
    assert.equal(allowed(ingress(named, "y/other", "x/api", 8080)), true);
    assert.equal(allowed(ingress(named, "x/frontend", "x/api", 8080)), false);
  });

  it("matches ipBlock against any address, Pod addresses included, minus its exceptions", () => {
    const sim = cluster("");
    const other = sim.pod("y", "other")!.podIP!;
    const block = (cidr: string, except: string) =>
      cluster(
        policy("ip", `  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: ${cidr}, except: [${except}]}}]}]`),
      );
    const ip = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
    assert.equal(allowed(egress(block("10.244.0.0/16", "10.244.255.0/24"), "x/api", "y/other", 80)), true);
    const excepted = egress(block("10.244.0.0/16", `${ip(other)}/32`), "x/api", "y/other", 80);
    assert.deepEqual(excepted.misses, [`x/ip egress[0]: ${ip(other)} is not in ipBlock 10.244.0.0/16 except ${ip(other)}/32`]);
    // An address outside the cluster: selectors cannot match it, an ipBlock can.
    const outside = 0x08080808;
    assert.equal(allowed(egress(block("0.0.0.0/0", "10.0.0.0/8"), "x/api", outside, 443)), true);
    const sel = cluster(policy("sel", "  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Egress]\n  egress: [{to: [{namespaceSelector: {}}]}]"));
    assert.deepEqual(egress(sel, "x/api", outside, 443).misses, [
      "x/sel egress[0]: the destination 8.8.8.8 is not a Pod, and podSelector and namespaceSelector select Pods only",
    ]);
  });

  it("resolves a named port against each destination Pod's own container ports, on ingress and on egress", () => {
    const sim = cluster(
      policy("named", "  podSelector: {matchLabels: {app: api}}\n  ingress: [{ports: [{port: http}]}]") +
        policy("out", "  podSelector: {matchLabels: {app: frontend}}\n  policyTypes: [Egress]\n  egress: [{ports: [{port: http}]}]"),
    );
    // "http" is 8080 on api and 9090 on api2.
    assert.equal(allowed(ingress(sim, "x/frontend", "x/api", 8080)), true);
    assert.equal(allowed(ingress(sim, "x/frontend", "x/api2", 8080)), false);
    assert.equal(allowed(ingress(sim, "x/frontend", "x/api2", 9090)), true);
    assert.deepEqual(ingress(sim, "x/frontend", "x/api", 80).misses, ["x/named ingress[0]: wrong port (allows http/TCP, got 80/TCP)"]);
    // Egress: the destination's names count, not the client's (frontend declares "web", not "http").
    assert.equal(allowed(egress(sim, "x/frontend", "x/api2", 9090)), true);
    assert.equal(allowed(egress(sim, "x/frontend", "x/api", 9090)), false);
  });

  it("allows an endPort range inclusively, and only for its protocol (TCP by default)", () => {
    const sim = cluster(
      policy("range", "  podSelector: {matchLabels: {app: api}}\n  ingress: [{ports: [{port: 8000, endPort: 8080}, {port: 53, protocol: UDP}]}]"),
    );
    assert.equal(allowed(ingress(sim, "x/frontend", "x/api", 8000)), true);
    assert.equal(allowed(ingress(sim, "x/frontend", "x/api", 8080)), true);
    assert.deepEqual(ingress(sim, "x/frontend", "x/api", 8081).misses, ["x/range ingress[0]: wrong port (allows 8000-8080/TCP, 53/UDP, got 8081/TCP)"]);
    assert.equal(allowed(ingress(sim, "x/frontend", "x/api", 53, "UDP")), true);
    assert.equal(allowed(ingress(sim, "x/frontend", "x/api", 53, "TCP")), false);
    assert.equal(allowed(ingress(sim, "x/frontend", "x/api", 8000, "UDP")), false);
  });

  it("unions the rules of every policy selecting the Pod, and names the first that allows", () => {
    const sim = cluster(
      policy("a-deny", "  podSelector: {}") +
        policy("b-allow", "  podSelector: {matchLabels: {app: api}}\n  ingress: [{ports: [{port: 9999}]}, {ports: [{port: 8080}]}]"),
    );
    const e = ingress(sim, "y/other", "x/api", 8080);
    assert.deepEqual(e.isolating, ["x/a-deny", "x/b-allow"]);
    assert.equal(e.allowedBy, "x/b-allow ingress[1]");
    assert.deepEqual(ingress(sim, "y/other", "x/api", 80).misses, [
      "x/a-deny has no ingress rules: it allows nothing",
      "x/b-allow ingress[0]: wrong port (allows 9999/TCP, got 80/TCP)",
      "x/b-allow ingress[1]: wrong port (allows 8080/TCP, got 80/TCP)",
    ]);
  });

  it("never selects a hostNetwork Pod, and does not count one as a Pod peer (its address is the node's)", () => {
    const sim = cluster(
      policy("all", "  podSelector: {}\n  policyTypes: [Ingress, Egress]") +
        policy("fe", "  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: frontend}}}]}]"),
    );
    assert.deepEqual(egress(sim, "x/agent", "x/api", 8080).isolating, []);
    const e = ingress(sim, "x/agent", "x/api", 8080);
    assert.equal(e.allowedBy, undefined);
    assert.match(e.misses[1]!, /^x\/fe ingress\[0\]: the source 172\.18\.0\.\d+ is not a Pod/);
  });
});

import { strict as assert } from "node:assert";
import { type Simulation, intToIp, type HopKind, type Outcome } from "../../../lib/sim/index.js";
import { connect } from "../../../lib/sim/datapath/connect.js";
import { ipToInt } from "../../../lib/sim/ip.js";
import { scenario } from "../internal/scenario.js";

/** Where a connection goes: a Service's ClusterIP, a Pod's IP, or a literal address. */
type Destination = { service: string } | { podIP: string } | { ip: string };

function address(sim: Simulation, d: Destination): number {
  if ("service" in d) return sim.service("default", d.service)!.clusterIP!;
  if ("podIP" in d) return sim.pod("default", d.podIP!)!.podIP!;
  return ipToInt(d.ip);
}

interface FlowCase {
  name: string;
  from: string;
  to: Destination;
  port: number;
  hops: HopKind[];
  outcome: Exclude<Outcome, "nxdomain">;
  servedBy?: { pod: string; container: string };
}

const VXLAN_FLOWS: FlowCase[] = [
  {
    name: "ClusterIP, backend on another node: DNAT on the client's node, then VXLAN",
    from: "client-1",
    to: { service: "web" },
    port: 80,
    hops: ["send", "kube-proxy", "encapsulate", "decapsulate", "bridge", "deliver", "reply"],
    outcome: "ok",
    servedBy: { pod: "web-1", container: "web" },
  },
  {
    name: "ClusterIP, backend on the same node: no encapsulation",
    from: "client-2",
    to: { service: "web" },
    port: 80,
    hops: ["send", "kube-proxy", "bridge", "deliver", "reply"],
    outcome: "ok",
    servedBy: { pod: "web-1", container: "web" },
  },
  {
    name: "Pod IP on another node: no kube-proxy, VXLAN",
    from: "client-1",
    to: { podIP: "web-1" },
    port: 8080,
    hops: ["send", "encapsulate", "decapsulate", "bridge", "deliver", "reply"],
    outcome: "ok",
    servedBy: { pod: "web-1", container: "web" },
  },
  {
    name: "Pod IP on the same node: over the bridge only",
    from: "client-2",
    to: { podIP: "web-1" },
    port: 8080,
    hops: ["send", "bridge", "deliver", "reply"],
    outcome: "ok",
    servedBy: { pod: "web-1", container: "web" },
  },
  {
    name: "Service with no endpoints: kube-proxy REJECTs at once",
    from: "client-1",
    to: { service: "empty" },
    port: 80,
    hops: ["send", "kube-proxy"],
    outcome: "refused",
  },
  {
    name: "ClusterIP on a port the Service does not expose: no rule matches, the SYN is lost",
    from: "client-1",
    to: { service: "web" },
    port: 81,
    hops: ["send", "kube-proxy"],
    outcome: "timeout",
  },
  {
    name: "Pod IP on a port nothing listens on: reset from the Pod",
    from: "client-1",
    to: { podIP: "web-1" },
    port: 9999,
    hops: ["send", "encapsulate", "decapsulate", "bridge", "deliver"],
    outcome: "refused",
  },
  {
    name: "an unused address in the local podCIDR: ARP gets no answer",
    from: "client-1",
    to: { ip: "10.244.0.250" },
    port: 8080,
    hops: ["send", "bridge"],
    outcome: "unreachable",
  },
  {
    name: "localhost reaches another container of the same Pod",
    from: "duo",
    to: { ip: "127.0.0.1" },
    port: 8080,
    hops: ["loopback"],
    outcome: "ok",
    servedBy: { pod: "duo", container: "app" },
  },
  {
    name: "localhost of another Pod is its own loopback: refused",
    from: "client-1",
    to: { ip: "127.0.0.1" },
    port: 8080,
    hops: ["loopback"],
    outcome: "refused",
  },
  {
    name: "the kubernetes Service DNATs to the API server on the control-plane node",
    from: "client-2",
    to: { service: "kubernetes" },
    port: 443,
    hops: ["send", "kube-proxy", "route", "deliver"],
    outcome: "ok",
  },
  {
    name: "an address outside the cluster: no route to the internet",
    from: "client-1",
    to: { ip: "8.8.8.8" },
    port: 53,
    hops: ["send", "route"],
    outcome: "timeout",
  },
];

describe("connect() over flannel VXLAN", () => {
  const sim = scenario();
  for (const c of VXLAN_FLOWS) {
    it(`${c.from} -> ${JSON.stringify(c.to)}:${c.port}: ${c.name}`, () => {
      const conn = connect(sim, sim.pod("default", c.from)!, address(sim, c.to), c.port, sim.traffic);
      assert.deepEqual(
        conn.hops.map((h) => h.kind),
        c.hops,
      );
      assert.equal(conn.outcome, c.outcome);
      if (c.servedBy) {
        assert.equal(conn.servedBy?.pod, c.servedBy.pod);
        assert.equal(conn.servedBy?.container, c.servedBy.container);
      } else {
        assert.equal(conn.servedBy?.pod, undefined);
      }
      if (c.outcome !== "ok") {
        const failing = conn.hops.at(-1)!;
        assert.ok(failing.reason, "the failing hop says why");
      }
    });
  }

  it("rewrites the ClusterIP to the Pod IP (DNAT) and back (un-DNAT) for the client", () => {
    const client = sim.pod("default", "client-1")!;
    const web = sim.pod("default", "web-1")!;
    const vip = intToIp(sim.service("default", "web")!.clusterIP!);
    const conn = connect(sim, client, ipToInt(vip), 80, sim.traffic);
    const dnat = conn.hops.find((h) => h.kind === "kube-proxy")!;
    assert.equal(dnat.change, `DNAT ${vip}:80 -> ${intToIp(web.podIP!)}:8080`);
    const reply = conn.hops.at(-1)!;
    assert.equal(reply.src, `${vip}:80`);
    assert.equal(reply.change, `un-DNAT ${intToIp(web.podIP!)}:8080 -> ${vip}:80`);
  });

  it("wraps cross-node packets in VXLAN between the node addresses on UDP 8472, leaving the Pod addresses alone", () => {
    const conn = connect(sim, sim.pod("default", "client-1")!, sim.pod("default", "web-1")!.podIP!, 8080, sim.traffic);
    const encap = conn.hops.find((h) => h.kind === "encapsulate")!;
    assert.equal(encap.device, "flannel.1");
    assert.equal(encap.change, "encapsulate: outer 172.18.0.2 -> 172.18.0.3 UDP 8472");
    const deliver = conn.hops.find((h) => h.kind === "deliver")!;
    assert.equal(deliver.dst, `${intToIp(sim.pod("default", "web-1")!.podIP!)}:8080`);
    assert.ok(deliver.src?.startsWith(`${intToIp(sim.pod("default", "client-1")!.podIP!)}:`), "no SNAT between Pods");
  });

  it("explains a Service with no endpoints: the REJECT rule, why, and what to check", () => {
    const conn = connect(sim, sim.pod("default", "client-1")!, sim.service("default", "empty")!.clusterIP!, 80, sim.traffic);
    const h = conn.hops.at(-1)!;
    assert.equal(h.verdict, "rejected");
    assert.match(h.rule!, /"default\/empty has no endpoints".* -j REJECT/);
    assert.equal(h.reason, "Service default/empty has no endpoints: its selector app=nothing matches no Pod");
    // The fix names the kubectl commands a learner runs, not podtalk calls.
    assert.ok(h.fix!.includes("kubectl get pods --show-labels"), h.fix);
    assert.ok(h.fix!.includes("kubectl get endpointslices -l kubernetes.io/service-name=empty"), h.fix);
    assert.ok(h.fix!.includes("(app=nothing)"), h.fix);
    assert.doesNotMatch(h.fix!, /cluster\./);
  });
});

describe("connect() over flannel host-gw", () => {
  const sim = scenario("flannel-host-gw");

  it("routes cross-node traffic straight to the other node instead of encapsulating it", () => {
    const conn = connect(sim, sim.pod("default", "client-1")!, sim.service("default", "web")!.clusterIP!, 80, sim.traffic);
    assert.deepEqual(
      conn.hops.map((h) => h.kind),
      ["send", "kube-proxy", "route", "bridge", "deliver", "reply"],
    );
    assert.equal(conn.outcome, "ok");
    assert.equal(conn.hops[2]!.rule, "10.244.1.0/24 via 172.18.0.3 dev eth0");
  });

  it("keeps same-node traffic on the bridge", () => {
    const conn = connect(sim, sim.pod("default", "client-2")!, sim.pod("default", "web-1")!.podIP!, 8080, sim.traffic);
    assert.deepEqual(
      conn.hops.map((h) => h.kind),
      ["send", "bridge", "deliver", "reply"],
    );
  });
});

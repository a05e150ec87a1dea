import { strict as assert } from "node:assert";
import { ErrorCode, PodtalkError } from "../../lib/model/index.js";
import { Simulation, formatCIDR, intToIp, type PodState } from "../../lib/sim/index.js";
import { deployment, pod, service } from "./internal/fixtures.js";

const POD_NAME = /^api-[4-9bcdf]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

/** Everything a reader could observe of a cluster, as comparable JSON. */
function snapshot(sim: Simulation): string {
  return JSON.stringify({
    now: sim.now,
    nodes: sim.nodes(),
    namespaces: sim.namespaces(),
    pods: sim.pods(),
    services: sim.services(),
    deployments: sim.deployments(),
    replicaSets: sim.replicaSets(),
    events: sim.events(),
  });
}

const apiPods = (sim: Simulation) => sim.pods().filter((p) => p.labels["app"] === "api");
const brief = (pods: readonly PodState[]) => pods.map((p) => `${p.name} ${intToIp(p.podIP!)} ${p.nodeName}`);

describe("new Simulation()", () => {
  const sim = new Simulation({ nodes: 3, seed: 1 });

  it("runs the kubernetes Service on 10.96.0.1:443 (https) and kube-dns on 10.96.0.10", () => {
    const k = sim.service("default", "kubernetes")!;
    assert.equal(intToIp(k.clusterIP!), "10.96.0.1");
    assert.deepEqual(
      k.ports.map((p) => [p.name, p.port, p.protocol]),
      [["https", 443, "TCP"]],
    );
    const dns = sim.service("kube-system", "kube-dns")!;
    assert.equal(intToIp(dns.clusterIP!), "10.96.0.10");
    assert.deepEqual(
      dns.ports.map((p) => [p.name, p.port, p.protocol]),
      [
        ["dns", 53, "UDP"],
        ["dns-tcp", 53, "TCP"],
        ["metrics", 9153, "TCP"],
      ],
    );
    assert.deepEqual(dns.selector, { "k8s-app": "kube-dns" });
  });

  it("gives node-1, node-2, node-3 the podCIDRs 10.244.0.0/24, 10.244.1.0/24, 10.244.2.0/24", () => {
    assert.deepEqual(
      sim.nodes().map((n) => [n.name, formatCIDR(n.podCIDR)]),
      [
        ["node-1", "10.244.0.0/24"],
        ["node-2", "10.244.1.0/24"],
        ["node-3", "10.244.2.0/24"],
      ],
    );
  });

  it("runs two ready CoreDNS Pods behind kube-dns", () => {
    const dns = sim.service("kube-system", "kube-dns")!;
    const eps = sim.endpoints(dns, 0);
    assert.equal(eps.length, 2);
    assert.ok(eps.every((e) => e.ready && e.pod?.name.startsWith("coredns-")));
  });

  it("rejects options a cluster cannot have, saying what to pass instead", () => {
    assert.throws(() => new Simulation({ nodes: 0 }), /a cluster needs at least 1 node/);
    assert.throws(() => new Simulation({ seed: 1.5 }), /Invalid seed 1.5/);
    assert.throws(() => new Simulation({ clusterCIDR: "10.244.0.1/16" }), /host bits set; the network is 10.244.0.0\/16/);
    assert.throws(
      () => new Simulation({ nodes: 3, clusterCIDR: "10.244.0.0/23" }),
      (e: unknown) => e instanceof PodtalkError && e.code === ErrorCode.RangeFull,
    );
  });
});

describe("Simulation.apply()", () => {
  it("gives a bare Pod on a fresh node .2, after the cni0 gateway .1", () => {
    const sim = new Simulation({ nodes: 2, systemPods: false });
    sim.apply(pod("p", { nodeName: "node-2" }));
    const p = sim.pod("default", "p")!;
    assert.equal(intToIp(p.podIP!), "10.244.1.2");
    assert.equal(intToIp(sim.gatewayOf(sim.node("node-2")!)), "10.244.1.1");
  });

  it("names Deployment Pods <deployment>-<hash>-<5 chars> and labels them with pod-template-hash", () => {
    const sim = new Simulation({ nodes: 2, seed: 1 });
    const out = sim.apply(deployment("api", 3));
    assert.deepEqual(out.lines, ["deployment.apps/api created"]);
    const rs = sim.replicaSets("default").find((r) => r.name.startsWith("api-"))!;
    assert.match(rs.name, /^api-[4-9bcdf]{1,10}$/);
    const pods = apiPods(sim);
    assert.equal(pods.length, 3);
    for (const p of pods) {
      assert.match(p.name, POD_NAME);
      assert.equal(p.labels["pod-template-hash"], rs.name.slice("api-".length));
      assert.ok(p.name.startsWith(`${rs.name}-`));
      assert.equal(p.owner?.name, rs.name);
    }
  });

  it("spreads a Deployment's Pods over the worker nodes, none on the tainted control plane", () => {
    const sim = new Simulation({ nodes: 3, seed: 1 });
    sim.apply(deployment("api", 4));
    const perNode = apiPods(sim).reduce((m, p) => m.set(p.nodeName!, (m.get(p.nodeName!) ?? 0) + 1), new Map<string, number>());
    assert.deepEqual([...perNode.entries()].sort(), [
      ["node-2", 2],
      ["node-3", 2],
    ]);
  });

  it("spreads over every node of a one-node-per-role cluster without the taint (controlPlaneTaint: false)", () => {
    const sim = new Simulation({ nodes: 2, seed: 1, controlPlaneTaint: false });
    sim.apply(deployment("api", 4));
    const perNode = apiPods(sim).reduce((m, p) => m.set(p.nodeName!, (m.get(p.nodeName!) ?? 0) + 1), new Map<string, number>());
    assert.deepEqual([...perNode.entries()].sort(), [
      ["node-1", 2],
      ["node-2", 2],
    ]);
  });

  it("gives identical state for the same seed", () => {
    const run = () => {
      const sim = new Simulation({ nodes: 2, seed: 5 });
      sim.apply([deployment("api", 3), service("web", { app: "api" })]);
      return snapshot(sim);
    };
    assert.equal(run(), run());
  });

  it("gives different Pod names and ClusterIPs for a different seed", () => {
    const names = (seed: number) => {
      const sim = new Simulation({ nodes: 2, seed });
      sim.apply([deployment("api", 3), service("web", { app: "api" })]);
      return [...apiPods(sim).map((p) => p.name), intToIp(sim.service("default", "web")!.clusterIP!)];
    };
    const a = names(1);
    const b = names(2);
    for (let i = 0; i < a.length; i++) assert.notEqual(a[i], b[i]);
  });

  it("prints `unchanged` for every object applied again as it was", () => {
    const sim = new Simulation({ nodes: 2 });
    const manifests = [deployment("api", 2), service("web", { app: "api" }), pod("client")];
    assert.deepEqual(sim.apply(manifests).lines, ["deployment.apps/api created", "service/web created", "pod/client created"]);
    const before = brief(sim.pods());
    assert.deepEqual(sim.apply(manifests).lines, ["deployment.apps/api unchanged", "service/web unchanged", "pod/client unchanged"]);
    assert.deepEqual(brief(sim.pods()), before);
  });

  it("scales a Deployment down by marking the newest Pods Terminating", () => {
    const sim = new Simulation({ nodes: 2, systemPods: false });
    sim.apply(deployment("api", 3));
    assert.deepEqual(sim.apply(deployment("api", 1)).lines, ["deployment.apps/api configured"]);
    assert.equal(apiPods(sim).filter((p) => p.deletion === undefined).length, 1);
    sim.advance("30s");
    assert.equal(apiPods(sim).length, 1);
  });

  it("leaves a Service that selects no Pod without endpoints", () => {
    const sim = new Simulation({ nodes: 2 });
    sim.apply([deployment("api", 2), service("web", { app: "apii" })]);
    assert.deepEqual(sim.endpoints(sim.service("default", "web")!, 0), []);
  });

  it("lists the ready Pods a Service selects as endpoints, resolving targetPort per Pod", () => {
    const sim = new Simulation({ nodes: 2 });
    sim.apply([deployment("api", 3), service("web", { app: "api" })]);
    const eps = sim.endpoints(sim.service("default", "web")!, 0);
    assert.deepEqual(
      eps.map((e) => `${intToIp(e.ip)}:${e.port}`),
      apiPods(sim)
        .map((p) => `${intToIp(p.podIP!)}:8080`)
        .sort(),
    );
    assert.ok(eps.every((e) => e.ready));
  });

  describe("when it fails", () => {
    const good = () => [deployment("api", 3), service("web", { app: "api" })];
    const failures = [
      {
        name: "the second document is invalid",
        why: "validation runs over every document before anything changes",
        manifests: [deployment("api", 3), service("1st-web", { app: "api" })],
        code: ErrorCode.Invalid,
      },
      {
        name: "the second document asks for a taken ClusterIP",
        why: "the first document was already applied when the clash is found",
        manifests: [deployment("api", 3), service("clash", { app: "api" }, { clusterIP: "10.96.0.10" })],
        code: ErrorCode.Invalid,
      },
      {
        name: "the third document pins a Pod to a node that does not exist",
        why: "a Pod was already created, with an address, a name and events, before the scheduler failed",
        manifests: [pod("early"), deployment("api", 3), pod("pinned", { nodeName: "node-9" })],
        code: ErrorCode.BadRequest,
      },
    ];
    for (const f of failures) {
      it(`leaves the cluster exactly as it was when ${f.name} (${f.why})`, () => {
        const sim = new Simulation({ nodes: 2, seed: 11 });
        sim.apply(pod("client"));
        const before = snapshot(sim);
        assert.throws(
          () => sim.apply(f.manifests),
          (e: unknown) => e instanceof PodtalkError && e.code === f.code,
        );
        assert.equal(snapshot(sim), before);

        const fresh = new Simulation({ nodes: 2, seed: 11 });
        fresh.apply(pod("client"));
        sim.apply(good());
        fresh.apply(good());
        assert.deepEqual(brief(sim.pods()), brief(fresh.pods()));
        assert.equal(snapshot(sim), snapshot(fresh));
      });
    }
  });
});

describe("Simulation.deletePod()", () => {
  it("marks the Pod Terminating (still ready until whoami exits on SIGTERM), starts a replacement with a new name and IP, and removes the old one a second later", () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    sim.apply(deployment("api", 2));
    const before = apiPods(sim).map((p) => p.name);
    const victim = apiPods(sim)[0]!;
    const deleted = sim.deletePod(victim.name);
    assert.notEqual(deleted.deletion, undefined);
    // Deletion does not clear readiness: the container stays ready until its process exits.
    assert.ok(deleted.containers.every((c) => c.ready));

    const live = apiPods(sim).filter((p) => p.deletion === undefined);
    assert.equal(live.length, 2);
    const replacement = live.find((p) => !before.includes(p.name))!;
    assert.ok(replacement, "a replacement exists");
    assert.match(replacement.name, POD_NAME);
    assert.notEqual(replacement.podIP!, victim.podIP!);
    // host-local is round-robin: .2 and .3 were taken, so the replacement gets .4
    assert.equal(intToIp(replacement.podIP!), "10.244.0.4");
    assert.deepEqual(
      sim
        .events()
        .slice(-6)
        .map((e) => e.reason),
      ["Killing", "Scheduled", "Pulled", "Created", "Started", "SuccessfulCreate"],
    );

    sim.advance("0.5s");
    assert.ok(sim.pod("default", victim.name), "still Terminating until its process exits");
    sim.advance("0.5s");
    assert.equal(sim.pod("default", victim.name), undefined);
    assert.equal(sim.podByIP(victim.podIP!), undefined);
    assert.equal(apiPods(sim).length, 2);
  });

  it("takes a terminating Pod out of its Service's ready endpoints at once", () => {
    const sim = new Simulation({ nodes: 1, systemPods: false });
    sim.apply([deployment("api", 1), service("web", { app: "api" })]);
    const victim = apiPods(sim)[0]!;
    sim.deletePod(victim.name);
    const eps = sim.endpoints(sim.service("default", "web")!, 0);
    const old = eps.find((e) => e.ip === victim.podIP!)!;
    assert.equal(old.ready, false);
    assert.equal(old.terminating, true);
    assert.equal(eps.filter((e) => e.ready).length, 1);
  });

  it("says a missing Pod is NotFound, suggesting a Pod whose name starts the same", () => {
    const sim = new Simulation({ nodes: 1, systemPods: false });
    sim.apply(deployment("api", 1));
    assert.throws(
      () => sim.deletePod("api"),
      (e: unknown) =>
        e instanceof PodtalkError &&
        e.code === ErrorCode.NotFound &&
        e.message.startsWith('Error from server (NotFound): pods "api" not found. "api" is a Deployment'),
    );
  });
});

describe("Simulation.advance()", () => {
  it("moves the clock by a Go duration or a number of seconds", () => {
    const sim = new Simulation({ nodes: 1, systemPods: false });
    const start = sim.now;
    sim.advance("1m30s");
    sim.advance(10);
    assert.equal(sim.now, start + 100);
  });

  it("refuses to move time backwards", () => {
    const sim = new Simulation({ nodes: 1, systemPods: false });
    assert.throws(() => sim.advance(-1), /time only moves forward/);
  });
});

describe("Simulation scheduling at the kubelet's maxPods (110)", () => {
  // Reference item 8: the Deployment is created, 110 Pods run and the 111th stays Pending with
  // `0/1 nodes are available: 1 Too many pods.`
  it("creates the Deployment and leaves the 111th Pod Pending, with no node and no IP", () => {
    const sim = new Simulation({ nodes: 1, systemPods: false });
    const out = sim.apply(deployment("api", 111));
    assert.deepEqual(out.lines, ["deployment.apps/api created"]);
    assert.equal(apiPods(sim).filter((p) => p.phase === "Running").length, 110);
    const pending = apiPods(sim).filter((p) => p.phase === "Pending");
    assert.equal(pending.length, 1);
    assert.equal(pending[0]!.nodeName, undefined);
    assert.equal(pending[0]!.podIP, undefined);
    assert.match(pending[0]!.unschedulable!, /^0\/1 nodes are available: 1 Too many pods\./);
  });

  it("schedules the oldest Pending Pod once a Pod has left the node; the replacement waits", () => {
    const sim = new Simulation({ nodes: 1, systemPods: false });
    sim.apply(deployment("api", 111));
    const waiting = apiPods(sim).find((p) => p.phase === "Pending")!;
    const victim = apiPods(sim).find((p) => p.phase === "Running")!;
    sim.deletePod(victim.name);
    // The replacement is created at once but finds no room while the victim is Terminating.
    assert.equal(apiPods(sim).filter((p) => p.nodeName === undefined).length, 2);
    sim.advance("30s");
    assert.equal(sim.pod("default", waiting.name)!.phase, "Running");
    assert.equal(apiPods(sim).filter((p) => p.phase === "Running").length, 110);
    assert.equal(apiPods(sim).filter((p) => p.nodeName === undefined).length, 1);
  });
});

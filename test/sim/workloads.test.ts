/**
 * Workload controllers as a learner sees them: Deployments own ReplicaSets own Pods, scaling picks
 * which Pods go, a template change rolls out, ReplicaSets take set-based selectors, StatefulSets
 * keep names in order, and `delete()` works for every kind.
 *
 * Sources: kubernetes.io/docs/concepts/workloads/controllers/deployment/ and statefulset/,
 * kubernetes.io/docs/concepts/overview/working-with-objects/labels/ (set-based selectors);
 * kubernetes/kubernetes pkg/controller/controller_utils.go (which Pods go first),
 * pkg/controller/statefulset/stateful_set_utils.go (ordinal names).
 */
import { strict as assert } from "node:assert";
import { Cluster } from "../../lib/cluster.js";
import { ErrorCode, PodtalkError } from "../../lib/model/index.js";
import { getTable } from "../../lib/render/index.js";
import { Simulation, intToIp, type PodState } from "../../lib/sim/index.js";
import { deployment, namespace, nginxDeployment, pod, replicaSet, service, serviceWith, statefulSet } from "./internal/fixtures.js";
import { engineOf } from "../../lib/internal/engine.js";

const HASH = "[4-9bcdf]{1,10}";
const SUFFIX = "[bcdfghjklmnpqrstvwxz2456789]{5}";

/** Everything a reader could observe, to check that a refused operation changed nothing. */
function snapshot(sim: Simulation): string {
  return JSON.stringify({
    now: sim.now,
    namespaces: sim.namespaces(),
    pods: sim.pods(),
    services: sim.services(),
    deployments: sim.deployments(),
    replicaSets: sim.replicaSets(),
    statefulSets: sim.statefulSets(),
    slices: sim.endpointSlices(),
    events: sim.events(),
  });
}

const live = (pods: readonly PodState[]) => pods.filter((p) => p.deletion === undefined);
const names = (pods: readonly PodState[]) => pods.map((p) => p.name);
const podsOf = (sim: Simulation, app: string) => sim.pods("default").filter((p) => p.labels["app"] === app);

function rejects(fn: () => unknown, code: string, includes?: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof PodtalkError, `expected a PodtalkError, got ${String(e)}`);
    assert.equal(e.code, code);
    if (includes !== undefined) assert.ok(e.message.includes(includes), `message:\n${e.message}\nshould include:\n${includes}`);
    return true;
  });
}

describe("Deployment → ReplicaSet → Pods", () => {
  it("names the ReplicaSet <deployment>-<pod-template-hash> and its Pods <replicaset>-<5 chars>, each owned by the one above", () => {
    const sim = new Simulation({ nodes: 2, seed: 3, systemPods: false });
    sim.apply(deployment("web", 3));
    const d = sim.deployment("default", "web")!;
    const rsets = sim.replicaSets("default");
    assert.equal(rsets.length, 1);
    const rs = rsets[0]!;
    assert.match(rs.name, new RegExp(`^web-${HASH}$`));
    assert.equal(rs.name, `web-${d.templateHash}`);
    assert.deepEqual(rs.owner, { kind: "Deployment", name: "web", uid: d.uid });
    assert.equal(rs.labels["pod-template-hash"], d.templateHash);
    const pods = sim.podsOwnedBy(rs.uid);
    assert.equal(pods.length, 3);
    for (const p of pods) {
      assert.match(p.name, new RegExp(`^${rs.name}-${SUFFIX}$`));
      assert.deepEqual(p.owner, { kind: "ReplicaSet", name: rs.name, uid: rs.uid });
      assert.equal(p.labels["pod-template-hash"], d.templateHash);
    }
  });

  it("prints `deployment.apps/web unchanged` for a Deployment applied again as it was, and keeps its Pods", () => {
    const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    assert.deepEqual(sim.apply(deployment("web", 2)).lines, ["deployment.apps/web created"]);
    const before = snapshot(sim);
    assert.deepEqual(sim.apply(deployment("web", 2)).lines, ["deployment.apps/web unchanged"]);
    assert.equal(snapshot(sim), before);
  });

  describe("scaling replicas", () => {
    it("goes 3 → 5 by adding two Pods and keeping the three it had", () => {
      const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
      sim.apply(deployment("web", 3));
      const first = names(podsOf(sim, "web"));
      sim.advance("10s");
      assert.deepEqual(sim.apply(deployment("web", 5)).lines, ["deployment.apps/web configured"]);
      const now = podsOf(sim, "web");
      assert.equal(live(now).length, 5);
      assert.deepEqual(
        names(now).filter((n) => first.includes(n)),
        first,
      );
    });

    it("goes 5 → 1 by deleting the newest Pods first; they show Terminating until their 30s grace period ends", () => {
      const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
      sim.apply(deployment("web", 3));
      const oldest = names(podsOf(sim, "web"));
      sim.advance("10s");
      sim.apply(deployment("web", 5));
      const newest = names(podsOf(sim, "web")).filter((n) => !oldest.includes(n));
      sim.advance("10s");
      sim.apply(deployment("web", 1));

      const pods = podsOf(sim, "web");
      const survivors = live(pods);
      assert.equal(survivors.length, 1);
      assert.ok(oldest.includes(survivors[0]!.name), "the survivor is one of the oldest Pods");
      const terminating = pods.filter((p) => p.deletion !== undefined).map((p) => p.name);
      assert.equal(terminating.length, 4);
      for (const n of newest) assert.ok(terminating.includes(n), `${n} (newest) is deleted`);
      const table = getTable(sim, "pods");
      for (const n of terminating) assert.equal(table.row(n)?.["STATUS"], "Terminating");

      sim.advance("30s");
      assert.deepEqual(names(podsOf(sim, "web")), [survivors[0]!.name]);
    });

    it("deletes a not-ready Pod before ready ones, even when it is the oldest", () => {
      const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
      sim.apply(deployment("web", 2));
      const [unready] = names(podsOf(sim, "web"));
      sim.advance("10s");
      sim.apply(deployment("web", 3));
      sim.setReady(unready!, false);
      sim.apply(deployment("web", 2));
      assert.deepEqual(
        podsOf(sim, "web")
          .filter((p) => p.deletion !== undefined)
          .map((p) => p.name),
        [unready],
      );
    });
  });

  describe("a template change (image) with maxSurge 25%, maxUnavailable 25% and a 5s readiness delay", () => {
    function rolled() {
      const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
      sim.apply(nginxDeployment("web", 4, { image: "nginx:1.26", readinessDelay: 5 }));
      sim.advance("5s");
      const oldRS = sim.replicaSets("default")[0]!;
      const oldPods = names(sim.podsOwnedBy(oldRS.uid));
      const out = sim.apply(nginxDeployment("web", 4, { image: "nginx:1.27", readinessDelay: 5 }));
      return { sim, oldRS, oldPods, out };
    }

    it("says `configured` and creates a second ReplicaSet with a new hash", () => {
      const { sim, oldRS, out } = rolled();
      assert.deepEqual(out.lines, ["deployment.apps/web configured"]);
      const d = sim.deployment("default", "web")!;
      const next = sim.replicaSet("default", `web-${d.templateHash}`)!;
      assert.ok(next, "the new ReplicaSet exists");
      assert.notEqual(next.name, oldRS.name);
      assert.equal(next.template.spec.containers[0]!.image, "nginx:1.27");
    });

    it("right after apply, still runs at least 3 ready old Pods and no ready new one", () => {
      const { sim, oldRS } = rolled();
      const old = live(sim.podsOwnedBy(oldRS.uid));
      assert.ok(old.filter((p) => sim.isPodReady(p)).length >= 3);
      const d = sim.deployment("default", "web")!;
      const fresh = sim.podsOwnedBy(sim.replicaSet("default", `web-${d.templateHash}`)!.uid);
      assert.ok(fresh.length >= 1);
      assert.equal(fresh.filter((p) => sim.isPodReady(p)).length, 0);
    });

    it("never has more than 5 Pods (replicas + maxSurge) or fewer than 3 ready (replicas − maxUnavailable), second by second", () => {
      const { sim } = rolled();
      for (let t = 0; t <= 40; t++) {
        const pods = live(podsOf(sim, "web"));
        assert.ok(pods.length <= 5, `t=${t}s: ${pods.length} Pods`);
        assert.ok(pods.filter((p) => sim.isPodReady(p)).length >= 3, `t=${t}s: fewer than 3 ready`);
        sim.advance("1s");
      }
    });

    it("after advance, runs 4 ready new Pods and leaves the old ReplicaSet at 0 with no Pods", () => {
      const { sim, oldRS, oldPods } = rolled();
      sim.advance("60s");
      const d = sim.deployment("default", "web")!;
      const next = sim.replicaSet("default", `web-${d.templateHash}`)!;
      const fresh = sim.podsOwnedBy(next.uid);
      assert.equal(fresh.length, 4);
      assert.ok(fresh.every((p) => sim.isPodReady(p) && p.containers[0]!.image === "nginx:1.27"));
      assert.equal(sim.replicaSet("default", oldRS.name)!.replicas, 0);
      assert.deepEqual(sim.podsOwnedBy(oldRS.uid), []);
      for (const n of oldPods) assert.equal(sim.pod("default", n), undefined);
      assert.deepEqual(getTable(sim, "rs", { wide: false }).row(oldRS.name), { NAME: oldRS.name, DESIRED: "0", CURRENT: "0", READY: "0", AGE: "65s" });
    });
  });
});

// rolling.go: reconcileNewReplicaSet scales the new ReplicaSet up to replicas + maxSurge; then
// reconcileOldReplicaSets scales old ones down by (available Pods − minAvailable). Two new Pods
// that turn ready at the same moment are seen together, so the old ReplicaSet drops by two.
describe("a rolling update (4 replicas, maxSurge 1, maxUnavailable 1, 5s readiness delay)", () => {
  it("emits the controller's steps: up 0→1, down 4→3, up 1→2, then down 3→1 and up 2→4 once two new Pods are ready", () => {
    const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    sim.apply(nginxDeployment("web", 4, { readinessDelay: 5, maxSurge: 1, maxUnavailable: 1 }));
    sim.advance("10s");
    sim.apply(nginxDeployment("web", 4, { image: "nginx:1.28", readinessDelay: 5, maxSurge: 1, maxUnavailable: 1 }));
    sim.advance("30s");
    const steps = sim
      .events()
      .filter((e) => e.object === "deployment/web")
      .map((e) =>
        e.message.replace(/web-[0-9a-z]+/, (m) => (m === sim.replicaSets("default").find((r) => r.name === m && r.replicas === 4)?.name ? "new" : "old")),
      );
    assert.deepEqual(steps, [
      "Scaled up replica set old from 0 to 4",
      "Scaled up replica set new from 0 to 1",
      "Scaled down replica set old from 4 to 3",
      "Scaled up replica set new from 1 to 2",
      "Scaled down replica set old from 3 to 1",
      "Scaled up replica set new from 2 to 4",
      "Scaled down replica set old from 1 to 0",
    ]);
  });
});

describe("ReplicaSet selectors with matchExpressions", () => {
  const selector = {
    matchLabels: { app: "web" },
    matchExpressions: [
      { key: "tier", operator: "In", values: ["fe", "be"] },
      { key: "env", operator: "NotIn", values: ["prod"] },
      { key: "track", operator: "Exists" },
      { key: "legacy", operator: "DoesNotExist" },
    ],
  };

  it("accepts In, NotIn, Exists and DoesNotExist and creates the Pods from the template", () => {
    const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    const out = sim.apply(replicaSet("web", 2, selector, { app: "web", tier: "fe", env: "dev", track: "stable" }));
    assert.deepEqual(out.lines, ["replicaset.apps/web created"]);
    const pods = sim.podsOwnedBy(sim.replicaSet("default", "web")!.uid);
    assert.equal(pods.length, 2);
    for (const p of pods) {
      assert.match(p.name, new RegExp(`^web-${SUFFIX}$`));
      assert.deepEqual(p.labels, { app: "web", env: "dev", tier: "fe", track: "stable" });
    }
  });

  // kubectl prints a set-based selector through labels.Selector.String(): requirements sorted by key.
  it("prints the selector as kubectl does, requirements sorted by key", () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    sim.apply(replicaSet("web", 1, selector, { app: "web", tier: "fe", env: "dev", track: "stable" }));
    assert.equal(getTable(sim, "rs").row("web")?.["SELECTOR"], "app=web,env notin (prod),!legacy,tier in (be,fe),track");
  });

  const mismatch = (labels: Record<string, string>) =>
    `spec.template.metadata.labels: Invalid value: map[string]string{${Object.keys(labels)
      .sort()
      .map((k) => `"${k}":"${labels[k]}"`)
      .join(", ")}}: \`selector\` does not match template \`labels\``;
  const bad: { name: string; why: string; labels: Record<string, string>; expressions?: unknown[]; message: string }[] = [
    { name: "a template outside In", why: "tier=ops is not one of fe, be", labels: { app: "web", tier: "ops", env: "dev", track: "x" }, message: "" },
    { name: "a template inside NotIn", why: "env=prod is excluded", labels: { app: "web", tier: "fe", env: "prod", track: "x" }, message: "" },
    { name: "a template without the Exists key", why: "the template has no track label", labels: { app: "web", tier: "fe", env: "dev" }, message: "" },
    {
      name: "a template with the DoesNotExist key",
      why: "the template has a legacy label",
      labels: { app: "web", tier: "fe", env: "dev", track: "x", legacy: "yes" },
      message: "",
    },
    {
      name: "In without values",
      why: "In and NotIn need at least one value",
      labels: { app: "web" },
      expressions: [{ key: "tier", operator: "In", values: [] }],
      message: "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    },
    {
      name: "Exists with values",
      why: "Exists and DoesNotExist take no values",
      labels: { app: "web", tier: "fe" },
      expressions: [{ key: "tier", operator: "Exists", values: ["fe"] }],
      message: "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    },
  ];
  for (const b of bad) {
    it(`rejects ${b.name} (${b.why}) as Invalid, saying which field, and changes nothing`, () => {
      const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
      const before = snapshot(sim);
      const sel = b.expressions ? { matchLabels: { app: "web" }, matchExpressions: b.expressions } : selector;
      rejects(() => sim.apply(replicaSet("web", 1, sel, b.labels)), ErrorCode.Invalid, `The ReplicaSet "web" is invalid: `);
      rejects(() => sim.apply(replicaSet("web", 1, sel, b.labels)), ErrorCode.Invalid, b.message || mismatch(b.labels));
      assert.equal(snapshot(sim), before);
    });
  }

  const badOperator = replicaSet(
    "web",
    1,
    { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "Equals", values: ["fe"] }] },
    { app: "web", tier: "fe" },
  );

  it("rejects an unknown operator (Equals) as Invalid and changes nothing", () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    const before = snapshot(sim);
    rejects(() => sim.apply(badOperator), ErrorCode.Invalid, `The ReplicaSet "web" is invalid:`);
    assert.equal(snapshot(sim), before);
  });

  // apimachinery ValidateLabelSelectorRequirement: field.Invalid(operator, "not a valid selector operator").
  it('says `spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator`', () => {
    const sim = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    rejects(
      () => sim.apply(badOperator),
      ErrorCode.Invalid,
      'spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
    );
  });
});

describe("a bare ReplicaSet", () => {
  it("keeps `replicas` Pods running, replacing a deleted one with a new name", () => {
    const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    sim.apply(replicaSet("front", 3, { matchLabels: { app: "front" } }, { app: "front" }));
    const rs = sim.replicaSet("default", "front")!;
    assert.equal(rs.owner, undefined);
    const before = names(sim.podsOwnedBy(rs.uid));
    assert.equal(before.length, 3);
    sim.deletePod(before[0]!);
    const after = live(sim.podsOwnedBy(rs.uid));
    assert.equal(after.length, 3);
    assert.equal(after.filter((p) => !before.includes(p.name)).length, 1);
    assert.deepEqual(sim.apply(replicaSet("front", 3, { matchLabels: { app: "front" } }, { app: "front" })).lines, ["replicaset.apps/front unchanged"]);
  });

  // The ReplicaSet controller adopts orphan Pods its selector matches (controller_ref_manager.go
  // ClaimPods) and only creates the difference.
  it("adopts a matching bare Pod and creates only the missing Pods", () => {
    const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    sim.apply(pod("orphan", { labels: { app: "front" }, containers: [{ name: "app", ports: [8080] }] }));
    sim.apply(replicaSet("front", 3, { matchLabels: { app: "front" } }, { app: "front" }));
    const rs = sim.replicaSet("default", "front")!;
    assert.equal(sim.pods("default").filter((p) => p.labels["app"] === "front").length, 3);
    assert.equal(sim.pod("default", "orphan")!.owner?.uid, rs.uid);
  });
});

describe("StatefulSet web (serviceName nginx, OrderedReady, 5s readiness delay)", () => {
  const headless = serviceWith("nginx", { clusterIP: "None", selector: { app: "nginx" }, ports: [{ port: 80, name: "web" }] });
  const start = () => {
    const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    sim.apply([headless, statefulSet("web", 3, { readinessDelay: 5 })]);
    return sim;
  };

  const timeline: { after: number; pods: string[]; ready: string[] }[] = [
    { after: 0, pods: ["web-0"], ready: [] },
    { after: 5, pods: ["web-0", "web-1"], ready: ["web-0"] },
    { after: 10, pods: ["web-0", "web-1", "web-2"], ready: ["web-0", "web-1"] },
    { after: 15, pods: ["web-0", "web-1", "web-2"], ready: ["web-0", "web-1", "web-2"] },
  ];
  for (const step of timeline) {
    it(`after ${step.after}s has ${step.pods.join(", ")} with ${step.ready.length ? step.ready.join(", ") : "none"} ready (each waits for the one before)`, () => {
      const sim = start();
      sim.advance(step.after);
      const pods = sim.pods("default");
      assert.deepEqual(names(pods), step.pods);
      assert.deepEqual(names(pods.filter((p) => sim.isPodReady(p))), step.ready);
    });
  }

  it("gives each Pod the pod-name and pod-index labels, hostname = its name, subdomain = nginx", () => {
    const sim = start();
    sim.advance("15s");
    sim.pods("default").forEach((p, i) => {
      assert.equal(p.labels["statefulset.kubernetes.io/pod-name"], `web-${i}`);
      assert.equal(p.labels["apps.kubernetes.io/pod-index"], String(i));
      assert.equal(p.labels["app"], "nginx");
      assert.equal(p.spec.hostname, `web-${i}`);
      assert.equal(p.spec.subdomain, "nginx");
      assert.equal(p.owner?.kind, "StatefulSet");
    });
  });

  it("recreates a deleted web-0 as web-0 with a new UID, only after the old one is gone", () => {
    const sim = start();
    sim.advance("15s");
    const old = sim.pod("default", "web-0")!;
    assert.equal(sim.deletePod("web-0").deletion, sim.now);
    assert.equal(getTable(sim, "pods").row("web-0")?.["STATUS"], "Terminating");
    // nginx stops gracefully on SIGQUIT (its STOPSIGNAL) within a second.
    sim.advance("0.5s");
    assert.equal(sim.pod("default", "web-0")!.uid, old.uid, "still the old Pod while it terminates");
    assert.equal(getTable(sim, "pods").row("web-0")?.["STATUS"], "Terminating");
    sim.advance("0.5s");
    const fresh = sim.pod("default", "web-0")!;
    assert.notEqual(fresh.uid, old.uid);
    assert.equal(fresh.deletion, undefined);
    assert.equal(fresh.spec.hostname, "web-0");
    assert.deepEqual(names(sim.pods("default")), ["web-0", "web-1", "web-2"]);
  });

  it("scales 3 → 1 by removing web-2 first, then web-1 once web-2 is gone", () => {
    const sim = start();
    sim.advance("15s");
    assert.deepEqual(sim.apply([headless, statefulSet("web", 1, { readinessDelay: 5 })]).lines, ["service/nginx unchanged", "statefulset.apps/web configured"]);
    const terminating = () =>
      sim
        .pods("default")
        .filter((p) => p.deletion !== undefined)
        .map((p) => p.name);
    assert.deepEqual(terminating(), ["web-2"]);
    sim.advance("1s");
    assert.deepEqual(names(sim.pods("default")), ["web-0", "web-1"]);
    assert.deepEqual(terminating(), ["web-1"]);
    sim.advance("1s");
    assert.deepEqual(names(sim.pods("default")), ["web-0"]);
  });
});

describe("Simulation.delete()", () => {
  function cluster() {
    const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
    sim.apply([
      namespace("shop"),
      deployment("api", 2),
      replicaSet("front", 2, { matchLabels: { app: "front" } }, { app: "front" }),
      statefulSet("web", 2),
      service("api", { app: "api" }),
      pod("client"),
      pod("cart", { namespace: "shop" }),
    ]);
    return sim;
  }

  const cases: { kind: string; name: string; namespace?: string; line: string; gone: (sim: Simulation) => boolean; podsLeft: (sim: Simulation) => string[] }[] =
    [
      {
        kind: "deployment",
        name: "api",
        line: 'deployment.apps "api" deleted from default namespace',
        gone: (sim) => !sim.deployment("default", "api") && !sim.replicaSets("default").some((r) => r.name.startsWith("api-")),
        podsLeft: (sim) => names(sim.pods("default").filter((p) => p.labels["app"] === "api")),
      },
      {
        kind: "rs",
        name: "front",
        line: 'replicaset.apps "front" deleted from default namespace',
        gone: (sim) => !sim.replicaSet("default", "front"),
        podsLeft: (sim) => names(sim.pods("default").filter((p) => p.labels["app"] === "front")),
      },
      {
        kind: "statefulset",
        name: "web",
        line: 'statefulset.apps "web" deleted from default namespace',
        gone: (sim) => !sim.statefulSet("default", "web"),
        podsLeft: (sim) => names(sim.pods("default").filter((p) => p.name.startsWith("web-"))),
      },
      {
        kind: "svc",
        name: "api",
        line: 'service "api" deleted from default namespace',
        gone: (sim) => !sim.service("default", "api") && !sim.endpointSlices("default").some((s) => s.service === "api"),
        podsLeft: () => [],
      },
      {
        kind: "pod",
        name: "client",
        line: 'pod "client" deleted from default namespace',
        gone: (sim) => sim.pod("default", "client")?.deletion !== undefined,
        podsLeft: (sim) => names(sim.pods("default").filter((p) => p.name === "client")),
      },
    ];
  for (const c of cases) {
    it(`deletes a ${c.kind} and prints \`${c.line}\`; its Pods go Terminating, then away after 30s`, () => {
      const sim = cluster();
      assert.equal(sim.delete(c.kind, c.name, c.namespace), c.line);
      assert.ok(c.gone(sim));
      for (const n of c.podsLeft(sim)) assert.notEqual(sim.pod("default", n)!.deletion, undefined, `${n} is Terminating`);
      sim.advance("30s");
      assert.deepEqual(c.podsLeft(sim), []);
    });
  }

  it("names the namespace of a namespaced object as kubectl v1.35 does, and none for a Namespace", () => {
    const sim = cluster();
    assert.equal(sim.delete("pod", "cart", "shop"), 'pod "cart" deleted from shop namespace');
    assert.equal(sim.delete("namespace", "shop"), 'namespace "shop" deleted');
  });

  it("deletes a Namespace: Terminating while its Pods terminate, then gone", () => {
    const sim = cluster();
    assert.equal(sim.delete("namespace", "shop"), 'namespace "shop" deleted');
    assert.equal(getTable(sim, "ns").row("shop")?.["STATUS"], "Terminating");
    assert.equal(sim.pod("shop", "cart")!.deletion, sim.now);
    sim.advance("29s");
    assert.ok(sim.namespace("shop"));
    sim.advance("1s");
    assert.equal(sim.namespace("shop"), undefined);
    assert.equal(sim.pod("shop", "cart"), undefined);
    assert.equal(getTable(sim, "ns").row("shop"), undefined);
  });

  it("refuses to create anything in a terminating Namespace", () => {
    const sim = cluster();
    sim.delete("ns", "shop");
    rejects(() => sim.apply(pod("late", { namespace: "shop" })), ErrorCode.Invalid, "because it is being terminated");
  });

  const refusals = [
    {
      kind: "namespace",
      name: "default",
      code: ErrorCode.BadRequest,
      message: 'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted',
    },
    { kind: "deployment", name: "nope", code: ErrorCode.NotFound, message: 'Error from server (NotFound): deployments.apps "nope" not found' },
    { kind: "statefulset", name: "nope", code: ErrorCode.NotFound, message: 'Error from server (NotFound): statefulsets.apps "nope" not found' },
    { kind: "service", name: "nope", code: ErrorCode.NotFound, message: 'Error from server (NotFound): services "nope" not found' },
    { kind: "SVC", name: "nope", code: ErrorCode.NotFound, message: 'Error from server (NotFound): services "nope" not found' },
    { kind: "sts", name: "nope", code: ErrorCode.NotFound, message: 'Error from server (NotFound): statefulsets.apps "nope" not found' },
    ...["configmap", "nodes", "constructor"].map((kind) => ({
      kind,
      name: "x",
      code: ErrorCode.BadRequest,
      message: `error: the server doesn't have a resource type "${kind}"; podtalk deletes Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Service, Namespace, NetworkPolicy`,
    })),
  ];
  for (const r of refusals) {
    it(`refuses \`delete ${r.kind} ${r.name}\` with \`${r.message}\` and changes nothing`, () => {
      const sim = cluster();
      const before = snapshot(sim);
      assert.throws(
        () => sim.delete(r.kind, r.name),
        (e: unknown) => e instanceof PodtalkError && e.code === r.code && e.message === r.message,
      );
      assert.equal(snapshot(sim), before);
    });
  }

  it("frees a deleted Service's ClusterIP so a new Service may ask for it", () => {
    const sim = cluster();
    const ip = intToIp(sim.service("default", "api")!.clusterIP!);
    sim.delete("service", "api");
    assert.deepEqual(sim.apply(service("again", { app: "api" }, { clusterIP: ip })).lines, ["service/again created"]);
  });
});

describe("Cluster.manifests()", () => {
  it("returns YAML that apply() accepts again into a fresh cluster, giving the same objects", () => {
    const original = new Cluster({ nodes: 2, seed: 4 });
    original.apply([
      namespace("shop"),
      deployment("api", 3, { namespace: "shop" }),
      nginxDeployment("web", 2, { readinessDelay: 5 }),
      statefulSet("store", 2),
      replicaSet(
        "front",
        1,
        { matchLabels: { app: "front" }, matchExpressions: [{ key: "tier", operator: "In", values: ["fe"] }] },
        { app: "front", tier: "fe" },
      ),
      pod("client"),
      service("api", { app: "api" }, { namespace: "shop" }),
      serviceWith("web-np", { type: "NodePort", selector: { app: "web" }, ports: [{ port: 80, targetPort: 80, nodePort: 30080 }] }),
      serviceWith("db", { type: "ExternalName", externalName: "db.example.com" }),
    ]);
    original.apply(nginxDeployment("web", 3, { readinessDelay: 5, image: "nginx:1.28" }));
    const yaml = original.manifests();

    const copy = new Cluster({ nodes: 2, seed: 4 });
    const out = copy.apply(yaml);
    assert.ok(
      out.lines.every((l) => l.endsWith(" created")),
      out.lines.join("\n"),
    );
    assert.equal(String(copy.manifests()), String(yaml));

    const shape = (c: Cluster) => {
      const sim = engineOf(c);
      return {
        namespaces: sim.namespaces().map((n) => n.name),
        deployments: sim.deployments().map((d) => [d.namespace, d.name, d.replicas, d.template.spec.containers.map((x) => x.image)]),
        statefulSets: sim.statefulSets().map((s) => [s.name, s.replicas, s.serviceName]),
        bareReplicaSets: sim
          .replicaSets()
          .filter((r) => !r.owner)
          .map((r) => [r.name, r.replicas, r.selector]),
        barePods: sim
          .pods()
          .filter((p) => !p.owner)
          .map((p) => `${p.namespace}/${p.name}`),
        services: sim
          .services()
          .map((s) => [s.namespace, s.name, s.type, s.headless, s.selector, s.ports, s.nodePorts.filter((n) => n === 30080), s.externalName]),
      };
    };
    assert.deepEqual(shape(copy), shape(original));
  });
});

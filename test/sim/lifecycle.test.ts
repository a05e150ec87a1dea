/**
 * The kubelet's side of a Pod's life: container restarts keep the Pod, crash loops back off
 * 0, 10, 20, 40, 80, 160, 300, 300 s, two processes cannot bind one port, readiness decides
 * endpoints, hostNetwork Pods share the node's address, and Pods wait when no node has room.
 *
 * Sources: kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/ (container restarts, back-off,
 * readiness); kubernetes/kubernetes pkg/kubelet/kuberuntime/kuberuntime_manager.go (CrashLoopBackOff),
 * pkg/api/pod/warnings.go (duplicate containerPort warnings), pkg/kubelet/network/dns/dns.go
 * (hostNetwork Pods), pkg/printers/internalversion/printers.go (the Pod columns);
 * containernetworking/plugins plugins/ipam/host-local/backend/allocator (host-local's next address).
 */
import { strict as assert } from "node:assert";
import { ErrorCode, PodtalkError } from "../../lib/model/index.js";
import { getTable } from "../../lib/render/index.js";
import { Simulation, intToIp, type PodState } from "../../lib/sim/index.js";
import { deployment, pod, podWith, readinessProbe, service } from "./internal/fixtures.js";

const fresh = (nodes = 1) => new Simulation({ nodes, seed: 1, systemPods: false });

/**
 * Seconds after `since` at which the kubelet started the (single) container of `podName`: when
 * the Pod was created, then at each restart (identical Started events are one Event with a count,
 * so they no longer tell the times apart).
 */
function startTimes(sim: Simulation, podName: string, since: number): number[] {
  const span = sim
    .podHistory()
    .filter((s) => s.name === podName)
    .at(-1)!;
  return [span.created, ...span.restarts].map((t) => t - since);
}

/** The one BackOff Event of `podName`, if any. */
const backOffOf = (sim: Simulation, podName: string) => sim.events().find((e) => e.object === `pod/${podName}` && e.reason === "BackOff");

const gaps = (times: readonly number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe("Simulation.restartContainer()", () => {
  function restarted() {
    const sim = fresh();
    sim.apply(pod("web", { labels: { app: "web" }, containers: [{ name: "app", ports: [8080] }] }));
    const before = sim.pod("default", "web")!;
    const after = sim.restartContainer("web", "app");
    return { sim, before, after };
  }

  it("keeps the Pod's name, UID, node and IP", () => {
    const { before, after } = restarted();
    assert.equal(after.name, before.name);
    assert.equal(after.uid, before.uid);
    assert.equal(after.nodeName, before.nodeName);
    assert.equal(after.podIP, before.podIP);
  });

  it("adds 1 to restartCount and records the killed run in lastState: exit code 137, reason Error", () => {
    const { sim, after } = restarted();
    const c = after.containers[0]!;
    assert.equal(c.restartCount, 1);
    assert.equal(c.state, "Running");
    assert.equal(c.lastState?.exitCode, 137);
    assert.equal(c.lastState?.reason, "Error");
    assert.equal(c.lastState?.finishedAt, sim.now);
  });

  it("backs off a second kill right after the first: Waiting CrashLoopBackOff for 10s, then restartCount 2 on the same IP", () => {
    const { sim, before } = restarted();
    const waiting = sim.restartContainer("web", "app").containers[0]!;
    assert.equal(waiting.state, "Waiting");
    assert.equal(waiting.reason, "CrashLoopBackOff");
    assert.equal(waiting.restartCount, 1);
    sim.advance("9s");
    assert.equal(sim.pod("default", "web")!.containers[0]!.state, "Waiting");
    sim.advance("1s");
    const p = sim.pod("default", "web")!;
    assert.equal(p.containers[0]!.state, "Running");
    assert.equal(p.containers[0]!.restartCount, 2);
    assert.equal(p.podIP, before.podIP);
    assert.equal(p.uid, before.uid);
  });

  const ages: [number, string][] = [
    [0, "1 (0s ago)"],
    [41, "1 (41s ago)"],
    [130, "1 (2m10s ago)"],
  ];
  for (const [seconds, cell] of ages) {
    it(`shows RESTARTS \`${cell}\` ${seconds}s later`, () => {
      const { sim } = restarted();
      sim.advance(seconds);
      assert.equal(getTable(sim, "pods").row("web")?.["RESTARTS"], cell);
    });
  }

  it("refuses a container that is not running, saying what to do", () => {
    const sim = fresh();
    sim.apply(podWith("crash", [{ name: "app", image: "busybox" }]));
    assert.throws(
      () => sim.restartContainer("crash", "app"),
      (e: unknown) => e instanceof PodtalkError && e.code === ErrorCode.BadRequest && /is not running \(Waiting: CrashLoopBackOff\)/.test(e.message),
    );
  });
});

describe("a crash-looping container", () => {
  const crashers = [
    { name: "busybox with no command (the shell exits at once)", container: { name: "app", image: "busybox" }, exitCode: 0, reason: "Completed" },
    { name: 'command ["sh", "-c", "exit 1"]', container: { name: "app", image: "busybox", command: ["sh", "-c", "exit 1"] }, exitCode: 1, reason: "Error" },
  ];
  for (const c of crashers) {
    describe(c.name, () => {
      function looping() {
        const sim = fresh();
        const t0 = sim.now;
        sim.apply(podWith("crash", [c.container]));
        return { sim, t0 };
      }

      it("is restarted at once, then after 10, 20, 40, 80, 160, 300, 300 s", () => {
        const { sim, t0 } = looping();
        sim.advance("20m");
        assert.deepEqual(gaps(startTimes(sim, "crash", t0)), [0, 10, 20, 40, 80, 160, 300, 300]);
      });

      // kuberuntime_manager.go doBackOff records BackOff on every sync while the container waits,
      // and pod_workers.go re-syncs it every 10 s: waits of 10, 20, 40, 80, 160, 300, 300 s make
      // 1 + 2 + 4 + 8 + 16 + 30 + 30 syncs, plus the one starting the wait still running at 910 s.
      it("counts a Warning BackOff on one Event for every sync while it waits (x92 over 20m)", () => {
        const { sim, t0 } = looping();
        sim.advance("20m");
        const backoffs = sim.events().filter((e) => e.object === "pod/crash" && e.reason === "BackOff");
        assert.equal(backoffs.length, 1);
        const e = backoffs[0]!;
        const uid = sim.pod("default", "crash")!.uid;
        assert.deepEqual(
          { type: e.type, message: e.message, count: e.count, first: e.firstTime - t0, last: e.time - t0, subobject: e.subobject },
          {
            type: "Warning",
            message: `Back-off restarting failed container app in pod crash_default(${uid})`,
            count: 92,
            first: 0,
            last: 910,
            subobject: "spec.containers{app}",
          },
        );
      });

      const waits: [number, string][] = [
        [0, "10s"],
        [10, "20s"],
        [30, "40s"],
        [150, "2m40s"],
        [310, "5m0s"],
      ];
      for (const [at, delay] of waits) {
        it(`waits in CrashLoopBackOff with \`back-off ${delay} restarting failed container=app pod=crash_default(<uid>)\` at ${at}s`, () => {
          const { sim } = looping();
          sim.advance(at);
          const p = sim.pod("default", "crash")!;
          const ctr = p.containers[0]!;
          assert.equal(ctr.state, "Waiting");
          assert.equal(ctr.reason, "CrashLoopBackOff");
          assert.equal(ctr.message, `back-off ${delay} restarting failed container=app pod=crash_default(${p.uid})`);
          assert.equal(ctr.lastState?.exitCode, c.exitCode);
          assert.equal(ctr.lastState?.reason, c.reason);
          assert.equal(getTable(sim, "pods").row("crash")?.["STATUS"], "CrashLoopBackOff");
          assert.equal(p.phase, "Running");
        });
      }

      it("counts its restarts: 8 after 15m10s, the last one 0s ago", () => {
        const { sim } = looping();
        sim.advance(910);
        assert.equal(sim.pod("default", "crash")!.containers[0]!.restartCount, 8);
        assert.equal(getTable(sim, "pods").row("crash")?.["RESTARTS"], "8 (0s ago)");
      });
    });
  }

  const lifetimes = [
    {
      name: "restarts a container that ran over 10 minutes (`sleep 700 && exit 1`) at once every time: the back-off resets",
      script: "sleep 700 && exit 1",
      horizon: 700 * 3 + 1,
      starts: [0, 700, 1400, 2100],
      backoffs: 0,
    },
    {
      // Runs of 30 s: starts at 0, 30 (at once), 70 (after 10), 120 (after 20), 190 (after 40).
      name: "backs off a container that crashes after 30s (`sleep 30 && exit 1`): waits 0, 10, 20, 40 s",
      script: "sleep 30 && exit 1",
      horizon: 200,
      // Waits of 10, 20 and 40 s: 1 + 2 + 4 BackOff syncs.
      starts: [0, 30, 70, 120, 190],
      backoffs: 7,
    },
  ];
  for (const l of lifetimes) {
    it(l.name, () => {
      const sim = fresh();
      const t0 = sim.now;
      sim.apply(podWith("job", [{ name: "app", image: "busybox", command: ["sh", "-c", l.script] }]));
      sim.advance(l.horizon);
      assert.deepEqual(startTimes(sim, "job", t0), l.starts);
      assert.equal(backOffOf(sim, "job")?.count ?? 0, l.backoffs);
    });
  }

  // `sleep 700; exit 1` runs 700 s in a real shell. apps.ts reads `sleep (\S+)`, takes "700;" for
  // the duration, finds no number and lets the script exit at once, so it crash-loops from the start.
  it('restarts `sh -c "sleep 700; exit 1"` only every 700s, with no back-off', () => {
    const sim = fresh();
    const t0 = sim.now;
    sim.apply(podWith("job", [{ name: "app", image: "busybox", command: ["sh", "-c", "sleep 700; exit 1"] }]));
    sim.advance(700 * 3 + 1);
    assert.deepEqual(startTimes(sim, "job", t0), [0, 700, 1400, 2100]);
    assert.equal(backOffOf(sim, "job"), undefined);
  });
});

describe("two containers binding the same port (two nginx on :80)", () => {
  const twoNginx = () =>
    podWith(
      "two",
      [
        { name: "a", image: "nginx", ports: [{ containerPort: 80 }] },
        { name: "b", image: "nginx", ports: [{ containerPort: 80 }] },
      ],
      { labels: { app: "two" } },
    );
  function started() {
    const sim = fresh();
    const out = sim.apply([twoNginx(), service("two", { app: "two" }, { targetPort: 80 })]);
    return { sim, out };
  }

  it("is created, with the API server's duplicate-port warning", () => {
    const { out } = started();
    assert.deepEqual(out.lines, ["pod/two created", "service/two created"]);
    assert.deepEqual(out.warnings, ["spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]"]);
  });

  // nginx (src/core/ngx_connection.c) tries bind() five times, 500 ms apart, before giving up:
  // each run lasts 2.5 s. Runs: 0–2.5, 2.5–5 (restarted at once), 15–17.5, 37.5–40.
  it("runs the first; the second retries bind() for 2.5 s, exits 1 and crash-loops", () => {
    const { sim } = started();
    sim.advance(41);
    const [a, b] = sim.pod("default", "two")!.containers;
    assert.equal(a!.state, "Running");
    assert.equal(a!.restartCount, 0);
    assert.equal(b!.state, "Waiting");
    assert.equal(b!.reason, "CrashLoopBackOff");
    assert.equal(b!.lastState?.exitCode, 1);
    assert.equal(b!.lastState?.reason, "Error");
    assert.equal(b!.lastState!.finishedAt - b!.lastState!.startedAt, 2.5);
    assert.deepEqual(getTable(sim, "pods", { wide: false }).row("two"), {
      NAME: "two",
      READY: "1/2",
      STATUS: "CrashLoopBackOff",
      RESTARTS: "3 (1s ago)",
      AGE: "41s",
    });
  });

  // kuberuntime_container.go: the termination message comes from terminationMessagePath, which
  // nginx never writes; only FallbackToLogsOnError (with a non-zero exit) falls back to the log.
  it("has no termination message with the default terminationMessagePolicy (File)", () => {
    const { sim } = started();
    sim.advance(41);
    assert.equal(sim.pod("default", "two")!.containers[1]!.lastState?.message, undefined);
  });

  it("takes the log's tail as termination message with terminationMessagePolicy FallbackToLogsOnError", () => {
    const sim = fresh();
    sim.apply(
      podWith("two", [
        { name: "a", image: "nginx", ports: [{ containerPort: 80 }] },
        { name: "b", image: "nginx", ports: [{ containerPort: 80 }], terminationMessagePolicy: "FallbackToLogsOnError" },
      ]),
    );
    sim.advance(41);
    const message = sim.pod("default", "two")!.containers[1]!.lastState?.message ?? "";
    assert.ok(message.endsWith("[emerg] 1#1: still could not bind()\nnginx: [emerg] still could not bind()\n"), message);
    assert.ok(message.includes("bind() to 0.0.0.0:80 failed (98: Address already in use)"));
    // The kubelet keeps at most the last 2048 bytes (MaxContainerTerminationMessageLogLength).
    assert.ok(message.length <= 2048 && message.length > 2000, String(message.length));
  });

  it("is Ready while the second nginx still retries, then leaves its Service's ready endpoints", () => {
    const { sim } = started();
    assert.equal(sim.endpoints(sim.service("default", "two")!, 0)[0]!.ready, true);
    sim.advance(5);
    const eps = sim.endpoints(sim.service("default", "two")!, 0);
    assert.equal(eps.length, 1);
    assert.equal(eps[0]!.ready, false);
    assert.equal(getTable(sim, "endpoints").row("two")?.["ENDPOINTS"], "");
  });
});

// ValidatePodUpdate (pkg/apis/core/validation) allows `spec.containers[*].image` to change; the
// kubelet's computePodActions sees the container's hash change, kills it ("definition changed")
// and starts it again in the same Pod.
describe("an image-only change to a Pod", () => {
  const nginxPod = (image: string, port = 80) => podWith("web", [{ name: "web", image, ports: [{ containerPort: port }] }]);

  it("is `configured` and restarts that container: restartCount + 1, same UID and IP, the old run in lastState", () => {
    const sim = fresh();
    sim.apply(nginxPod("nginx:1.27"));
    sim.advance("30s");
    const before = sim.pod("default", "web")!;
    assert.deepEqual(sim.apply(nginxPod("nginx:1.28")).lines, ["pod/web configured"]);
    const after = sim.pod("default", "web")!;
    assert.equal(after.uid, before.uid);
    assert.equal(after.podIP, before.podIP);
    const c = after.containers[0]!;
    assert.deepEqual([c.image, c.state, c.restartCount, c.lastState?.exitCode, c.lastState?.reason], ["nginx:1.28", "Running", 1, 0, "Completed"]);
    assert.equal(after.spec.containers[0]!.image, "nginx:1.28");
    const killing = sim.events().find((e) => e.object === "pod/web" && e.reason === "Killing");
    assert.equal(killing?.message, "Container web definition changed, will be restarted");
    assert.match(sim.manifests(), /image: nginx:1\.28/);
  });

  it("still refuses any other spec change, with the API server's message, changing nothing", () => {
    const sim = fresh();
    sim.apply(nginxPod("nginx:1.27"));
    assert.throws(
      () => sim.apply(nginxPod("nginx:1.28", 8080)),
      (e: unknown) => e instanceof PodtalkError && e.code === ErrorCode.Invalid && /pod updates may not change fields other than/.test(e.message),
    );
    assert.equal(sim.pod("default", "web")!.containers[0]!.image, "nginx:1.27");
  });
});

describe("Simulation.setReady()", () => {
  function withService() {
    const sim = fresh();
    sim.apply([pod("only", { labels: { app: "only" }, containers: [{ name: "app", ports: [8080] }] }), service("only", { app: "only" })]);
    return sim;
  }

  it("(false) keeps the endpoint listed with ready:false; `get endpointslices` lists it, `get endpoints` shows an empty cell", () => {
    const sim = withService();
    const ip = intToIp(sim.pod("default", "only")!.podIP!);
    sim.setReady("only", false);
    const [e] = sim.endpoints(sim.service("default", "only")!, 0);
    assert.equal(e!.ready, false);
    assert.equal(e!.serving, false);
    assert.equal(e!.terminating, false);
    assert.equal(getTable(sim, "endpointslices").rows.find((r) => r["NAME"]!.startsWith("only-"))?.["ENDPOINTS"], ip);
    assert.equal(getTable(sim, "endpoints").row("only")?.["ENDPOINTS"], "");
    assert.deepEqual(getTable(sim, "pods", { wide: false }).row("only"), { NAME: "only", READY: "0/1", STATUS: "Running", RESTARTS: "0", AGE: "0s" });
    assert.equal(sim.events().at(-1)?.reason, "Unhealthy");
  });

  // prober.go records `Readiness probe failed: <output>`; http.go's output for a bad status is
  // `HTTP probe failed with statuscode: 503`, a TCP probe's the dial error.
  it("(false) records the prober's Unhealthy text for each kind of probe", () => {
    const sim = fresh();
    sim.apply([
      podWith("h", [{ name: "web", image: "nginx", ports: [{ containerPort: 80 }], readinessProbe: readinessProbe(80, 0) }]),
      podWith("t", [{ name: "db", image: "redis", ports: [{ containerPort: 6379 }], readinessProbe: { tcpSocket: { port: 6379 } } }]),
    ]);
    sim.setReady("h", false);
    sim.setReady("t", false);
    const unhealthy = (name: string) => sim.events().find((e) => e.object === `pod/${name}` && e.reason === "Unhealthy")!;
    assert.equal(unhealthy("h").message, "Readiness probe failed: HTTP probe failed with statuscode: 503");
    assert.equal(unhealthy("h").subobject, "spec.containers{web}");
    assert.equal(unhealthy("t").message, `Readiness probe failed: dial tcp ${intToIp(sim.pod("default", "t")!.podIP!)}:6379: connect: connection refused`);
  });

  it("(true) puts it back among the ready endpoints", () => {
    const sim = withService();
    const ip = intToIp(sim.pod("default", "only")!.podIP!);
    sim.setReady("only", false);
    sim.setReady("only", true);
    assert.equal(sim.endpoints(sim.service("default", "only")!, 0)[0]!.ready, true);
    assert.equal(getTable(sim, "endpoints").row("only")?.["ENDPOINTS"], `${ip}:8080`);
  });
});

describe("a readinessProbe with initialDelaySeconds 10", () => {
  const timeline: [number, boolean][] = [
    [0, false],
    [9, false],
    [10, true],
  ];
  for (const [after, ready] of timeline) {
    it(`is ${ready ? "" : "not "}Ready ${after}s after the Pod starts, ${ready ? "and" : "nor"} a ready endpoint`, () => {
      const sim = fresh();
      sim.apply([
        podWith("probed", [{ name: "web", image: "nginx", ports: [{ containerPort: 80 }], readinessProbe: readinessProbe(80, 10) }], {
          labels: { app: "probed" },
        }),
        service("probed", { app: "probed" }, { targetPort: 80 }),
      ]);
      sim.advance(after);
      const p = sim.pod("default", "probed")!;
      assert.equal(sim.isPodReady(p), ready);
      assert.equal(p.containers[0]!.state, "Running");
      assert.equal(sim.endpoints(sim.service("default", "probed")!, 0)[0]!.ready, ready);
    });
  }
});

describe("hostNetwork Pods", () => {
  const hostNginx = (name: string, node: string, ports: number[]) =>
    podWith(name, [{ name: "web", image: "nginx", ...(ports.length ? { ports: ports.map((p) => ({ containerPort: p })) } : {}) }], {
      spec: { hostNetwork: true, nodeName: node },
    });

  it("get the node's IP as Pod IP and host IP, no veth, and take no address from host-local", () => {
    const sim = fresh(2);
    sim.apply([hostNginx("edge", "node-2", [80]), pod("after", { nodeName: "node-2" })]);
    const edge = sim.pod("default", "edge")!;
    assert.equal(intToIp(edge.podIP!), "172.18.0.3");
    assert.equal(edge.hostIP, edge.podIP);
    assert.equal(edge.veth, undefined);
    // The first ordinary Pod on the node still gets .2: the hostNetwork Pod reserved nothing.
    assert.equal(intToIp(sim.pod("default", "after")!.podIP!), "10.244.1.2");
    assert.equal(getTable(sim, "pods").row("edge")?.["IP"], "172.18.0.3");
  });

  it("crash-loop when a second one on the same node binds the same port; on another node it runs", () => {
    const sim = fresh(2);
    sim.apply([hostNginx("first", "node-1", [80]), hostNginx("second", "node-1", []), hostNginx("elsewhere", "node-2", [])]);
    const second = sim.pod("default", "second")!.containers[0]!;
    assert.equal(second.reason, undefined, "nginx still retries bind()");
    sim.advance(5);
    const later = sim.pod("default", "second")!.containers[0]!;
    assert.equal(later.reason, "CrashLoopBackOff");
    assert.equal(later.lastState?.bindFailure, 80);
    assert.equal(sim.pod("default", "first")!.containers[0]!.state, "Running");
    assert.equal(sim.pod("default", "elsewhere")!.containers[0]!.state, "Running");
  });

  // hostNetwork defaults hostPort to containerPort; the kubelet's admission (NodePorts predicate,
  // pkg/kubelet/lifecycle/predicate.go) rejects a Pod pinned to a node whose host port is taken:
  // phase Failed, reason NodePorts, and `kubectl get pods` shows STATUS NodePorts.
  it("reject a second Pod declaring the same host port on a pinned node: Failed, STATUS NodePorts", () => {
    const sim = fresh(2);
    sim.apply([hostNginx("first", "node-1", [80]), hostNginx("second", "node-1", [80])]);
    const second = sim.pod("default", "second")!;
    assert.equal(second.phase, "Failed");
    assert.equal(getTable(sim, "pods").row("second")?.["STATUS"], "NodePorts");
  });
});

describe("Pods that find no room (maxPods 110)", () => {
  it("leave the 111th Pod Pending with IP and NODE `<none>` and a FailedScheduling event", () => {
    const sim = fresh();
    sim.apply(deployment("api", 111));
    const pending = sim.pods("default").filter((p: PodState) => p.nodeName === undefined);
    assert.equal(pending.length, 1);
    const row = getTable(sim, "pods").row(pending[0]!.name)!;
    assert.deepEqual([row["READY"], row["IP"], row["NODE"]], ["0/1", "<none>", "<none>"]);
    assert.equal(pending[0]!.phase, "Pending");
    const ev = sim.events().find((e) => e.object === `pod/${pending[0]!.name}` && e.reason === "FailedScheduling");
    assert.equal(ev?.type, "Warning");
    assert.equal(ev?.message, "0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
  });

  // kubectl's printPod starts from the phase and only overrides it from containerStatuses; an
  // unscheduled Pod has none, so STATUS is `Pending` (reference item 11: `<none>` IP and NODE).
  it("show STATUS Pending for the unscheduled Pod", () => {
    const sim = fresh();
    sim.apply(deployment("api", 111));
    const pending = sim.pods("default").find((p) => p.nodeName === undefined)!;
    assert.equal(getTable(sim, "pods").row(pending.name)?.["STATUS"], "Pending");
  });

  // A Pod with spec.nodeName skips the scheduler; the kubelet's admission rejects it on a full node
  // (pkg/kubelet/lifecycle/predicate.go: reason "OutOf" + resource): phase Failed, STATUS OutOfpods.
  it("reject a Pod pinned with nodeName to a full node: Failed, STATUS OutOfpods, no IP", () => {
    const sim = fresh();
    sim.apply(deployment("api", 110));
    sim.apply(pod("pinned", { nodeName: "node-1" }));
    const p = sim.pod("default", "pinned")!;
    assert.equal(p.phase, "Failed");
    assert.equal(p.podIP, undefined);
    assert.equal(getTable(sim, "pods").row("pinned")?.["STATUS"], "OutOfpods");
    assert.equal(sim.podCount(sim.node("node-1")!), 110);
  });
});

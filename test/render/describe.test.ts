/**
 * `kubectl describe` for Pods, Services, Deployments, StatefulSets and Nodes: the fields in
 * kubectl's order and wording, aligned as its tabwriter aligns them (within a run of lines that
 * have a value, the value starts 2 columns after the longest label).
 *
 * Sources: kubernetes/kubectl pkg/describe/describe.go (fields, order and wording),
 * kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/ (container states).
 */
import { strict as assert } from "node:assert";
import { describe as describeObject } from "../../lib/render/index.js";
import { Simulation, intToIp } from "../../lib/sim/index.js";
import { deployment, pod, podWith, readinessProbe, service, serviceWith, statefulSet } from "../sim/internal/fixtures.js";

function cluster(): Simulation {
  const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
  sim.apply([
    pod("client", { nodeName: "node-2", labels: { app: "client" } }),
    deployment("web", 5),
    podWith(
      "two",
      [
        { name: "a", image: "nginx", ports: [{ containerPort: 80, name: "http" }] },
        { name: "b", image: "nginx", ports: [{ containerPort: 80 }], readinessProbe: readinessProbe(80, 0) },
      ],
      { labels: { app: "two" }, spec: { nodeName: "node-1" } },
    ),
    serviceWith("web-np", { type: "NodePort", clusterIP: "10.96.0.51", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080, nodePort: 30007 }] }),
    serviceWith("named", { selector: { app: "two" }, ports: [{ name: "http", port: 80, targetPort: "http" }] }),
    service("nothing", { app: "nothing" }),
    serviceWith("manual", { ports: [{ port: 80 }] }),
    serviceWith("web-headless", { clusterIP: "None", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] }),
    statefulSet("store", 2),
  ]);
  sim.advance(41);
  return sim;
}

const text = (sim: Simulation, kind: string, name: string, ns?: string) => describeObject(sim, kind, name, ns);
const has = (out: string, line: string) => assert.ok(out.split("\n").includes(line), `missing line ${JSON.stringify(line)} in\n${out}`);

/** The lines from the one starting `first` to the one starting `last`, inclusive. */
function block(out: string, first: string, last: string): string[] {
  const lines = out.split("\n");
  const a = lines.findIndex((l) => l.startsWith(first));
  const b = lines.findIndex((l, i) => i >= a && l.startsWith(last));
  assert.ok(a >= 0 && b >= a, `block ${first}…${last} in\n${out}`);
  return lines.slice(a, b + 1);
}

describe("describe pod", () => {
  const sim = cluster();

  it("prints a running bare Pod byte for byte (golden)", () => {
    assert.equal(
      text(sim, "pod", "client"),
      [
        "Name:             client",
        "Namespace:        default",
        "Priority:         0",
        "Service Account:  default",
        "Node:             node-2/172.18.0.3",
        "Start Time:       Mon, 06 Jan 2025 09:10:00 +0000",
        "Labels:           app=client",
        "Annotations:      <none>",
        "Status:           Running",
        "IP:               10.244.1.2",
        "IPs:",
        "  IP:  10.244.1.2",
        "Containers:",
        "  main:",
        "    Image:      nicolaka/netshoot",
        "    Port:       <none>",
        "    Host Port:  <none>",
        "    Command:",
        "      sleep",
        "      infinity",
        "    State:          Running",
        "      Started:      Mon, 06 Jan 2025 09:10:00 +0000",
        "    Ready:          True",
        "    Restart Count:  0",
        "    Environment:    <none>",
        "Conditions:",
        "  Type                        Status",
        "  PodReadyToStartContainers   True ",
        "  Initialized                 True ",
        "  Ready                       True ",
        "  ContainersReady             True ",
        "  PodScheduled                True ",
        "QoS Class:                    BestEffort",
        "Node-Selectors:               <none>",
        "Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
        "                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
        "Events:",
        "  Type    Reason     Age   From               Message",
        "  ----    ------     ----  ----               -------",
        "  Normal  Scheduled  41s   default-scheduler  Successfully assigned default/client to node-2",
        '  Normal  Pulled     41s   kubelet            spec.containers{main}: Container image "nicolaka/netshoot" already present on machine and can be accessed by the pod',
        "  Normal  Created    41s   kubelet            spec.containers{main}: Container created",
        "  Normal  Started    41s   kubelet            spec.containers{main}: Container started",
        "",
      ].join("\n"),
    );
  });

  // No `Message:`: the kubelet reads one only from terminationMessagePath, which nginx never
  // writes (kuberuntime_container.go); the bind error is in `kubectl logs --previous`.
  it("shows the crash-looping container: State Waiting (CrashLoopBackOff), Last State Terminated with Reason and Exit Code but no Message; Ready False; Restart Count 3", () => {
    const out = text(sim, "pod", "two");
    const b = block(out, "  b:", "    Restart Count:");
    assert.deepEqual(b, [
      "  b:",
      "    Image:          nginx",
      "    Port:           80/TCP",
      "    Host Port:      0/TCP",
      "    State:          Waiting",
      "      Reason:       CrashLoopBackOff",
      "    Last State:     Terminated",
      "      Reason:       Error",
      "      Exit Code:    1",
      "      Started:      Mon, 06 Jan 2025 09:10:37 +0000",
      "      Finished:     Mon, 06 Jan 2025 09:10:40 +0000",
      "    Ready:          False",
      "    Restart Count:  3",
    ]);
    has(out, "    Port:           80/TCP (http)");
    has(out, "  Ready                       False ");
  });

  it("shows the log's tail as Message, its later lines at the margin, with terminationMessagePolicy FallbackToLogsOnError", () => {
    const s = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    s.apply(
      podWith("fb", [
        { name: "a", image: "nginx", ports: [{ containerPort: 80 }] },
        { name: "b", image: "nginx", ports: [{ containerPort: 80 }], terminationMessagePolicy: "FallbackToLogsOnError" },
      ]),
    );
    s.advance(5);
    const out = text(s, "pod", "fb");
    const lines = out.split("\n");
    const at = lines.findIndex((l) => l.startsWith("      Message:  "));
    assert.ok(at > 0, out);
    assert.equal(
      lines.slice(at).find((l) => l.startsWith("nginx: [emerg] still could not bind()")),
      "nginx: [emerg] still could not bind()",
    );
    // The message ends with a newline: kubectl prints an empty line before `Exit Code:`.
    const exit = lines.findIndex((l, i) => i > at && l.startsWith("      Exit Code:"));
    assert.equal(lines[exit - 1], "");
  });

  it("shows Node as <node>/<hostIP>, IP and IPs, and Controlled By ReplicaSet/<name> for a Deployment Pod", () => {
    const p = sim.pods("default").find((x) => x.labels["app"] === "web")!;
    const out = text(sim, "pod", p.name);
    const ip = intToIp(p.podIP!);
    assert.deepEqual(block(out, "Node:", "Node:"), [`Node:             ${p.nodeName}/${intToIp(p.hostIP!)}`]);
    assert.deepEqual(block(out, "IP:", "Controlled By:"), [
      `IP:               ${ip}`,
      "IPs:",
      `  IP:           ${ip}`,
      `Controlled By:  ReplicaSet/${p.owner!.name}`,
    ]);
  });

  it("shows a deleted Pod as `Terminating (lasts <age>)` with its grace period", () => {
    const s = cluster();
    s.deletePod("client");
    s.advance("5s");
    const out = text(s, "pod", "client");
    has(out, "Status:                    Terminating (lasts 5s)");
    has(out, "Termination Grace Period:  30s");
  });

  it("shows a Pod with no node as `Node: <none>`, `IPs: <none>`, no Start Time, no container state and only PodScheduled False", () => {
    const s = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    s.apply(deployment("api", 111));
    const p = s.pods("default").find((x) => x.nodeName === undefined)!;
    const out = text(s, "pod", p.name);
    has(out, "Node:             <none>");
    assert.ok(out.includes("IP:               \nIPs:              <none>\n"), out);
    assert.ok(!out.includes("Start Time:"));
    // No node took it, so there are no container statuses (kubectl's describeContainers).
    for (const absent of ["State:", "Ready:", "Restart Count:", "Initialized", "ContainersReady"]) assert.ok(!out.includes(absent), absent);
    assert.match(out, /Conditions:\n {2}Type +Status\n {2}PodScheduled +False \nQoS Class/);
  });
});

describe("describe service", () => {
  const sim = cluster();

  it("prints a NodePort Service byte for byte (golden): Port `<unset>  80/TCP`, TargetPort, NodePort, Endpoints with `+ 2 more...`", () => {
    const ready = sim.endpoints(sim.service("default", "web-np")!, 0).map((e) => `${intToIp(e.ip)}:${e.port}`);
    assert.equal(
      text(sim, "svc", "web-np"),
      [
        "Name:                     web-np",
        "Namespace:                default",
        "Labels:                   <none>",
        "Annotations:              <none>",
        "Selector:                 app=web",
        "Type:                     NodePort",
        "IP Family Policy:         SingleStack",
        "IP Families:              IPv4",
        "IP:                       10.96.0.51",
        "IPs:                      10.96.0.51",
        "Port:                     <unset>  80/TCP",
        "TargetPort:               8080/TCP",
        "NodePort:                 <unset>  30007/TCP",
        `Endpoints:                ${ready.slice(0, 3).join(",")} + 2 more...`,
        "Session Affinity:         None",
        "External Traffic Policy:  Cluster",
        "Internal Traffic Policy:  Cluster",
        "Events:                   <none>",
        "",
      ].join("\n"),
    );
  });

  const cases: { name: string; service: string; lines: (sim: Simulation) => string[] }[] = [
    {
      name: "a named port and targetPort: `Port: http  80/TCP`, `TargetPort: http/TCP`; the not-ready Pod leaves Endpoints empty",
      service: "named",
      lines: () => ["Port:                     http  80/TCP", "TargetPort:               http/TCP", "Endpoints:                "],
    },
    {
      name: "a Service matching nothing: Selector shown, Endpoints empty (one placeholder slice)",
      service: "nothing",
      lines: () => ["Selector:                 app=nothing", "Endpoints:                "],
    },
    {
      name: "a Service without a selector: `Selector: <none>`, `Endpoints: <none>` (no slices)",
      service: "manual",
      lines: () => ["Selector:                 <none>", "Endpoints:                <none>"],
    },
    {
      name: "a headless Service: IP None",
      service: "web-headless",
      lines: () => ["IP:                       None", "IPs:                      None", "Type:                     ClusterIP"],
    },
  ];
  for (const c of cases) {
    it(`shows ${c.name}`, () => {
      const out = text(sim, "service", c.service);
      for (const l of c.lines(sim)) has(out, l);
      assert.ok(!out.includes("External Traffic Policy"), "only NodePort and LoadBalancer have an external policy");
    });
  }
});

describe("describe deployment, statefulset, node", () => {
  const sim = cluster();

  it("describes a Deployment: replicas summary, strategy, NewReplicaSet and its scaling event", () => {
    const d = sim.deployment("default", "web")!;
    const rs = `web-${d.templateHash}`;
    const out = text(sim, "deploy", "web");
    for (const l of [
      "Name:                   web",
      "Selector:               app=web",
      "Replicas:               5 desired | 5 updated | 5 total | 5 available | 0 unavailable",
      "StrategyType:           RollingUpdate",
      "RollingUpdateStrategy:  25% max unavailable, 25% max surge",
      `NewReplicaSet:   ${rs} (5/5 replicas created)`,
      "OldReplicaSets:  <none>",
      `  Normal  ScalingReplicaSet  41s   deployment-controller  Scaled up replica set ${rs} from 0 to 5`,
    ]) {
      has(out, l);
    }
  });

  it("describes a StatefulSet: selector, replicas, Pods status and the statefulset-controller's events", () => {
    const out = text(sim, "sts", "store");
    for (const l of [
      "Name:               store",
      "Selector:           app=nginx",
      "Replicas:           2 desired | 2 total",
      "Pods Status:        2 Running / 0 Waiting / 0 Succeeded / 0 Failed",
      "  Normal  SuccessfulCreate  41s   statefulset-controller  create Pod store-0 in StatefulSet store successful",
      "  Normal  SuccessfulCreate  41s   statefulset-controller  create Pod store-1 in StatefulSet store successful",
    ]) {
      has(out, l);
    }
  });

  it("describes a Node: roles, InternalIP, PodCIDR and the Pods on it", () => {
    const out = text(sim, "node", "node-2");
    for (const l of ["Name:               node-2", "Roles:              <none>", "  InternalIP:  172.18.0.3", "PodCIDR:                      10.244.1.0/24"])
      has(out, l);
    assert.ok(out.includes("  default                     client"), out);
  });

  // kubectl's describeContainerPorts joins `port/proto (name)` and says `Ports:` when there are
  // several, for Pod templates as for Pods.
  it("labels a multi-port template container `Ports:` with port names", () => {
    const s = new Simulation({ nodes: 1, seed: 1 });
    const out = describeObject(s, "deploy", "coredns", "kube-system");
    assert.ok(
      out.split("\n").some((l) => /^ {4}Ports: +53\/UDP \(dns\), 53\/TCP \(dns-tcp\), 9153\/TCP \(metrics\)$/.test(l)),
      out,
    );
  });
});

describe("describe alignment", () => {
  const sim = cluster();
  const blocks: { kind: string; name: string; first: string; last: string; longest: string }[] = [
    { kind: "pod", name: "client", first: "Name:", last: "IP:", longest: "Service Account:" },
    { kind: "pod", name: "two", first: "    State:", last: "    Restart Count:", longest: "    Restart Count:" },
    { kind: "service", name: "web-np", first: "Name:", last: "Events:", longest: "External Traffic Policy:" },
    { kind: "service", name: "nothing", first: "Name:", last: "Events:", longest: "Internal Traffic Policy:" },
    { kind: "deployment", name: "web", first: "Name:", last: "RollingUpdateStrategy:", longest: "RollingUpdateStrategy:" },
    { kind: "statefulset", name: "store", first: "Name:", last: "Pods Status:", longest: "CreationTimestamp:" },
    { kind: "node", name: "node-1", first: "Name:", last: "Roles:", longest: "CreationTimestamp:" },
  ];
  for (const b of blocks) {
    it(`pads ${b.kind} ${b.name}'s labels ${b.first.trim()} … ${b.last.trim()} to ${JSON.stringify(b.longest.trim())} + 2`, () => {
      const column = b.longest.length + 2;
      for (const line of block(text(sim, b.kind, b.name), b.first, b.last)) {
        const label = /^\s*[^:]+:/.exec(line)![0];
        if (line.length <= label.length) continue; // a heading such as `IPs:` or `Last State:` with no value on this line
        assert.equal(line.slice(label.length, column).trim(), "", `value too early in ${JSON.stringify(line)}`);
        assert.notEqual(line[column], " ", `value must start at column ${column}: ${JSON.stringify(line)}`);
      }
    });
  }
});

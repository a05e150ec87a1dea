/**
 * `kubectl get` output, cell by cell and byte for byte: columns per kind, `-o wide`, `-A`,
 * `--show-labels`, the empty message, and the cell formats of Pods, Services and endpoints.
 *
 * Sources: kubernetes/kubernetes pkg/printers/internalversion/printers.go (columns and cell formats).
 * Golden text follows kubectl's tabwriter (k8s.io/cli-runtime printers/tabwriter.go: minwidth 6,
 * padding 3); tables whose every padded column is at least 10 wide print the same under podtalk's
 * minwidth 10 and are pinned as passing goldens.
 */
import { strict as assert } from "node:assert";
import { getTable } from "../../lib/render/index.js";
import { Simulation, intToIp } from "../../lib/sim/index.js";
import { deployment, namespace, pod, podWith, service, serviceWith, statefulSet } from "../sim/internal/fixtures.js";

/**
 * Two nodes; Deployment web (5), a Pod `two` whose second nginx crash-loops on :80, a StatefulSet
 * store (2), Services of every type, a Namespace being deleted; 41 simulated seconds later.
 */
function cluster(): Simulation {
  const sim = new Simulation({ nodes: 2, seed: 1, systemPods: false });
  sim.apply([
    namespace("shop"),
    deployment("web", 5),
    podWith(
      "two",
      [
        { name: "a", image: "nginx", ports: [{ containerPort: 80 }] },
        { name: "b", image: "nginx", ports: [{ containerPort: 80 }] },
      ],
      {
        labels: { app: "two" },
        spec: { nodeName: "node-1" },
      },
    ),
    service("web", { app: "web" }, { clusterIP: "10.96.0.50" }),
    serviceWith("web-np", { type: "NodePort", clusterIP: "10.96.0.51", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080, nodePort: 30007 }] }),
    serviceWith("web-headless", { clusterIP: "None", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] }),
    serviceWith("database", { type: "ExternalName", externalName: "my.database.example.com" }),
    service("nothing", { app: "nothing" }, { clusterIP: "10.96.0.52" }),
    statefulSet("store", 2),
    pod("cart", { namespace: "shop" }),
  ]);
  sim.advance(41);
  sim.delete("ns", "shop");
  return sim;
}

const lines = (...l: string[]) => [...l, ""].join("\n");

describe("getTable() golden text", () => {
  const sim = cluster();
  const goldens: { name: string; kind: string; options: Parameters<typeof getTable>[2]; text: string }[] = [
    {
      name: "services: ClusterIP, NodePort `80:30007/TCP`, headless `None`, ExternalName in EXTERNAL-IP",
      kind: "svc",
      options: { wide: false },
      text: lines(
        "NAME           TYPE           CLUSTER-IP   EXTERNAL-IP               PORT(S)        AGE",
        "database       ExternalName   <none>       my.database.example.com   <none>         41s",
        "kubernetes     ClusterIP      10.96.0.1    <none>                    443/TCP        10m",
        "nothing        ClusterIP      10.96.0.52   <none>                    80/TCP         41s",
        "web            ClusterIP      10.96.0.50   <none>                    80/TCP         41s",
        "web-headless   ClusterIP      None         <none>                    80/TCP         41s",
        "web-np         NodePort       10.96.0.51   <none>                    80:30007/TCP   41s",
      ),
    },
    {
      name: "endpoints: the deprecation warning, `<none>`, three ready ip:port then ` + 2 more...`",
      kind: "endpoints",
      options: {},
      text:
        "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n" +
        lines(
          "NAME           ENDPOINTS                                                     AGE",
          "kubernetes     172.18.0.2:6443                                               10m",
          "nothing        <none>                                                        41s",
          "web            10.244.1.5:8080,10.244.1.6:8080,10.244.1.7:8080 + 2 more...   41s",
          "web-headless   10.244.1.5:8080,10.244.1.6:8080,10.244.1.7:8080 + 2 more...   41s",
          "web-np         10.244.1.5:8080,10.244.1.6:8080,10.244.1.7:8080 + 2 more...   41s",
        ),
    },
    {
      name: "endpointslices: addresses without ports, `<unset>` for the placeholder slice",
      kind: "endpointslices",
      options: {},
      text: lines(
        "NAME                 ADDRESSTYPE   PORTS     ENDPOINTS                                      AGE",
        "kubernetes           IPv4          6443      172.18.0.2                                     10m",
        "nothing-v2r6c        IPv4          <unset>   <unset>                                        41s",
        "web-headless-cg564   IPv4          8080      10.244.1.9,10.244.1.6,10.244.1.5 + 2 more...   41s",
        "web-np-9t5tg         IPv4          8080      10.244.1.9,10.244.1.6,10.244.1.5 + 2 more...   41s",
        "web-sdwwx            IPv4          8080      10.244.1.9,10.244.1.6,10.244.1.5 + 2 more...   41s",
      ),
    },
    {
      name: "namespaces: Active, and Terminating while its Pods go",
      kind: "ns",
      options: {},
      text: lines(
        "NAME              STATUS        AGE",
        "default           Active        10m",
        "kube-node-lease   Active        10m",
        "kube-public       Active        10m",
        "kube-system       Active        10m",
        "shop              Terminating   41s",
      ),
    },
  ];
  for (const g of goldens) {
    it(`prints ${g.name}`, () => {
      assert.equal(getTable(sim, g.kind, g.options).toText(), g.text);
    });
  }

  // kubectl's tabwriter has minwidth 6 (cli-runtime printers/tabwriter.go); podtalk pads every
  // column to at least 10, so short columns (READY, STATUS of nodes, AGE) come out too wide.
  const narrow: { name: string; kind: string; options: Parameters<typeof getTable>[2]; text: string }[] = [
    {
      name: "pods: READY 1/2, CrashLoopBackOff, RESTARTS `3 (1s ago)`",
      kind: "pods",
      options: { wide: false },
      text: lines(
        "NAME                  READY   STATUS             RESTARTS     AGE",
        "store-0               1/1     Running            0            41s",
        "store-1               1/1     Running            0            41s",
        "two                   1/2     CrashLoopBackOff   3 (1s ago)   41s",
        "web-6d45b694c-2zz2b   1/1     Running            0            41s",
        "web-6d45b694c-7tn9h   1/1     Running            0            41s",
        "web-6d45b694c-hhl9x   1/1     Running            0            41s",
        "web-6d45b694c-pksd8   1/1     Running            0            41s",
        "web-6d45b694c-xw4tk   1/1     Running            0            41s",
      ),
    },
    {
      name: "nodes -o wide",
      kind: "nodes",
      options: {},
      text: lines(
        "NAME     STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME",
        "node-1   Ready    control-plane   10m   v1.35.0   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.1.0-28-amd64   containerd://2.1.4",
        "node-2   Ready    <none>          10m   v1.35.0   172.18.0.3    <none>        Debian GNU/Linux 12 (bookworm)   6.1.0-28-amd64   containerd://2.1.4",
      ),
    },
    {
      name: "deployments",
      kind: "deploy",
      options: { wide: false },
      text: lines("NAME   READY   UP-TO-DATE   AVAILABLE   AGE", "web    5/5     5            5           41s"),
    },
    {
      name: "replicasets -o wide",
      kind: "rs",
      options: {},
      text: lines(
        "NAME            DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES                 SELECTOR",
        "web-6d45b694c   5         5         5       41s   web          traefik/whoami:v1.10   app=web,pod-template-hash=6d45b694c",
      ),
    },
    {
      name: "statefulsets",
      kind: "sts",
      options: { wide: false },
      text: lines("NAME    READY   AGE", "store   2/2     41s"),
    },
  ];
  for (const g of narrow) {
    it(`prints ${g.name} with kubectl's column widths`, () => {
      assert.equal(getTable(sim, g.kind, g.options).toText(), g.text);
    });
  }
});

describe("getTable() cells", () => {
  const sim = cluster();

  it("gives `get pods -o wide` READY 1/2, STATUS CrashLoopBackOff, RESTARTS `3 (1s ago)`, IP and NODE for the clashing Pod", () => {
    assert.deepEqual(getTable(sim, "pods").row("two"), {
      NAME: "two",
      READY: "1/2",
      STATUS: "CrashLoopBackOff",
      RESTARTS: "3 (1s ago)",
      AGE: "41s",
      IP: intToIp(sim.pod("default", "two")!.podIP!),
      NODE: "node-1",
      "NOMINATED NODE": "<none>",
      "READINESS GATES": "<none>",
    });
  });

  it("prints `<none>` in IP and NODE for a Pod no node can take", () => {
    const full = new Simulation({ nodes: 1, seed: 1, systemPods: false });
    full.apply(deployment("api", 111));
    const pending = full.pods("default").find((p) => p.nodeName === undefined)!;
    const row = getTable(full, "pods").row(pending.name)!;
    assert.deepEqual([row["IP"], row["NODE"], row["READY"], row["RESTARTS"]], ["<none>", "<none>", "0/1", "0"]);
  });

  const columns: { kind: string; wide: boolean; columns: string[] }[] = [
    { kind: "pods", wide: true, columns: ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"] },
    { kind: "pods", wide: false, columns: ["NAME", "READY", "STATUS", "RESTARTS", "AGE"] },
    { kind: "services", wide: true, columns: ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"] },
    { kind: "services", wide: false, columns: ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"] },
    {
      kind: "nodes",
      wide: true,
      columns: ["NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"],
    },
    { kind: "nodes", wide: false, columns: ["NAME", "STATUS", "ROLES", "AGE", "VERSION"] },
    { kind: "deployments", wide: true, columns: ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"] },
    { kind: "deployments", wide: false, columns: ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"] },
    { kind: "replicasets", wide: true, columns: ["NAME", "DESIRED", "CURRENT", "READY", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"] },
    { kind: "replicasets", wide: false, columns: ["NAME", "DESIRED", "CURRENT", "READY", "AGE"] },
    { kind: "statefulsets", wide: true, columns: ["NAME", "READY", "AGE", "CONTAINERS", "IMAGES"] },
    { kind: "statefulsets", wide: false, columns: ["NAME", "READY", "AGE"] },
    { kind: "endpoints", wide: false, columns: ["NAME", "ENDPOINTS", "AGE"] },
    { kind: "endpointslices", wide: false, columns: ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"] },
    { kind: "events", wide: false, columns: ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"] },
    { kind: "namespaces", wide: false, columns: ["NAME", "STATUS", "AGE"] },
    { kind: "servicecidrs", wide: true, columns: ["NAME", "CIDRS", "AGE"] },
    { kind: "ipaddresses", wide: true, columns: ["NAME", "PARENTREF"] },
  ];
  for (const c of columns) {
    it(`gives \`get ${c.kind}${c.wide ? " -o wide" : ""}\` the columns ${c.columns.join(" | ")}`, () => {
      assert.deepEqual(getTable(sim, c.kind, { wide: c.wide }).columns, c.columns);
    });
  }

  it("lists a crash loop's Warning BackOff in `get events` as one Event: LAST SEEN … MESSAGE, and with -o wide SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME", () => {
    const uid = sim.pod("default", "two")!.uid;
    const backoffs = getTable(sim, "events", { wide: false }).rows.filter((r) => r["REASON"] === "BackOff");
    assert.deepEqual(backoffs, [
      {
        "LAST SEEN": "1s",
        TYPE: "Warning",
        REASON: "BackOff",
        OBJECT: "pod/two",
        MESSAGE: `Back-off restarting failed container b in pod two_default(${uid})`,
      },
    ]);
    const wide = getTable(sim, "events").rows.find((r) => r["REASON"] === "BackOff")!;
    // Back-offs began at 5, 17.5 and 40 s; the 20 s wait re-synced once more at 15 s (every 10 s).
    assert.deepEqual([wide["SUBOBJECT"], wide["SOURCE"], wide["FIRST SEEN"], wide["COUNT"]], ["spec.containers{b}", "kubelet, node-1", "36s", "4"]);
    assert.match(String(wide["NAME"]), /^two\.[0-9a-f]{16}$/);
  });

  it("adds NAMESPACE first with allNamespaces (-A), listing other namespaces' objects", () => {
    const t = getTable(sim, "pods", { allNamespaces: true, wide: false });
    assert.deepEqual(t.columns, ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
    assert.deepEqual(t.row("cart"), { NAMESPACE: "shop", NAME: "cart", READY: "1/1", STATUS: "Terminating", RESTARTS: "0", AGE: "41s" });
    assert.equal(t.rows.filter((r) => r["NAMESPACE"] === "default").length, 8);
  });

  it("adds LABELS last with showLabels, as k=v sorted by key", () => {
    const t = getTable(sim, "pods", { wide: false, showLabels: true });
    assert.equal(t.columns.at(-1), "LABELS");
    assert.equal(
      t.row("store-0")?.["LABELS"],
      `app=nginx,apps.kubernetes.io/pod-index=0,controller-revision-hash=${sim.statefulSet("default", "store")!.revision},statefulset.kubernetes.io/pod-name=store-0`,
    );
    assert.equal(getTable(sim, "svc", { showLabels: true }).row("kubernetes")?.["LABELS"], "component=apiserver,provider=kubernetes");
  });

  const empties = [
    { name: "the default namespace", options: {}, text: "No resources found in default namespace.\n" },
    { name: "a named namespace", options: { namespace: "empty" }, text: "No resources found in empty namespace.\n" },
    { name: "all namespaces", options: { allNamespaces: true }, text: "No resources found\n" },
  ];
  for (const e of empties) {
    it(`prints \`${e.text.trim()}\` when there is nothing to list in ${e.name}`, () => {
      const bare = new Simulation({ nodes: 1, seed: 1, systemPods: false });
      assert.equal(getTable(bare, "statefulsets", e.options).toText(), e.text);
    });
  }
});

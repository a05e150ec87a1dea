/**
 * Digests of everything a user can read from a cluster after a scripted session: every `get`
 * table, every `describe`, kube-proxy's rules and the routes of every node, traces of the commands
 * the course runs, load spreads, timelines, topology text, diffs, manifests and error messages.
 *
 * A redesign of the engine must leave every digest unchanged. `node dist/test/scenarios/state-digest.js`
 * prints the digests of the small scenarios; `--full` adds the cluster at Kubernetes' scalability
 * limits (5,000 nodes, 150,000 Pods, 10,000 Services), which takes a few seconds.
 */
import { createHash, type Hash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { Cluster, diff, type ClusterOptions } from "../../lib/index.js";
import { appsWithServices } from "../../bench/internal/workloads.js";
import { courseYaml } from "../render/internal/course-scenario.js";

/** One scenario's digest, with a digest per section so that a difference can be found. */
export interface Digest {
  readonly total: string;
  readonly sections: Readonly<Record<string, string>>;
}

class Recorder {
  readonly #sections = new Map<string, Hash>();
  readonly #all = createHash("sha256");
  readonly #text: string[] | undefined;

  constructor(options: { keepText?: boolean } = {}) {
    this.#text = options.keepText ? [] : undefined;
  }

  /** Records what `read` returns, or the error it throws (its message is output too). */
  add(section: string, label: string, read: () => unknown): void {
    let text: string;
    try {
      const value = read();
      text = `${String(value)}\n${JSON.stringify(value) ?? ""}`;
    } catch (error) {
      text = `error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    }
    let hash = this.#sections.get(section);
    if (!hash) {
      hash = createHash("sha256");
      this.#sections.set(section, hash);
    }
    const entry = `# ${section}\n## ${label}\n${text}\n`;
    hash.update(entry);
    this.#all.update(entry);
    this.#text?.push(entry);
  }

  /** Everything recorded, as one text (for `--dump`). */
  text(): string {
    return this.#text?.join("") ?? "";
  }

  digest(): Digest {
    const sections: Record<string, string> = {};
    for (const [name, hash] of this.#sections) sections[name] = hash.digest("hex");
    return { total: this.#all.digest("hex"), sections };
  }
}

const GET_KINDS = ["pods", "services", "endpoints", "endpointslices", "nodes", "deployments", "replicasets", "statefulsets", "events", "namespaces"] as const;
const DESCRIBE_KINDS = {
  pods: "pod",
  services: "service",
  deployments: "deployment",
  replicasets: "replicaset",
  statefulsets: "statefulset",
  nodes: "node",
} as const;

/** Every table and description a learner can ask for, in every namespace. */
function readEverything(rec: Recorder, cluster: Cluster, step: string): void {
  for (const kind of GET_KINDS) {
    rec.add(`${step}/get`, kind, () => cluster.get(kind, { allNamespaces: true, wide: true }));
    rec.add(`${step}/get`, `${kind} --show-labels`, () => cluster.get(kind, { allNamespaces: true, showLabels: true }));
  }
  for (const [resource, kind] of Object.entries(DESCRIBE_KINDS)) {
    const table = cluster.get(resource, { allNamespaces: true });
    for (const row of table.rows) {
      const namespace = row["NAMESPACE"];
      const name = String(row["NAME"]);
      rec.add(`${step}/describe`, `${kind} ${name}`, () => cluster.describe(kind, name, namespace ? { namespace: String(namespace) } : {}));
    }
  }
  for (const row of cluster.get("nodes").rows) {
    const node = String(row["NAME"]);
    rec.add(`${step}/proxy-rules`, node, () => cluster.proxyRules(node));
    rec.add(`${step}/routes`, node, () => cluster.routes(node));
  }
  rec.add(`${step}/topology`, "text", () => cluster.topology());
  rec.add(`${step}/topology`, "spec", () => JSON.stringify(cluster.topology({ highlight: ["my-api"] }).spec()));
  rec.add(`${step}/topology`, "system", () => cluster.topology({ system: true }));
  rec.add(`${step}/timeline`, "text", () => cluster.timeline());
  rec.add(`${step}/manifests`, "yaml", () => cluster.manifests());
}

const COMMANDS = [
  "curl -s http://my-api:8080/",
  "curl -sv http://my-api:8080/",
  "curl -s http://my-api.default.svc.cluster.local:8080/",
  "curl -s --max-time 2 http://my-api:9999/",
  "curl -s http://nowhere:8080/",
  "curl -sk https://kubernetes.default/",
  "wget -qO- http://my-api:8080/",
  "nslookup my-api",
  "nslookup kubernetes.default",
  "dig my-api.default.svc.cluster.local",
  "dig -x 10.96.0.10",
  "dig SRV _http._tcp.my-api.default.svc.cluster.local",
  "host my-api",
  "ping -c 2 my-api",
  "nc -zv my-api 8080",
  "cat /etc/resolv.conf",
  "cat /etc/hosts",
  "hostname",
  "ip addr",
  "ip route",
  "sh -c 'curl -s localhost:8080/ || echo failed'",
  "curl -s http://localhost:80/",
];

function session(rec: Recorder, options: ClusterOptions): void {
  const cluster = new Cluster({ nodes: 3, seed: 7, ...options });
  rec.add("apply", "course", () => cluster.apply(courseYaml({ frontendService: true })));
  rec.add("apply", "statefulset", () =>
    cluster.apply(`apiVersion: v1
kind: Service
metadata: { name: db }
spec:
  clusterIP: None
  selector: { app: db }
  ports: [{ name: redis, port: 6379 }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  serviceName: db
  replicas: 2
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers: [{ name: redis, image: "redis:7", ports: [{ name: redis, containerPort: 6379 }] }]
---
apiVersion: v1
kind: Service
metadata: { name: web-np }
spec:
  type: NodePort
  selector: { app: frontend }
  ports: [{ port: 80, nodePort: 30080 }]
---
apiVersion: v1
kind: Service
metadata: { name: ext }
spec:
  type: ExternalName
  externalName: example.com
---
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: v1
kind: Pod
metadata: { name: duo, namespace: shop, labels: { app: duo } }
spec:
  containers:
    - { name: app, image: "hashicorp/http-echo:1.0", args: ["-listen=:9090", "-text=hi"], ports: [{ containerPort: 9090 }] }
    - { name: sidecar, image: busybox, command: ["sleep", "3600"] }
    - { name: clash, image: "nginx:1.27" }
    - { name: clash2, image: "nginx:1.27" }
`),
  );
  rec.add("apply", "invalid", () => cluster.apply(`apiVersion: v1\nkind: Service\nmetadata: { name: bad }\nspec: { ports: [{ port: 70000 }] }\n`));
  rec.add("apply", "nodeport clash", () =>
    cluster.apply(
      `apiVersion: v1\nkind: Service\nmetadata: { name: np2 }\nspec: { type: NodePort, selector: { app: api }, ports: [{ port: 80, nodePort: 30080 }] }\n`,
    ),
  );
  rec.add("apply", "unchanged", () => cluster.apply(courseYaml({ frontendService: true })));
  cluster.advance("30s");
  readEverything(rec, cluster, "start");
  for (const from of ["client", "deploy/frontend"]) {
    for (const command of COMMANDS) rec.add("exec", `${from}: ${command}`, () => cluster.exec(from, command));
  }
  rec.add("exec", "duo sidecar", () => cluster.exec("duo", "curl -s localhost:9090", { container: "sidecar", namespace: "shop" }));
  rec.add("exec", "nodeport", () => cluster.exec("client", `curl -s http://${String(cluster.get("nodes", { wide: true }).rows[1]!["INTERNAL-IP"])}:30080/`));
  rec.add("exec", "db-0", () => cluster.exec("client", "nslookup db-0.db"));
  rec.add("load", "my-api", () => cluster.load("client", "http://my-api:8080/", { requests: 60 }));
  const before = cluster.snapshot();
  const apiPod = String(cluster.get("pods").rows.find((r) => String(r["NAME"]).startsWith("api-"))!["NAME"]);
  rec.add("change", "deletePod", () => cluster.deletePod(apiPod));
  rec.add("change", "restart", () => cluster.restartContainer("client"));
  rec.add("change", "not ready", () =>
    cluster.setReady(String(cluster.get("pods").rows.find((r) => String(r["NAME"]).startsWith("frontend-"))!["NAME"]), false),
  );
  rec.add("change", "rollout", () => cluster.apply(courseYaml({ frontendService: true, api: 4 }).replace("traefik/whoami:v1.10", "traefik/whoami:v1.11")));
  readEverything(rec, cluster, "mid-rollout");
  rec.add("change", "diff", () => diff(before, cluster.snapshot()));
  cluster.advance("5m");
  rec.add("exec", "after rollout", () => cluster.exec("client", "curl -s http://my-api:8080/"));
  rec.add("load", "after rollout", () => cluster.load("client", "http://my-api:8080/", { requests: 40 }));
  rec.add("change", "delete svc", () => cluster.delete("svc", "my-api"));
  rec.add("change", "delete deploy", () => cluster.delete("deploy", "frontend"));
  rec.add("change", "delete ns", () => cluster.delete("namespace", "shop"));
  rec.add("change", "delete missing", () => cluster.delete("pod", "nope"));
  cluster.advance("2m");
  readEverything(rec, cluster, "end");
}

/** The small scenarios: the course's objects under each network model and proxy mode. */
export function smallDigests(dump?: (name: string, text: string) => void): Record<string, Digest> {
  const out: Record<string, Digest> = {};
  for (const network of ["flannel-vxlan", "flannel-host-gw"] as const) {
    for (const proxyMode of ["iptables", "ipvs", "nftables"] as const) {
      const rec = new Recorder({ keepText: dump !== undefined });
      session(rec, { network, proxyMode });
      out[`${network}+${proxyMode}`] = rec.digest();
      dump?.(`${network}+${proxyMode}`, rec.text());
    }
  }
  return out;
}

/** The cluster at Kubernetes' scalability limits, read through its tables, rules and changes. */
export function fullScaleDigest(options: { podEvents: boolean }): Digest {
  const rec = new Recorder();
  const objects = appsWithServices(10000, 15, { name: "app", image: "registry.example/app:1", ports: [{ containerPort: 8080 }] }, [
    { port: 80, targetPort: 8080 },
  ]);
  const cluster = new Cluster({ nodes: 5000, seed: 1, clusterCIDR: "10.0.0.0/8", podEvents: options.podEvents });
  rec.add("apply", "objects", () => cluster.apply(objects));
  const read = (step: string): void => {
    for (const kind of ["pods", "services", "endpointslices", "deployments", "replicasets", "events"] as const) {
      rec.add(`${step}/get`, kind, () => cluster.get(kind, { allNamespaces: true, wide: true }));
    }
    for (const node of ["node-1", "node-2500", "node-5000"]) {
      rec.add(`${step}/proxy-rules`, node, () => cluster.proxyRules(node));
      rec.add(`${step}/routes`, node, () => cluster.routes(node));
    }
  };
  read("built");
  cluster.advance("30s");
  const victim = String(cluster.get("pods").rows.find((r) => String(r["NAME"]).startsWith("app-1-"))!["NAME"]);
  rec.add("change", "deletePod", () => cluster.deletePod(victim));
  rec.add("change", "failed apply", () =>
    cluster.apply(`apiVersion: v1\nkind: Service\nmetadata: { name: app-1 }\nspec: { clusterIP: 1.2.3.4, ports: [{ port: 80 }] }\n`),
  );
  rec.add("exec", "curl", () => cluster.exec("deploy/app-2", "curl -s http://app-3/"));
  read("changed");
  return rec.digest();
}

if (require.main === module) {
  const dumpTo = process.argv.indexOf("--dump");
  const dumpDir = dumpTo < 0 ? undefined : (process.argv[dumpTo + 1] ?? ".");
  if (dumpDir !== undefined) mkdirSync(dumpDir, { recursive: true });
  const digests: Record<string, Digest> = smallDigests(dumpDir === undefined ? undefined : (name, text) => writeFileSync(`${dumpDir}/${name}.txt`, text));
  if (process.argv.includes("--full")) {
    digests["full, pod events"] = fullScaleDigest({ podEvents: true });
    digests["full, no pod events"] = fullScaleDigest({ podEvents: false });
  }
  process.stdout.write(`${JSON.stringify(digests, null, 2)}\n`);
}

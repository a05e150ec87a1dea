/**
 * Properties of the public `Cluster` API for any input: random and mutated manifests, constructor
 * options, durations and exec lines. Whatever a notebook passes,
 *
 * 1. the only error that escapes is podtalk's own `PodtalkError` (never a TypeError, RangeError,
 *    ReferenceError or an exhausted heap), and
 * 2. a call that fails changes nothing a reader can see: the manifests, every Pod and every event.
 *
 * Each property runs 200 cases by default (a few seconds in all, with a fixed seed so CI is
 * repeatable). For a longer hunt: `FUZZ_RUNS=20000 npx mocha --no-config --require
 * dist/test/internal/setup.js --timeout 0 dist/test/cluster-input.test.js`; with FUZZ_RUNS set the
 * seed is random unless FUZZ_SEED fixes it, and fast-check prints the seed and path of any failure.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { Cluster, PodtalkError } from "../lib/index.js";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 200);
const SEED = process.env["FUZZ_SEED"] !== undefined ? Number(process.env["FUZZ_SEED"]) : process.env["FUZZ_RUNS"] ? undefined : 13;
const PARAMS: fc.Parameters<unknown> = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };

/** Valid manifests the mutations start from: every kind podtalk serves, most fields set. */
const BASES: readonly Record<string, unknown>[] = [
  {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", labels: { app: "p" }, annotations: { note: "x" } },
    spec: {
      terminationGracePeriodSeconds: 5,
      dnsPolicy: "None",
      dnsConfig: { nameservers: ["10.96.0.10"], searches: ["svc.cluster.local"], options: [{ name: "ndots", value: "2" }] },
      hostname: "p",
      subdomain: "s",
      nodeSelector: { "kubernetes.io/os": "linux" },
      containers: [
        {
          name: "a",
          image: "nginx:1.27",
          command: ["nginx"],
          args: ["-g", "daemon off;"],
          env: [{ name: "MODE", value: "x" }],
          ports: [{ containerPort: 80, name: "http", protocol: "TCP", hostPort: 8080 }],
          readinessProbe: { httpGet: { port: "http", path: "/" }, periodSeconds: 5, failureThreshold: 2 },
        },
        { name: "b", image: "busybox", command: ["sleep", "infinity"], readinessProbe: { exec: { command: ["true"] } } },
      ],
    },
  },
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "s" },
    spec: {
      type: "NodePort",
      selector: { app: "p" },
      sessionAffinity: "ClientIP",
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
      internalTrafficPolicy: "Cluster",
      ports: [
        { name: "http", port: 80, targetPort: "http", nodePort: 30080, protocol: "TCP" },
        { name: "alt", port: 8080, targetPort: 80 },
      ],
    },
  },
  { apiVersion: "v1", kind: "Service", metadata: { name: "ext" }, spec: { type: "ExternalName", externalName: "example.com" } },
  {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "d" },
    spec: {
      replicas: 2,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: "25%" } },
      selector: { matchLabels: { app: "d" }, matchExpressions: [{ key: "app", operator: "In", values: ["d"] }] },
      template: { metadata: { labels: { app: "d" } }, spec: { containers: [{ name: "a", image: "traefik/whoami:v1.10", ports: [{ containerPort: 80 }] }] } },
    },
  },
  {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "db" },
    spec: {
      replicas: 2,
      serviceName: "db",
      podManagementPolicy: "Parallel",
      selector: { matchLabels: { app: "db" } },
      template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "r", image: "redis:7" }] } },
    },
  },
  { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
];

/** Every path inside a manifest (keys and list indexes), the root excluded. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}

/** A copy of `base` with the value at `path` replaced (or deleted, when `replacement` is the DELETE marker). */
function mutate(base: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === DELETE) delete at[last];
  else at[last] = replacement;
  return copy;
}
const DELETE = Symbol("delete");

/** Values a field may wrongly hold: other types, edge numbers, long and odd strings, nesting. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    DELETE,
    null,
    true,
    false,
    0,
    -1,
    1.5,
    65536,
    2147483648,
    1e10,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    "",
    "80",
    "x",
    "70000",
    "1000%",
    "-",
    [],
  ),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null)), { maxKeys: 3 }),
  fc.anything({ maxDepth: 2, maxKeys: 3 }),
);

/** A mutated manifest: one base, one to three of its fields replaced by odd values. */
const mutatedManifest: fc.Arbitrary<unknown> = fc
  .record({ base: fc.constantFrom(...BASES), picks: fc.array(fc.tuple(fc.nat(), oddValue), { minLength: 1, maxLength: 3 }) })
  .map(({ base, picks }) => {
    let out: unknown = base;
    for (const [n, value] of picks) {
      const all = paths(out);
      if (all.length === 0) break;
      out = mutate(out, all[n % all.length]!, value);
    }
    return out;
  });

/** YAML text: mutated manifests dumped as JSON (which is YAML), or random text with YAML's symbols. */
const yamlText: fc.Arbitrary<string> = fc.oneof(
  mutatedManifest.map((m) => JSON.stringify(m, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v)) ?? "null"),
  fc.string({ maxLength: 80 }),
  fc
    .array(
      fc.constantFrom(
        "apiVersion: v1\n",
        "kind: Pod\n",
        "metadata: {name: p}\n",
        "spec:\n",
        "  containers: ",
        "- ",
        "&a ",
        "*a ",
        "*nope ",
        "!!binary ",
        "---\n",
        "? ",
        "[",
        "{",
        ": ",
        "x\n",
        "  ",
        "'",
        '"',
        "#",
      ),
      {
        maxLength: 12,
      },
    )
    .map((parts) => parts.join("")),
);

/** What a reader of the cluster can see: a failed call must leave all of it as it was. */
function visibleState(cluster: Cluster): string {
  return [cluster.manifests(), String(cluster.get("pods", { allNamespaces: true })), String(cluster.get("events", { allNamespaces: true }))].join("\n--\n");
}

/**
 * Runs `call` against `cluster`: it may succeed, or throw a PodtalkError that left the visible
 * state unchanged; anything else fails the property with the input that caused it.
 */
function callSafely(cluster: Cluster, call: (c: Cluster) => unknown): void {
  const before = visibleState(cluster);
  try {
    const result = call(cluster);
    String(result); // rendering is part of the call: a view that throws is a bug too
  } catch (e) {
    if (!(e instanceof PodtalkError)) throw new Error(`escaped ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    assert.equal(visibleState(cluster), before, `the failed call changed the cluster: ${e.message}`);
  }
}

/** A small, settled cluster with a Deployment, a Service and a client Pod. */
function populated(): Cluster {
  const cluster = new Cluster({ nodes: 2, seed: 1 });
  cluster.apply([BASES[3]!, { ...BASES[1]!, spec: { selector: { app: "d" }, ports: [{ port: 80 }] } }]);
  cluster.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec: {containers: [{name: c, image: nicolaka/netshoot, command: [sleep, infinity]}]}\n");
  cluster.advance("30s");
  return cluster;
}

describe("Cluster, for any input", () => {
  it("apply() of a mutated manifest object succeeds or throws a PodtalkError that changes nothing", () => {
    fc.assert(
      fc.property(mutatedManifest, (manifest) => {
        const cluster = populated();
        callSafely(cluster, (c) => c.apply(manifest as Record<string, unknown>));
        // What was accepted must also render.
        for (const kind of ["pods", "services", "deployments", "statefulsets", "endpointslices", "events"]) String(cluster.get(kind, { allNamespaces: true }));
        for (const [kind, name] of [
          ["pod", "p"],
          ["service", "s"],
          ["deployment", "d"],
          ["statefulset", "db"],
        ] as const) {
          callSafely(cluster, (c) => c.describe(kind, name));
        }
      }),
      PARAMS,
    );
  });

  it("apply() of random or broken YAML succeeds or throws a PodtalkError that changes nothing", () => {
    fc.assert(
      fc.property(yamlText, (text) => callSafely(populated(), (c) => c.apply(text))),
      PARAMS,
    );
  });

  it("new Cluster(options) builds a cluster or throws a PodtalkError", () => {
    const option = (valid: fc.Arbitrary<unknown>) => fc.option(fc.oneof(valid, oddValue), { nil: undefined });
    const options = fc.oneof(
      fc.record(
        {
          nodes: option(fc.oneof(fc.integer({ min: -2, max: 6 }), fc.array(fc.constantFrom("a", "b", "node-x", "A", "", "a"), { maxLength: 4 }))),
          seed: option(fc.integer()),
          network: option(fc.constantFrom("flannel-vxlan", "flannel-host-gw", "calico")),
          proxyMode: option(fc.constantFrom("iptables", "ipvs", "nftables")),
          clusterCIDR: option(
            fc.constantFrom(
              "10.244.0.0/16",
              "10.0.0.0/8",
              "10.244.0.0/28",
              "fd00::/64",
              "banana",
              "0.0.0.0/0",
              "127.0.0.0/8",
              "172.18.0.0/16",
              "010.244.0.0/16",
            ),
          ),
          nodeCIDRMaskSize: option(fc.integer({ min: 8, max: 32 })),
          serviceCIDR: option(fc.constantFrom("10.96.0.0/12", "10.96.0.0/29", "10.96.0.0/30", "10.96.0.0/28", "10.0.0.0/8", "10.244.0.0/16", "224.0.0.0/24")),
          clusterDomain: option(fc.constantFrom("cluster.local", "example", "-bad-", "a".repeat(64))),
          nodeNetwork: option(fc.constantFrom("172.18.0.0/16", "172.18.0.0/30", "x", "10.96.0.0/16", "169.254.0.0/16")),
          systemPods: option(fc.boolean()),
          podEvents: option(fc.boolean()),
        },
        { requiredKeys: [] },
      ),
      oddValue,
    );
    fc.assert(
      fc.property(options, (o) => {
        let cluster: Cluster;
        try {
          cluster = new Cluster(o as never);
        } catch (e) {
          if (!(e instanceof PodtalkError)) throw new Error(`escaped ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
          return;
        }
        String(cluster.get("nodes"));
        String(cluster.topology());
      }),
      PARAMS,
    );
  });

  it("advance(duration) moves time or throws a PodtalkError that changes nothing", () => {
    const duration = fc.oneof(
      oddValue,
      fc.integer({ min: -10, max: 100_000 }),
      fc.array(fc.constantFrom("1", "30", "0.5", "s", "m", "h", "ms", "d", " ", "-", "e9", "1".repeat(400)), { maxLength: 5 }).map((p) => p.join("")),
    );
    fc.assert(
      fc.property(duration, (d) => callSafely(populated(), (c) => c.advance(d as string))),
      PARAMS,
    );
  });

  it("exec(target, line) returns a Trace or throws a PodtalkError that changes nothing", () => {
    const word = fc.oneof(
      fc.constantFrom(
        "curl",
        "wget",
        "nc",
        "ping",
        "nslookup",
        "dig",
        "host",
        "cat",
        "echo",
        "sh",
        "-c",
        "env",
        "hostname",
        "ip",
        "getent",
        "-s",
        "-v",
        "-z",
        "-w",
        "-o",
        "-O-",
      ),
      fc.constantFrom(
        "-c",
        "1",
        "0",
        "1.5",
        "1e10",
        "4294967296",
        "100001",
        "-1",
        "my-api",
        "my-api:80",
        "http://my-api/",
        "http://[::1]/",
        "http://my-api:99999/",
        "10.96.0.1",
        "localhost",
        "/etc/hosts",
        "/etc/resolv.conf",
      ),
      fc.constantFrom("'", '"', "\\", "|", ">", ";", "&&", "$(x)", "`x`", "*"),
      fc.string({ maxLength: 10 }),
    );
    const line = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(" "));
    const target = fc.oneof(fc.constantFrom("client", "deploy/d", "pod/client", "sts/db", "nope", ""), oddValue);
    const cluster = populated();
    fc.assert(
      fc.property(
        target,
        fc.oneof(line, oddValue),
        fc.option(fc.oneof(fc.record({ namespace: fc.constantFrom("default", "nope") }), oddValue), { nil: undefined }),
        (t, l, o) => callSafely(cluster, (c) => c.exec(t as string, l as string, o as never)),
      ),
      PARAMS,
    );
  });

  it("get, describe, yaml, delete, deletePod, the accessors and the views take odd arguments or throw a PodtalkError that changes nothing", () => {
    const arg = fc.oneof(
      fc.constantFrom(
        "pods",
        "pod",
        "svc",
        "deploy",
        "sts",
        "events",
        "nodes",
        "ns",
        "d",
        "client",
        "my-api",
        "node-1",
        "__proto__",
        "endpointslice",
        "kubernetes",
      ),
      oddValue,
    );
    const call = fc.oneof(
      fc.tuple(arg, arg).map(
        ([k, o]) =>
          (c: Cluster) =>
            c.get(k as string, o as never),
      ),
      fc.tuple(arg, arg, arg).map(
        ([k, n, o]) =>
          (c: Cluster) =>
            c.describe(k as string, n as string, o as never),
      ),
      fc.tuple(arg, arg, arg).map(
        ([k, n, o]) =>
          (c: Cluster) =>
            c.delete(k as string, n as string, o as never),
      ),
      fc.tuple(arg, arg, arg).map(
        ([k, n, o]) =>
          (c: Cluster) =>
            c.yaml(k as string, n as string, o as never),
      ),
      fc.tuple(arg, arg).map(
        ([n, o]) =>
          (c: Cluster) =>
            c.deletePod(n as string, o as never),
      ),
      fc.tuple(arg, arg).map(
        ([n, r]) =>
          (c: Cluster) =>
            c.setReady(n as string, r as boolean),
      ),
      fc.tuple(arg, arg).map(
        ([n, k]) =>
          (c: Cluster) =>
            c.restartContainer(n as string, k as string),
      ),
      arg.map((o) => (c: Cluster) => c.timeline(o as never)),
      arg.map((o) => (c: Cluster) => c.topology(o as never)),
      arg.map((n) => (c: Cluster) => c.routes(n as string)),
      arg.map((n) => (c: Cluster) => c.proxyRules(n as string)),
      arg.map((o) => (c: Cluster) => c.reachability(o as never)),
      fc.tuple(arg, arg).map(
        ([n, o]) =>
          (c: Cluster) =>
            c.pod(n as string, o as never),
      ),
      fc.tuple(arg, arg).map(
        ([n, o]) =>
          (c: Cluster) =>
            c.service(n as string, o as never),
      ),
      arg.map((n) => (c: Cluster) => c.node(n as string)),
      arg.map((o) => (c: Cluster) => c.pods(o as never)),
      arg.map((o) => (c: Cluster) => c.services(o as never)),
      fc.oneof(fc.string(), fc.stringMatching(/^[a-z!=(), in]{0,16}$/), arg).map((s) => (c: Cluster) => c.pods({ selector: s as string })),
      fc.tuple(arg, arg).map(
        ([n, s]) =>
          (c: Cluster) =>
            c.proxyRules(n as string).forService(s as string),
      ),
    );
    fc.assert(
      fc.property(call, (f) => callSafely(populated(), f)),
      PARAMS,
    );
  });

  it("scale, setImage, rollout and load over time take odd arguments or throw a PodtalkError that changes nothing", () => {
    const target = fc.oneof(fc.constantFrom("deployment/d", "deploy/d", "sts/d", "rs/d", "d", "node/node-1", "deployment/", "/d", "__proto__/x"), oddValue);
    const arg = fc.oneof(fc.constantFrom(0, 3, -1, "*", "status", "history", "undo", "1s", "40s"), oddValue);
    const images = fc.oneof(fc.constantFrom({ a: "nginx:1.27" }, { "*": "busybox" }, { zz: "x" }, { a: "" }, {}), oddValue);
    const options = fc.option(
      fc.oneof(fc.record({ revision: arg, timeout: arg, namespace: fc.constantFrom("default", "nope") }, { requiredKeys: [] }), oddValue),
      { nil: undefined },
    );
    const loadOptions = fc.oneof(fc.record({ every: arg, for: arg, requests: arg }, { requiredKeys: [] }), oddValue);
    const call = fc.oneof(
      fc.tuple(target, arg, options).map(
        ([t, n, o]) =>
          (c: Cluster) =>
            c.scale(t as string, n as number, o as never),
      ),
      fc.tuple(target, images, options).map(
        ([t, i, o]) =>
          (c: Cluster) =>
            c.setImage(t as string, i as never, o as never),
      ),
      fc.tuple(arg, target, options).map(
        ([a, t, o]) =>
          (c: Cluster) =>
            c.rollout(a as "undo", t as string, o as never),
      ),
      fc.tuple(target, loadOptions).map(
        ([t, o]) =>
          (c: Cluster) =>
            c.load(t as string, "http://s/", o as never),
      ),
    );
    fc.assert(
      fc.property(call, (f) => callSafely(populated(), f)),
      PARAMS,
    );
  });
});

/**
 * Benchmarks of the simulation and its renderers: build, apply, trace rate, delete, advance and
 * the topology SVG.
 */
import { performance } from "node:perf_hooks";
import { Cluster } from "../lib/index.js";
import { Simulation, execIn, runLoad } from "../lib/sim/index.js";
import { buildServiceRules } from "../lib/sim/kube-proxy/iptables.js";
import type { BenchResult as Result } from "./internal/report.js";
import { appsWithServices } from "./internal/workloads.js";

function deployment(name: string, replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers: [{ name: app, image: "traefik/whoami:v1.10", args: ["--port", "8080"], ports: [{ containerPort: 8080 }] }]
---
apiVersion: v1
kind: Service
metadata: { name: ${name} }
spec:
  selector: { app: ${name} }
  ports: [{ port: 8080 }]
`;
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

/**
 * Kubernetes' published scalability limits: 5,000 nodes, 150,000 Pods, 10,000 Services
 * (clusterCIDR 10.0.0.0/8 so that 5,000 node ranges fit). Built with objects, not YAML.
 */
function atScale(results: Result[]): void {
  const nodes = Number(process.env["BENCH_SCALE_NODES"] ?? 5000);
  const services = Number(process.env["BENCH_SCALE_SERVICES"] ?? 10000);
  const replicas = 15;
  const objects = appsWithServices(services, replicas, { name: "app", image: "registry.example/app:1", ports: [{ containerPort: 8080 }] }, [
    { port: 80, targetPort: 8080 },
  ]);
  const [sim, buildMs] = time(() => {
    const s = new Simulation({ nodes, seed: 1, clusterCIDR: "10.0.0.0/8", podEvents: false });
    s.apply(objects);
    return s;
  });
  const pods = sim.podTotal;
  results.push({
    name: `build ${nodes} nodes, ${services} Services, ${pods} Pods`,
    value: buildMs / 1000,
    unit: "s",
    note: `target < 5 s; ${(pods / (buildMs / 1000)).toFixed(0)} Pods/s, KWOK creates about 20 Pods/s`,
  });
  results.push({ name: "peak resident memory after the build", value: process.resourceUsage().maxRSS / 1024, unit: "MiB", note: "target < 2048 MiB" });
  const [, advanceMs] = time(() => sim.advance("30s"));
  results.push({ name: "advance 30s at that scale", value: advanceMs, unit: "ms" });
  const victim = sim.pods("default").find((p) => p.name.startsWith("app-1-"))!;
  const [, deleteMs] = time(() => sim.deletePod(victim.name));
  results.push({ name: "delete one Pod at that scale (replacement included)", value: deleteMs, unit: "ms" });

  // Traces at scale: a client Pod curling one of the 10,000 Services.
  sim.apply({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "client" },
    spec: { containers: [{ name: "sh", image: "nicolaka/netshoot", command: ["sleep", "infinity"] }] },
  });
  const client = sim.pod("default", "client")!;
  const n = 2000;
  const [, traceMs] = time(() => {
    for (let i = 0; i < n; i++) execIn(sim, client, `curl -s http://app-${i % 50}:80/`, {}, sim.traffic);
  });
  results.push({
    name: `curl through a Service at ${nodes} nodes / ${services} Services`,
    value: (traceMs * 1000) / n,
    unit: "µs/trace",
    note: `${((n / traceMs) * 1000).toFixed(0)} traces/s`,
  });
  const svc = sim.service("default", "app-7")!;
  const [, rebuildMs] = time(() => {
    sim.deletePod(sim.podsOwnedBy([...sim.replicaSets("default")].find((r) => r.name.startsWith("app-7-"))!.uid)[0]!.name);
    buildServiceRules(sim, svc, 0);
  });
  results.push({ name: "rebuild a Service's rules after one of its Pods changes", value: rebuildMs, unit: "ms" });
}

/** A Service with 1,000 endpoints: trace cost should not grow with the endpoint count much. */
function wideService(results: Result[]): void {
  const sim = new Simulation({ nodes: 20, seed: 1, podEvents: false });
  sim.apply([
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "big" },
      spec: {
        replicas: 1000,
        selector: { matchLabels: { app: "big" } },
        template: {
          metadata: { labels: { app: "big" } },
          spec: { containers: [{ name: "app", image: "traefik/whoami:v1.10", args: ["--port", "8080"], ports: [{ containerPort: 8080 }] }] },
        },
      },
    },
    { apiVersion: "v1", kind: "Service", metadata: { name: "big" }, spec: { selector: { app: "big" }, ports: [{ port: 80, targetPort: 8080 }] } },
    {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "client" },
      spec: { containers: [{ name: "sh", image: "nicolaka/netshoot", command: ["sleep", "infinity"] }] },
    },
  ]);
  const client = sim.pod("default", "client")!;
  const n = 2000;
  const [, ms] = time(() => {
    for (let i = 0; i < n; i++) execIn(sim, client, "curl -s http://big/", {}, sim.traffic);
  });
  results.push({
    name: "curl through a Service with 1,000 endpoints",
    value: (ms * 1000) / n,
    unit: "µs/trace",
    note: `${((n / ms) * 1000).toFixed(0)} traces/s`,
  });
  const svc = sim.service("default", "big")!;
  const [, loadMs] = time(() => runLoad(sim, client, "http://big/", 30000, sim.traffic));
  results.push({
    name: "cluster.load(): 30,000 connections through that Service",
    value: loadMs,
    unit: "ms",
    note: `${((30000 / loadMs) * 1000).toFixed(0)} connections/s`,
  });
  const [, rebuild] = time(() => {
    sim.setReady(sim.podsOwnedBy(sim.replicaSets("default")[0]!.uid)[0]!.name, false);
    buildServiceRules(sim, svc, 0);
  });
  results.push({ name: "rebuild the 1,000-endpoint rules after one Pod turns unready", value: rebuild, unit: "ms" });
}

/** Runs the cluster benchmarks. */
export async function bench(): Promise<Result[]> {
  const results: Result[] = [];
  atScale(results);
  wideService(results);
  const nodes = Number(process.env["BENCH_NODES"] ?? 50);
  const services = Number(process.env["BENCH_SERVICES"] ?? 100);
  const replicas = Number(process.env["BENCH_REPLICAS"] ?? 10);

  const [cluster, buildMs] = time(() => {
    const c = new Cluster({ nodes, seed: 1 });
    c.apply(Array.from({ length: services }, (_, i) => deployment(`app-${i}`, replicas)).join("---\n"));
    return c;
  });
  const pods = cluster.get("pods").rows.length;
  results.push({ name: `build ${nodes} nodes, ${services} Services, ${pods} Pods (one apply)`, value: buildMs, unit: "ms" });

  const [, applyOneMs] = time(() => cluster.apply(deployment("extra", replicas)));
  results.push({ name: `apply one more Deployment + Service into that cluster`, value: applyOneMs, unit: "ms" });

  const client = cluster.get("pods").rows[0]!["NAME"]!;
  const n = 2000;
  const [, execMs] = time(() => {
    for (let i = 0; i < n; i++) cluster.exec(client, "curl -s http://app-1:8080/");
  });
  results.push({ name: `curl through a Service (${replicas} endpoints)`, value: (n / execMs) * 1000, unit: "traces/s" });

  const [, deleteMs] = time(() => cluster.deletePod(cluster.get("pods").rows[1]!["NAME"]!));
  results.push({ name: "delete a Pod (controller replaces it)", value: deleteMs, unit: "ms" });

  const [, advanceMs] = time(() => cluster.advance("30s"));
  results.push({ name: "advance 30s", value: advanceMs, unit: "ms" });

  const small = new Cluster({ nodes: 3, seed: 1 });
  small.apply(Array.from({ length: 10 }, (_, i) => deployment(`svc-${i}`, 10)).join("---\n"));
  const topology = small.topology();
  const start = performance.now();
  await topology.svg();
  results.push({ name: "render the topology SVG of 3 nodes and 100 Pods", value: performance.now() - start, unit: "ms" });

  results.push({ name: "peak resident memory so far", value: process.resourceUsage().maxRSS / 1024, unit: "MiB" });
  return results;
}

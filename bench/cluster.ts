/**
 * Benchmarks of the simulation and its renderers: build, apply, trace rate, delete, advance and
 * the topology SVG.
 */
import { performance } from "node:perf_hooks";
import { Cluster } from "../lib/index.js";
import type { BenchResult as Result } from "./internal/report.js";

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
      containers: [{ name: app, image: registry.example/app:1, ports: [{ containerPort: 8080 }] }]
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

/** Runs the cluster benchmarks. */
export async function bench(): Promise<Result[]> {
  const results: Result[] = [];
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

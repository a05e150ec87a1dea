/**
 * Benchmarks of the topology view: building the model, its Vega-Lite spec and the static SVG,
 * for clusters of 10, 100 and 1,000 Pods and for 5,000 nodes (one tile per node).
 */
import { performance } from "node:perf_hooks";
import { Cluster } from "../lib/index.js";
import type { KubeObject } from "../lib/model/objects.js";
import { renderSVG } from "../lib/render/index.js";
import { median, type BenchResult } from "./internal/report.js";
import { appsWithServices } from "./internal/workloads.js";

/** Runs per size; the median is reported, so one GC pause does not decide the number. */
const RUNS = Number(process.env["BENCH_RENDER_RUNS"] ?? 5);

/** `deployments` Deployments of `replicas` whoami Pods, each behind a Service of its own. */
function apps(deployments: number, replicas: number): KubeObject[] {
  return appsWithServices(
    deployments,
    replicas,
    { name: "whoami", image: "traefik/whoami:v1.10", args: ["--port", "8080"], ports: [{ containerPort: 8080 }] },
    [{ port: 8080 }],
  );
}

/** Median time of model + spec + SVG for one cluster, and the SVG's size. */
async function timeTopology(cluster: Cluster): Promise<{ ms: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  await renderSVG(cluster.topology().spec()); // warm up vega's and vega-lite's code paths
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const topology = cluster.topology();
    const svg = await renderSVG(topology.spec());
    times.push(performance.now() - start);
    bytes = svg.length;
  }
  return { ms: median(times), bytes };
}

/** Runs the render benchmarks. */
export async function bench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const sizes = [
    { pods: 10, nodes: 3, deployments: 2, replicas: 5 },
    { pods: 100, nodes: 3, deployments: 10, replicas: 10 },
    { pods: 1000, nodes: 10, deployments: 20, replicas: 50 },
  ];
  for (const s of sizes) {
    const cluster = new Cluster({ nodes: s.nodes, seed: 1 });
    cluster.apply(apps(s.deployments, s.replicas));
    const { ms, bytes } = await timeTopology(cluster);
    results.push({
      name: `topology model + spec + SVG: ${s.nodes} nodes, ${s.pods} Pods, ${s.deployments} Services`,
      value: ms,
      unit: "ms",
      note: `median of ${RUNS}; SVG ${(bytes / 1024).toFixed(0)} KiB${s.pods === 100 ? "; target < 300 ms" : ""}`,
    });
  }
  const big = new Cluster({ nodes: 5000, clusterCIDR: "10.0.0.0/8" });
  const { ms, bytes } = await timeTopology(big);
  results.push({
    name: "topology model + spec + SVG: 5,000 nodes (one tile per node)",
    value: ms,
    unit: "ms",
    note: `median of ${RUNS}; SVG ${(bytes / 1024 / 1024).toFixed(1)} MiB`,
  });
  return results;
}

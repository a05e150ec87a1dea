/**
 * The two-node scenario the traffic and exec tests share: a client Pod on each node, one `web`
 * backend on node-2 behind Service `web`, a Service `empty` that selects nothing, and a Pod `duo`
 * whose two containers share one network namespace.
 */
import { Simulation, execIn, type NetworkModel, type TraceRecord } from "../../../lib/sim/index.js";
import { pod, service } from "./fixtures.js";

export function scenario(network: NetworkModel = "flannel-vxlan"): Simulation {
  const sim = new Simulation({ nodes: 2, seed: 1, network });
  sim.apply([
    pod("client-1", { nodeName: "node-1" }),
    pod("client-2", { nodeName: "node-2" }),
    pod("web-1", { nodeName: "node-2", labels: { app: "web" }, containers: [{ name: "web", ports: [8080] }] }),
    pod("duo", { nodeName: "node-1", containers: [{ name: "app", ports: [8080] }, { name: "sidecar" }] }),
    service("web", { app: "web" }),
    service("empty", { app: "nothing" }),
  ]);
  return sim;
}

/** `kubectl exec <pod> -- <command>` against the simulation's own random streams. */
export function exec(sim: Simulation, podName: string, command: string, container?: string): TraceRecord {
  const p = sim.pod("default", podName);
  if (!p) throw new Error(`no pod ${podName}`);
  return execIn(sim, p, command, container ? { container } : {}, sim.traffic);
}

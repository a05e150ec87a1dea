/**
 * The reconcile loop: runs the controllers over their work queues, in a fixed order and key
 * order, until no queue holds anything (waiting Pods get a node first when one has room).
 */
import type { ControllerContext } from "./context.js";
import { syncDaemonSet } from "./daemonset.js";
import { syncDeployment } from "./deployment.js";
import { syncEndpointSlices } from "./endpointslice.js";
import { syncNamespace } from "./namespace.js";
import { syncReplicaSet } from "./replicaset.js";
import { syncStatefulSet } from "./statefulset.js";

/** Runs the controllers until nothing is left to do. */
export function reconcile(ctx: ControllerContext): void {
  const q = ctx.queues;
  for (let round = 0; round < 1000; round++) {
    const d = [...q.deployments].sort();
    const r = [...q.replicaSets].sort();
    const s = [...q.statefulSets].sort();
    const ds = [...q.daemonSets].sort();
    const svc = [...q.services].sort();
    const ns = [...q.namespaces].sort();
    ctx.pods.retryUnscheduled();
    if (!d.length && !r.length && !s.length && !ds.length && !svc.length && !ns.length) return;
    q.finished();
    for (const k of d) syncDeployment(ctx, k);
    for (const k of r) syncReplicaSet(ctx, k);
    for (const k of s) syncStatefulSet(ctx, k);
    for (const k of ds) syncDaemonSet(ctx, k);
    for (const k of svc) syncEndpointSlices(ctx, k);
    for (const k of ns) syncNamespace(ctx, k);
  }
  throw new Error("podtalk internal error: controllers did not settle");
}

/**
 * The namespace controller: a Terminating namespace goes away once its last Pod has.
 *
 * @see https://kubernetes.io/docs/tasks/administer-cluster/namespaces/
 */
import type { ControllerContext } from "./context.js";

/** Removes the namespace `name` if it is Terminating and empty. */
export function syncNamespace(ctx: ControllerContext, name: string): void {
  const { store } = ctx;
  const ns = store.namespaces.get(name);
  if (!ns || ns.deletion === undefined) return;
  if ([...store.pods.values()].some((p) => p.namespace === name)) return;
  ctx.tx.j.delete(store.namespaces, name);
}

/**
 * Every object a notebook applied, as YAML a learner can `kubectl apply` to a real cluster.
 */
import { stringify as toYAML } from "yaml";
import type { ClusterView } from "./cluster-view.js";

/** The applied objects' manifests (Namespaces first, then workloads, then Services, then NetworkPolicies), `---`-separated. */
export function exportManifests(view: ClusterView): string {
  const sources = [
    ...view.namespaces().map((n) => n.source),
    ...view.deployments().map((d) => d.source),
    ...view.statefulSets().map((s) => s.source),
    ...view.daemonSets().map((d) => d.source),
    ...view.replicaSets().map((r) => r.source),
    ...view.pods().map((p) => view.podSource(p)),
    ...view.services().map((s) => s.source),
    ...view.networkPolicies().map((p) => p.source),
  ];
  const docs: string[] = [];
  for (const source of sources) if (source && Object.keys(source).length) docs.push(toYAML(source, { lineWidth: 0 }).trimEnd());
  return docs.length ? docs.map((d) => `---\n${d}\n`).join("") : "";
}

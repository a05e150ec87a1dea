/**
 * What a topology option asked for and did not find, said in words: a namespace without Pods or
 * Services, a highlighted name that is no drawn Pod or Service.
 */
import type { ClusterView } from "../sim/index.js";
import type { TopologyModel, TopologyOptions } from "./topology.js";

/**
 * The notes of `topologyModel`: a namespace without Pods or Services gets kubectl's "No resources
 * found in <ns> namespace.", and each highlighted name that is no drawn Pod or Service is named.
 */
export function optionNotes(sim: ClusterView, options: TopologyOptions, model: TopologyModel, maxNodeColumns: number): string[] {
  const notes: string[] = [];
  const inScope = (namespace: string) => options.namespace === undefined || namespace === options.namespace;
  if (options.namespace !== undefined && !sim.pods(options.namespace).length && !sim.services(options.namespace).length) {
    notes.push(`No resources found in ${options.namespace} namespace.`);
  }
  const highlight = options.highlight ?? [];
  if (highlight.length === 0) return notes;
  if (model.boxes.every((b) => b.kind === "node")) {
    if (model.boxes.length > maxNodeColumns) notes.push(`highlight is not drawn with one tile per node (more than ${maxNodeColumns} nodes)`);
    else notes.push(`highlight: nothing to highlight, no Pod or Service is drawn`);
    return notes;
  }
  const drawn = new Set(model.boxes.filter((b) => b.highlighted).map((b) => b.id.split("/").slice(-1)[0]!));
  const missing = highlight.filter((h) => !drawn.has(h));
  for (const name of missing) {
    const elsewhere = [...sim.pods(), ...sim.services()].find((o) => o.name === name && !inScope(o.namespace));
    const hidden = [...sim.pods(), ...sim.services()].find((o) => o.name === name && inScope(o.namespace));
    const prefixed = sim.pods().filter((p) => p.name.startsWith(`${name}-`) && inScope(p.namespace));
    const why = prefixed.length
      ? `highlight takes whole names; did you mean ${prefixed
          .slice(0, 3)
          .map((p) => `"${p.name}"`)
          .join(", ")}?`
      : elsewhere
        ? `it is in namespace "${elsewhere.namespace}"`
        : hidden
          ? "it is not drawn (a system object: pass { system: true }; a Pending Pod; or one of the Pods a full column sums up)"
          : "no Pod or Service has that name";
    notes.push(`highlight "${name}" matched nothing: ${why}`);
  }
  return notes;
}

/**
 * Snapshots and diffs: what changed between two moments (Pods, their IPs and nodes, Service
 * endpoints), as a table and highlighted on the topology.
 */
import { escapeHTML } from "./html.js";
import { INSPECT_CUSTOM, JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";
import { podStatus } from "./resource-tables.js";
import { snapshotHTML, snapshotText, type SnapshotContents } from "./snapshot-view.js";
import { renderSVG } from "./svg.js";
import { Table } from "./table.js";
import { topologyModel, type TopologyModel } from "./topology.js";
import { topologySpec } from "./topology-spec.js";
import { BOOTSTRAP_AGE, type ClusterView, intToIp, isSystemNamespace } from "../sim/index.js";
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { badArgument } from "../model/messages.js";

/** The state of a cluster at one moment, as far as a diff compares it. */
export class Snapshot {
  /** Simulated seconds since bootstrap. */
  readonly time: number;
  /** `namespace/name` → what the Pod looked like. */
  readonly pods: ReadonlyMap<string, { readonly uid: string; readonly ip: string; readonly node: string; readonly status: string }>;
  /** `namespace/name` → the Service's ready endpoints (`ip:port`, sorted). */
  readonly endpoints: ReadonlyMap<string, readonly string[]>;
  /** `namespace/name` → ClusterIP (or `None`). */
  readonly services: ReadonlyMap<string, string>;
  /** The topology at that moment, to draw a diff on. */
  readonly topology: TopologyModel;

  constructor(sim: ClusterView) {
    this.time = sim.now;
    this.pods = new Map(
      sim
        .pods()
        .filter((p) => !isSystemNamespace(p.namespace))
        .map((p) => [
          `${p.namespace}/${p.name}`,
          { uid: p.uid, ip: p.podIP === undefined ? "<none>" : intToIp(p.podIP), node: p.nodeName ?? "<none>", status: podStatus(p) },
        ]),
    );
    const svcs = sim.services().filter((s) => !isSystemNamespace(s.namespace));
    this.endpoints = new Map(
      svcs.map((s) => [
        `${s.namespace}/${s.name}`,
        [
          ...new Set(
            s.ports
              .flatMap((_, i) => sim.endpoints(s, i))
              .filter((e) => e.ready)
              .map((e) => `${intToIp(e.ip)}:${e.port}`),
          ),
        ].sort(),
      ]),
    );
    this.services = new Map(svcs.map((s) => [`${s.namespace}/${s.name}`, s.headless ? "None" : s.clusterIP === undefined ? "<none>" : intToIp(s.clusterIP)]));
    this.topology = topologyModel(sim);
  }

  /** The Pods and the Services with their endpoints at that moment, as text (lib/render/snapshot-view.ts). */
  toString(): string {
    return snapshotText(this.#contents());
  }

  [INSPECT_CUSTOM](): string {
    return this.toString();
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/html": snapshotHTML(this.#contents()), "text/plain": snapshotText(this.#contents()) };
  }

  #contents(): SnapshotContents {
    return { seconds: this.time - BOOTSTRAP_AGE, pods: this.pods, services: this.services, endpoints: this.endpoints };
  }
}

/** One change between two snapshots. */
export interface Change {
  readonly change: "added" | "removed" | "changed";
  readonly kind: "Pod" | "Service" | "Endpoints";
  readonly name: string;
  readonly before: string;
  readonly after: string;
}

/**
 * What changed between two snapshots: a table, and the later topology with changed objects
 * highlighted.
 *
 * @example const before = cluster.snapshot(); cluster.deletePod(name); cluster.advance("30s"); diff(before, cluster.snapshot())
 */
export class Diff {
  readonly changes: readonly Change[];
  readonly before: Snapshot;
  readonly after: Snapshot;

  constructor(before: Snapshot, after: Snapshot) {
    this.before = before;
    this.after = after;
    const changes: Change[] = [];
    const pod = (p: { ip: string; node: string; status: string } | undefined) => (p ? `${p.ip} on ${p.node} (${p.status})` : "");
    for (const k of [...new Set([...before.pods.keys(), ...after.pods.keys()])].sort()) {
      const a = before.pods.get(k);
      const b = after.pods.get(k);
      if (!a) changes.push({ change: "added", kind: "Pod", name: k, before: "", after: pod(b) });
      else if (!b) changes.push({ change: "removed", kind: "Pod", name: k, before: pod(a), after: "" });
      else if (a.uid !== b.uid || a.ip !== b.ip || a.node !== b.node || a.status !== b.status)
        changes.push({ change: "changed", kind: "Pod", name: k, before: pod(a), after: pod(b) });
    }
    for (const k of [...new Set([...before.services.keys(), ...after.services.keys()])].sort()) {
      const a = before.services.get(k);
      const b = after.services.get(k);
      if (a !== b)
        changes.push({
          change: a === undefined ? "added" : b === undefined ? "removed" : "changed",
          kind: "Service",
          name: k,
          before: a ?? "",
          after: b ?? "",
        });
      const ea = (before.endpoints.get(k) ?? []).join(",");
      const eb = (after.endpoints.get(k) ?? []).join(",");
      if (a !== undefined && b !== undefined && ea !== eb)
        changes.push({ change: "changed", kind: "Endpoints", name: k, before: ea || "<none>", after: eb || "<none>" });
    }
    this.changes = changes;
  }

  /** The changes as a table: CHANGE, KIND, NAME, BEFORE, AFTER. */
  table(): Table {
    return new Table(
      ["CHANGE", "KIND", "NAME", "BEFORE", "AFTER"],
      this.changes.map((c) => ({ CHANGE: c.change, KIND: c.kind, NAME: c.name, BEFORE: c.before || "-", AFTER: c.after || "-" })),
      { caption: `changes between ${this.before.time - BOOTSTRAP_AGE}s and ${this.after.time - BOOTSTRAP_AGE}s`, emptyMessage: "No changes." },
    );
  }

  /** The later topology with added and changed Pods and Services highlighted. */
  topology(): TopologyModel {
    const marked = new Set(this.changes.filter((c) => c.change !== "removed").map((c) => `${c.kind === "Pod" ? "pod" : "service"}/${c.name}`));
    const boxes = this.after.topology.boxes.map((b) => (marked.has(b.id) ? { ...b, stroke: "#dc2626", highlighted: true } : b));
    return { ...this.after.topology, boxes, text: this.after.topology.text };
  }

  toString(): string {
    return `${this.table().toText()}`;
  }

  async [JUPYTER_DISPLAY](): Promise<MimeBundle> {
    const svg = await renderSVG(topologySpec(this.topology()));
    return {
      "text/html": `${this.table().toHTML()}<figure class="podtalk-topology">${svg}<figcaption>${escapeHTML("Changed objects are outlined in red (thicker border).")}</figcaption></figure>`,
      "text/plain": this.table().toText().replace(/\n$/, ""),
    };
  }
}

/** Compares two snapshots. */
export function diff(before: Snapshot, after: Snapshot): Diff {
  for (const [param, value] of [
    ["before", before],
    ["after", after],
  ] as const) {
    if (!(value instanceof Snapshot)) {
      throw new PodtalkError(
        ErrorCode.BadRequest,
        badArgument("diff(before, after)", param, "a snapshot from cluster.snapshot()", value === null ? "null" : typeof value),
      );
    }
  }
  return new Diff(before, after);
}

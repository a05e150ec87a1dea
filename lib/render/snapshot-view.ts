/**
 * How a snapshot (`cluster.snapshot()`) shows itself: the Pods and the Services with their
 * endpoints at that moment, as two tables, rather than a dump of the JavaScript object.
 */
import { Table } from "./table.js";

/** What a snapshot holds, as far as showing it goes (the fields of `Snapshot`). */
export interface SnapshotContents {
  /** Simulated seconds since the cluster was created (the bootstrap's age not counted). */
  readonly seconds: number;
  readonly pods: ReadonlyMap<string, { readonly ip: string; readonly node: string; readonly status: string }>;
  readonly services: ReadonlyMap<string, string>;
  readonly endpoints: ReadonlyMap<string, readonly string[]>;
}

/** The Pods table and the Services table of a snapshot, with captions naming its moment. */
export function snapshotTables(s: SnapshotContents): { pods: Table; services: Table } {
  const split = (key: string): { NAMESPACE: string; NAME: string } => {
    const slash = key.indexOf("/");
    return { NAMESPACE: key.slice(0, slash), NAME: key.slice(slash + 1) };
  };
  const pods = new Table(
    ["NAMESPACE", "NAME", "STATUS", "IP", "NODE"],
    [...s.pods].map(([key, p]) => ({ ...split(key), STATUS: p.status, IP: p.ip, NODE: p.node })),
    { caption: `Pods at ${s.seconds}s`, emptyMessage: `No Pods at ${s.seconds}s.` },
  );
  const services = new Table(
    ["NAMESPACE", "NAME", "CLUSTER-IP", "ENDPOINTS"],
    [...s.services].map(([key, ip]) => ({ ...split(key), "CLUSTER-IP": ip, ENDPOINTS: (s.endpoints.get(key) ?? []).join(",") || "<none>" })),
    { caption: `Services and their ready endpoints at ${s.seconds}s`, emptyMessage: `No Services at ${s.seconds}s.` },
  );
  return { pods, services };
}

/** The snapshot as text: a heading, then each table as kubectl would align it. */
export function snapshotText(s: SnapshotContents): string {
  const { pods, services } = snapshotTables(s);
  return `Snapshot at ${s.seconds}s\n\n${pods.toText()}\n${services.toText()}`.replace(/\n$/, "");
}

/** The snapshot as HTML: the two tables with their captions. */
export function snapshotHTML(s: SnapshotContents): string {
  const { pods, services } = snapshotTables(s);
  return `${pods.toHTML()}\n${services.toHTML()}`;
}

/**
 * `cluster.proxyRules(node).forService("default/api")`: the part of a node's kube-proxy rules that
 * belongs to one Service (or one named port of it). The data is the mode's own rule set with only
 * that Service's entries; the text is the lines of the mode's tool output those entries add.
 */
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { escapeHTML } from "./html.js";
import { JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";
import { Table } from "./table.js";
import type { ClusterView, NodeProxyRules, ProxyModeImpl } from "../sim/index.js";

/** An entry of a mode's rules that belongs to one Service port (iptables, nftables and IPVS all carry `port`). */
interface PortEntry {
  readonly port: { readonly portName: string };
}

const isPortEntry = (x: unknown): x is PortEntry =>
  typeof x === "object" && x !== null && typeof (x as { port?: { portName?: unknown } }).port?.portName === "string";

/** `rules` with every list of per-port entries narrowed by `keep` (the mode's other data unchanged). */
function narrow(rules: NodeProxyRules, keep: (portName: string) => boolean): NodeProxyRules {
  const out: Record<string, unknown> = { ...rules };
  for (const [k, v] of Object.entries(rules)) {
    if (Array.isArray(v) && v.length > 0 && v.every(isPortEntry)) out[k] = v.filter((e) => keep(e.port.portName));
  }
  return out as unknown as NodeProxyRules;
}

/** kube-proxy's names of the Service ports a rule set has entries for, in the order it lists them. */
export function programmedPorts(rules: NodeProxyRules): string[] {
  const out = new Set<string>();
  for (const v of Object.values(rules)) if (Array.isArray(v)) for (const e of v) if (isPortEntry(e)) out.add(e.port.portName);
  return [...out].sort();
}

/**
 * The lines of `full` that `base` does not have, counted as a multiset, in `full`'s order. A line
 * keeps what frames it, so the result reads as the tool prints it: in nft's output the lines that
 * open the blocks around it (table, chain, set, map), each closed again; in iptables-save's the
 * `*nat` or `*filter` line of its table, with that table's `COMMIT`.
 */
function addedLines(full: string, base: string): string[] {
  const counts = new Map<string, number>();
  for (const l of base.split("\n")) counts.set(l, (counts.get(l) ?? 0) + 1);
  const open: { line: string; shown: boolean }[] = [];
  let table: { line: string; shown: boolean } | undefined;
  const out: string[] = [];
  const show = (line: string) => {
    for (const b of table ? [table, ...open] : open) {
      if (!b.shown) out.push(b.line);
      b.shown = true;
    }
    out.push(line);
  };
  for (const l of full.split("\n")) {
    if (l.startsWith("*")) {
      table = { line: l, shown: false };
      continue;
    }
    if (l === "COMMIT" && table) {
      if (table.shown) out.push(l);
      table = undefined;
      continue;
    }
    if (l.trim() === "}") {
      if (open.pop()?.shown) out.push(l);
      continue;
    }
    const n = counts.get(l) ?? 0;
    if (n > 0) counts.set(l, n - 1);
    const added = n === 0 && l !== "";
    if (l.trimEnd().endsWith("{") && !l.includes("}")) {
      if (added) show(l);
      open.push({ line: l, shown: added });
    } else if (added) show(l);
  }
  return out;
}

/**
 * kube-proxy's rules for one Service (or one of its ports) on one node.
 *
 * @example
 * const rules = cluster.proxyRules("node-2").forService("default/api:http");
 * rules.text;   // the KUBE-SVC / KUBE-SEP lines of iptables-save (or ipvsadm's, or nft's)
 */
export class ServiceProxyRules {
  readonly node: string;
  readonly mode: string;
  /** The Service as asked for: `namespace/name` or `namespace/name:port`. */
  readonly service: string;
  /** kube-proxy's names of the Service ports covered (`default/api:http`, or `default/api` for an unnamed port). */
  readonly ports: readonly string[];
  /** The lines of the mode's tool output that belong to the Service. */
  readonly text: string;
  readonly table: Table;
  readonly #rules: NodeProxyRules;

  constructor(mode: ProxyModeImpl, rules: NodeProxyRules, service: string, ports: readonly string[]) {
    const keep = new Set(ports);
    const mine = narrow(rules, (n) => keep.has(n));
    this.node = rules.node.name;
    this.mode = rules.mode;
    this.service = service;
    this.ports = ports;
    this.text = `${addedLines(mode.render(mine), mode.render(narrow(rules, () => false))).join("\n")}\n`;
    const t = mode.table(mine);
    // The rows the mode writes whatever the Services (its fixed chains) are left out, as the lines are.
    const key = (r: Readonly<Record<string, string>>) => t.columns.map((c) => r[c] ?? "").join("\u0000");
    const base = new Map<string, number>();
    for (const r of mode.table(narrow(rules, () => false)).rows) base.set(key(r), (base.get(key(r)) ?? 0) + 1);
    const rows = t.rows.filter((r) => {
      const n = base.get(key(r)) ?? 0;
      if (n > 0) base.set(key(r), n - 1);
      return n === 0;
    });
    this.table = new Table(t.columns, rows, { caption: `${t.caption} · ${service}` });
    this.#rules = mine;
  }

  /** The mode's rule set with only this Service's entries (iptables and nftables: `services`; IPVS: `virtualServers`). */
  get rules(): NodeProxyRules {
    return this.#rules;
  }

  toString(): string {
    return this.text;
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return {
      "text/html": `${this.table.toHTML()}<details><summary>${escapeHTML(this.mode)} rules of ${escapeHTML(this.service)}</summary><pre>${escapeHTML(this.text)}</pre></details>`,
      "text/plain": this.text.replace(/\n$/, ""),
    };
  }
}

/**
 * The Service ports `ref` names (`name`, `namespace/name` or `namespace/name:port`) among those
 * kube-proxy programs, or a PodtalkError that lists the Services it knows.
 */
export function servicePortNames(view: ClusterView, programmed: readonly string[], ref: string): { service: string; ports: string[] } {
  const m = /^(?:([^/:]+)\/)?([^/:]+)(?::([^/:]+))?$/.exec(ref);
  const known = [...new Set(programmed.map((p) => p.replace(/:.*$/, "")))];
  if (!m) {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `forService() takes "namespace/name" or "namespace/name:port", e.g. "default/api"; got ${JSON.stringify(ref)}`,
    );
  }
  const namespace = m[1] ?? "default";
  const id = `${namespace}/${m[2]}`;
  const ports = programmed.filter((p) => p === id || p.startsWith(`${id}:`));
  if (ports.length === 0) {
    const svc = view.service(namespace, m[2]!);
    const why = svc
      ? svc.clusterIP === undefined
        ? `${id} has no ClusterIP (${svc.headless ? "a headless Service" : svc.type}), so kube-proxy writes no rules for it`
        : `${id} has no ports`
      : `no Service ${id}`;
    const listed = known.length ? `kube-proxy programs ${known.join(", ")}` : "kube-proxy programs no Service port on this node";
    throw new PodtalkError(ErrorCode.NotFound, `${why}; ${listed}`);
  }
  if (m[3] === undefined) return { service: id, ports };
  const port = `${id}:${m[3]}`;
  if (!ports.includes(port)) {
    throw new PodtalkError(
      ErrorCode.NotFound,
      `${id} has no port named "${m[3]}"; its ports are ${ports.map((p) => (p.includes(":") ? p : `${p} (unnamed)`)).join(", ")}`,
    );
  }
  return { service: port, ports: [port] };
}

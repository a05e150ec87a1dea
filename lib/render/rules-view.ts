/**
 * kube-proxy's rules and a node's routes as tables, with the real tools' text as the plain view.
 */
import { buildProxyRules, renderIpvsadm, renderIptablesSave } from "../sim/kube-proxy.js";
import { nodeRoutes } from "../sim/routes.js";
import type { ClusterView } from "../sim/cluster-view.js";
import type { NodeState } from "../sim/state.js";
import { escapeHTML } from "./html.js";
import { JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";
import { Table } from "./table.js";

/** kube-proxy's rules on one node: a table of rules, and `iptables-save` (or `ipvsadm -Ln`) as text. */
export class ProxyRulesView {
  readonly node: string;
  readonly mode: "iptables" | "ipvs";
  /** The tool's own output. */
  readonly text: string;
  readonly table: Table;

  constructor(sim: ClusterView, node: NodeState) {
    const rules = buildProxyRules(sim, node);
    this.node = node.name;
    this.mode = rules.mode;
    this.text = rules.mode === "ipvs" ? renderIpvsadm(rules) : renderIptablesSave(rules);
    if (rules.mode === "ipvs") {
      const rows = rules.services.flatMap((s) =>
        s.endpoints.length
          ? s.endpoints.map((e) => ({ "VIRTUAL SERVER": `${s.protocol} ${this.vip(s.service.clusterIP!)}:${s.service.ports[s.portIndex]!.port}`, SERVICE: s.portName, "REAL SERVER": e.address, SCHEDULER: "rr" }))
          : [{ "VIRTUAL SERVER": `${s.protocol} ${this.vip(s.service.clusterIP!)}:${s.service.ports[s.portIndex]!.port}`, SERVICE: s.portName, "REAL SERVER": "<none>", SCHEDULER: "rr" }],
      );
      this.table = new Table(["VIRTUAL SERVER", "SERVICE", "REAL SERVER", "SCHEDULER"], rows, { caption: `ipvsadm -Ln on ${node.name}` });
    } else {
      let table = "";
      const rows: Record<string, string>[] = [];
      for (const line of this.text.split("\n")) {
        if (line.startsWith("*")) table = line.slice(1);
        const m = /^-A (\S+) (.*?)(?: -j (.+))?$/.exec(line);
        if (!m) continue;
        const comment = /--comment (?:"([^"]*)"|(\S+))/.exec(line);
        rows.push({ TABLE: table, CHAIN: m[1]!, MATCH: m[2]!.replace(/-m comment --comment ("[^"]*"|\S+) ?/, "").trim() || "(all)", TARGET: m[3] ?? "", COMMENT: comment?.[1] ?? comment?.[2] ?? "" });
      }
      this.table = new Table(["TABLE", "CHAIN", "MATCH", "TARGET", "COMMENT"], rows, { caption: `iptables-save on ${node.name} (kube-proxy's chains)` });
    }
  }

  private vip(ip: number): string {
    return `${(ip >>> 24) & 255}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
  }

  toString(): string {
    return this.text;
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return { "text/html": `${this.table.toHTML()}<details><summary>${escapeHTML(this.mode === "ipvs" ? "ipvsadm -Ln" : "iptables-save")}</summary><pre>${escapeHTML(this.text)}</pre></details>`, "text/plain": this.text.replace(/\n$/, "") };
  }
}

/** A node's routes as a table, with `ip route` as text. */
export function routesTable(sim: ClusterView, node: NodeState): Table {
  return new Table(
    ["DESTINATION", "VIA", "DEVICE", "WHY"],
    nodeRoutes(sim, node).map((r) => ({ DESTINATION: r.destination, VIA: r.via ?? "-", DEVICE: r.device, WHY: r.note })),
    { caption: `ip route on ${node.name}` },
  );
}

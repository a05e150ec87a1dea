/**
 * kube-proxy's rules and a node's routes as tables, with the real tools' text as the plain view.
 * Both the table and the text come from the proxy mode's structured rules.
 */
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { badArgument, describeValue } from "../model/messages.js";
import { escapeHTML } from "./html.js";
import { JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";
import { Table } from "./table.js";
import { ServiceProxyRules, programmedPorts, servicePortNames } from "./service-rules-view.js";
import { type ClusterView, type NodeProxyRules, type NodeState, type ProxyModeName, nodeRoutes, proxyModeFor } from "../sim/index.js";

/** kube-proxy's rules on one node: a table of rules, and the mode's tool output (`iptables-save`, `ipvsadm -Ln`, `nft list table ip kube-proxy`) as text. */
export class ProxyRulesView {
  readonly node: string;
  readonly mode: ProxyModeName;
  /** The tool's own output. */
  readonly text: string;
  readonly table: Table;
  readonly #rules: NodeProxyRules;
  readonly #tool: string;
  readonly #sim: ClusterView;

  constructor(sim: ClusterView, node: NodeState) {
    const mode = proxyModeFor(sim.options.proxyMode);
    const rules = mode.build(sim, node);
    this.node = node.name;
    this.mode = rules.mode;
    this.text = mode.render(rules);
    const table = mode.table(rules);
    this.table = new Table(table.columns, table.rows, { caption: table.caption });
    this.#rules = rules;
    this.#tool = mode.tool;
    this.#sim = sim;
  }

  /**
   * The rules that belong to one Service, or one named port of it: the mode's data narrowed to it,
   * the lines of the tool's output it adds, and a table. An unknown Service is an error that lists
   * the Services kube-proxy programs.
   *
   * @example cluster.proxyRules("node-1").forService("default/api:http").text
   */
  forService(service: string): ServiceProxyRules {
    if (typeof service !== "string")
      throw new PodtalkError(ErrorCode.BadRequest, badArgument("forService(service)", "service", 'a string such as "default/api"', describeValue(service)));
    const programmed = programmedPorts(this.#rules);
    const { service: id, ports } = servicePortNames(this.#sim, programmed, service);
    return new ServiceProxyRules(proxyModeFor(this.#sim.options.proxyMode), this.#rules, id, ports);
  }

  /**
   * The rules as the proxy mode built them (iptables and nftables: chains and rules per Service port; IPVS:
   * virtual and real servers), to read without parsing the text.
   */
  get rules(): NodeProxyRules {
    return this.#rules;
  }

  toString(): string {
    return this.text;
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return {
      "text/html": `${this.table.toHTML()}<details><summary>${escapeHTML(this.#tool)}</summary><pre>${escapeHTML(this.text)}</pre></details>`,
      "text/plain": this.text.replace(/\n$/, ""),
    };
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

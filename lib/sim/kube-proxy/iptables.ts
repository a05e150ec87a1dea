/**
 * kube-proxy's iptables mode: the nat and filter rules it writes, as data, then printed the way
 * `iptables-save` prints them. A Service port's KUBE-SVC chain jumps to one KUBE-SEP chain per
 * ready endpoint through `statistic` matches with probabilities 1/n, 1/(n-1), …, so each
 * endpoint gets 1/n of new connections.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier.go
 */
import { intToIp } from "../ip.js";
import type { Rng } from "../rng.js";
import type { EndpointState, NodeState } from "../state.js";
import * as msg from "../datapath/hop-messages.js";
import { endpointChainName, externalChainName, serviceChainName } from "./chain-names.js";
import { addressOf, endpointLabel } from "./choose-endpoint.js";
import type { EndpointChoice, NodeProxyRules, ProxyModeImpl, RulesTable } from "./proxy-mode.js";
import type { ProxyView } from "./proxy-view.js";
import { ServicePortCache, servicePort, servicePorts, type ServicePort } from "./service-ports.js";

/** One rule, as `-A <chain> <match> -m comment --comment <comment> <match after> -j <target>`. */
export interface IptablesRule {
  readonly table: "nat" | "filter";
  readonly chain: string;
  /** Matches written before the comment (may be empty). */
  readonly match: string;
  /** The comment's text, if the rule has one. */
  readonly comment: string | undefined;
  /** kube-proxy quotes some comments even without spaces; kept so the text is exact. */
  readonly quoted: boolean;
  /** Matches written after the comment (may be empty). */
  readonly matchAfter: string;
  /** The `-j` target with its options. */
  readonly target: string;
  /** The rule as `iptables-save` prints it. */
  readonly text: string;
}

/** One endpoint's rule in a KUBE-SVC chain and its KUBE-SEP chain. */
export interface EndpointRule {
  readonly endpoint: EndpointState;
  /** `ip:port`. */
  readonly address: string;
  /** `KUBE-SEP-<16 base32 chars>`. */
  readonly chain: string;
  /** The conditional probability on this rule; `undefined` on the last, unconditional one. */
  readonly probability: number | undefined;
  /** The rule in the KUBE-SVC chain. */
  readonly jumpRule: IptablesRule;
  /** The KUBE-SEP chain's rules: hairpin masquerade, then DNAT. */
  readonly sepRules: readonly IptablesRule[];
  /** With ClientIP affinity: the `recent` rule that sends a returning client back here. */
  readonly affinityRule: IptablesRule | undefined;
}

/** The rules for one Service port. */
export interface ServicePortRules {
  readonly port: ServicePort;
  /** `KUBE-SVC-<16 base32 chars>`. */
  readonly chain: string;
  /** The KUBE-SERVICES rule that matches the ClusterIP and port. */
  readonly serviceRule: IptablesRule;
  /** Ready endpoints in kube-proxy's order, each with its rules. */
  readonly endpoints: readonly EndpointRule[];
  /** With no ready endpoints: the filter-table REJECT rule. */
  readonly rejectRule: IptablesRule | undefined;
  /** NodePort Services: the port every node forwards, with its KUBE-NODEPORTS and KUBE-EXT rules. */
  readonly nodePort: { readonly port: number; readonly chain: string; readonly rules: readonly IptablesRule[] } | undefined;
}

/** Everything iptables-mode kube-proxy programs on one node. */
export interface IptablesRules extends NodeProxyRules {
  readonly services: readonly ServicePortRules[];
}

/** One table of `iptables-save`: its chains, then its rules in order. */
interface SavedTable {
  readonly name: "nat" | "filter";
  readonly chains: readonly string[];
  readonly rules: readonly IptablesRule[];
}

function rule(
  table: IptablesRule["table"],
  chain: string,
  parts: { match?: string; comment?: string; quoted?: boolean; matchAfter?: string; target: string },
): IptablesRule {
  const { match = "", comment, quoted = true, matchAfter = "", target } = parts;
  const text = [`-A ${chain}`, match, comment === undefined ? "" : `-m comment --comment ${quoted ? `"${comment}"` : comment}`, matchAfter, `-j ${target}`]
    .filter(Boolean)
    .join(" ");
  return { table, chain, match, comment, quoted, matchAfter, target, text };
}

/** kube-proxy's rules that do not depend on any Service. */
const NODEPORTS_JUMP = rule("nat", "KUBE-SERVICES", {
  comment: "kubernetes service nodeports; NOTE: this must be the last rule in this chain",
  matchAfter: "-m addrtype --dst-type LOCAL",
  target: "KUBE-NODEPORTS",
});
const MARK_RULES = [
  rule("nat", "KUBE-MARK-MASQ", { target: "MARK --set-xmark 0x4000/0x4000" }),
  rule("nat", "KUBE-POSTROUTING", { match: "-m mark ! --mark 0x4000/0x4000", target: "RETURN" }),
  rule("nat", "KUBE-POSTROUTING", { target: "MARK --set-xmark 0x4000/0x0" }),
];

/**
 * The rule that masquerades marked (NodePort) traffic. IPVS mode installs it too: kube-proxy keeps
 * iptables for what IPVS does not do.
 */
export const MASQUERADE_RULE = rule("nat", "KUBE-POSTROUTING", { comment: "kubernetes service traffic requiring SNAT", target: "MASQUERADE --random-fully" });

/** The filter-table rule that rejects connections to a Service port without ready endpoints. */
export function rejectRule(port: ServicePort): IptablesRule {
  const proto = port.protocol.toLowerCase();
  return rule("filter", "KUBE-SERVICES", {
    match: `-d ${port.clusterIP}/32 -p ${proto}`,
    comment: `${port.portName} has no endpoints`,
    matchAfter: `-m ${proto} --dport ${port.port}`,
    target: "REJECT --reject-with icmp-port-unreachable",
  });
}

const cache = new ServicePortCache<ServicePortRules>();

/** The rules for one port of a Service with a ClusterIP, rebuilt only when the cluster changed. */
export function buildServiceRules(view: ProxyView, service: ServicePort["service"], portIndex: number): ServicePortRules {
  return cache.get(view, service, portIndex, () => computeServiceRules(servicePort(view, service, portIndex)));
}

function computeServiceRules(port: ServicePort): ServicePortRules {
  const { portName, service } = port;
  const proto = port.protocol.toLowerCase();
  const chain = serviceChainName(portName, port.protocol);
  const serviceRule = rule("nat", "KUBE-SERVICES", {
    match: `-d ${port.clusterIP}/32 -p ${proto}`,
    comment: `${portName} cluster IP`,
    matchAfter: `-m ${proto} --dport ${port.port}`,
    target: chain,
  });
  const n = port.endpoints.length;
  const affinity = service.sessionAffinity === "ClientIP";
  const endpoints = port.endpoints.map((endpoint, i): EndpointRule => {
    const address = addressOf(endpoint);
    const sep = endpointChainName(portName, port.protocol, address);
    const probability = i < n - 1 ? 1 / (n - i) : undefined;
    const comment = `${portName} -> ${address}`;
    return {
      endpoint,
      address,
      chain: sep,
      probability,
      jumpRule: rule("nat", chain, {
        comment,
        matchAfter: probability === undefined ? "" : `-m statistic --mode random --probability ${probability.toFixed(10)}`,
        target: sep,
      }),
      sepRules: [
        rule("nat", sep, { match: `-s ${intToIp(endpoint.ip)}/32`, comment: portName, quoted: false, target: "KUBE-MARK-MASQ" }),
        rule("nat", sep, {
          match: `-p ${proto}`,
          comment: portName,
          quoted: false,
          matchAfter: `${affinity ? `-m recent --name ${sep} --set ` : ""}-m ${proto}`,
          target: `DNAT --to-destination ${address}`,
        }),
      ],
      affinityRule: affinity
        ? rule("nat", chain, { comment, matchAfter: `-m recent --name ${sep} --rcheck --seconds ${service.sessionAffinityTimeout} --reap`, target: sep })
        : undefined,
    };
  });
  const ext = externalChainName(portName, port.protocol);
  const nodePort =
    port.nodePort === undefined
      ? undefined
      : {
          port: port.nodePort,
          chain: ext,
          rules: [
            rule("nat", "KUBE-NODEPORTS", { match: `-p ${proto}`, comment: portName, matchAfter: `-m ${proto} --dport ${port.nodePort}`, target: ext }),
            rule("nat", ext, { comment: `masquerade traffic for ${portName} external destinations`, target: "KUBE-MARK-MASQ" }),
            rule("nat", ext, { target: chain }),
          ],
        };
  return { port, chain, serviceRule, endpoints, rejectRule: n === 0 ? rejectRule(port) : undefined, nodePort };
}

/** Walks a KUBE-SVC chain (no affinity): each rule's draw with its probability. */
export function pickEndpoint(rules: ServicePortRules, rng: Rng): EndpointRule | undefined {
  for (const r of rules.endpoints) {
    if (r.probability === undefined || rng.next() < r.probability) return r;
  }
  return undefined;
}

/** The nat and filter tables in `iptables-save`'s order: chains first, then rules. */
function savedTables(rules: IptablesRules): readonly SavedTable[] {
  const chains = new Set<string>(["KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ"]);
  const nat: IptablesRule[] = [];
  const filter: IptablesRule[] = [];
  for (const s of rules.services) {
    if (s.rejectRule) filter.push(s.rejectRule);
    else nat.push(s.serviceRule);
  }
  nat.push(NODEPORTS_JUMP);
  for (const s of rules.services) {
    if (s.nodePort && s.endpoints.length) nat.push(...s.nodePort.rules);
  }
  nat.push(...MARK_RULES, MASQUERADE_RULE);
  for (const s of rules.services) {
    if (s.endpoints.length === 0) continue;
    chains.add(s.chain);
    if (s.nodePort) chains.add(s.nodePort.chain);
    for (const e of s.endpoints) if (e.affinityRule) nat.push(e.affinityRule);
    for (const e of s.endpoints) {
      chains.add(e.chain);
      nat.push(e.jumpRule);
    }
    for (const e of s.endpoints) nat.push(...e.sepRules);
  }
  return [
    { name: "nat", chains: [...chains], rules: nat },
    { name: "filter", chains: ["KUBE-SERVICES"], rules: filter },
  ];
}

/** The nat and filter tables as `iptables-save` prints kube-proxy's part of them. */
export function renderIptablesSave(rules: IptablesRules): string {
  // Plain loops, not spread arguments: at 10,000 Services a table has hundreds of thousands of
  // rules, more than a call's argument list holds.
  const lines = [`# Generated by iptables-save on ${rules.node.name} (kube-proxy mode iptables)`];
  for (const t of savedTables(rules)) {
    lines.push(`*${t.name}`);
    for (const c of t.chains) lines.push(`:${c} - [0:0]`);
    for (const r of t.rules) lines.push(r.text);
    lines.push("COMMIT");
  }
  lines.push("");
  return lines.join("\n");
}

/** One table row per rule: table, chain, matches without the comment, target, comment. */
function rulesTable(rules: IptablesRules): RulesTable {
  const rows = savedTables(rules).flatMap((t) =>
    t.rules.map((r) => {
      const match = [r.match, r.matchAfter].filter(Boolean).join(" ");
      // A rule with neither matches nor comment has always been listed with its jump under MATCH
      // and an empty TARGET; kept so the table reads as before.
      const bare = !match && r.comment === undefined;
      return { TABLE: t.name, CHAIN: r.chain, MATCH: bare ? `-j ${r.target}` : match || "(all)", TARGET: bare ? "" : r.target, COMMENT: r.comment ?? "" };
    }),
  );
  return { columns: ["TABLE", "CHAIN", "MATCH", "TARGET", "COMMENT"], rows, caption: `iptables-save on ${rules.node.name} (kube-proxy's chains)` };
}

/** kube-proxy's iptables mode. */
export const iptablesMode: ProxyModeImpl<IptablesRules> = {
  name: "iptables",
  tool: "iptables-save",
  clusterIPDevice: undefined,
  build(view: ProxyView, node: NodeState): IptablesRules {
    return { node, mode: "iptables", services: servicePorts(view).map((p) => buildServiceRules(view, p.service, p.portIndex)) };
  },
  render: renderIptablesSave,
  table: rulesTable,
  choose(view: ProxyView, port: ServicePort, _state, rng: Rng): EndpointChoice {
    const rules = buildServiceRules(view, port.service, port.portIndex);
    const index = rules.endpoints.findIndex((r) => r.probability === undefined || rng.next() < r.probability);
    const chosen = rules.endpoints[index]!;
    return { index, endpoint: chosen.endpoint, address: chosen.address, how: "random" };
  },
  rejectRule(view: ProxyView, port: ServicePort): string | undefined {
    return buildServiceRules(view, port.service, port.portIndex).rejectRule?.text;
  },
  translation(view, port, choice, site) {
    const rules = buildServiceRules(view, port.service, port.portIndex);
    const chosen = rules.endpoints[choice.index]!;
    const np = site.nodePort ? rules.nodePort : undefined;
    const who = endpointLabel(choice);
    const summary =
      choice.how === "affinity"
        ? msg.affinityChoice(who, port.service.sessionAffinityTimeout)
        : msg.iptablesChoice(site.dst, np !== undefined, rules.chain, who, rules.endpoints.length, msg.notReadySuffix(port.notReady));
    const walked = [...(np ? np.rules : [rules.serviceRule]), choice.how === "affinity" ? chosen.affinityRule! : chosen.jumpRule, ...chosen.sepRules];
    return { device: undefined, summary, rule: walked.map((r) => r.text).join("\n") };
  },
};

/**
 * kube-proxy's IPVS mode: one virtual server per ClusterIP:port (and per node address:NodePort),
 * with the ready endpoints as real servers, scheduled round-robin (`rr`, kube-proxy's default).
 * Printed the way `ipvsadm -Ln` lists them.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/ipvs/proxier.go
 */
import { intToIp } from "../ip.js";
import type { EndpointState, NodeState } from "../state.js";
import * as msg from "../datapath/hop-messages.js";
import { addressOf, endpointLabel } from "./choose-endpoint.js";
import type { EndpointChoice, NodeProxyRules, ProxyModeImpl, RulesTable } from "./proxy-mode.js";
import type { ProxyState } from "./proxy-state.js";
import type { ProxyView } from "./proxy-view.js";
import { scopedPort, servicePorts, type ServicePort } from "./service-ports.js";

/**
 * KUBE-IPVS-FILTER: what reaches an address bound to kube-ipvs0 but no virtual server (another
 * port, or ICMP) is rejected with ICMP port unreachable (issue #72236, PR #108460).
 */
export const IPVS_FILTER_RULES = [
  '-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER',
  "-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable",
];

/** The whole KUBE-IPVS-FILTER chain as `iptables -S KUBE-IPVS-FILTER` prints it: addresses of Services' own ports return, the rest of kube-ipvs0's is rejected. */
export const IPVS_FILTER_CHAIN = [
  "-N KUBE-IPVS-FILTER",
  "-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN",
  "-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN",
  "-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN",
  "-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -j RETURN",
  "-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN",
  IPVS_FILTER_RULES[1]!,
];

/** The scheduler kube-proxy configures unless told otherwise. */
const SCHEDULER = "rr";

/** One real server of a virtual server: an endpoint, reached by NAT (`Masq`). */
export interface RealServer {
  readonly endpoint: EndpointState;
  /** `ip:port`. */
  readonly address: string;
  readonly forward: "Masq";
  readonly weight: number;
}

/** One IPVS virtual server. */
export interface VirtualServer {
  readonly port: ServicePort;
  /** The ClusterIP's virtual server, or a node address's for a NodePort. */
  readonly kind: "cluster-ip" | "node-port";
  readonly protocol: string;
  /** `ip:port`. */
  readonly address: string;
  readonly scheduler: string;
  /** ClientIP affinity's timeout in seconds (`persistent`), if any. */
  readonly persistence: number | undefined;
  readonly realServers: readonly RealServer[];
}

/** Everything IPVS-mode kube-proxy programs on one node. */
export interface IpvsRules extends NodeProxyRules {
  readonly virtualServers: readonly VirtualServer[];
}

/**
 * The addresses IPVS-mode kube-proxy opens NodePorts on: every address of the node (its IP, cni0's
 * gateway, and flannel.1's under VXLAN), not only the node IP.
 */
export function nodePortAddresses(view: ProxyView, node: NodeState): number[] {
  const base = node.podCIDR.base;
  return [node.internalIP, base + 1, ...(view.options.network === "flannel-vxlan" ? [base] : [])];
}

/** ipvsadm lists virtual servers sorted by protocol number (TCP 6 before UDP 17), then address, then port. */
function byProtocolAddressPort(a: VirtualServer, b: VirtualServer): number {
  const key = (vs: VirtualServer): [number, number, number] => {
    const [ip, port] = vs.address.split(":");
    const n = ip!.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    return [vs.protocol === "TCP" ? 6 : vs.protocol === "UDP" ? 17 : 132, n, Number(port)];
  };
  const ka = key(a);
  const kb = key(b);
  return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
}

function virtualServer(port: ServicePort, kind: VirtualServer["kind"], address: string): VirtualServer {
  return {
    port,
    kind,
    protocol: port.protocol,
    address,
    scheduler: SCHEDULER,
    persistence: persistenceOf(port),
    realServers: port.endpoints.map((endpoint) => ({ endpoint, address: addressOf(endpoint), forward: "Masq", weight: 1 })),
  };
}

/** ClientIP affinity's timeout, which IPVS keeps as the virtual server's persistence. */
function persistenceOf(port: ServicePort): number | undefined {
  return port.service.sessionAffinity === "ClientIP" ? port.service.sessionAffinityTimeout : undefined;
}

/** ` persistent 10800`, or nothing. */
function persistent(persistence: number | undefined): string {
  return persistence === undefined ? "" : ` persistent ${persistence}`;
}

/** The IPVS virtual servers as `ipvsadm -Ln` lists them. */
export function renderIpvsadm(rules: IpvsRules): string {
  const lines = [
    "IP Virtual Server version 1.2.1 (size=4096)",
    "Prot LocalAddress:Port Scheduler Flags",
    "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
  ];
  for (const vs of rules.virtualServers) {
    lines.push(`${vs.protocol.padEnd(4)} ${vs.address} ${vs.scheduler}${persistent(vs.persistence)}`);
    for (const rs of vs.realServers) lines.push(`  -> ${rs.address.padEnd(28)} ${rs.forward.padEnd(7)} ${String(rs.weight).padEnd(6)} 0          0`);
  }
  return `${lines.join("\n")}\n`;
}

/** `ipvsadm -Ln && iptables -S KUBE-IPVS-FILTER`: the virtual servers, then the filter that guards kube-ipvs0's addresses. */
function renderIpvsView(rules: IpvsRules): string {
  return `${renderIpvsadm(rules)}${IPVS_FILTER_CHAIN.join("\n")}\n`;
}

/** One row per real server of each ClusterIP virtual server (`<none>` when it has none). */
function rulesTable(rules: IpvsRules): RulesTable {
  const rows = rules.virtualServers
    .filter((vs) => vs.kind === "cluster-ip")
    .flatMap((vs) =>
      (vs.realServers.length ? vs.realServers.map((rs) => rs.address) : ["<none>"]).map((real) => ({
        "VIRTUAL SERVER": `${vs.protocol} ${vs.address}`,
        SERVICE: vs.port.portName,
        "REAL SERVER": real,
        SCHEDULER: vs.scheduler,
      })),
    );
  return { columns: ["VIRTUAL SERVER", "SERVICE", "REAL SERVER", "SCHEDULER"], rows, caption: `ipvsadm -Ln on ${rules.node.name}` };
}

/** kube-proxy's IPVS mode. */
export const ipvsMode: ProxyModeImpl<IpvsRules> = {
  name: "ipvs",
  tool: "ipvsadm -Ln && iptables -S KUBE-IPVS-FILTER",
  // kube-proxy binds every ClusterIP to the dummy interface kube-ipvs0 on each node.
  clusterIPDevice: "kube-ipvs0",
  vipFilterRule: IPVS_FILTER_RULES.join("\n"),
  // KUBE-NODE-PORT-LOCAL-TCP returns before KUBE-MARK-MASQ, and the virtual server only has the node's endpoints.
  externalLocalScope: () => ({ local: true, masquerade: false }),
  build(view: ProxyView, node: NodeState): IpvsRules {
    const addresses = nodePortAddresses(view, node).map(intToIp);
    const virtualServers = servicePorts(view).flatMap((p) => [
      virtualServer(scopedPort(p, node, false), "cluster-ip", `${p.clusterIP}:${p.port}`),
      ...(p.nodePort === undefined
        ? []
        : addresses.map((a) => virtualServer(scopedPort(p, node, true, p.service.externalTrafficPolicy === "Local"), "node-port", `${a}:${p.nodePort}`))),
    ]);
    return { node, mode: "ipvs", virtualServers: virtualServers.sort(byProtocolAddressPort) };
  },
  render: renderIpvsView,
  table: rulesTable,
  choose(_view: ProxyView, port: ServicePort, state: ProxyState, _rng, node?: NodeState): EndpointChoice {
    // Each node's kernel keeps its own rr position per virtual server.
    const key = `${node?.name ?? ""}|${port.portName}/${port.protocol}${port.localTo ? "|local" : ""}`;
    const n = port.endpoints.length;
    const index = (state.rotation.get(key) ?? 0) % n;
    state.rotation.set(key, (index + 1) % n);
    const endpoint = port.endpoints[index]!;
    return { index, endpoint, address: addressOf(endpoint), how: "round-robin" };
  },
  // A virtual server without real servers: the kernel's ip_vs_leave() answers the SYN with an
  // ICMP port unreachable (net/netfilter/ipvs/ip_vs_core.c).
  rejectRule: (_view, port, site) => `${port.protocol}  ${site?.dst ?? `${port.clusterIP}:${port.port}`} ${SCHEDULER}${persistent(persistenceOf(port))}`,
  translation(_view, port, choice, site) {
    const who = endpointLabel(choice);
    const summary =
      choice.how === "affinity"
        ? msg.affinityChoice(who, port.service.sessionAffinityTimeout)
        : msg.ipvsChoice(site.dst, who, port.endpoints.length, msg.notReadySuffix(port.notReady), !choice.endpoint.ready);
    return {
      device: "kube-ipvs0",
      summary,
      rule: `${port.protocol}  ${site.dst} ${SCHEDULER}${persistent(persistenceOf(port))}\n  -> ${choice.address}  Masq    1`,
    };
  },
};

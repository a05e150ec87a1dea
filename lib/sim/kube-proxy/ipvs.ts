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
import { rejectRule } from "./iptables.js";
import type { EndpointChoice, NodeProxyRules, ProxyModeImpl, RulesTable } from "./proxy-mode.js";
import type { ProxyState } from "./proxy-state.js";
import type { ProxyView } from "./proxy-view.js";
import { servicePorts, type ServicePort } from "./service-ports.js";

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
  tool: "ipvsadm -Ln",
  // kube-proxy binds every ClusterIP to the dummy interface kube-ipvs0 on each node.
  clusterIPDevice: "kube-ipvs0",
  build(view: ProxyView, node: NodeState): IpvsRules {
    const virtualServers = servicePorts(view).flatMap((p) => [
      virtualServer(p, "cluster-ip", `${p.clusterIP}:${p.port}`),
      ...(p.nodePort === undefined ? [] : [virtualServer(p, "node-port", `${intToIp(node.internalIP)}:${p.nodePort}`)]),
    ]);
    return { node, mode: "ipvs", virtualServers };
  },
  render: renderIpvsadm,
  table: rulesTable,
  choose(_view: ProxyView, port: ServicePort, state: ProxyState): EndpointChoice {
    const key = `${port.portName}/${port.protocol}`;
    const n = port.endpoints.length;
    const index = (state.rotation.get(key) ?? 0) % n;
    state.rotation.set(key, (index + 1) % n);
    const endpoint = port.endpoints[index]!;
    return { index, endpoint, address: addressOf(endpoint), how: "round-robin" };
  },
  // IPVS cannot reject; kube-proxy keeps an iptables filter rule for Services without endpoints.
  rejectRule: (_view, port) => rejectRule(port).text,
  translation(_view, port, choice, site) {
    const who = endpointLabel(choice);
    const summary =
      choice.how === "affinity"
        ? msg.affinityChoice(who, port.service.sessionAffinityTimeout)
        : msg.ipvsChoice(site.dst, who, port.endpoints.length, msg.notReadySuffix(port.notReady));
    return {
      device: "kube-ipvs0",
      summary,
      rule: `${port.protocol}  ${site.dst} ${SCHEDULER}${persistent(persistenceOf(port))}\n  -> ${choice.address}  Masq    1`,
    };
  },
};

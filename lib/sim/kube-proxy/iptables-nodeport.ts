/**
 * iptables mode's rules for a NodePort: the KUBE-NODEPORTS jumps (on the node's addresses and on
 * 127.0.0.0/8), the KUBE-EXT chain that tells sources apart under `externalTrafficPolicy: Local`,
 * the filter rule for a NodePort without (local) endpoints, and the health check port's ACCEPT.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier.go
 */
import { externalChainName } from "./chain-names.js";
import { rule, type IptablesRule } from "./iptables-save.js";
import type { NodePortSource, ServicePort } from "./service-ports.js";

/** A NodePort Service port's rules: the port every node forwards, with its KUBE-NODEPORTS and KUBE-EXT rules. */
export interface NodePortRules {
  readonly port: number;
  readonly chain: string;
  readonly rules: readonly IptablesRule[];
  /** The KUBE-NODEPORTS rule for the NodePort on 127.0.0.0/8 (localhost NodePorts). */
  readonly localhostEntry: IptablesRule;
  /** The filter KUBE-EXTERNAL-SERVICES rule when NodePort traffic has no endpoint (REJECT), or no local one under `externalTrafficPolicy: Local` (DROP). */
  readonly rejectRule: IptablesRule | undefined;
  /** The rules a connection from each kind of source walks, from KUBE-NODEPORTS on. */
  readonly walk: Readonly<Record<NodePortSource, readonly IptablesRule[]>>;
  /** The filter KUBE-NODEPORTS rule that accepts load balancers' health checks. */
  readonly healthCheckRule: IptablesRule | undefined;
}

/** The filter-table rule for a NodePort without endpoints (REJECT) or without local ones (DROP), in KUBE-EXTERNAL-SERVICES. */
function externalRejectRule(port: ServicePort, nodePort: number, noLocal: boolean): IptablesRule {
  const proto = port.protocol.toLowerCase();
  return rule("filter", "KUBE-EXTERNAL-SERVICES", {
    match: `-p ${proto}`,
    comment: `${port.portName} has no ${noLocal ? "local " : ""}endpoints`,
    matchAfter: `-m addrtype --dst-type LOCAL -m ${proto} --dport ${nodePort}`,
    target: noLocal ? "DROP" : "REJECT --reject-with icmp-port-unreachable",
  });
}

/** A NodePort's KUBE-NODEPORTS rule, its KUBE-EXT chain, and what each kind of source walks through. */
export function nodePortRules(
  port: ServicePort,
  chain: string,
  localChain: string,
  clusterCIDR: string,
  hasEndpoints: boolean,
  hasLocal: boolean,
): NodePortRules | undefined {
  if (port.nodePort === undefined) return undefined;
  const { portName } = port;
  const proto = port.protocol.toLowerCase();
  const ext = externalChainName(portName, port.protocol);
  const entry = rule("nat", "KUBE-NODEPORTS", { match: `-p ${proto}`, comment: portName, matchAfter: `-m ${proto} --dport ${port.nodePort}`, target: ext });
  // With --iptables-localhost-nodeports (the default) an IPv4 NodePort also answers on 127.0.0.1;
  // kube-proxy counts those packets in an nfacct counter, which iptables-save prints after two spaces.
  const localhostEntry = rule("nat", "KUBE-NODEPORTS", {
    match: `-d 127.0.0.0/8 -p ${proto}`,
    comment: portName,
    matchAfter: `-m ${proto} --dport ${port.nodePort} -m nfacct --nfacct-name  localhost_nps_accepted_pkts`,
    target: ext,
  });
  const etpLocal = port.service.externalTrafficPolicy === "Local";
  const hasExternal = etpLocal ? hasLocal : hasEndpoints;
  const rejectRule = hasExternal ? undefined : externalRejectRule(port, port.nodePort, hasEndpoints);
  const healthCheckRule =
    port.service.healthCheckNodePort === undefined
      ? undefined
      : rule("filter", "KUBE-NODEPORTS", {
          match: `-p ${proto}`,
          comment: `${portName} health check node port`,
          matchAfter: `-m ${proto} --dport ${port.service.healthCheckNodePort}`,
          target: "ACCEPT",
        });
  if (!etpLocal) {
    const masq = rule("nat", ext, { comment: `masquerade traffic for ${portName} external destinations`, target: "KUBE-MARK-MASQ" });
    const toSvc = rule("nat", ext, { target: chain });
    const all = [entry, masq, toSvc];
    return {
      port: port.nodePort,
      chain: ext,
      rules: [localhostEntry, ...all],
      localhostEntry,
      rejectRule,
      walk: { pod: all, local: all, external: all },
      healthCheckRule,
    };
  }
  const pod = rule("nat", ext, { match: `-s ${clusterCIDR}`, comment: `pod traffic for ${portName} external destinations`, target: chain });
  const masqLocal = rule("nat", ext, {
    comment: `masquerade LOCAL traffic for ${portName} external destinations`,
    matchAfter: "-m addrtype --src-type LOCAL",
    target: "KUBE-MARK-MASQ",
  });
  const routeLocal = rule("nat", ext, {
    comment: `route LOCAL traffic for ${portName} external destinations`,
    matchAfter: "-m addrtype --src-type LOCAL",
    target: chain,
  });
  const toLocal = rule("nat", ext, { target: localChain });
  return {
    port: port.nodePort,
    chain: ext,
    // Without local endpoints the chain still short-circuits Pod and local traffic; the rest falls
    // through to KUBE-EXTERNAL-SERVICES' DROP.
    rules: [localhostEntry, entry, pod, masqLocal, routeLocal, ...(hasLocal ? [toLocal] : [])],
    localhostEntry,
    rejectRule,
    walk: { pod: [entry, pod], local: [entry, masqLocal, routeLocal], external: [entry, toLocal] },
    healthCheckRule,
  };
}

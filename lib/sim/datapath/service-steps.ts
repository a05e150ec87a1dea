/**
 * The steps of a connection that meet kube-proxy's rules or a node's own address: a ClusterIP, a
 * NodePort, the API server, a hostNetwork Pod.
 *
 * A ClusterIP is translated (DNAT) on the client's node, so the packet crosses the Pod network
 * addressed to the chosen Pod. NodePort traffic is translated on the node it reaches and
 * masqueraded (SNAT) to that node's address.
 *
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/
 */
import { formatCIDR, intToIp } from "../ip.js";
import { chooseEndpoint } from "../kube-proxy/choose-endpoint.js";
import { MASQUERADE_RULE } from "../kube-proxy/iptables.js";
import { proxyModeFor } from "../kube-proxy/registry.js";
import { externalLocalScope, scopedPort, servicePort, type NodePortSource } from "../kube-proxy/service-ports.js";
import type { NodeState, ServiceState } from "../state.js";
import { ended, SYN_TIMEOUT_MS, type Ended, type Flow, type Packet, type Step } from "./flow.js";
import * as msg from "./hop-messages.js";
import { hop, type Hop } from "./hops.js";
import { hostPort, hostPortPod } from "./host-port.js";
import { hostNetworkListener } from "./listeners.js";
import { nodeNetworkRoute } from "./node-routes.js";
import { networkModelFor } from "./registry.js";

/** A packet to the service network: kube-proxy translates it to an endpoint, rejects it, or no rule matches. */
export function serviceVIP(flow: Flow, packet: Packet): Step {
  const { view } = flow;
  const { src, dst, target: dstIP, targetPort: dstPort } = packet;
  const svc = view.serviceByClusterIP(dstIP);
  const portIndex = svc ? svc.ports.findIndex((p) => p.port === dstPort && p.protocol === "TCP") : -1;
  const mode = proxyModeFor(view.options.proxyMode);
  if (svc && portIndex < 0 && mode.vipFilterRule !== undefined) {
    const h = hop({
      kind: "kube-proxy",
      node: flow.node.name,
      device: mode.clusterIPDevice,
      point: "to-stack",
      src,
      dst,
      summary: (mode.texts?.vipFiltered ?? msg.vipFiltered.summary)(dst),
      rule: mode.vipFilterRule,
      verdict: "rejected",
      reason: msg.noServiceRule.reasonNoPort(svc.name, dstPort),
      fix: msg.noServiceRule.fixNoPort(`${svc.namespace}/${svc.name}`, svc.ports.map((p) => `${p.port}/${p.protocol}`).join(", "), dstPort),
    });
    return ended([h], src, { outcome: "refused", elapsedMs: 0 });
  }
  if (!svc || portIndex < 0) {
    const ip = intToIp(dstIP);
    // A mode may drop what reaches an unallocated address with a rule of its own (nftables' cluster-ips-check).
    const unallocated = svc ? undefined : mode.texts?.unallocated;
    const h = hop({
      kind: "kube-proxy",
      node: flow.node.name,
      point: "to-stack",
      src,
      dst,
      summary: unallocated ? unallocated.summary(dst) : msg.noServiceRule.summary(dst),
      ...(unallocated ? { rule: unallocated.rule(formatCIDR(view.options.serviceCIDR)) } : {}),
      verdict: "dropped",
      reason: svc ? msg.noServiceRule.reasonNoPort(svc.name, dstPort) : msg.noServiceRule.reasonNoService(ip),
      fix: svc
        ? msg.noServiceRule.fixNoPort(`${svc.namespace}/${svc.name}`, svc.ports.map((p) => `${p.port}/${p.protocol}`).join(", "), dstPort)
        : msg.noServiceRule.fixNoService(ip),
    });
    return ended([h], src, { outcome: "timeout", elapsedMs: SYN_TIMEOUT_MS });
  }
  const t = translate(flow, svc, portIndex, flow.node, packet, false);
  if ("refused" in t) return ended([t.refused], src, t.dropped ? { outcome: "timeout", elapsedMs: SYN_TIMEOUT_MS } : { outcome: "refused", elapsedMs: 0 });
  const from = `${intToIp(t.ip)}:${t.port}`;
  const next = { ...packet, target: t.ip, targetPort: t.port, translatedAt: { node: flow.node, from, to: dst } };
  const hairpin = !flow.client.spec.hostNetwork && t.ip === flow.client.podIP;
  if (!flow.client.spec.hostNetwork && !hairpin) return { hops: [t.hop], next };
  // A client outside the Pod network (a hostNetwork Pod): `! -s <clusterCIDR> -j KUBE-MARK-MASQ`,
  // then MASQUERADE to the address of the interface towards the endpoint. A Pod sent to itself
  // (hairpin): its KUBE-SEP chain's `-s <Pod IP>` rule marks the packet, so that the Pod does not
  // see a packet from its own address, and MASQUERADE picks cni0's address.
  const snat = intToIp(masqueradeAddress(flow, flow.node, t.ip));
  const masqueraded = `${snat}:${flow.sport}`;
  const masq = hop({
    kind: "kube-proxy",
    node: flow.node.name,
    point: "to-stack",
    src,
    dst: from,
    summary: hairpin
      ? msg.hairpinMasquerade.summary(flow.client.name, flow.node.name, snat)
      : (mode.texts?.clusterIPMasquerade ?? msg.clusterIPMasquerade.summary)(flow.node.name, snat),
    change: msg.nodePortMasquerade.change(src, masqueraded),
    nat: { type: "SNAT", from: src, to: masqueraded },
    rule: mode.texts?.masqueradeRule ?? MASQUERADE_RULE.text,
    verdict: "translated",
  });
  return { hops: [t.hop, masq], next: { ...next, src: masqueraded } };
}

/**
 * The address MASQUERADE picks on `node` for a packet to Pod IP `target`: the route's source, so
 * cni0's gateway for a Pod on this node, else the network model's (flannel.1's address under VXLAN).
 */
function masqueradeAddress(flow: Flow, node: NodeState, target: number): number {
  const targetNode = flow.view.nodeForPodIP(target);
  return targetNode && targetNode.name !== node.name ? networkModelFor(flow.view.options.network).masqueradeSource(node) : flow.view.gatewayOf(node);
}

/**
 * A packet to an address outside the Pod and service networks: a node's NodePort, the API
 * server, a hostNetwork Pod, a node where nothing listens, or the internet (no route).
 */
export function nodeAddress(flow: Flow, packet0: Packet): Step {
  const { view } = flow;
  const { target: dstIP, targetPort: dstPort } = packet0;
  // 127.0.0.1 reaches here only as a localhost NodePort (see localhostNodePort).
  const node = isLoopback(dstIP) ? flow.node : view.nodeByIP(dstIP);
  // A Pod's packet to another node's address leaves the Pod network: flannel masquerades it.
  const masq = node && node.name !== flow.node.name && !flow.client.spec.hostNetwork ? flannelMasquerade(flow, packet0) : undefined;
  const packet = masq ? masq.packet : packet0;
  const { src, dst } = packet;
  const np = node ? view.serviceByNodePort(dstPort) : undefined;
  if (node && np) return withHops(masq?.hop, nodePort(flow, packet, node, np));
  const checked = node ? view.services().find((s) => s.healthCheckNodePort === dstPort) : undefined;
  if (node && checked) return withHops(masq?.hop, healthCheck(flow, packet, node, checked));
  if (node && dstPort === 6443 && node.index === 0) {
    const h = hop({ ...atNodeStack("deliver", node.name, src, dst), summary: msg.apiServerDelivered(dst, node.name), verdict: "delivered" });
    return ended([h], src, { outcome: "ok", elapsedMs: 1, apiServer: true });
  }
  // hostPort: portmap's CNI-HOSTPORT-DNAT comes before anything listening on the node itself.
  const mapped = node ? hostPortPod(view.pods(), node, dstPort) : undefined;
  if (node && mapped) return hostPort(flow, packet, node, mapped);
  const host = node ? hostNetworkListener(view, node, dstPort) : undefined;
  if (node && host) {
    const h = hop({ ...atNodeStack("deliver", node.name, src, dst), summary: msg.hostPodDelivered(host.container, host.pod.name, dst), verdict: "delivered" });
    const servedBy = { pod: host.pod.name, namespace: host.pod.namespace, container: host.container, ip: intToIp(node.internalIP), port: dstPort };
    return ended(masq ? [masq.hop, h] : [h], src, { outcome: "ok", elapsedMs: node.name === flow.node.name ? 0 : 1, servedBy });
  }
  const ip = intToIp(dstIP);
  const h = hop({
    ...atNodeStack("route", flow.node.name, src, dst),
    summary: node ? msg.nodeRefused.summary(node.name, dstPort) : msg.noRoute.summary(ip),
    verdict: node ? "rejected" : "dropped",
    reason: node ? msg.nodeRefused.reason(node.name, dstPort) : msg.noRoute.reason(ip),
    ...(node ? { fix: msg.nodeRefused.fix } : {}),
  });
  return node ? ended([h], src, { outcome: "refused", elapsedMs: 1 }) : ended([h], src, { outcome: "timeout", elapsedMs: SYN_TIMEOUT_MS });
}

/** Whether an address is in 127.0.0.0/8. */
export function isLoopback(ip: number): boolean {
  return ip >>> 24 === 127;
}

/**
 * Whether a connection to 127.0.0.1:`port` is a localhost NodePort: the client shares the node's
 * network namespace (hostNetwork), the proxy mode answers NodePorts on localhost (iptables mode's
 * `-A KUBE-NODEPORTS -d 127.0.0.0/8 …` rule, with route_localnet), and a Service has that nodePort
 * or healthCheckNodePort (kube-proxy's health-check server listens on every address then).
 *
 * @see https://kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/ (--iptables-localhost-nodeports)
 */
export function localhostNodePort(flow: Flow, port: number): boolean {
  const { view } = flow;
  return (
    flow.client.spec.hostNetwork === true &&
    proxyModeFor(view.options.proxyMode).localhostNodePorts === true &&
    (view.serviceByNodePort(port) !== undefined || view.services().some((s) => s.healthCheckNodePort === port))
  );
}

/** flannel's FLANNEL-POSTRTG rule (`-s <clusterCIDR> ! -d 224.0.0.0/4 -j MASQUERADE`): the Pod's source becomes its node's address. */
const FLANNEL_MASQ_RULE = (clusterCIDR: string) =>
  `-A FLANNEL-POSTRTG -s ${clusterCIDR} ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully`;

function flannelMasquerade(flow: Flow, packet: Packet): { hop: Hop; packet: Packet } {
  const snat = `${intToIp(flow.node.internalIP)}:${flow.sport}`;
  const h = hop({
    kind: "route",
    node: flow.node.name,
    device: "eth0",
    point: "to-stack",
    src: packet.src,
    dst: packet.dst,
    summary: msg.flannelMasquerade.summary(flow.node.name, intToIp(flow.node.internalIP)),
    change: msg.flannelMasquerade.change(packet.src, snat),
    nat: { type: "SNAT", from: packet.src, to: snat },
    rule: FLANNEL_MASQ_RULE(formatCIDR(flow.view.options.clusterCIDR)),
    verdict: "translated",
  });
  return { hop: h, packet: { ...packet, src: snat } };
}

/**
 * kube-proxy's health-check server for a LoadBalancer Service with `externalTrafficPolicy: Local`:
 * it listens on the healthCheckNodePort of every node and answers how many ready endpoints the
 * Service has there (HTTP 200, or 503 with none), so that the load balancer only uses nodes
 * with local endpoints.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/healthcheck/service_health.go
 */
function healthCheck(flow: Flow, packet: Packet, node: NodeState, svc: ServiceState): Ended {
  const { view } = flow;
  const port = servicePort(view, svc, 0);
  const localEndpoints = port.endpoints.filter((e) => e.ready && e.nodeName === node.name).length;
  const name = `${svc.namespace}/${svc.name}`;
  const h = hop({
    ...atNodeStack("deliver", node.name, packet.src, packet.dst),
    kind: "kube-proxy",
    summary: msg.healthCheckAnswered(name, node.name, localEndpoints),
    rule: proxyModeFor(view.options.proxyMode).healthCheckRule?.(view, port, node),
    verdict: "delivered",
  });
  const healthCheck = { namespace: svc.namespace, name: svc.name, localEndpoints };
  return ended([h], packet.src, { outcome: "ok", elapsedMs: node.name === flow.node.name ? 0 : 1, healthCheck });
}

/** A step with one more hop in front. */
function withHops(first: Hop | undefined, step: Step): Step {
  if (!first) return step;
  return "end" in step ? { ...step, hops: [first, ...step.hops] } : { ...step, hops: [first, ...step.hops] };
}

/** A NodePort: the packet travels the node network to that node, whose kube-proxy translates and masquerades it. */
function nodePort(flow: Flow, packet: Packet, node: NodeState, np: { readonly service: ServiceState; readonly portIndex: number }): Step {
  const { view } = flow;
  const { src, dst } = packet;
  const hops: Hop[] = [];
  if (node.name !== flow.node.name) {
    hops.push(
      hop({
        ...atNodeStack("route", flow.node.name, src, dst),
        summary: msg.toNode(intToIp(packet.target), node.name, flow.node.name),
        rule: nodeNetworkRoute(view, flow.node).text,
        verdict: "forwarded",
      }),
    );
  }
  const mode = proxyModeFor(view.options.proxyMode);
  // Where the connection comes from, as KUBE-EXT tells sources apart under externalTrafficPolicy: Local.
  // A Pod on another node arrives masqueraded by flannel, so from that node's address: external.
  const source: NodePortSource = flow.node.name !== node.name ? "external" : flow.client.spec.hostNetwork ? "local" : "pod";
  let scope = { local: false, masquerade: true };
  // Pod and local traffic short-circuit to every endpoint even when this node has none (KUBE-EXT's
  // first rules); the rest only finds this node's endpoints.
  if (np.service.externalTrafficPolicy === "Local") scope = { ...(mode.externalLocalScope ?? externalLocalScope)(source) };
  const t = translate(flow, np.service, np.portIndex, node, packet, true, { local: scope.local, source });
  if ("refused" in t)
    return ended([...hops, t.refused], src, t.dropped ? { outcome: "timeout", elapsedMs: SYN_TIMEOUT_MS } : { outcome: "refused", elapsedMs: 1 });
  hops.push(t.hop);
  const to0 = `${intToIp(t.ip)}:${t.port}`;
  if (!scope.masquerade) return { hops, next: { ...packet, target: t.ip, targetPort: t.port, here: node, translatedAt: { node, from: to0, to: dst } } };
  // Masquerade: the Pod will see the connection come from the node that translated it.
  const snat = intToIp(masqueradeAddress(flow, node, t.ip));
  const masqueraded = `${snat}:${flow.sport}`;
  const to = `${intToIp(t.ip)}:${t.port}`;
  hops.push(
    hop({
      kind: "kube-proxy",
      node: node.name,
      point: "to-stack",
      src,
      dst: to,
      summary: (mode.texts?.nodePortMasquerade ?? msg.nodePortMasquerade.summary)(node.name, snat),
      change: msg.nodePortMasquerade.change(src, masqueraded),
      nat: { type: "SNAT", from: src, to: masqueraded },
      rule: mode.texts?.masqueradeRule ?? MASQUERADE_RULE.text,
      verdict: "translated",
    }),
  );
  return { hops, next: { ...packet, src: masqueraded, target: t.ip, targetPort: t.port, here: node, translatedAt: { node, from: to, to: dst } } };
}

/**
 * kube-proxy's translation on `node`: REJECT when the Service port has no ready endpoint,
 * otherwise the chosen endpoint and the DNAT hop.
 */
function translate(
  flow: Flow,
  svc: ServiceState,
  portIndex: number,
  node: NodeState,
  packet: Packet,
  viaNodePort: boolean,
  external?: { readonly local: boolean; readonly source: NodePortSource },
): { refused: Hop; dropped: boolean } | { hop: Hop; ip: number; port: number } {
  const { view, random } = flow;
  const { src, dst } = packet;
  const mode = proxyModeFor(view.options.proxyMode);
  const all = servicePort(view, svc, portIndex);
  const port = external ? scopedPort(all, node, true, external.local) : scopedPort(all, node, viaNodePort);
  const site = {
    dst,
    nodePort: viaNodePort,
    node,
    masquerade: !viaNodePort && flow.client.spec.hostNetwork === true,
    source: external?.source,
    localhost: isLoopback(packet.target),
  };
  const policy = viaNodePort ? "externalTrafficPolicy" : "internalTrafficPolicy";
  const choice = chooseEndpoint(view, mode, port, { ip: flow.clientIP, state: random.proxy, rng: random.endpoints, node });
  const name = `${svc.namespace}/${svc.name}`;
  // No endpoint to send the packet to: kube-proxy's rule for that case drops or rejects it here.
  const refusal = (why: { summary: string; verdict: "dropped" | "rejected"; reason: string; fix: string }): Hop =>
    hop({ kind: "kube-proxy", node: node.name, device: mode.clusterIPDevice, point: "to-stack", src, dst, rule: mode.rejectRule(view, port, site), ...why });
  if (!choice && port.localTo !== undefined && all.endpoints.length > 0) {
    const dropped = mode.dropsWithoutLocalEndpoints === true;
    return {
      dropped,
      refused: refusal({
        summary: dropped
          ? (mode.texts?.noLocalEndpoints ?? msg.noLocalEndpoints.summaryDrop)(name, node.name, policy)
          : msg.noLocalEndpoints.summaryRefuse(name, node.name, policy),
        verdict: dropped ? "dropped" : "rejected",
        reason: msg.noLocalEndpoints.reason(name, node.name, policy),
        fix: msg.noLocalEndpoints.fix(policy),
      }),
    };
  }
  if (!choice) {
    const targetPort = svc.ports[portIndex]!.targetPort;
    return {
      dropped: false,
      refused: refusal({
        summary: mode.texts?.noEndpoints
          ? mode.texts.noEndpoints(svc.name)
          : mode.clusterIPDevice === undefined
            ? msg.noEndpoints.summary(svc.name)
            : msg.noEndpoints.summaryIpvs(svc.name),
        verdict: "rejected",
        reason:
          port.total === 0
            ? msg.noEndpoints.reasonNone(name, formatSelector(svc.selector), typeof targetPort === "string" ? targetPort : undefined)
            : msg.noEndpoints.reasonNotReady(name, port.total),
        fix: (port.total === 0 ? msg.noEndpoints.fixNone : msg.noEndpoints.fixNotReady)(svc.name, svc.namespace, formatSelector(svc.selector)),
      }),
    };
  }
  const t = mode.translation(view, port, choice, site);
  // Topology-aware routing narrowed (or did not narrow) the endpoints on this node: the hop says so, whatever the mode.
  const topology = port.topology && svc.trafficDistribution ? msg.topologyNote({ ...port.topology, distribution: svc.trafficDistribution }) : "";
  return {
    hop: hop({
      kind: "kube-proxy",
      node: node.name,
      device: t.device,
      point: "to-stack",
      src,
      dst,
      summary: `${t.summary}${topology}`,
      change: msg.dnat(dst, choice.address),
      nat: { type: "DNAT", from: dst, to: choice.address },
      rule: t.rule,
      verdict: "translated",
    }),
    ip: choice.endpoint.ip,
    port: choice.endpoint.port,
  };
}

/** An endpoint on a node's own address (the API server, or a hostNetwork Pod) after translation. */
export function hostEndpoint(flow: Flow, packet: Packet): Ended {
  const { view } = flow;
  const { src, target, targetPort, here } = packet;
  const to = `${intToIp(target)}:${targetPort}`;
  const node = view.nodeByIP(target);
  const host = node ? hostNetworkListener(view, node, targetPort) : undefined;
  if (node && (host || (targetPort === 6443 && node.index === 0))) {
    const hops: Hop[] = [];
    if (node.name !== here.name) {
      hops.push(hop({ ...atNodeStack("route", here.name, src, to), summary: msg.toNode(intToIp(target), node.name, here.name), verdict: "forwarded" }));
    }
    hops.push(
      hop({
        ...atNodeStack("deliver", node.name, src, to),
        summary: host ? msg.hostPodDelivered(host.container, host.pod.name, to) : msg.apiServerEndpointDelivered(to, node.name),
        verdict: "delivered",
      }),
    );
    const servedBy = host ? { pod: host.pod.name, namespace: host.pod.namespace, container: host.container, ip: intToIp(target), port: targetPort } : undefined;
    return ended(hops, src, { outcome: "ok", elapsedMs: node.name === here.name ? 0 : 1, servedBy, apiServer: !host });
  }
  const h = hop({
    ...atNodeStack("deliver", node?.name ?? here.name, src, to),
    summary: msg.endpointRefused.summary(to),
    verdict: "rejected",
    reason: msg.endpointRefused.reason(to),
  });
  return ended([h], src, { outcome: "refused", elapsedMs: 1 });
}

/** The fields of a hop seen on a node's eth0 as the packet enters its network stack. */
function atNodeStack<K extends "route" | "deliver">(kind: K, node: string, src: string, dst: string) {
  return { kind, node, device: "eth0", point: "to-stack", src, dst } as const;
}

function formatSelector(selector: Readonly<Record<string, string>> | undefined): string {
  if (!selector) return "<none>";
  return Object.keys(selector)
    .sort()
    .map((k) => `${k}=${selector[k]}`)
    .join(",");
}

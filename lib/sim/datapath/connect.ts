/**
 * The datapath: a TCP connection from a container, as a sequence of steps that each return plain
 * data (the hops they add, then either the end of the connection or the packet to carry on with):
 * loopback, leaving the Pod, a Service's ClusterIP or a node's address (service-steps.ts), the
 * route between nodes (the cluster's network model), the bridge, delivery, and the reply.
 *
 * Pod-to-Pod traffic is never NATed.
 *
 * @see https://github.com/flannel-io/flannel/blob/master/Documentation/backends.md
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/
 */
import { formatCIDR, intToIp } from "../ip.js";
import type { ClusterView } from "../cluster-view.js";
import type { PodState } from "../state.js";
import { containerIndexOf } from "../pod-containers.js";
import {
  ARP_TIMEOUT_MS,
  ended,
  SYN_TIMEOUT_MS,
  type End,
  type Ended,
  type Flow,
  type HealthCheckAnswer,
  type Packet,
  type Step,
  type TrafficRandom,
} from "./flow.js";
import * as msg from "./hop-messages.js";
import { hop, type Hop, type ServedBy } from "./hops.js";
import { declaredPorts, listener, listensOn } from "./listeners.js";
import { bridgeRoute } from "./node-routes.js";
import { proxyModeFor } from "../kube-proxy/registry.js";
import { networkModelFor } from "./registry.js";
import { hostEndpoint, isLoopback, localhostNodePort, nodeAddress, serviceVIP } from "./service-steps.js";
import { egressPolicy, ingressPolicy } from "./policy-steps.js";

export { ARP_TIMEOUT_MS, SYN_TIMEOUT_MS, type HealthCheckAnswer, type TrafficRandom } from "./flow.js";

/** The result of one connection attempt. */
export interface Connection {
  readonly outcome: End["outcome"];
  readonly hops: readonly Hop[];
  readonly servedBy: ServedBy | undefined;
  /** The client's address and port as the server sees them (after any SNAT). */
  readonly client: string;
  /** Simulated milliseconds until the connection was established or failed. */
  readonly elapsedMs: number;
  /** True when the API server (kube-apiserver, the one TLS server here) answered. */
  readonly apiServer: boolean;
  /** Set when kube-proxy's health-check server answered (a Service's healthCheckNodePort). */
  readonly healthCheck: HealthCheckAnswer | undefined;
}

/** The Linux ephemeral port range (`net.ipv4.ip_local_port_range`). */
const EPHEMERAL = { first: 32768, last: 60999 } as const;

/**
 * Opens a TCP connection from `client` (a container of a Pod) to `dstIP:dstPort` and returns the
 * hops, the outcome and who answered.
 */
export function connect(view: ClusterView, client: PodState, dstIP: number, dstPort: number, random: TrafficRandom): Connection {
  const node = view.node(client.nodeName!)!;
  const sport = EPHEMERAL.first + random.ports.int(EPHEMERAL.last - EPHEMERAL.first + 1);
  const flow: Flow = { view, client, node, clientIP: intToIp(client.podIP!), sport, device: client.veth ?? "eth0", random };
  const hops: Hop[] = [];
  const finish = (step: Ended): Connection => {
    hops.push(...step.hops);
    const { outcome, elapsedMs, servedBy, apiServer = false, healthCheck } = step.end;
    return { outcome, hops, servedBy, client: step.src, elapsedMs, apiServer, healthCheck };
  };
  const localhost = isLoopback(dstIP);
  if (localhost && !localhostNodePort(flow, dstPort)) return finish(loopback(flow, dstIP, dstPort));

  let packet: Packet = {
    src: `${localhost ? "127.0.0.1" : (hostSourceToPod(flow, dstIP) ?? flow.clientIP)}:${sport}`,
    dst: `${intToIp(dstIP)}:${dstPort}`,
    target: dstIP,
    targetPort: dstPort,
    here: node,
    crossedNodes: false,
    translatedAt: undefined,
  };
  hops.push(send(flow, packet));
  const first = view.isServiceNetwork(dstIP) ? serviceVIP(flow, packet) : view.isPodNetwork(dstIP) ? undefined : nodeAddress(flow, packet);
  if (first) {
    if ("end" in first) return finish(first);
    hops.push(...first.hops);
    packet = first.next;
  }
  const egress = egressPolicy(flow, packet);
  if ("end" in egress) return finish(egress);
  hops.push(...egress.hops);
  packet = egress.next;
  if (packet.translatedAt && !view.isPodNetwork(packet.target)) return finish(hostEndpoint(flow, packet));
  for (const run of POD_NETWORK_STEPS) {
    const step = run(flow, packet);
    if ("end" in step) return finish(step);
    hops.push(...step.hops);
    packet = step.next;
  }
  throw new Error("unreachable: deliver always ends the connection");
}

/**
 * A hostNetwork client's source address towards a Pod IP: the route's `src` for its own Pod range
 * (cni0's gateway), else flannel masquerades host traffic into the Pod network
 * (`! -s <clusterCIDR> -d <clusterCIDR> -j MASQUERADE`) to the address of the interface it leaves
 * by (flannel.1 under VXLAN, eth0 under host-gw). Undefined for Pods in the Pod network.
 */
function hostSourceToPod(flow: Flow, dstIP: number): string | undefined {
  const { view, client, node } = flow;
  if (!client.spec.hostNetwork || !view.isPodNetwork(dstIP)) return undefined;
  const dstNode = view.nodeForPodIP(dstIP);
  if (!dstNode || dstNode.name === node.name) return intToIp(view.gatewayOf(node));
  return intToIp(networkModelFor(view.options.network).masqueradeSource(node));
}

/** The steps on the Pod network, in order; the last one always ends the connection. */
const POD_NETWORK_STEPS: readonly ((flow: Flow, packet: Packet) => Step)[] = [toPodNetwork, bridge, ingressPolicy, deliver];

/** Loopback never leaves the Pod's network namespace: every container shares it. */
function loopback(flow: Flow, dstIP: number, dstPort: number): Ended {
  const { client, sport } = flow;
  const dst = `${intToIp(dstIP)}:${dstPort}`;
  const src = `127.0.0.1:${sport}`;
  const server = listener(flow.view, client, dstPort, true);
  // A node shell dialling a NodePort on localhost: a mode may refuse it with its own reason.
  const localNodePort =
    client.spec.hostNetwork && flow.view.serviceByNodePort(dstPort) ? proxyModeFor(flow.view.options.proxyMode).texts?.localhostNodePort : undefined;
  if (!server && localNodePort) {
    const address = `${intToIp(flow.node.internalIP)}:${dstPort}`;
    const h = hop({
      kind: "loopback",
      device: "lo",
      src,
      dst,
      summary: localNodePort.summary(dstPort),
      verdict: "rejected",
      reason: localNodePort.reason(dstPort),
      fix: localNodePort.fix(address),
    });
    return { hops: [h], src, end: { outcome: "refused", elapsedMs: 0 } };
  }
  if (!server) {
    const h = hop({
      kind: "loopback",
      device: "lo",
      src,
      dst,
      summary: msg.loopbackRefused.summary(client.name, dstPort),
      verdict: "rejected",
      reason: msg.loopbackRefused.reason(dst, client.name),
      fix: msg.loopbackRefused.fix(client.name, declaredPorts(client)),
    });
    return { hops: [h], src, end: { outcome: "refused", elapsedMs: 0 } };
  }
  const h = hop({ kind: "loopback", device: "lo", src, dst, summary: msg.loopbackDelivered(server.container), verdict: "delivered" });
  return {
    hops: [h],
    src,
    end: {
      outcome: "ok",
      elapsedMs: 0,
      servedBy: { pod: client.name, namespace: client.namespace, container: server.container, ip: "127.0.0.1", port: dstPort },
    },
  };
}

/** The SYN leaves the client Pod. */
function send(flow: Flow, packet: Packet): Hop {
  const { client, node } = flow;
  return hop({
    kind: "send",
    node: node.name,
    device: flow.device,
    point: "from-endpoint",
    src: packet.src,
    dst: packet.dst,
    summary: client.spec.hostNetwork ? msg.sendFromHost(client.name, node.name) : msg.sendFromPod(client.name, node.name, client.veth),
    verdict: "forwarded",
  });
}

/** To the node whose podCIDR holds the target, across the node network as the network model carries it. */
function toPodNetwork(flow: Flow, packet: Packet): Step {
  const { view } = flow;
  const { src, target, here } = packet;
  const to = `${intToIp(target)}:${packet.targetPort}`;
  const dstNode = view.nodeForPodIP(target);
  if (!dstNode) {
    const ip = intToIp(target);
    const h = hop({
      kind: "route",
      node: here.name,
      point: "to-stack",
      src,
      dst: to,
      summary: msg.noPodCIDR.summary(ip),
      verdict: "dropped",
      reason: msg.noPodCIDR.reason(ip),
      fix: msg.noPodCIDR.fix,
    });
    return ended([h], src, { outcome: "timeout", elapsedMs: SYN_TIMEOUT_MS });
  }
  if (dstNode.name === here.name) return { hops: [], next: packet };
  const hops = networkModelFor(view.options.network).crossNode(here, dstNode, { src, dst: to });
  return { hops, next: { ...packet, here: dstNode, crossedNodes: true } };
}

/** The destination node's cni0 bridge forwards to the Pod's veth, or finds no Pod at that address. */
function bridge(flow: Flow, packet: Packet): Step {
  const { view } = flow;
  const { src, target, here } = packet;
  const to = `${intToIp(target)}:${packet.targetPort}`;
  const sameNode = !packet.crossedNodes;
  const server = view.podByIP(target);
  if (!server || server.nodeName !== here.name) {
    const ip = intToIp(target);
    const h = hop({
      kind: "bridge",
      node: here.name,
      device: "cni0",
      point: "to-endpoint",
      src,
      dst: to,
      summary: msg.noPodAtIP.summary(here.name, ip),
      verdict: "dropped",
      reason: msg.noPodAtIP.reason(ip, sameNode ? "on this node" : `on ${here.name}`),
      fix: msg.noPodAtIP.fix,
    });
    return ended([h], src, { outcome: "unreachable", elapsedMs: ARP_TIMEOUT_MS + (sameNode ? 0 : 1) });
  }
  const point = sameNode ? "to-stack" : networkModelFor(view.options.network).arrivalPoint;
  const h = hop({
    kind: "bridge",
    node: here.name,
    device: "cni0",
    point,
    src,
    dst: to,
    summary: sameNode ? msg.bridgeSameNode(formatCIDR(here.podCIDR), server.veth) : msg.bridgeRemote(here.name, server.veth),
    rule: sameNode ? bridgeRoute(view, here).text : undefined,
    verdict: "forwarded",
  });
  return { hops: [h], next: packet };
}

/** Whether a container's process ignores its stop signal (it keeps running until SIGKILL). */
function ignoresStopSignal(view: ClusterView, pod: PodState, container: string): boolean {
  // A sidecar too: it is stopped after the app containers, and may ignore its signal as well.
  const index = containerIndexOf(pod, container);
  return index >= 0 && view.app(pod, index).stop.exitsAfter === undefined;
}

/** The SYN reaches the Pod: a terminating Pod or a closed port answers with a reset; else a container accepts. */
function deliver(flow: Flow, packet: Packet): Step {
  const { view } = flow;
  const { src, target, targetPort, here } = packet;
  const to = `${intToIp(target)}:${targetPort}`;
  const server = view.podByIP(target)!;
  const latency = packet.crossedNodes ? 1 : 0;
  const at = (summary: string, verdict: Hop["verdict"], why?: { reason: string; fix: string }): Hop =>
    hop(
      why
        ? { kind: "deliver", node: here.name, device: "eth0", point: "to-endpoint", src, dst: to, summary, verdict, reason: why.reason, fix: why.fix }
        : { kind: "deliver", node: here.name, device: "eth0", point: "to-endpoint", src, dst: to, summary, verdict },
    );
  const listening = listener(view, server, targetPort, false);
  // A Terminating Pod's process stops listening when it gets its stop signal, unless it ignores
  // the signal (a shell or Python as PID 1), which keeps it serving until SIGKILL.
  if (server.deletion !== undefined && !(listening && ignoresStopSignal(view, server, listening.container))) {
    const fix = packet.translatedAt ? msg.podTerminating.fixViaService : msg.podTerminating.fix;
    const h = at(msg.podTerminating.summary(server.name), "rejected", { reason: msg.podTerminating.reason(server.name), fix });
    return ended([h], src, { outcome: "refused", elapsedMs: latency });
  }
  if (!listening) {
    const local = listener(view, server, targetPort, true);
    const h = local
      ? at(msg.loopbackOnly.summary(local.container, server.name, targetPort, intToIp(target)), "rejected", {
          reason: msg.loopbackOnly.reason(local.container, targetPort),
          fix: msg.loopbackOnly.fix(targetPort),
        })
      : at(msg.portClosed.summary(server.name, targetPort), "rejected", {
          reason: msg.portClosed.reason(server.name, targetPort, listensOn(view, server)),
          fix: msg.portClosed.fix,
        });
    return ended([h], src, { outcome: "refused", elapsedMs: latency });
  }
  const delivered = at(msg.podDelivered(listening.container, server.name, to), "delivered");
  const servedBy = { pod: server.name, namespace: server.namespace, container: listening.container, ip: intToIp(server.podIP!), port: targetPort };
  const t = packet.translatedAt;
  return ended([delivered, reply(flow, packet)], src, { outcome: "ok", elapsedMs: latency + (t && t.node !== flow.node ? 1 : 0), servedBy });
}

/** The reply on its way back: conntrack reverses any translation on the node that made it. */
function reply(flow: Flow, packet: Packet): Hop {
  const t = packet.translatedAt;
  const to = `${intToIp(packet.target)}:${packet.targetPort}`;
  return hop({
    kind: "reply",
    node: flow.node.name,
    device: flow.device,
    point: "to-endpoint",
    src: t ? t.to : to,
    dst: `${flow.clientIP}:${flow.sport}`,
    summary: t ? msg.reply.translated(t.node.name, t.to) : msg.reply.direct(flow.client.name),
    change: t ? msg.reply.change(t.from, t.to) : undefined,
    ...(t ? { nat: { type: "un-DNAT" as const, from: t.from, to: t.to } } : {}),
    verdict: "delivered",
  });
}

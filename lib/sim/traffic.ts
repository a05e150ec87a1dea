/**
 * The datapath: a TCP connection from a container, hop by hop, through kube-proxy's rules, the
 * node's routes, the CNI bridge and (between nodes) flannel's VXLAN overlay or host-gw routes.
 *
 * Pod-to-Pod traffic is never NATed; a ClusterIP is translated (DNAT) on the client's node, so
 * the packet crosses the Pod network addressed to the chosen Pod.
 *
 * @see https://github.com/flannel-io/flannel/blob/master/Documentation/backends.md
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/
 */
import { buildServiceRules, pickEndpoint } from "./kube-proxy.js";
import { formatCIDR, intToIp } from "./ip.js";
import type { Rng } from "./rng.js";
import type { Simulation } from "./simulation.js";
import type { NodeState, PodState } from "./state.js";
import type { Hop, Outcome, ServedBy } from "./trace.js";

/** flannel's VXLAN device, UDP port and VNI (Linux's IANA port is 4789; flannel uses the kernel default 8472). */
export const FLANNEL_VXLAN = { device: "flannel.1", port: 8472, vni: 1 } as const;

/** The result of one connection attempt. */
export interface Connection {
  readonly outcome: Exclude<Outcome, "nxdomain">;
  readonly hops: readonly Hop[];
  readonly servedBy: ServedBy | undefined;
  /** The client's address and ephemeral port, as the server sees them. */
  readonly client: string;
  /** Simulated milliseconds until the connection was established or failed. */
  readonly elapsedMs: number;
}

/** The seeded randomness a connection draws on. */
export interface TrafficRandom {
  /** kube-proxy's `statistic` matches. */
  readonly endpoints: Rng;
  /** Ephemeral source ports. */
  readonly ports: Rng;
}

/** The Linux ephemeral port range (`net.ipv4.ip_local_port_range`). */
const EPHEMERAL = { first: 32768, last: 60999 } as const;

/** Linux gives up on an unanswered SYN after ~127 s (`tcp_syn_retries` = 6). */
export const SYN_TIMEOUT_MS = 127_000;

/** ARP gives up on a silent neighbour after ~3 s, reported as "No route to host". */
export const ARP_TIMEOUT_MS = 3_000;

type HopInit = Partial<Hop> & Pick<Hop, "kind" | "summary" | "verdict">;

function hop(h: HopInit): Hop {
  return {
    node: undefined,
    device: undefined,
    point: undefined,
    src: undefined,
    dst: undefined,
    change: undefined,
    rule: undefined,
    ...h,
  };
}

/**
 * Opens a TCP connection from `client` (a container of a Pod) to `dstIP:dstPort` and returns the
 * hops, the outcome and who answered.
 */
export function connect(sim: Simulation, client: PodState, dstIP: number, dstPort: number, random: TrafficRandom): Connection {
  const hops: Hop[] = [];
  const srcNode = sim.node(client.nodeName!)!;
  const sport = EPHEMERAL.first + random.ports.int(EPHEMERAL.last - EPHEMERAL.first + 1);
  const src = `${intToIp(client.podIP!)}:${sport}`;
  const done = (outcome: Connection["outcome"], elapsedMs: number, servedBy?: ServedBy): Connection => ({
    outcome,
    hops,
    servedBy,
    client: src,
    elapsedMs,
  });

  // Loopback never leaves the Pod's network namespace: every container shares it.
  if (dstIP >>> 24 === 127) {
    const dst = `${intToIp(dstIP)}:${dstPort}`;
    const server = listener(sim, client, dstPort, true);
    if (!server) {
      hops.push(
        hop({
          kind: "loopback",
          device: "lo",
          src: `127.0.0.1:${sport}`,
          dst,
          summary: `No container of Pod ${client.name} listens on port ${dstPort}: the kernel answers the SYN with a reset`,
          verdict: "rejected",
          reason: `connection refused: nothing listens on ${dst} inside Pod ${client.name}`,
          fix: `Check the port: the containers of ${client.name} declare ${declaredPorts(client)}. localhost reaches only containers of the same Pod.`,
        }),
      );
      return done("refused", 0);
    }
    hops.push(
      hop({
        kind: "loopback",
        device: "lo",
        src: `127.0.0.1:${sport}`,
        dst,
        summary: `Over the Pod's loopback to container ${server.container} (all containers of a Pod share one network namespace)`,
        verdict: "delivered",
      }),
    );
    return done("ok", 0, { pod: client.name, namespace: client.namespace, container: server.container, ip: "127.0.0.1", port: dstPort });
  }

  const originalDst = `${intToIp(dstIP)}:${dstPort}`;
  hops.push(
    hop({
      kind: "send",
      node: srcNode.name,
      device: client.veth,
      point: "from-endpoint",
      src,
      dst: originalDst,
      summary: `SYN leaves ${client.name} through eth0 and enters node ${srcNode.name} on ${client.veth}`,
      verdict: "forwarded",
    }),
  );

  let target = dstIP;
  let targetPort = dstPort;
  if (sim.isServiceNetwork(dstIP)) {
    const svc = sim.serviceByClusterIP(dstIP);
    const portIndex = svc ? svc.ports.findIndex((p) => p.port === dstPort && p.protocol === "TCP") : -1;
    if (!svc || portIndex < 0) {
      const fix = svc
        ? `Service ${svc.namespace}/${svc.name} exposes ${svc.ports.map((p) => `${p.port}/${p.protocol}`).join(", ")}; connect to one of those ports, or add port ${dstPort} to the Service.`
        : `No Service owns ${intToIp(dstIP)}; resolve the Service's name instead of using an address.`;
      hops.push(
        hop({
          kind: "kube-proxy",
          node: srcNode.name,
          point: "to-stack",
          src,
          dst: originalDst,
          summary: `No KUBE-SERVICES rule matches ${originalDst}: the packet is routed to the default gateway, where nothing answers`,
          verdict: "dropped",
          reason: svc ? `Service ${svc.name} has no port ${dstPort}` : `${intToIp(dstIP)} is no Service's ClusterIP`,
          fix,
        }),
      );
      return done("timeout", SYN_TIMEOUT_MS);
    }
    const rules = buildServiceRules(sim, svc, portIndex);
    if (rules.endpoints.length === 0) {
      const all = sim.endpoints(svc, portIndex);
      hops.push(
        hop({
          kind: "kube-proxy",
          node: srcNode.name,
          point: "to-stack",
          src,
          dst: originalDst,
          summary: `kube-proxy's REJECT rule answers at once with ICMP port unreachable: Service ${svc.name} has no ready endpoints`,
          rule: rules.rejectRule,
          verdict: "rejected",
          reason: all.length === 0 ? `Service ${svc.namespace}/${svc.name} has no endpoints: its selector ${formatSelector(svc.selector)} matches no Pod with port ${String(svc.ports[portIndex]!.targetPort)}` : `Service ${svc.namespace}/${svc.name} has ${all.length} endpoint(s), none ready`,
          fix:
            all.length === 0
              ? `Compare the Service's selector with the Pods' labels (cluster.get("pods", { showLabels: true })) and check targetPort names a port the Pods declare.`
              : `Wait for the Pods to become Ready, or fix their readiness probe.`,
        }),
      );
      return done("refused", 0);
    }
    const chosen = pickEndpoint(rules, random.endpoints)!;
    target = chosen.endpoint.ip;
    targetPort = chosen.endpoint.port;
    const to = `${intToIp(target)}:${targetPort}`;
    const n = rules.endpoints.length;
    hops.push(
      hop({
        kind: "kube-proxy",
        node: srcNode.name,
        device: client.veth,
        point: "to-stack",
        src,
        dst: originalDst,
        summary:
          `kube-proxy (iptables) matches ${originalDst} in KUBE-SERVICES, jumps to ${rules.chain} and picks ` +
          `${chosen.endpoint.pod?.name ?? to} at random among ${n} ready endpoint${n === 1 ? "" : "s"}`,
        change: `DNAT ${originalDst} -> ${to}`,
        rule: [rules.serviceRule, chosen.jumpRule, chosen.dnatRule].join("\n"),
        verdict: "translated",
      }),
    );
  }

  const to = `${intToIp(target)}:${targetPort}`;
  if (!sim.isPodNetwork(target)) {
    const node = sim.nodeByIP(target);
    if (node && targetPort === 6443 && node.index === 0) {
      hops.push(
        hop({
          kind: "deliver",
          node: node.name,
          device: "eth0",
          point: "to-stack",
          src,
          dst: to,
          summary: `Delivered to the API server listening on ${to} on ${node.name}`,
          verdict: "delivered",
        }),
      );
      return done("ok", 1);
    }
    hops.push(
      hop({
        kind: "route",
        node: srcNode.name,
        device: "eth0",
        point: "to-stack",
        src,
        dst: to,
        summary: node ? `Node ${node.name} has nothing listening on port ${targetPort}` : `${intToIp(target)} is outside the cluster; the simulated cluster has no route to the internet`,
        verdict: node ? "rejected" : "dropped",
        reason: node ? `connection refused by node ${node.name}` : `no route to ${intToIp(target)}`,
      }),
    );
    return node ? done("refused", 1) : done("timeout", SYN_TIMEOUT_MS);
  }

  const dstNode = sim.nodeForPodIP(target);
  if (!dstNode) {
    hops.push(
      hop({
        kind: "route",
        node: srcNode.name,
        point: "to-stack",
        src,
        dst: to,
        summary: `No node's podCIDR holds ${intToIp(target)}: no route matches, so the packet goes to the default gateway and is lost`,
        verdict: "dropped",
        reason: `${intToIp(target)} is in the cluster CIDR but no node owns that range`,
        fix: `Use a Service name rather than a Pod IP.`,
      }),
    );
    return done("timeout", SYN_TIMEOUT_MS);
  }

  const sameNode = dstNode.name === srcNode.name;
  if (!sameNode) routeBetweenNodes(sim, srcNode, dstNode, src, to, hops);

  const server = sim.podByIP(target);
  if (!server || server.nodeName !== dstNode.name) {
    const where = sameNode ? "on the same node" : `on ${dstNode.name}`;
    hops.push(
      hop({
        kind: "bridge",
        node: dstNode.name,
        device: "cni0",
        point: "to-endpoint",
        src,
        dst: to,
        summary: `cni0 on ${dstNode.name} asks (ARP) who has ${intToIp(target)}; no Pod answers`,
        verdict: "dropped",
        reason: `no Pod has IP ${intToIp(target)} ${where}: it was probably deleted, and its replacement got a new IP`,
        fix: `Do not hard-code Pod IPs: call the Service by name (its ClusterIP stays while Pods come and go).`,
      }),
    );
    return done("unreachable", sameNode ? ARP_TIMEOUT_MS : ARP_TIMEOUT_MS + 1);
  }

  const latency = sameNode ? 0 : 1;
  hops.push(
    hop({
      kind: "bridge",
      node: dstNode.name,
      device: "cni0",
      point: sameNode ? "to-stack" : "from-overlay",
      src,
      dst: to,
      summary: sameNode
        ? `Same node: the route ${formatCIDR(dstNode.podCIDR)} dev cni0 keeps the packet on the bridge, which forwards it to ${server.veth}`
        : `cni0 on ${dstNode.name} forwards the packet to ${server.veth}`,
      rule: sameNode ? `${formatCIDR(dstNode.podCIDR)} dev cni0 proto kernel scope link src ${intToIp(sim.gatewayOf(dstNode))}` : undefined,
      verdict: "forwarded",
    }),
  );

  if (server.deletion !== undefined) {
    hops.push(
      hop({
        kind: "deliver",
        node: dstNode.name,
        device: "eth0",
        point: "to-endpoint",
        src,
        dst: to,
        summary: `Pod ${server.name} is Terminating: its containers have stopped listening, so the SYN is answered with a reset`,
        verdict: "rejected",
        reason: `Pod ${server.name} is terminating`,
        fix: `Call the Service instead of the Pod: terminating Pods leave the Service's endpoints.`,
      }),
    );
    return done("refused", latency);
  }
  const listening = listener(sim, server, targetPort, false);
  const loopbackOnly = listening === undefined ? listener(sim, server, targetPort, true) : undefined;
  if (loopbackOnly) {
    hops.push(
      hop({
        kind: "deliver",
        node: dstNode.name,
        device: "eth0",
        point: "to-endpoint",
        src,
        dst: to,
        summary: `Container ${loopbackOnly.container} of Pod ${server.name} listens on 127.0.0.1:${targetPort} only; a packet to ${intToIp(target)} finds no socket, so the kernel answers with a reset`,
        verdict: "rejected",
        reason: `connection refused: ${loopbackOnly.container} listens on 127.0.0.1:${targetPort}, reachable only from containers of the same Pod`,
        fix: `Make the app listen on 0.0.0.0 (all addresses), e.g. -listen=:${targetPort} instead of -listen=127.0.0.1:${targetPort}.`,
      }),
    );
    return done("refused", latency);
  }
  if (!listening) {
    hops.push(
      hop({
        kind: "deliver",
        node: dstNode.name,
        device: "eth0",
        point: "to-endpoint",
        src,
        dst: to,
        summary: `Nothing in Pod ${server.name} listens on port ${targetPort}: the kernel answers the SYN with a reset`,
        verdict: "rejected",
        reason: `connection refused: no container of ${server.name} listens on ${targetPort}`,
        fix: `The containers of ${server.name} declare ${declaredPorts(server)}; make the Service's targetPort (or your URL) match the port the app listens on.`,
      }),
    );
    return done("refused", latency);
  }
  hops.push(
    hop({
      kind: "deliver",
      node: dstNode.name,
      device: "eth0",
      point: "to-endpoint",
      src,
      dst: to,
      summary: `Delivered to container ${listening.container} of Pod ${server.name}, listening on ${to}`,
      verdict: "delivered",
    }),
  );
  const wasTranslated = hops.some((h) => h.change?.startsWith("DNAT"));
  hops.push(
    hop({
      kind: "reply",
      node: srcNode.name,
      device: client.veth,
      point: "to-endpoint",
      src: wasTranslated ? originalDst : to,
      dst: src,
      summary: wasTranslated
        ? `The reply comes back; conntrack on ${srcNode.name} reverses the DNAT, so the client sees it from ${originalDst}`
        : `The reply comes back the same way to ${client.name}`,
      change: wasTranslated ? `un-DNAT ${to} -> ${originalDst}` : undefined,
      verdict: "delivered",
    }),
  );
  return done("ok", latency, { pod: server.name, namespace: server.namespace, container: listening.container, ip: intToIp(server.podIP!), port: targetPort });
}

/** Adds the hops between two nodes for the cluster's network model. */
function routeBetweenNodes(sim: Simulation, from: NodeState, to: NodeState, src: string, dst: string, hops: Hop[]): void {
  const remote = formatCIDR(to.podCIDR);
  if (sim.options.network === "flannel-host-gw") {
    hops.push(
      hop({
        kind: "route",
        node: from.name,
        device: "eth0",
        point: "to-stack",
        src,
        dst,
        summary: `host-gw: ${from.name} routes ${remote} straight to ${to.name} (${intToIp(to.internalIP)}); the packet crosses the node network unchanged`,
        rule: `${remote} via ${intToIp(to.internalIP)} dev eth0`,
        verdict: "forwarded",
      }),
    );
    return;
  }
  const outer = `${intToIp(from.internalIP)} -> ${intToIp(to.internalIP)} UDP ${FLANNEL_VXLAN.port}`;
  hops.push(
    hop({
      kind: "encapsulate",
      node: from.name,
      device: FLANNEL_VXLAN.device,
      point: "to-overlay",
      src,
      dst,
      summary: `${from.name} routes ${remote} via ${FLANNEL_VXLAN.device}; flannel wraps the packet in VXLAN (VNI ${FLANNEL_VXLAN.vni}) addressed to ${to.name}`,
      change: `encapsulate: outer ${outer}`,
      rule: `${remote} via ${intToIp(to.podCIDR.base)} dev ${FLANNEL_VXLAN.device} onlink`,
      verdict: "forwarded",
    }),
  );
  hops.push(
    hop({
      kind: "decapsulate",
      node: to.name,
      device: FLANNEL_VXLAN.device,
      point: "from-overlay",
      src,
      dst,
      summary: `${to.name} receives UDP ${FLANNEL_VXLAN.port} on ${FLANNEL_VXLAN.device} and unwraps the original packet (still addressed to the Pod: no NAT)`,
      change: `decapsulate: outer ${outer}`,
      verdict: "forwarded",
    }),
  );
}

/**
 * The running container of `pod` whose process listens on TCP `port`: on any address when the
 * connection comes over the Pod's loopback, on 0.0.0.0 otherwise.
 */
export function listener(sim: Simulation, pod: PodState, port: number, viaLoopback: boolean): { container: string } | undefined {
  for (let i = 0; i < pod.containers.length; i++) {
    const c = pod.containers[i]!;
    if (c.state !== "Running") continue;
    const app = sim.app(pod, i);
    if (app.listeners.some((l) => l.port === port && l.protocol === "TCP" && (viaLoopback || l.address === "0.0.0.0"))) return { container: c.name };
  }
  return undefined;
}

function declaredPorts(pod: PodState): string {
  const ports = pod.containers.flatMap((c) => c.ports.map((p) => `${c.name}:${p.containerPort}/${p.protocol}`));
  return ports.length ? ports.join(", ") : "no ports";
}

function formatSelector(selector: Readonly<Record<string, string>> | undefined): string {
  if (!selector) return "<none>";
  return Object.keys(selector)
    .sort()
    .map((k) => `${k}=${selector[k]}`)
    .join(",");
}

/**
 * The datapath: a TCP connection from a container, hop by hop, through kube-proxy's rules, the
 * node's routes, the CNI bridge and (between nodes) flannel's VXLAN overlay or host-gw routes.
 *
 * Pod-to-Pod traffic is never NATed; a ClusterIP is translated (DNAT) on the client's node, so
 * the packet crosses the Pod network addressed to the chosen Pod. NodePort traffic is translated
 * on the node it reaches and masqueraded (SNAT) to that node's address.
 *
 * @see https://github.com/flannel-io/flannel/blob/master/Documentation/backends.md
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/
 */
import { buildServiceRules, chooseEndpoint, type ProxyState, type ServicePortRules } from "./kube-proxy.js";
import { formatCIDR, intToIp } from "./ip.js";
import type { Rng } from "./rng.js";
import type { ClusterView } from "./cluster-view.js";
import type { NodeState, PodState } from "./state.js";
import type { Hop, Outcome, ServedBy } from "./trace.js";

/** flannel's VXLAN device, UDP port and VNI (the kernel's default VXLAN port 8472, not IANA's 4789). */
export const FLANNEL_VXLAN = { device: "flannel.1", port: 8472, vni: 1 } as const;

/** The result of one connection attempt. */
export interface Connection {
  readonly outcome: Exclude<Outcome, "nxdomain">;
  readonly hops: readonly Hop[];
  readonly servedBy: ServedBy | undefined;
  /** The client's address and port as the server sees them (after any SNAT). */
  readonly client: string;
  /** Simulated milliseconds until the connection was established or failed. */
  readonly elapsedMs: number;
  /** True when the API server (kube-apiserver, the one TLS server here) answered. */
  readonly apiServer: boolean;
}

/** The seeded randomness and datapath state a connection draws on. */
export interface TrafficRandom {
  /** kube-proxy's `statistic` matches. */
  readonly endpoints: Rng;
  /** Ephemeral source ports. */
  readonly ports: Rng;
  /** IPVS rotation and ClientIP affinity. */
  readonly proxy: ProxyState;
}

/** The Linux ephemeral port range (`net.ipv4.ip_local_port_range`). */
const EPHEMERAL = { first: 32768, last: 60999 } as const;

/** Linux gives up on an unanswered SYN after ~127 s (`tcp_syn_retries` = 6). */
export const SYN_TIMEOUT_MS = 127_000;

/** ARP gives up on a silent neighbour after ~3 s, reported as "No route to host". */
export const ARP_TIMEOUT_MS = 3_000;

type HopInit = Partial<Hop> & Pick<Hop, "kind" | "summary" | "verdict">;

function hop(h: HopInit): Hop {
  return { node: undefined, device: undefined, point: undefined, src: undefined, dst: undefined, change: undefined, rule: undefined, ...h };
}

/** The address a Pod's packets leave with (its Pod IP, or the node's for hostNetwork Pods). */
function sourceIP(pod: PodState): number {
  return pod.podIP!;
}

/**
 * Opens a TCP connection from `client` (a container of a Pod) to `dstIP:dstPort` and returns the
 * hops, the outcome and who answered.
 */
export function connect(sim: ClusterView, client: PodState, dstIP: number, dstPort: number, random: TrafficRandom): Connection {
  const hops: Hop[] = [];
  const srcNode = sim.node(client.nodeName!)!;
  const sport = EPHEMERAL.first + random.ports.int(EPHEMERAL.last - EPHEMERAL.first + 1);
  const clientIP = intToIp(sourceIP(client));
  let src = `${clientIP}:${sport}`;
  const done = (outcome: Connection["outcome"], elapsedMs: number, servedBy?: ServedBy, apiServer = false): Connection => ({ outcome, hops, servedBy, client: src, elapsedMs, apiServer });
  const device = client.veth ?? "eth0";

  // Loopback never leaves the Pod's network namespace: every container shares it.
  if (dstIP >>> 24 === 127) {
    const dst = `${intToIp(dstIP)}:${dstPort}`;
    src = `127.0.0.1:${sport}`;
    const server = listener(sim, client, dstPort, true);
    if (!server) {
      hops.push(
        hop({
          kind: "loopback",
          device: "lo",
          src,
          dst,
          summary: `No container of Pod ${client.name} listens on port ${dstPort}: the kernel answers the SYN with a reset`,
          verdict: "rejected",
          reason: `connection refused: nothing listens on ${dst} inside Pod ${client.name}`,
          fix: `Check the port: the containers of ${client.name} declare ${declaredPorts(client)}. localhost reaches only containers of the same Pod.`,
        }),
      );
      return done("refused", 0);
    }
    hops.push(hop({ kind: "loopback", device: "lo", src, dst, summary: `Over the Pod's loopback to container ${server.container} (all containers of a Pod share one network namespace)`, verdict: "delivered" }));
    return done("ok", 0, { pod: client.name, namespace: client.namespace, container: server.container, ip: "127.0.0.1", port: dstPort });
  }

  const originalDst = `${intToIp(dstIP)}:${dstPort}`;
  hops.push(
    hop({
      kind: "send",
      node: srcNode.name,
      device,
      point: "from-endpoint",
      src,
      dst: originalDst,
      summary: client.spec.hostNetwork
        ? `SYN leaves ${client.name} (hostNetwork: the node's own network stack on ${srcNode.name})`
        : `SYN leaves ${client.name} through eth0 and enters node ${srcNode.name} on ${client.veth}`,
      verdict: "forwarded",
    }),
  );

  let target = dstIP;
  let targetPort = dstPort;
  let here = srcNode;
  /** Where conntrack reverses the translation on the way back, and what the client sees. */
  let translatedAt: { node: NodeState; from: string; to: string } | undefined;

  if (sim.isServiceNetwork(dstIP)) {
    const svc = sim.serviceByClusterIP(dstIP);
    const portIndex = svc ? svc.ports.findIndex((p) => p.port === dstPort && p.protocol === "TCP") : -1;
    if (!svc || portIndex < 0) {
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
          fix: svc
            ? `Service ${svc.namespace}/${svc.name} exposes ${svc.ports.map((p) => `${p.port}/${p.protocol}`).join(", ")}; connect to one of those ports (port:, not targetPort:), or add port ${dstPort} to the Service.`
            : `No Service owns ${intToIp(dstIP)}; resolve the Service's name instead of using an address.`,
        }),
      );
      return done("timeout", SYN_TIMEOUT_MS);
    }
    const rules = buildServiceRules(sim, svc, portIndex);
    const picked = translate(sim, rules, clientIP, srcNode, src, originalDst, random, hops, "cluster IP");
    if (!picked) return done("refused", 0);
    target = picked.ip;
    targetPort = picked.port;
    translatedAt = { node: srcNode, from: `${intToIp(target)}:${targetPort}`, to: originalDst };
  } else if (!sim.isPodNetwork(dstIP)) {
    const node = sim.nodeByIP(dstIP);
    const np = node ? sim.serviceByNodePort(dstPort) : undefined;
    if (node && np) {
      // A NodePort: the packet travels the node network to that node, whose kube-proxy translates it.
      if (node.name !== srcNode.name) {
        hops.push(
          hop({
            kind: "route",
            node: srcNode.name,
            device: "eth0",
            point: "to-stack",
            src,
            dst: originalDst,
            summary: `${intToIp(dstIP)} is node ${node.name}: the packet goes out ${srcNode.name}'s eth0 on the node network`,
            rule: `${formatCIDR(sim.options.nodeNetwork)} dev eth0 proto kernel scope link src ${intToIp(srcNode.internalIP)}`,
            verdict: "forwarded",
          }),
        );
      }
      const rules = buildServiceRules(sim, np.service, np.portIndex);
      const picked = translate(sim, rules, clientIP, node, src, originalDst, random, hops, "node port");
      if (!picked) return done("refused", 1);
      target = picked.ip;
      targetPort = picked.port;
      here = node;
      // Masquerade: the Pod will see the connection come from the node that translated it.
      const targetNode = sim.nodeForPodIP(target);
      const snat = targetNode && targetNode.name !== node.name
        ? sim.options.network === "flannel-vxlan" ? intToIp(node.podCIDR.base) : intToIp(node.internalIP)
        : intToIp(sim.gatewayOf(node));
      const masqueraded = `${snat}:${sport}`;
      hops.push(
        hop({
          kind: "kube-proxy",
          node: node.name,
          point: "to-stack",
          src,
          dst: `${intToIp(target)}:${targetPort}`,
          summary: `KUBE-POSTROUTING masquerades NodePort traffic: the source becomes ${node.name}'s ${snat}, so the reply comes back through this node`,
          change: `SNAT ${src} -> ${masqueraded}`,
          rule: `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully`,
          verdict: "translated",
        }),
      );
      translatedAt = { node, from: `${intToIp(target)}:${targetPort}`, to: originalDst };
      src = masqueraded;
    } else {
      if (node && targetPort === 6443 && node.index === 0) {
        hops.push(hop({ kind: "deliver", node: node.name, device: "eth0", point: "to-stack", src, dst: originalDst, summary: `Delivered to the API server listening on ${originalDst} on ${node.name}`, verdict: "delivered" }));
        return done("ok", 1, undefined, true);
      }
      const host = node ? hostNetworkListener(sim, node, dstPort) : undefined;
      if (node && host) {
        hops.push(hop({ kind: "deliver", node: node.name, device: "eth0", point: "to-stack", src, dst: originalDst, summary: `Delivered to container ${host.container} of hostNetwork Pod ${host.pod.name}, listening on ${originalDst}`, verdict: "delivered" }));
        return done("ok", node.name === srcNode.name ? 0 : 1, { pod: host.pod.name, namespace: host.pod.namespace, container: host.container, ip: intToIp(node.internalIP), port: dstPort });
      }
      hops.push(
        hop({
          kind: "route",
          node: srcNode.name,
          device: "eth0",
          point: "to-stack",
          src,
          dst: originalDst,
          summary: node ? `Node ${node.name} has nothing listening on port ${dstPort}` : `${intToIp(dstIP)} is outside the cluster; the simulated cluster has no route to the internet`,
          verdict: node ? "rejected" : "dropped",
          reason: node ? `connection refused by node ${node.name}: no NodePort or host process on ${dstPort}` : `no route to ${intToIp(dstIP)}`,
          ...(node ? { fix: `NodePorts are in 30000-32767; check the Service's PORT(S) column (e.g. 80:30080/TCP).` } : {}),
        }),
      );
      return node ? done("refused", 1) : done("timeout", SYN_TIMEOUT_MS);
    }
  }

  const to = `${intToIp(target)}:${targetPort}`;
  if (translatedAt && !sim.isPodNetwork(target)) {
    // An endpoint on a node's own address: the API server, or a hostNetwork Pod.
    const node = sim.nodeByIP(target);
    const host = node ? hostNetworkListener(sim, node, targetPort) : undefined;
    if (node && (host || (targetPort === 6443 && node.index === 0))) {
      if (node.name !== here.name) {
        hops.push(hop({ kind: "route", node: here.name, device: "eth0", point: "to-stack", src, dst: to, summary: `${intToIp(target)} is node ${node.name}: the packet goes out ${here.name}'s eth0 on the node network`, verdict: "forwarded" }));
      }
      hops.push(
        hop({
          kind: "deliver",
          node: node.name,
          device: "eth0",
          point: "to-stack",
          src,
          dst: to,
          summary: host ? `Delivered to container ${host.container} of hostNetwork Pod ${host.pod.name}, listening on ${to}` : `Delivered to the API server (kube-apiserver) listening on ${to} on ${node.name}`,
          verdict: "delivered",
        }),
      );
      return done("ok", node.name === here.name ? 0 : 1, host ? { pod: host.pod.name, namespace: host.pod.namespace, container: host.container, ip: intToIp(target), port: targetPort } : undefined, !host);
    }
    hops.push(hop({ kind: "deliver", node: node?.name ?? here.name, device: "eth0", point: "to-stack", src, dst: to, summary: `Nothing listens on ${to}`, verdict: "rejected", reason: `connection refused: nothing listens on ${to}` }));
    return done("refused", 1);
  }
  const dstNode = sim.nodeForPodIP(target);
  if (!dstNode) {
    hops.push(
      hop({
        kind: "route",
        node: here.name,
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

  const sameNode = dstNode.name === here.name;
  if (!sameNode) routeBetweenNodes(sim, here, dstNode, src, to, hops);

  const server = sim.podByIP(target);
  if (!server || server.nodeName !== dstNode.name) {
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
        reason: `no Pod has IP ${intToIp(target)} ${sameNode ? "on this node" : `on ${dstNode.name}`}: it was probably deleted, and its replacement got a new IP`,
        fix: `Do not hard-code Pod IPs: call the Service by name (its ClusterIP stays while Pods come and go).`,
      }),
    );
    return done("unreachable", ARP_TIMEOUT_MS + (sameNode ? 0 : 1));
  }

  const latency = sameNode ? 0 : 1;
  hops.push(
    hop({
      kind: "bridge",
      node: dstNode.name,
      device: "cni0",
      point: sameNode || sim.options.network !== "flannel-vxlan" ? "to-stack" : "from-overlay",
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
  if (!listening) {
    hops.push(
      hop({
        kind: "deliver",
        node: dstNode.name,
        device: "eth0",
        point: "to-endpoint",
        src,
        dst: to,
        summary: loopbackOnly
          ? `Container ${loopbackOnly.container} of Pod ${server.name} listens on 127.0.0.1:${targetPort} only; a packet to ${intToIp(target)} finds no socket, so the kernel answers with a reset`
          : `Nothing in Pod ${server.name} listens on port ${targetPort}: the kernel answers the SYN with a reset`,
        verdict: "rejected",
        reason: loopbackOnly
          ? `connection refused: ${loopbackOnly.container} listens on 127.0.0.1:${targetPort}, reachable only from containers of the same Pod`
          : `connection refused: no container of ${server.name} listens on ${targetPort}${listensOn(sim, server)}`,
        fix: loopbackOnly
          ? `Make the app listen on 0.0.0.0 (all addresses), e.g. -listen=:${targetPort} instead of -listen=127.0.0.1:${targetPort}.`
          : `Make the Service's targetPort (or your URL) match the port the app listens on; containerPort only documents it.`,
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
  hops.push(
    hop({
      kind: "reply",
      node: srcNode.name,
      device,
      point: "to-endpoint",
      src: translatedAt ? translatedAt.to : to,
      dst: `${clientIP}:${sport}`,
      summary: translatedAt
        ? `The reply comes back; conntrack on ${translatedAt.node.name} reverses the translation, so the client sees it from ${translatedAt.to}`
        : `The reply comes back the same way to ${client.name}`,
      change: translatedAt ? `un-DNAT ${translatedAt.from} -> ${translatedAt.to}` : undefined,
      verdict: "delivered",
    }),
  );
  return done("ok", latency + (translatedAt && translatedAt.node !== srcNode ? 1 : 0), {
    pod: server.name,
    namespace: server.namespace,
    container: listening.container,
    ip: intToIp(server.podIP!),
    port: targetPort,
  });
}

/**
 * kube-proxy's translation on `node`: REJECT when the Service has no ready endpoint, otherwise a
 * chosen endpoint and the DNAT hop. Returns the endpoint, or undefined when rejected.
 */
function translate(
  sim: ClusterView,
  rules: ServicePortRules,
  clientIP: string,
  node: NodeState,
  src: string,
  dst: string,
  random: TrafficRandom,
  hops: Hop[],
  via: "cluster IP" | "node port",
): { ip: number; port: number } | undefined {
  const svc = rules.service;
  const choice = chooseEndpoint(sim, rules, clientIP, random.proxy, random.endpoints);
  if (!choice) {
    const all = { length: rules.total };
    hops.push(
      hop({
        kind: "kube-proxy",
        node: node.name,
        point: "to-stack",
        src,
        dst,
        summary: `kube-proxy's REJECT rule answers at once with ICMP port unreachable: Service ${svc.name} has no ready endpoints`,
        rule: rules.rejectRule,
        verdict: "rejected",
        reason:
          all.length === 0
            ? `Service ${svc.namespace}/${svc.name} has no endpoints: its selector ${formatSelector(svc.selector)} matches no Pod${typeof svc.ports[rules.portIndex]!.targetPort === "string" ? ` that declares port "${svc.ports[rules.portIndex]!.targetPort}"` : ""}`
            : `Service ${svc.namespace}/${svc.name} has ${all.length} endpoint${all.length === 1 ? "" : "s"}, none ready`,
        fix:
          all.length === 0
            ? `Compare the Service's selector with the Pods' labels (cluster.get("pods", { showLabels: true })); a Service selects Pods of its own namespace only.`
            : `Not-ready Pods get no traffic: wait for them to become Ready, or find out why they are not (cluster.describe("pod", …)).`,
      }),
    );
    return undefined;
  }
  const { rule, how } = choice;
  const to = rule.address;
  const n = rules.endpoints.length;
  const who = rule.endpoint.pod?.name ?? to;
  const skipped = rules.notReady;
  const notReady = skipped ? `; ${skipped} not-ready endpoint${skipped === 1 ? " is" : "s are"} left out` : "";
  const ipvs = sim.options.proxyMode === "ipvs";
  const np = via === "node port" ? rules.nodePort : undefined;
  const summary =
    how === "affinity"
      ? `kube-proxy sends this client back to ${who}: session affinity (ClientIP) remembers it for ${svc.sessionAffinityTimeout}s`
      : ipvs
        ? `kube-proxy (IPVS) has a virtual server for ${dst}; the rr scheduler gives this connection to ${who}, the next of ${n} ready endpoint${n === 1 ? "" : "s"} in turn${notReady}`
        : `kube-proxy (iptables) matches ${dst} in ${np ? "KUBE-NODEPORTS" : "KUBE-SERVICES"}, jumps to ${rules.chain} and picks ${who} at random among ${n} ready endpoint${n === 1 ? "" : "s"}${notReady}`;
  const rule_ = ipvs
    ? `${rules.protocol}  ${dst} rr${svc.sessionAffinity === "ClientIP" ? ` persistent ${svc.sessionAffinityTimeout}` : ""}\n  -> ${to}  Masq    1`
    : [...(np ? np.rules : [rules.serviceRule]), ...(how === "affinity" ? [rule.affinityRule!] : [rule.jumpRule]), ...rule.sepRules].join("\n");
  hops.push(
    hop({
      kind: "kube-proxy",
      node: node.name,
      device: ipvs ? "kube-ipvs0" : undefined,
      point: "to-stack",
      src,
      dst,
      summary,
      change: `DNAT ${dst} -> ${to}`,
      rule: rule_,
      verdict: "translated",
    }),
  );
  return { ip: rule.endpoint.ip, port: rule.endpoint.port };
}

/** Adds the hops between two nodes for the cluster's network model. */
function routeBetweenNodes(sim: ClusterView, from: NodeState, to: NodeState, src: string, dst: string, hops: Hop[]): void {
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
export function listener(sim: ClusterView, pod: PodState, port: number, viaLoopback: boolean): { container: string } | undefined {
  for (let i = 0; i < pod.containers.length; i++) {
    const c = pod.containers[i]!;
    if (c.state !== "Running") continue;
    const app = sim.app(pod, i);
    if (app.listeners.some((l) => l.port === port && l.protocol === "TCP" && (viaLoopback || l.address === "0.0.0.0"))) return { container: c.name };
  }
  return undefined;
}

/** A hostNetwork Pod on `node` listening on `port`. */
function hostNetworkListener(sim: ClusterView, node: NodeState, port: number): { pod: PodState; container: string } | undefined {
  for (const pod of sim.pods()) {
    if (!pod.spec.hostNetwork || pod.nodeName !== node.name || pod.deletion !== undefined) continue;
    const l = listener(sim, pod, port, false);
    if (l) return { pod, container: l.container };
  }
  return undefined;
}

function listensOn(sim: ClusterView, pod: PodState): string {
  const ports = pod.containers.flatMap((c, i) => (c.state === "Running" ? sim.app(pod, i).listeners.filter((l) => l.protocol === "TCP").map((l) => `${c.name} on ${l.port}`) : []));
  return ports.length ? ` (it listens: ${ports.join(", ")})` : " (it listens on no TCP port)";
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

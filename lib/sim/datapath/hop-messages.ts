/**
 * Every text a connection's hops show: summaries, reasons and fixes, in one catalog so their
 * wording can be read and reviewed together. Each message is a function of the values it names;
 * the datapath's steps, the network models and the built-in proxy modes call them.
 */
import { NODE_PORT_RANGE } from "../ipam/node-port.js";

/** Counted noun for the endpoints to choose from: `1 ready endpoint`, or (none being ready) `3 terminating endpoints still serving`. */
function endpoints(n: number, terminating = false): string {
  return terminating ? `${n} terminating endpoint${n === 1 ? "" : "s"} still serving (none is ready)` : `${n} ready endpoint${n === 1 ? "" : "s"}`;
}

// Loopback: inside the Pod's own network namespace.

/** Nothing listens on the loopback port. */

/** kubectl's namespace flag for a command about `namespace` (none for "default"). */
export const nsFlag = (namespace: string): string => (namespace === "default" ? "" : ` -n ${namespace}`);

export const loopbackRefused = {
  summary: (pod: string, port: number) => `No container of Pod ${pod} listens on port ${port}: the kernel answers the SYN with a reset`,
  reason: (dst: string, pod: string) => `connection refused: nothing listens on ${dst} inside Pod ${pod}`,
  fix: (pod: string, declared: string) => `Check the port: the containers of ${pod} declare ${declared}. localhost reaches only containers of the same Pod.`,
};

/** Delivered over the Pod's loopback. */
export const loopbackDelivered = (container: string) =>
  `Over the Pod's loopback to container ${container} (all containers of a Pod share one network namespace)`;

// Leaving the client.

/** The SYN leaves a hostNetwork Pod. */
export const sendFromHost = (pod: string, node: string) => `SYN leaves ${pod} (hostNetwork: the node's own network stack on ${node})`;

/** The SYN leaves a Pod through its veth pair. */
export const sendFromPod = (pod: string, node: string, veth: string | undefined) => `SYN leaves ${pod} through eth0 and enters node ${node} on ${veth}`;

// The service network.

/** A ClusterIP:port no Service rule matches. */
export const noServiceRule = {
  summary: (dst: string) => `No KUBE-SERVICES rule matches ${dst}: the packet is routed to the default gateway, where nothing answers`,
  reasonNoPort: (service: string, port: number) => `Service ${service} has no port ${port}`,
  reasonNoService: (ip: string) => `${ip} is no Service's ClusterIP`,
  fixNoPort: (service: string, ports: string, port: number) =>
    `Service ${service} exposes ${ports}; connect to one of those ports (port:, not targetPort:), or add port ${port} to the Service.`,
  fixNoService: (ip: string) => `No Service owns ${ip}; resolve the Service's name instead of using an address.`,
};

/** A ClusterIP bound to kube-ipvs0 on a port without a virtual server: KUBE-IPVS-FILTER refuses at once. */
export const vipFiltered = {
  summary: (dst: string) => `No IPVS virtual server for ${dst}: KUBE-IPVS-FILTER rejects the SYN with ICMP port unreachable`,
};

/** `internalTrafficPolicy: Local` on a node without a ready endpoint of the Service. */
export const noLocalEndpoints = {
  summaryDrop: (service: string, node: string, policy: string) =>
    `kube-proxy's DROP rule discards the packet: Service ${service} has ${policy}: Local and no ready endpoint on ${node}`,
  summaryRefuse: (service: string, node: string, policy: string) =>
    `The IPVS virtual server has no real server on ${node} (${policy}: Local), so the kernel answers with ICMP port unreachable: Service ${service}`,
  reason: (service: string, node: string, policy: string) =>
    `Service ${service} has ${policy}: Local, so ${policy === "internalTrafficPolicy" ? "ClusterIP" : "NodePort"} traffic only goes to endpoints on ${node}, which has none`,
  fix: (policy: string) =>
    policy === "internalTrafficPolicy"
      ? "Run the client on a node with a ready endpoint, or set internalTrafficPolicy: Cluster (the default)."
      : "Send the traffic to a node that runs a ready endpoint, or set externalTrafficPolicy: Cluster (the default).",
};

/** kube-proxy marks traffic from outside the Pod network for masquerade, so the reply comes back through this node. */
export const clusterIPMasquerade = {
  summary: (node: string, snat: string) =>
    `The client is not in the Pod network: the Service chain's \`! -s <clusterCIDR>\` rule marks the packet and ${node} masquerades it to ${snat}`,
};

/** A Pod reached itself through its Service (hairpin): kube-proxy masquerades the packet. */
export const hairpinMasquerade = {
  summary: (pod: string, node: string, snat: string) =>
    `The endpoint is ${pod} itself (hairpin): kube-proxy marks the packet for masquerading and ${node} masquerades it to cni0's ${snat}, so the Pod does not see a packet from its own address`,
};

/** flannel masquerades Pod traffic leaving the Pod network. */
export const flannelMasquerade = {
  summary: (node: string, snat: string) => `flannel masquerades Pod traffic leaving the Pod network: the source becomes ${node}'s address ${snat}`,
  change: (from: string, to: string) => `SNAT ${from} -> ${to}`,
};

/** A Service port without ready endpoints: kube-proxy rejects at once. */
export const noEndpoints = {
  summary: (service: string) => `kube-proxy's REJECT rule answers at once with ICMP port unreachable: Service ${service} has no ready endpoints`,
  summaryIpvs: (service: string) =>
    `The IPVS virtual server has no real servers, so the kernel answers at once with ICMP port unreachable: Service ${service} has no ready endpoints`,
  reasonNone: (service: string, selector: string, namedPort: string | undefined) =>
    `Service ${service} has no endpoints: its selector ${selector} matches no Pod${namedPort !== undefined ? ` that declares port "${namedPort}"` : ""}`,
  reasonNotReady: (service: string, total: number) => `Service ${service} has ${total} endpoint${total === 1 ? "" : "s"}, none ready`,
  /** The commands a learner runs: the labels the selector should match, and the (empty) EndpointSlices. */
  fixNone: (service: string, namespace: string, selector: string) =>
    `Compare the Service's selector (${selector}) with the Pods' labels: kubectl get pods${nsFlag(namespace)} --show-labels; kubectl get endpointslices${nsFlag(namespace)} -l kubernetes.io/service-name=${service} lists the endpoints it found. A Service selects Pods of its own namespace only.`,
  /** `kubectl describe` takes a label selector (-l), so the command names the Service's Pods without knowing them. */
  fixNotReady: (service: string, namespace: string, selector: string) =>
    `Not-ready Pods get no traffic: kubectl get endpointslices${nsFlag(namespace)} -l kubernetes.io/service-name=${service} shows each endpoint's conditions, and kubectl describe pods${nsFlag(namespace)} -l ${selector} shows why a Pod is not Ready (its probes and events); wait for them to become Ready.`,
};

/** The DNAT a proxy mode applies. */
export const dnat = (from: string, to: string) => `DNAT ${from} -> ${to}`;

/** A returning client sent back to its endpoint by ClientIP affinity. */
export const affinityChoice = (who: string, timeoutSeconds: number) =>
  `kube-proxy sends this client back to ${who}: session affinity (ClientIP) remembers it for ${timeoutSeconds}s`;

/** `; 2 not-ready endpoints are left out`, or nothing. */
export const notReadySuffix = (skipped: number) => (skipped ? `; ${skipped} not-ready endpoint${skipped === 1 ? " is" : "s are"} left out` : "");

/** iptables mode's random pick through the statistic rules. */
export const iptablesChoice = (dst: string, nodePort: boolean, chain: string, who: string, n: number, notReady: string, terminating = false) =>
  `kube-proxy (iptables) matches ${dst} in ${nodePort ? "KUBE-NODEPORTS" : "KUBE-SERVICES"}, jumps to ${chain} and picks ${who} at random among ${endpoints(n, terminating)}${notReady}`;

/** IPVS mode's rr scheduler. */
export const ipvsChoice = (dst: string, who: string, n: number, notReady: string, terminating = false) =>
  `kube-proxy (IPVS) has a virtual server for ${dst}; the rr scheduler gives this connection to ${who}, the next of ${endpoints(n, terminating)} in turn${notReady}`;

/**
 * What topology-aware routing did on the translating node (`trafficDistribution`), appended to the
 * choice: which endpoints its hints kept, or why the node fell back to all of them.
 */
export const topologyNote = (t: {
  readonly distribution: string;
  readonly mode: "PreferSameNode" | "PreferSameZone" | undefined;
  readonly node: string;
  readonly zone: string | undefined;
  readonly ready: number;
  readonly kept: number;
  readonly zoneHints?: string | undefined;
}): string => {
  const head = `; trafficDistribution: ${t.distribution}: `;
  const kept = `the ${t.kept} of ${endpoints(t.ready)} hinted for`;
  if (t.mode === "PreferSameNode") return `${head}kube-proxy on ${t.node} uses only ${kept} ${t.node}`;
  const there = t.distribution === "PreferSameNode" ? `no ready endpoint is on ${t.node}, so kube-proxy there uses` : `kube-proxy on ${t.node} uses`;
  if (t.mode === "PreferSameZone") return `${head}${there} only ${kept} its zone ${t.zone}`;
  const why =
    t.zoneHints === "node-zone-missing"
      ? `${t.node} has no topology.kubernetes.io/zone label`
      : t.zoneHints === "no-endpoint-for-zone"
        ? `none is in its zone ${t.zone}`
        : "the endpoints have no zone hints (their nodes have no topology.kubernetes.io/zone label)";
  return `${head}${there} all ${endpoints(t.ready)}, as ${why}`;
};

// Node addresses: NodePorts, the API server, hostNetwork Pods.

/** The packet leaves for another node's address. */
export const toNode = (ip: string, node: string, here: string) => `${ip} is node ${node}: the packet goes out ${here}'s eth0 on the node network`;

/** NodePort traffic masqueraded to the node. */
export const nodePortMasquerade = {
  summary: (node: string, snat: string) =>
    `KUBE-POSTROUTING masquerades NodePort traffic: the source becomes ${node}'s ${snat}, so the reply comes back through this node`,
  change: (from: string, to: string) => `SNAT ${from} -> ${to}`,
};

/** A hostPort: the CNI portmap plugin's DNAT on the node (CNI-HOSTPORT-DNAT, then the container's CNI-DN-… chain). */
export const hostPortDNAT = {
  summary: (node: string, port: number, pod: string, chain: string) =>
    `portmap on ${node}: CNI-HOSTPORT-DNAT sends port ${port} to ${chain}, which rewrites the destination to Pod ${pod} (hostPort)`,
};

/** The API server answers on its node's address. */
export const apiServerDelivered = (dst: string, node: string) => `Delivered to the API server listening on ${dst} on ${node}`;

/** The API server answers as a Service's endpoint. */
export const apiServerEndpointDelivered = (dst: string, node: string) => `Delivered to the API server (kube-apiserver) listening on ${dst} on ${node}`;

/** kube-proxy's health-check server answers on a Service's healthCheckNodePort. */
export const healthCheckAnswered = (service: string, node: string, local: number) =>
  `kube-proxy's health-check server on ${node} answers for ${service}: ${local === 0 ? "no local endpoint, so HTTP 503 and a load balancer leaves this node out" : `${local} local endpoint${local === 1 ? "" : "s"}, so HTTP 200`}`;

/** A hostNetwork Pod answers on its node's address. */
export const hostPodDelivered = (container: string, pod: string, dst: string) =>
  `Delivered to container ${container} of hostNetwork Pod ${pod}, listening on ${dst}`;

/** A node address where nothing listens, or an address outside the cluster. */
export const nodeRefused = {
  summary: (node: string, port: number) => `Node ${node} has nothing listening on port ${port}`,
  reason: (node: string, port: number) => `connection refused by node ${node}: no NodePort or host process on ${port}`,
  fix: `NodePorts are in ${NODE_PORT_RANGE.first}-${NODE_PORT_RANGE.last}; check the Service's PORT(S) column (e.g. 80:30080/TCP).`,
};

/** An address outside the cluster. */
export const noRoute = {
  summary: (ip: string) => `${ip} is outside the cluster; the simulated cluster has no route to the internet`,
  reason: (ip: string) => `no route to ${ip}`,
};

/** An endpoint on a node address where nothing listens. */
export const endpointRefused = {
  summary: (dst: string) => `Nothing listens on ${dst}`,
  reason: (dst: string) => `connection refused: nothing listens on ${dst}`,
};

// The Pod network.

/** An address in the cluster CIDR that no node's podCIDR holds. */
export const noPodCIDR = {
  summary: (ip: string) => `No node's podCIDR holds ${ip}: no route matches, so the packet goes to the default gateway and is lost`,
  reason: (ip: string) => `${ip} is in the cluster CIDR but no node owns that range`,
  fix: `Use a Service name rather than a Pod IP.`,
};

/** No Pod has the address on its node's bridge. */
export const noPodAtIP = {
  summary: (node: string, ip: string) => `cni0 on ${node} asks (ARP) who has ${ip}; no Pod answers`,
  reason: (ip: string, where: string) => `no Pod has IP ${ip} ${where}: it was probably deleted, and its replacement got a new IP`,
  fix: `Do not hard-code Pod IPs: call the Service by name (its ClusterIP stays while Pods come and go).`,
};

/** The bridge forwards to the Pod's veth. */
export const bridgeSameNode = (podCIDR: string, veth: string | undefined) =>
  `Same node: the route ${podCIDR} dev cni0 keeps the packet on the bridge, which forwards it to ${veth}`;

/** The bridge on the destination node forwards to the Pod's veth. */
export const bridgeRemote = (node: string, veth: string | undefined) => `cni0 on ${node} forwards the packet to ${veth}`;

/** The destination Pod is terminating. */
export const podTerminating = {
  summary: (pod: string) => `Pod ${pod} is Terminating: its containers have stopped listening, so the SYN is answered with a reset`,
  reason: (pod: string) => `Pod ${pod} is terminating`,
  fix: `Call the Service instead of the Pod: terminating Pods leave the Service's endpoints.`,
  /** Reached through a Service whose endpoints are all terminating (kube-proxy's fallback). */
  fixViaService: `None of the Service's endpoints is ready, so kube-proxy sent the connection to a terminating one; wait for ready replacement Pods (kubectl get endpointslices shows their conditions).`,
};

/** A container listens on 127.0.0.1 only. */
export const loopbackOnly = {
  summary: (container: string, pod: string, port: number, ip: string) =>
    `Container ${container} of Pod ${pod} listens on 127.0.0.1:${port} only; a packet to ${ip} finds no socket, so the kernel answers with a reset`,
  reason: (container: string, port: number) => `connection refused: ${container} listens on 127.0.0.1:${port}, reachable only from containers of the same Pod`,
  fix: (port: number) => `Make the app listen on 0.0.0.0 (all addresses), e.g. -listen=:${port} instead of -listen=127.0.0.1:${port}.`,
};

/** Nothing in the Pod listens on the port. */
export const portClosed = {
  summary: (pod: string, port: number) => `Nothing in Pod ${pod} listens on port ${port}: the kernel answers the SYN with a reset`,
  reason: (pod: string, port: number, listens: string) => `connection refused: no container of ${pod} listens on ${port}${listens}`,
  fix: `Make the Service's targetPort (or your URL) match the port the app listens on; containerPort only documents it.`,
};

/** Delivered to a container of the Pod. */
export const podDelivered = (container: string, pod: string, dst: string) => `Delivered to container ${container} of Pod ${pod}, listening on ${dst}`;

/** The reply on its way back. */
export const reply = {
  translated: (node: string, seen: string) => `The reply comes back; conntrack on ${node} reverses the translation, so the client sees it from ${seen}`,
  direct: (client: string) => `The reply comes back the same way to ${client}`,
  change: (from: string, to: string) => `un-DNAT ${from} -> ${to}`,
};

// Between nodes: the network models.

/** flannel host-gw: a plain route to the other node. */
export const hostGWRoute = (from: string, remote: string, to: string, toIP: string) =>
  `host-gw: ${from} routes ${remote} straight to ${to} (${toIP}); the packet crosses the node network unchanged`;

/** flannel VXLAN: encapsulation on the sending node. */
export const vxlanEncapsulate = (from: string, remote: string, device: string, vni: number, to: string) =>
  `${from} routes ${remote} via ${device}; flannel wraps the packet in VXLAN (VNI ${vni}) addressed to ${to}`;

/** flannel VXLAN: decapsulation on the receiving node. */
export const vxlanDecapsulate = (to: string, port: number, device: string) =>
  `${to} receives UDP ${port} on ${device} and unwraps the original packet (still addressed to the Pod: no NAT)`;

/** The outer header a VXLAN hop adds or removes. */
export const vxlanChange = (what: "encapsulate" | "decapsulate", outer: string) => `${what}: outer ${outer}`;

// NetworkPolicy: what the cluster's policy implementation did on each side.

/** `NetworkPolicy default/a`, `NetworkPolicies default/a and default/b`. */
function policyList(policies: readonly string[]): string {
  if (policies.length === 1) return `NetworkPolicy ${policies[0]!}`;
  return `NetworkPolicies ${policies.slice(0, -1).join(", ")} and ${policies.at(-1)!}`;
}

/** The policy side of a connection: `egress` from the client, `ingress` to the server. */
export const networkPolicy = {
  notEnforced: (policies: readonly string[], pod: string, direction: "ingress" | "egress") =>
    `${policyList(policies)} ${policies.length === 1 ? "selects" : "select"} Pod ${pod} for ${direction}, but nothing in this cluster enforces NetworkPolicy (flannel alone does not): the packet passes`,
  allowed: (pod: string, direction: "ingress" | "egress", rule: string) => `NetworkPolicy allows this ${direction} of Pod ${pod}: ${rule}`,
  nodeTraffic: (pod: string, node: string) =>
    `A process of ${node} itself sends this (as root): the policy agent accepts it before any policy, so NetworkPolicy does not apply to Pod ${pod}'s ingress here`,
  /** Why a rule did not match, one entry per isolating policy of a drop (`network-policy/evaluate.ts`). */
  miss: {
    noRules: (policy: string, field: "ingress" | "egress") => `${policy} has no ${field} rules: it allows nothing`,
    wrongPort: (allowed: readonly string[], got: string) => `wrong port (allows ${allowed.join(", ")}, got ${got})`,
    notInIPBlock: (ip: string, block: string) => `${ip} is not in ipBlock ${block}`,
    notAPod: (side: "source" | "destination", ip: string) => `the ${side} ${ip} is not a Pod, and podSelector and namespaceSelector select Pods only`,
    podLabels: (pod: string, selector: string) => `pod labels of ${pod} do not match podSelector ${selector}`,
    namespaceLabels: (namespace: string, selector: string) => `namespace labels of ${namespace} do not match namespaceSelector ${selector}`,
    otherNamespace: (pod: string, namespace: string, policyNamespace: string) =>
      `${pod} is in namespace ${namespace}, and a podSelector without namespaceSelector selects Pods of ${policyNamespace} only`,
  },
  dropped: {
    summary: (pod: string, direction: "ingress" | "egress", what: "syn" | "query" | "echo" = "syn") =>
      `NetworkPolicy drops this ${direction} of Pod ${pod}: the ${what === "query" ? "query is dropped, no answer comes back" : what === "echo" ? "echo request is dropped, no reply comes back" : "SYN is dropped, no reset is sent"}`,
    reason: (policies: readonly string[], pod: string, direction: "ingress" | "egress", misses: readonly string[] = []) =>
      // A registered implementation may drop without naming a policy.
      policies.length === 0
        ? `The NetworkPolicy implementation drops this ${direction} of Pod ${pod} without naming a policy${misses.length ? `: ${misses.join("; ")}` : ""}`
        : `${policyList(policies)} isolate${policies.length === 1 ? "s" : ""} Pod ${pod} for ${direction} and no rule allows this connection${misses.length ? `: ${misses.join("; ")}` : ""}`,
    /** A dropped ping: ICMP has no port a rule could name. */
    icmpFix: "NetworkPolicy ports name TCP, UDP or SCTP only, so only a rule without ports allows ping; test the port the rules allow with curl or nc instead.",
    /** A dropped DNS query: the rule every default-deny egress needs. */
    dnsFix: (direction: "ingress" | "egress") =>
      direction === "egress"
        ? "Allow DNS in an egress rule: ports UDP 53 (and TCP 53) to namespaceSelector {kubernetes.io/metadata.name: kube-system} with podSelector {k8s-app: kube-dns}."
        : "Allow DNS in CoreDNS's ingress: ports UDP 53 (and TCP 53) from the namespaces whose Pods resolve names.",
    fix: (direction: "ingress" | "egress") =>
      `Add a rule that allows it (${direction === "ingress" ? "ingress[].from and ports" : "egress[].to and ports"}), or check the peer's labels and namespace labels against the policy's selectors.`,
  },
};

/** kube-proxy's nftables mode: one verdict-map lookup, then numgen's pick. */
export const nftables = {
  choice: (dst: string, map: string, key: string, chain: string, who: string, n: number, notReady: string) =>
    `kube-proxy (nftables) finds ${dst} as \`${key}\` in the ${map} verdict map (one lookup, however many Services), goes to ${chain}, where numgen random mod ${n} picks ${who} among ${endpoints(n)}${notReady}`,
  noLocalEndpoints: (service: string, node: string, policy: string) =>
    `kube-proxy's ${policy === "internalTrafficPolicy" ? "no-endpoint-services" : "no-endpoint-nodeports"} map drops the packet: Service ${service} has ${policy}: Local and no ready endpoint on ${node}`,
  noEndpoints: (service: string) =>
    `kube-proxy's no-endpoint-services map sends the connection to reject-chain, which answers at once with ICMP port unreachable: Service ${service} has no ready endpoints`,
  vipFiltered: (dst: string) =>
    `No element of service-ips matches ${dst}, but the address is in the cluster-ips set: cluster-ips-check rejects the SYN with ICMP port unreachable`,
  pingRejected: (ip: string, node: string) =>
    `No interface owns ${ip}, and ${node}'s cluster-ips-check rejects anything to a ClusterIP that no service-ips element took, ICMP included, with ICMP port unreachable: no echo reply comes back`,
  localhostNodePort: {
    summary: (port: number) =>
      `127.0.0.1 is not in kube-proxy's nodeport-ips set, so no rule takes NodePort ${port}, and nothing on the node listens on it: the kernel answers the SYN with a reset`,
    reason: (port: number) =>
      `connection refused: kube-proxy's nftables mode accepts NodePorts only on the node's primary address (the nodeport-ips set), not on 127.0.0.1:${port}`,
    fix: (address: string) => `Use the node's address instead of localhost: curl http://${address}/`,
  },
  unallocated: (dst: string) =>
    `No element of service-ips matches ${dst} and no Service holds the address: cluster-ips-check drops packets to the service range's unallocated addresses`,
  clusterIPMasquerade: (node: string, snat: string) =>
    `The client is not in the Pod network: the Service chain's \`ip saddr != <clusterCIDR>\` rule marks the packet (0x4000) and ${node}'s masquerading chain masquerades it to ${snat}`,
  nodePortMasquerade: (node: string, snat: string) =>
    `The external- chain marked NodePort traffic (0x4000): ${node}'s masquerading chain masquerades it, so the source becomes ${snat} and the reply comes back through this node`,
};

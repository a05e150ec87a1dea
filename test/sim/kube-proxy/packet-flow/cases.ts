/**
 * The packet-flow tables of kube-proxy's unit tests (`runPacketFlowTests(t, …, []packetFlowTest{…})`
 * in pkg/proxy/iptables/proxier_test.go), as data: which packet, and what kube-proxy's rules on
 * the node do with it. `output` is upstream's: the endpoints the DNAT may pick (`ip:port, …`),
 * `REJECT`, `DROP`, `ACCEPT`, or `""` when no rule of kube-proxy matches; `masq` says whether the
 * packet is marked for masquerading. The verdicts do not depend on the proxy mode.
 *
 * A case podtalk cannot express carries `skip` with the reason; every case names its upstream
 * test function (and sub-test).
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier_test.go
 */
import { internalExternalMasqueradeCases } from "./masquerade-cases.js";
import { EXTERNAL_CLIENT, EXTERNAL_CLIENT_BLOCKED, type FlowCase, NO_LOCALHOST_IN_NFTABLES, NODE_IP, NODE_IP_ALT, SKIP, type ScenarioId } from "./scenarios.js";

export type { FlowCase } from "./scenarios.js";

const POD = "10.0.0.2";
const LB1 = "1.2.3.4";
const LB2 = "5.6.7.8";

const tracePacket: FlowCase[] = [
  { name: "no match", sourceIP: POD, destIP: "10.0.0.3", destPort: 80, output: "" },
  { name: "single endpoint", sourceIP: POD, destIP: "172.30.0.41", destPort: 80, output: "10.180.0.1:80" },
  { name: "multiple endpoints", sourceIP: POD, destIP: "172.30.0.44", destPort: 80, output: "10.180.0.4:80, 10.180.0.5:80" },
  { name: "LOCAL, KUBE-MARK-MASQ", sourceIP: NODE_IP, destIP: "192.168.99.22", destPort: 80, output: "10.180.0.2:80", masq: true, skip: SKIP.externalIP },
  { name: "DROP", sourceIP: EXTERNAL_CLIENT, destIP: "192.168.99.22", destPort: 80, output: "DROP", skip: SKIP.externalIP },
  { name: "ACCEPT (NodePortHealthCheck)", sourceIP: NODE_IP, destIP: NODE_IP, destPort: 30000, output: "ACCEPT" },
  { name: "REJECT", sourceIP: POD, destIP: "172.30.0.46", destPort: 80, output: "REJECT" },
].map((c) => ({ ...c, upstream: "TestTracePacket (TestOverallIPTablesRules' Services)", scenario: "overall" }));

const noEndpointsReject: FlowCase[] = [
  { name: "pod to cluster IP with no endpoints", sourceIP: POD, destIP: "172.30.0.41", destPort: 80, output: "REJECT" },
  {
    name: "external to external IP with no endpoints",
    sourceIP: EXTERNAL_CLIENT,
    destIP: "192.168.99.11",
    destPort: 80,
    output: "REJECT",
    skip: SKIP.externalIP,
  },
  { name: "pod to NodePort with no endpoints", sourceIP: POD, destIP: NODE_IP, destPort: 3001, output: "REJECT" },
  { name: "external to NodePort with no endpoints", sourceIP: EXTERNAL_CLIENT, destIP: NODE_IP, destPort: 3001, output: "REJECT" },
  { name: "pod to LoadBalancer IP with no endpoints", sourceIP: POD, destIP: LB1, destPort: 80, output: "REJECT", skip: SKIP.loadBalancerIP },
  { name: "external to LoadBalancer IP with no endpoints", sourceIP: EXTERNAL_CLIENT, destIP: LB1, destPort: 80, output: "REJECT", skip: SKIP.loadBalancerIP },
].map((c) => ({ ...c, upstream: "TestNoEndpointsReject", scenario: "noEndpointsReject" }));

const both = (port: number) => `10.180.0.1:${port}, 10.180.2.1:${port}`;
const clusterIPGeneral: FlowCase[] = [
  { name: "simple clusterIP", sourceIP: "10.180.0.2", destIP: "172.30.0.41", destPort: 80, output: "10.180.0.1:80", masq: false },
  { name: "hairpin to cluster IP", sourceIP: "10.180.0.1", destIP: "172.30.0.41", destPort: 80, output: "10.180.0.1:80", masq: true },
  { name: "clusterIP with multiple endpoints", sourceIP: "10.180.0.2", destIP: "172.30.0.42", destPort: 80, output: both(80), masq: false },
  { name: "clusterIP with TargetPort", sourceIP: "10.180.0.2", destIP: "172.30.0.42", destPort: 443, output: both(8443), masq: false },
  {
    name: "clusterIP with TCP, UDP, and SCTP on same port (TCP)",
    sourceIP: "10.180.0.2",
    destIP: "172.30.0.42",
    destPort: 53,
    output: both(5353),
    masq: false,
  },
  {
    name: "clusterIP with TCP, UDP, and SCTP on same port (UDP)",
    sourceIP: "10.180.0.2",
    protocol: "UDP" as const,
    destIP: "172.30.0.42",
    destPort: 53,
    output: both(53),
    skip: SKIP.protocol,
  },
  {
    name: "clusterIP with TCP, UDP, and SCTP on same port (SCTP)",
    sourceIP: "10.180.0.2",
    protocol: "SCTP" as const,
    destIP: "172.30.0.42",
    destPort: 53,
    output: both(53),
    skip: SKIP.protocol,
  },
  {
    name: "TCP-only port does not match UDP traffic",
    sourceIP: "10.180.0.2",
    protocol: "UDP" as const,
    destIP: "172.30.0.42",
    destPort: 80,
    output: "",
    skip: SKIP.protocol,
    modes: { nftables: { output: "REJECT" } },
  },
  // nftables mode rejects traffic to a ClusterIP's undefined ports and drops traffic to unallocated ClusterIPs (cluster-ips-check).
  {
    name: "svc1 does not accept svc2's ports",
    sourceIP: "10.180.0.2",
    destIP: "172.30.0.41",
    destPort: 443,
    output: "",
    modes: { nftables: { output: "REJECT" } },
  },
  { name: "packet to unallocated cluster ip", sourceIP: "10.180.0.2", destIP: "172.30.0.50", destPort: 80, output: "DROP", onlyModes: ["nftables"] },
].map((c) => ({ ...c, upstream: "TestClusterIPGeneral", scenario: "clusterIPGeneral" }));

const lbEp = "10.180.0.1:80";
const loadBalancer: FlowCase[] = [
  { name: "pod to cluster IP", sourceIP: POD, destIP: "172.30.0.41", destPort: 80, output: lbEp, masq: false },
  { name: "external to nodePort", sourceIP: EXTERNAL_CLIENT, destIP: NODE_IP, destPort: 3001, output: lbEp, masq: true },
  { name: "nodePort bypasses LoadBalancerSourceRanges", sourceIP: EXTERNAL_CLIENT_BLOCKED, destIP: NODE_IP, destPort: 3001, output: lbEp, masq: true },
  ...[LB1, LB2].flatMap((lb, i) => [
    { name: `accepted external to LB${i + 1}`, sourceIP: EXTERNAL_CLIENT, destIP: lb, destPort: 80, output: lbEp, masq: true, skip: SKIP.loadBalancerIP },
    { name: `blocked external to LB${i + 1}`, sourceIP: EXTERNAL_CLIENT_BLOCKED, destIP: lb, destPort: 80, output: "DROP", skip: SKIP.loadBalancerIP },
    { name: `pod to LB${i + 1} (blocked by LoadBalancerSourceRanges)`, sourceIP: POD, destIP: lb, destPort: 80, output: "DROP", skip: SKIP.loadBalancerIP },
    {
      name: `node to LB${i + 1} (allowed by LoadBalancerSourceRanges)`,
      sourceIP: NODE_IP,
      destIP: lb,
      destPort: 80,
      output: lbEp,
      masq: true,
      skip: SKIP.loadBalancerIP,
    },
    {
      name: `same node to LB${i + 1}, SNATted to LB${i + 1} (implicitly allowed)`,
      sourceIP: lb,
      destIP: lb,
      destPort: 80,
      output: lbEp,
      masq: true,
      skip: SKIP.loadBalancerIP,
    },
  ]),
].map((c) => ({ ...c, upstream: "TestLoadBalancer", scenario: "loadBalancer" }));

/** TestNodePorts runs the same flows under seven kube-proxy configurations; only the first is kubeadm's. */
function nodePortCases(): FlowCase[] {
  const configs = [
    { name: "ipv4, localhost-nodeports enabled", ipv6: false, localhost: true, alt: true },
    { name: "ipv4, localhost-nodeports disabled", ipv6: false, localhost: false, alt: true },
    { name: "ipv4, localhost-nodeports disabled, localhost in nodeport-addresses", ipv6: false, localhost: false, alt: false },
    { name: "ipv4, localhost-nodeports enabled, multiple nodeport-addresses", ipv6: false, localhost: false, alt: true },
    { name: "ipv6, localhost-nodeports enabled", ipv6: true, localhost: false, alt: true },
    { name: "ipv6, localhost-nodeports disabled", ipv6: true, localhost: false, alt: true },
    { name: "ipv6, localhost-nodeports disabled, multiple nodeport-addresses", ipv6: true, localhost: false, alt: false },
  ];
  return configs.flatMap((cfg, i) => {
    const [pod, external, node, alt, localhost] = cfg.ipv6
      ? ["fd00:10::2", "2600:5200::1", "2001:db8::1", "2001:db8:1::2", "::1"]
      : [POD, EXTERNAL_CLIENT, NODE_IP, NODE_IP_ALT, "127.0.0.1"];
    const output = cfg.ipv6 ? "[fd00:10:180::1]:80, [fd00:10:180::2:1]:80" : "10.180.0.1:80, 10.180.2.1:80";
    const skip = cfg.ipv6 ? SKIP.ipv6 : i > 0 ? SKIP.proxyFlags : undefined;
    const cases: Omit<FlowCase, "upstream" | "scenario">[] = [
      { name: "pod to cluster IP", sourceIP: pod, destIP: cfg.ipv6 ? "fd00:172:30::41" : "172.30.0.41", destPort: 80, output, masq: false },
      { name: "external to nodePort", sourceIP: external, destIP: node, destPort: 3001, output, masq: true },
      { name: "node to nodePort", sourceIP: node, destIP: node, destPort: 3001, output, masq: true },
      cfg.localhost
        ? {
            name: "localhost to nodePort gets masqueraded",
            sourceIP: localhost,
            destIP: localhost,
            destPort: 3001,
            output,
            masq: true,
            modes: NO_LOCALHOST_IN_NFTABLES,
          }
        : { name: "localhost to nodePort is ignored", sourceIP: localhost, destIP: localhost, destPort: 3001, output: "", modes: NO_LOCALHOST_IN_NFTABLES },
      cfg.alt
        ? {
            name: "external to nodePort on secondary IP",
            sourceIP: external,
            destIP: alt,
            destPort: 3001,
            output,
            masq: true,
            skip: skip ?? SKIP.secondaryNodeIP,
          }
        : { name: "secondary nodeIP ignores NodePorts", sourceIP: external, destIP: alt, destPort: 3001, output: "", skip: skip ?? SKIP.secondaryNodeIP },
    ];
    return cases.map((c) => ({ ...c, ...(skip && !c.skip ? { skip } : {}), upstream: `TestNodePorts / ${cfg.name}`, scenario: "nodePorts" as const }));
  });
}

const healthCheck: FlowCase[] = [
  {
    upstream: "TestHealthCheckNodePort",
    scenario: "healthCheckNodePort",
    name: "firewall accepts HealthCheckNodePort",
    sourceIP: LB1,
    destIP: NODE_IP,
    destPort: 30000,
    output: "ACCEPT",
    masq: false,
  },
  {
    upstream: "TestHealthCheckNodePort (after the Service is deleted)",
    scenario: "healthCheckNodePortDeleted",
    name: "HealthCheckNodePort no longer has any rule",
    sourceIP: LB1,
    destIP: NODE_IP,
    destPort: 30000,
    output: "",
  },
];

function externalPolicyCases(policy: "Local" | "Cluster"): FlowCase[] {
  const all = "10.180.0.1:80, 10.180.2.1:80";
  const local = policy === "Local";
  const ext = local ? "10.180.2.1:80" : all;
  const how = local ? "unmasqueraded" : "masqueraded";
  const cases = [
    { name: "pod to cluster IP hits both endpoints, unmasqueraded", sourceIP: POD, destIP: "172.30.0.41", destPort: 80, output: all, masq: false },
    {
      name: `pod to external IP hits both endpoints, ${how}`,
      sourceIP: POD,
      destIP: "192.168.99.11",
      destPort: 80,
      output: all,
      masq: !local,
      skip: SKIP.externalIP,
    },
    {
      name: `external to external IP hits ${local ? "only local endpoint" : "both endpoints"}, ${how}`,
      sourceIP: EXTERNAL_CLIENT,
      destIP: "192.168.99.11",
      destPort: 80,
      output: ext,
      masq: !local,
      skip: SKIP.externalIP,
    },
    {
      name: `pod to LB IP hits ${local ? "only " : ""}both endpoints, ${how}`,
      sourceIP: POD,
      destIP: LB1,
      destPort: 80,
      output: all,
      masq: !local,
      skip: SKIP.loadBalancerIP,
    },
    {
      name: `external to LB IP hits ${local ? "only local endpoint" : "both endpoints"}, ${how}`,
      sourceIP: EXTERNAL_CLIENT,
      destIP: LB1,
      destPort: 80,
      output: ext,
      masq: !local,
      skip: SKIP.loadBalancerIP,
    },
    { name: `pod to NodePort hits both endpoints, ${how}`, sourceIP: POD, destIP: NODE_IP, destPort: 3001, output: all, masq: !local },
    {
      name: `external to NodePort hits ${local ? "only local endpoint" : "both endpoints"}, ${how}`,
      sourceIP: EXTERNAL_CLIENT,
      destIP: NODE_IP,
      destPort: 3001,
      output: ext,
      masq: !local,
    },
  ];
  return cases.map((c) => ({ ...c, upstream: `TestExternalTrafficPolicy${policy}`, scenario: local ? "externalPolicyLocal" : "externalPolicyCluster" }));
}

const CLUSTER_IP = "172.30.1.1";
const toClusterIP = (name: string, output: string, masq?: boolean) => ({
  name,
  sourceIP: POD,
  destIP: CLUSTER_IP,
  destPort: 80,
  output,
  ...(masq === undefined ? {} : { masq }),
});

const internalPolicy: FlowCase[] = [
  {
    sub: "internalTrafficPolicy is cluster",
    scenario: "itpCluster",
    flow: toClusterIP("pod to ClusterIP hits all endpoints", "10.0.1.1:80, 10.0.1.2:80, 10.0.1.3:80", false),
  },
  {
    sub: "internalTrafficPolicy is local and there is one local endpoint",
    scenario: "itpLocalOne",
    flow: toClusterIP("pod to ClusterIP hits only local endpoint", "10.0.1.1:80", false),
  },
  {
    sub: "internalTrafficPolicy is local and there are multiple local endpoints",
    scenario: "itpLocalMany",
    flow: toClusterIP("pod to ClusterIP hits all local endpoints", "10.0.1.1:80, 10.0.1.2:80", false),
  },
  { sub: "internalTrafficPolicy is local and there are no local endpoints", scenario: "itpLocalNone", flow: toClusterIP("no endpoints", "DROP") },
].flatMap(({ sub, scenario, flow }) => [
  { ...flow, upstream: `TestInternalTrafficPolicy / ${sub}`, scenario: scenario as ScenarioId },
  {
    ...toClusterIP("endpoints deleted", "REJECT"),
    upstream: `TestInternalTrafficPolicy / ${sub} (after the EndpointSlice is deleted)`,
    scenario: (sub === "internalTrafficPolicy is cluster" ? "itpClusterDeleted" : "itpLocalDeleted") as ScenarioId,
  },
]);

/** TestTerminatingEndpointsTrafficPolicyLocal / …Cluster: four EndpointSlices, each traced, then deleted and traced again. */
function terminatingCases(policy: "Local" | "Cluster"): FlowCase[] {
  const local = policy === "Local";
  const subs: { sub: string; scenario: ScenarioId; pod: string; lb: string }[] = [
    {
      sub: "ready endpoints exist",
      scenario: local ? "termLocalReady" : "termClusterReady",
      pod: "10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80",
      lb: local ? "10.0.1.1:80, 10.0.1.2:80" : "10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80",
    },
    {
      sub: "only terminating endpoints exist",
      scenario: local ? "termLocalOnlyTerminating" : "termClusterOnlyTerminating",
      pod: local ? "10.0.1.5:80" : "10.0.1.2:80, 10.0.1.3:80, 10.0.1.5:80",
      lb: local ? "10.0.1.2:80, 10.0.1.3:80" : "10.0.1.2:80, 10.0.1.3:80, 10.0.1.5:80",
    },
    {
      sub: "terminating endpoints on remote node",
      scenario: local ? "termLocalRemote" : "termClusterRemote",
      pod: "10.0.1.5:80",
      lb: local ? "DROP" : "10.0.1.5:80",
    },
    { sub: "no usable endpoints on any node", scenario: local ? "termLocalNone" : "termClusterNone", pod: "REJECT", lb: "REJECT" },
  ];
  const upstream = `TestTerminatingEndpointsTrafficPolicy${policy}`;
  const lbMasq = (output: string) => (output.includes(":") ? { masq: !local } : {});
  return subs.flatMap(({ sub, scenario, pod, lb }) => [
    {
      ...toClusterIP(
        sub === "no usable endpoints on any node" ? "pod to clusterIP, no usable endpoints" : "pod to clusterIP",
        pod,
        pod.includes(":") ? false : undefined,
      ),
      upstream: `${upstream} / ${sub}`,
      scenario,
    },
    {
      name:
        sub === "terminating endpoints on remote node" && local
          ? "external to LB, no locally-usable endpoints"
          : sub === "no usable endpoints on any node" && local
            ? "external to LB, no usable endpoints"
            : "external to LB",
      sourceIP: EXTERNAL_CLIENT,
      destIP: LB1,
      destPort: 80,
      output: lb,
      ...lbMasq(lb),
      skip: SKIP.loadBalancerIP,
      upstream: `${upstream} / ${sub}`,
      scenario,
    },
    {
      ...toClusterIP("pod to clusterIP after endpoints deleted", "REJECT"),
      upstream: `${upstream} / ${sub} (after the EndpointSlice is deleted)`,
      scenario: local ? "termLocalDeleted" : "termClusterDeleted",
    },
    {
      name: "external to LB after endpoints deleted",
      sourceIP: EXTERNAL_CLIENT,
      destIP: LB1,
      destPort: 80,
      output: "REJECT",
      skip: SKIP.loadBalancerIP,
      upstream: `${upstream} / ${sub} (after the EndpointSlice is deleted)`,
      scenario: local ? "termLocalDeleted" : "termClusterDeleted",
    },
  ]);
}

/** Every upstream packet-flow case, in the order of proxier_test.go. */
export const CASES: readonly FlowCase[] = [
  ...tracePacket,
  ...noEndpointsReject,
  ...clusterIPGeneral,
  ...loadBalancer,
  ...nodePortCases(),
  ...healthCheck,
  ...externalPolicyCases("Local"),
  ...externalPolicyCases("Cluster"),
  ...internalPolicy,
  ...terminatingCases("Local"),
  ...terminatingCases("Cluster"),
  ...internalExternalMasqueradeCases(),
];

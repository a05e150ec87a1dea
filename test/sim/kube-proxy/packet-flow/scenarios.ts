/**
 * The Services and EndpointSlices that kube-proxy's own unit tests set up before they trace
 * packets through the rules (`runPacketFlowTests` in pkg/proxy/iptables/proxier_test.go of
 * kubernetes/kubernetes). These are facts about kube-proxy's behaviour, written down as data in
 * upstream's addresses; `run.ts` turns each scenario into a podtalk cluster.
 *
 * Upstream's conventions (NewFakeProxier): Pod IPs in 10.0.0.0/8, ClusterIPs in 172.30.0.0/16,
 * the node under test is `test-node` at 192.168.0.2, external IPs in 192.168.99.0/24,
 * load-balancer IPs 1.2.3.4, 5.6.7.8 and 9.10.11.12, clients outside the cluster in 203.0.113.0/24.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier_test.go
 */

/** testNodeIP: the node whose rules every flow goes through. */
export const NODE_IP = "192.168.0.2";
/** testNodeIPAlt: a second address of that node. */
export const NODE_IP_ALT = "192.168.1.2";
/** testExternalClient. */
export const EXTERNAL_CLIENT = "203.0.113.2";
/** testExternalClientBlocked (outside a load balancer's source ranges). */
export const EXTERNAL_CLIENT_BLOCKED = "203.0.113.130";
/** testNodeName: an endpoint with this nodeName is local to the node under test. */
export const LOCAL = "test-node";

export type Protocol = "TCP" | "UDP" | "SCTP";

export interface FlowServicePort {
  readonly name: string;
  readonly port: number;
  readonly protocol?: Protocol;
  /** Upstream's nodePort (podtalk maps it into its range, see run.ts). */
  readonly nodePort?: number;
}

export interface FlowService {
  readonly namespace: string;
  readonly name: string;
  readonly type?: "ClusterIP" | "NodePort" | "LoadBalancer";
  readonly clusterIP: string;
  readonly ports: readonly FlowServicePort[];
  readonly externalTrafficPolicy?: "Cluster" | "Local";
  readonly internalTrafficPolicy?: "Cluster" | "Local";
  /** sessionAffinity: ClientIP with this timeout. */
  readonly affinitySeconds?: number;
  readonly healthCheckNodePort?: number;
  readonly externalIPs?: readonly string[];
  /** status.loadBalancer.ingress[].ip */
  readonly loadBalancerIPs?: readonly string[];
  readonly loadBalancerSourceRanges?: readonly string[];
}

/** One endpoint of a slice: ready unless its conditions say otherwise. */
export interface FlowEndpoint {
  readonly ip: string;
  /** nodeName: LOCAL, another node's name, or none (never local). */
  readonly node?: string;
  readonly ready?: boolean;
  readonly serving?: boolean;
  readonly terminating?: boolean;
}

export interface FlowSlice {
  /** `namespace/name` of the Service. */
  readonly service: string;
  readonly endpoints: readonly FlowEndpoint[];
  /** Endpoint ports by Service port name. */
  readonly ports: readonly { readonly name: string; readonly port: number; readonly protocol?: Protocol }[];
}

export interface FlowScenario {
  readonly services: readonly FlowService[];
  readonly slices: readonly FlowSlice[];
}

const p80 = [{ name: "p80", port: 80 }] as const;
const unnamed80 = [{ name: "", port: 80 }] as const;
const ready = (ip: string, node?: string): FlowEndpoint => (node === undefined ? { ip } : { ip, node });
/** Ready false, serving true, terminating true: a Pod in its grace period that still passes its readiness probe. */
const servingTerminating = (ip: string, node: string): FlowEndpoint => ({ ip, node, ready: false, serving: true, terminating: true });
/** Ready false, serving false, terminating true: a terminating Pod that no longer passes its readiness probe. */
const deadTerminating = (ip: string, node: string): FlowEndpoint => ({ ip, node, ready: false, serving: false, terminating: true });

/** TestOverallIPTablesRules' Services and endpoints (TestTracePacket traces its rules). */
const overall: FlowScenario = {
  services: [
    { namespace: "ns1", name: "svc1", clusterIP: "172.30.0.41", ports: p80 },
    {
      namespace: "ns2",
      name: "svc2",
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      clusterIP: "172.30.0.42",
      ports: [{ name: "p80", port: 80, nodePort: 3001 }],
      loadBalancerIPs: ["1.2.3.4"],
      externalIPs: ["192.168.99.22"],
      healthCheckNodePort: 30000,
    },
    { namespace: "ns3", name: "svc3", type: "NodePort", clusterIP: "172.30.0.43", ports: [{ name: "p80", port: 80, nodePort: 3003 }] },
    { namespace: "ns4", name: "svc4", type: "NodePort", clusterIP: "172.30.0.44", externalIPs: ["192.168.99.33"], ports: p80 },
    {
      namespace: "ns5",
      name: "svc5",
      type: "LoadBalancer",
      externalTrafficPolicy: "Cluster",
      clusterIP: "172.30.0.45",
      ports: [{ name: "p80", port: 80, nodePort: 3002 }],
      loadBalancerIPs: ["5.6.7.8"],
      loadBalancerSourceRanges: ["203.0.113.0/25"],
      affinitySeconds: 10800,
    },
    { namespace: "ns6", name: "svc6", clusterIP: "172.30.0.46", ports: p80 },
  ],
  slices: [
    { service: "ns1/svc1", endpoints: [ready("10.180.0.1")], ports: p80 },
    // No nodeName: never local to the node under test.
    { service: "ns2/svc2", endpoints: [ready("10.180.0.2")], ports: p80 },
    { service: "ns3/svc3", endpoints: [ready("10.180.0.3")], ports: p80 },
    { service: "ns4/svc4", endpoints: [ready("10.180.0.4"), ready("10.180.0.5", LOCAL)], ports: p80 },
    { service: "ns5/svc5", endpoints: [ready("10.180.0.3")], ports: p80 },
  ],
};

/** A LoadBalancer Service with every kind of address and no endpoints. */
const noEndpointsReject: FlowScenario = {
  services: [
    {
      namespace: "ns1",
      name: "svc1",
      type: "LoadBalancer",
      clusterIP: "172.30.0.41",
      externalIPs: ["192.168.99.11"],
      ports: [{ name: "p80", port: 80, nodePort: 3001 }],
      loadBalancerIPs: ["1.2.3.4"],
    },
  ],
  slices: [],
};

const clusterIPGeneral: FlowScenario = {
  services: [
    { namespace: "ns1", name: "svc1", clusterIP: "172.30.0.41", ports: [{ name: "http", port: 80 }] },
    {
      namespace: "ns2",
      name: "svc2",
      clusterIP: "172.30.0.42",
      ports: [
        { name: "http", port: 80 },
        { name: "https", port: 443 },
        { name: "dns-udp", port: 53, protocol: "UDP" },
        { name: "dns-tcp", port: 53 },
        { name: "dns-sctp", port: 53, protocol: "SCTP" },
      ],
    },
  ],
  slices: [
    { service: "ns1/svc1", endpoints: [ready("10.180.0.1", LOCAL)], ports: [{ name: "http", port: 80 }] },
    {
      service: "ns2/svc2",
      endpoints: [ready("10.180.0.1", LOCAL), ready("10.180.2.1", "node2")],
      ports: [
        { name: "http", port: 80 },
        { name: "https", port: 8443 },
        { name: "dns-udp", port: 53, protocol: "UDP" },
        { name: "dns-tcp", port: 5353 },
        { name: "dns-sctp", port: 53, protocol: "SCTP" },
      ],
    },
  ],
};

const loadBalancer: FlowScenario = {
  services: [
    {
      namespace: "ns1",
      name: "svc1",
      type: "LoadBalancer",
      clusterIP: "172.30.0.41",
      ports: [{ name: "p80", port: 80, nodePort: 3001 }],
      loadBalancerIPs: ["1.2.3.4", "5.6.7.8"],
      loadBalancerSourceRanges: ["192.168.0.0/24", "203.0.113.0/25"],
    },
  ],
  slices: [{ service: "ns1/svc1", endpoints: [ready("10.180.0.1")], ports: p80 }],
};

const nodePorts: FlowScenario = {
  services: [{ namespace: "ns1", name: "svc1", type: "NodePort", clusterIP: "172.30.0.41", ports: [{ name: "p80", port: 80, nodePort: 3001 }] }],
  slices: [{ service: "ns1/svc1", endpoints: [ready("10.180.0.1"), ready("10.180.2.1", LOCAL)], ports: p80 }],
};

const healthCheckNodePort: FlowScenario = {
  services: [
    {
      namespace: "ns1",
      name: "svc1",
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      clusterIP: "172.30.0.42",
      ports: [{ name: "p80", port: 80, nodePort: 3001 }],
      healthCheckNodePort: 30000,
    },
  ],
  slices: [],
};

function externalPolicy(policy: "Local" | "Cluster"): FlowScenario {
  return {
    services: [
      {
        namespace: "ns1",
        name: "svc1",
        type: "LoadBalancer",
        externalTrafficPolicy: policy,
        clusterIP: "172.30.0.41",
        externalIPs: ["192.168.99.11"],
        ports: [{ name: "p80", port: 80, nodePort: 3001 }],
        loadBalancerIPs: ["1.2.3.4"],
        ...(policy === "Local" ? { healthCheckNodePort: 30000 } : {}),
      },
    ],
    slices: [{ service: "ns1/svc1", endpoints: [ready("10.180.0.1"), ready("10.180.2.1", LOCAL)], ports: p80 }],
  };
}

function internalPolicy(policy: "Cluster" | "Local", endpoints: readonly FlowEndpoint[]): FlowScenario {
  return {
    services: [{ namespace: "ns1", name: "svc1", clusterIP: "172.30.1.1", internalTrafficPolicy: policy, ports: unnamed80 }],
    slices: endpoints.length ? [{ service: "ns1/svc1", endpoints, ports: unnamed80 }] : [],
  };
}

/** The LoadBalancer Service of TestTerminatingEndpointsTrafficPolicyLocal / …Cluster, with `endpoints`. */
function terminating(policy: "Local" | "Cluster", endpoints: readonly FlowEndpoint[]): FlowScenario {
  return {
    services: [
      {
        namespace: "ns1",
        name: "svc1",
        type: "LoadBalancer",
        externalTrafficPolicy: policy,
        clusterIP: "172.30.1.1",
        ports: unnamed80,
        loadBalancerIPs: ["1.2.3.4"],
        ...(policy === "Local" ? { healthCheckNodePort: 30000 } : {}),
      },
    ],
    slices: endpoints.length ? [{ service: "ns1/svc1", endpoints, ports: unnamed80 }] : [],
  };
}

const internalExternalMasquerade: FlowScenario = {
  services: [
    {
      namespace: "ns1",
      name: "svc1",
      type: "LoadBalancer",
      clusterIP: "172.30.0.41",
      ports: [{ name: "p80", port: 80, nodePort: 3001 }],
      loadBalancerIPs: ["1.2.3.4"],
    },
    {
      namespace: "ns2",
      name: "svc2",
      type: "LoadBalancer",
      clusterIP: "172.30.0.42",
      externalTrafficPolicy: "Local",
      healthCheckNodePort: 30002,
      ports: [{ name: "p80", port: 80, nodePort: 3002 }],
      loadBalancerIPs: ["5.6.7.8"],
    },
    {
      namespace: "ns3",
      name: "svc3",
      type: "LoadBalancer",
      clusterIP: "172.30.0.43",
      internalTrafficPolicy: "Local",
      ports: [{ name: "p80", port: 80, nodePort: 3003 }],
      loadBalancerIPs: ["9.10.11.12"],
    },
  ],
  slices: [1, 2, 3].map((i) => ({ service: `ns${i}/svc${i}`, endpoints: [ready(`10.180.0.${i}`, LOCAL), ready(`10.180.1.${i}`, "remote")], ports: p80 })),
};

/**
 * Every scenario by id. Upstream also sets healthCheckNodePort on Services that are not
 * LoadBalancers with externalTrafficPolicy Local; the API server refuses that, and no flow
 * depends on it, so those are left out.
 */
export const SCENARIOS = {
  overall,
  noEndpointsReject,
  clusterIPGeneral,
  loadBalancer,
  nodePorts,
  healthCheckNodePort,
  healthCheckNodePortDeleted: { services: [], slices: [] },
  externalPolicyLocal: externalPolicy("Local"),
  externalPolicyCluster: externalPolicy("Cluster"),
  itpCluster: internalPolicy("Cluster", [ready("10.0.1.1", LOCAL), ready("10.0.1.2", "node1"), ready("10.0.1.3", "node2")]),
  itpLocalOne: internalPolicy("Local", [ready("10.0.1.1", LOCAL), ready("10.0.1.2", "node1"), ready("10.0.1.3", "node2")]),
  itpLocalMany: internalPolicy("Local", [ready("10.0.1.1", LOCAL), ready("10.0.1.2", LOCAL), ready("10.0.1.3", "node2")]),
  itpLocalNone: internalPolicy("Local", [ready("10.0.1.1", "node0"), ready("10.0.1.2", "node1"), ready("10.0.1.3", "node2")]),
  itpClusterDeleted: internalPolicy("Cluster", []),
  itpLocalDeleted: internalPolicy("Local", []),
  termLocalReady: terminating("Local", [
    ready("10.0.1.1", LOCAL),
    ready("10.0.1.2", LOCAL),
    servingTerminating("10.0.1.3", LOCAL),
    deadTerminating("10.0.1.4", LOCAL),
    ready("10.0.1.5", "node-1"),
  ]),
  termLocalOnlyTerminating: terminating("Local", [
    servingTerminating("10.0.1.2", LOCAL),
    servingTerminating("10.0.1.3", LOCAL),
    deadTerminating("10.0.1.4", LOCAL),
    ready("10.0.1.5", "node-1"),
  ]),
  termLocalRemote: terminating("Local", [servingTerminating("10.0.1.5", "node-1")]),
  termLocalNone: terminating("Local", [deadTerminating("10.0.1.5", LOCAL), deadTerminating("10.0.1.5", "node-1")]),
  termLocalDeleted: terminating("Local", []),
  termClusterReady: terminating("Cluster", [
    ready("10.0.1.1", LOCAL),
    ready("10.0.1.2", LOCAL),
    servingTerminating("10.0.1.3", "another-node"),
    deadTerminating("10.0.1.4", "another-node"),
    ready("10.0.1.5", "another-node"),
  ]),
  termClusterOnlyTerminating: terminating("Cluster", [
    servingTerminating("10.0.1.2", LOCAL),
    servingTerminating("10.0.1.3", LOCAL),
    deadTerminating("10.0.1.4", "another-node"),
    servingTerminating("10.0.1.5", "another-node"),
  ]),
  termClusterRemote: terminating("Cluster", [servingTerminating("10.0.1.5", "node-1")]),
  termClusterNone: terminating("Cluster", [deadTerminating("10.0.1.5", LOCAL), deadTerminating("10.0.1.5", "node-1")]),
  termClusterDeleted: terminating("Cluster", []),
  internalExternalMasquerade,
} as const satisfies Readonly<Record<string, FlowScenario>>;

export type ScenarioId = keyof typeof SCENARIOS;

export interface FlowCase {
  /** The upstream test function, and its sub-test when it has several. */
  readonly upstream: string;
  readonly scenario: ScenarioId;
  readonly name: string;
  readonly sourceIP: string;
  /** TCP unless said. */
  readonly protocol?: Protocol;
  readonly destIP: string;
  readonly destPort: number;
  readonly output: string;
  readonly masq?: boolean;
  /** Why podtalk cannot run this case. */
  readonly skip?: string;
  /**
   * Where a mode's own upstream tests differ (pkg/proxy/nftables/proxier_test.go for nftables):
   * that mode's verdict, or `absent` when its tests have no such case.
   */
  readonly modes?: Readonly<Record<string, ModeVerdict>>;
  /** Only these modes' upstream tests have the case. */
  readonly onlyModes?: readonly string[];
}

/** A mode's own expected verdict, or `absent` when its upstream tests lack the case. */
export type ModeVerdict = { readonly output: string; readonly masq?: boolean } | "absent";

/** nftables mode's tests cover NodePorts on the node's primary address only: no localhost NodePort cases. */
export const NO_LOCALHOST_IN_NFTABLES: Readonly<Record<string, ModeVerdict>> = { nftables: "absent" };

/** Why a case cannot be expressed in podtalk. */
export const SKIP = {
  loadBalancerIP: "podtalk assigns no load-balancer IPs (status.loadBalancer.ingress), so no packet is addressed to one",
  externalIP: "podtalk's Services have no spec.externalIPs",
  externalToClusterIP: "podtalk has no host outside the cluster that routes ClusterIP traffic to a node",
  protocol: "podtalk's clients open TCP connections only (no UDP or SCTP client reaches a Service)",
  secondaryNodeIP: "podtalk's nodes have one address each",
  ipv6: "podtalk's clusters are IPv4-only",
  proxyFlags:
    "podtalk's kube-proxy runs with kubeadm's defaults: no --nodeport-addresses, --iptables-localhost-nodeports=false or --masquerade-all, and the cluster CIDR as local-traffic detector",
} as const;

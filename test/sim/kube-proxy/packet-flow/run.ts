/**
 * Runs an upstream packet-flow case through podtalk: builds the scenario as a cluster, sends the
 * packet as a real client would (`curl` from a Pod, from a hostNetwork Pod, or from a Pod on
 * another node), and reads kube-proxy's verdict off the trace's hops, so the check covers the
 * same code a learner's trace runs, in whichever proxy mode the cluster uses.
 *
 * How upstream's addresses map onto podtalk's:
 * - The node under test is node-1. With `nodeNetwork: 192.168.0.0/24` it gets upstream's
 *   testNodeIP, 192.168.0.2; ClusterIPs are pinned (`serviceCIDR: 172.30.0.0/16`) and the Pod
 *   network is upstream's 10.0.0.0/8.
 * - Endpoints are Pods: one whose nodeName is `test-node` runs on node-1, any other (or none) on
 *   node-2. Pod IPs come from podtalk's IPAM, so each podtalk endpoint address is mapped back to
 *   the upstream address it stands for before comparing.
 * - Sources: a Pod address is a Pod on node-1 (the endpoint Pod itself when upstream sends from an
 *   endpoint's address, for hairpin traffic); the node's address and 127.0.0.1 are a hostNetwork
 *   Pod on node-1; any other address is a client outside node-1, a Pod on node-3, whose packets
 *   reach node-1 masqueraded to node-3's address by flannel.
 * - Upstream's nodePorts (3001…) lie below the API server's range: podtalk adds 28000 (31001…).
 * - An endpoint that is terminating is a Pod deleted (in its grace period); one that is not
 *   serving has failed its readiness probe.
 */
import type { KubeObject } from "../../../../lib/model/objects.js";
import { Simulation, execIn, intToIp, type TraceRecord } from "../../../../lib/sim/index.js";
import { type FlowCase, type FlowScenario, LOCAL, NODE_IP, SCENARIOS, type ScenarioId } from "./scenarios.js";

/** Added to upstream's nodePorts to bring them into the NodePort range (30000-32767). */
export const NODE_PORT_OFFSET = 28000;

/** A scenario built as a podtalk cluster. */
export interface FlowCluster {
  readonly sim: Simulation;
  /** podtalk endpoint address → the upstream address it stands for. */
  readonly upstreamIP: ReadonlyMap<string, string>;
  /** Per Service (`ns/name`): upstream endpoint address → the endpoint Pod. */
  readonly endpointPods: ReadonlyMap<string, ReadonlyMap<string, { readonly namespace: string; readonly name: string }>>;
}

const LABEL = "packet-flow";

function netshoot(name: string): { name: string; image: string; command: string[] } {
  return { name, image: "nicolaka/netshoot", command: ["sleep", "infinity"] };
}

function clientPod(name: string, node: string, hostNetwork: boolean): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { nodeName: node, hostNetwork, containers: [netshoot("tools")] } } as KubeObject;
}

function serviceManifest(svc: FlowScenario["services"][number], scenario: FlowScenario): KubeObject {
  const slice = scenario.slices.find((s) => s.service === `${svc.namespace}/${svc.name}`);
  const type = svc.type ?? "ClusterIP";
  const external = type !== "ClusterIP";
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: svc.name, namespace: svc.namespace },
    spec: {
      type,
      clusterIP: svc.clusterIP,
      selector: { [LABEL]: svc.name },
      ports: svc.ports.map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        port: p.port,
        protocol: p.protocol ?? "TCP",
        targetPort: slice?.ports.find((sp) => sp.name === p.name)?.port ?? p.port,
        ...(external && p.nodePort !== undefined ? { nodePort: p.nodePort + NODE_PORT_OFFSET } : {}),
      })),
      ...(external && svc.externalTrafficPolicy ? { externalTrafficPolicy: svc.externalTrafficPolicy } : {}),
      ...(svc.internalTrafficPolicy ? { internalTrafficPolicy: svc.internalTrafficPolicy } : {}),
      ...(svc.affinitySeconds ? { sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: svc.affinitySeconds } } } : {}),
      ...(type === "LoadBalancer" && svc.externalTrafficPolicy === "Local" && svc.healthCheckNodePort ? { healthCheckNodePort: svc.healthCheckNodePort } : {}),
    },
  } as KubeObject;
}

/** Builds `id` as a 3-node cluster in `proxyMode`. */
export function buildScenario(id: ScenarioId, proxyMode: string): FlowCluster {
  const scenario: FlowScenario = SCENARIOS[id];
  const sim = new Simulation({
    nodes: 3,
    seed: 1,
    proxyMode,
    systemPods: false,
    clusterCIDR: "10.0.0.0/8",
    nodeCIDRMaskSize: 24,
    serviceCIDR: "172.30.0.0/16",
    nodeNetwork: "192.168.0.0/24",
  });
  if (intToIp(sim.node("node-1")!.internalIP) !== NODE_IP) throw new Error("node-1 must have upstream's testNodeIP");
  const namespaces = [...new Set(scenario.services.map((s) => s.namespace))];
  const endpoints = scenario.slices.flatMap((slice) => {
    const [namespace, service] = slice.service.split("/") as [string, string];
    const ports = [...new Set(slice.ports.filter((p) => (p.protocol ?? "TCP") === "TCP").map((p) => p.port))];
    return slice.endpoints.map((e, i) => ({ e, slice: slice.service, namespace, name: `${service}-ep${i + 1}`, service, ports }));
  });
  sim.apply([
    ...namespaces.map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } }) as KubeObject),
    clientPod("pod-client", "node-1", false),
    clientPod("host-client", "node-1", true),
    clientPod("outside-client", "node-3", false),
    ...endpoints.map(
      ({ e, namespace, name, service, ports }) =>
        ({
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name, namespace, labels: { [LABEL]: service } },
          spec: {
            nodeName: e.node === LOCAL ? "node-1" : "node-2",
            containers: [{ name: "app", image: "registry.example/app:1", ports: ports.map((containerPort) => ({ containerPort })) }, netshoot("tools")],
          },
        }) as KubeObject,
    ),
    ...scenario.services.map((svc) => serviceManifest(svc, scenario)),
  ]);
  const upstreamIP = new Map<string, string>();
  const endpointPods = new Map<string, Map<string, { namespace: string; name: string }>>();
  for (const { e, slice, namespace, name } of endpoints) {
    upstreamIP.set(intToIp(sim.pod(namespace, name)!.podIP!), e.ip);
    let pods = endpointPods.get(slice);
    if (!pods) {
      pods = new Map();
      endpointPods.set(slice, pods);
    }
    pods.set(e.ip, { namespace, name });
    if (e.serving === false) sim.setReady(name, false, { namespace });
    if (e.terminating) sim.deletePod(name, namespace);
  }
  return { sim, upstreamIP, endpointPods };
}

/** What kube-proxy did with one connection, in upstream's words. */
export interface FlowVerdict {
  readonly output: string;
  readonly masq: boolean;
}

/**
 * kube-proxy's verdict read off a trace: its refusal (REJECT, DROP, or no rule at all), else the
 * endpoint its DNAT chose, mapped back to upstream's address, and whether one of its hops
 * rewrote the source (masquerade).
 */
export function verdictOf(trace: TraceRecord, upstreamIP: ReadonlyMap<string, string>): FlowVerdict {
  const hops = trace.hops;
  const proxy = hops.filter((h) => h.kind === "kube-proxy");
  const refusal = proxy.find((h) => h.verdict === "rejected" || h.verdict === "dropped");
  if (refusal) return { output: refusal.rule === undefined ? "" : refusal.verdict === "rejected" ? "REJECT" : "DROP", masq: false };
  if (proxy.some((h) => h.verdict === "delivered")) return { output: "ACCEPT", masq: false };
  const dnat = hops.findIndex((h) => h.kind === "kube-proxy" && h.verdict === "translated");
  if (dnat < 0) return { output: "", masq: false };
  const to = hops[dnat + 1]?.dst ?? "";
  const colon = to.lastIndexOf(":");
  const ip = to.slice(0, colon);
  const masq = hops.some((h, i) => h.kind === "kube-proxy" && h.verdict === "translated" && hops[i + 1] !== undefined && hops[i + 1]!.src !== h.src);
  return { output: `${upstreamIP.get(ip) ?? `unmapped ${ip}`}${to.slice(colon)}`, masq };
}

/** Upstream's output with its endpoints in a stable order. */
export function normalize(output: string): string {
  return output.includes(":") ? output.split(", ").sort().join(", ") : output;
}

/** The client a case's source address stands for: `[namespace, pod, container]`. */
function clientFor(cluster: FlowCluster, c: FlowCase, service: string | undefined): [string, string, string] {
  if (c.sourceIP === NODE_IP || c.sourceIP === "127.0.0.1") return ["default", "host-client", "tools"];
  if (!c.sourceIP.startsWith("10.")) return ["default", "outside-client", "tools"];
  const own = service ? cluster.endpointPods.get(service)?.get(c.sourceIP) : undefined;
  const any = [...cluster.endpointPods.values()].map((m) => m.get(c.sourceIP)).find((p) => p !== undefined);
  const pod = own ?? any;
  return pod ? [pod.namespace, pod.name, "tools"] : ["default", "pod-client", "tools"];
}

/**
 * Opens `attempts` connections for a case and combines their verdicts: every endpoint the DNAT
 * chose (upstream lists every endpoint a rule may pick), or the one refusal they all met.
 */
export function runFlow(cluster: FlowCluster, c: FlowCase, attempts = 24): FlowVerdict {
  const { sim } = cluster;
  const svc = sim.services().find((s) => s.clusterIP !== undefined && intToIp(s.clusterIP) === c.destIP);
  const [namespace, podName, container] = clientFor(cluster, c, svc ? `${svc.namespace}/${svc.name}` : undefined);
  const toNode = c.destIP === NODE_IP || c.destIP === "127.0.0.1";
  const port = toNode && c.destPort < 30000 ? c.destPort + NODE_PORT_OFFSET : c.destPort;
  const pod = sim.pod(namespace, podName)!;
  const outputs = new Set<string>();
  const masq = new Set<boolean>();
  for (let i = 0; i < attempts; i++) {
    const trace = execIn(sim, pod, `curl -s -m 1 http://${c.destIP}:${port}/`, { container }, sim.traffic);
    const v = verdictOf(trace, cluster.upstreamIP);
    outputs.add(v.output);
    masq.add(v.masq);
  }
  const all = [...outputs];
  const endpoints = all.every((o) => o.includes(":"));
  const output = endpoints ? normalize(all.join(", ")) : all.length === 1 ? all[0]! : `mixed: ${all.join(" | ")}`;
  // Upstream's tracer follows every probabilistic branch and reports a mark on any of them.
  return { output, masq: masq.has(true) };
}

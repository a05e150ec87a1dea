/**
 * hostPort through the CNI portmap plugin, which kube-flannel's CNI configuration chains after
 * flannel (`{"type": "portmap", "capabilities": {"portMappings": true}}`): a connection to
 * `nodeIP:hostPort` is DNATed to the Pod by the node's `CNI-HOSTPORT-DNAT` chain and the
 * container's `CNI-DN-…` chain, then travels the Pod network as any Pod-to-Pod packet.
 *
 * @see https://github.com/containernetworking/plugins/blob/main/plugins/meta/portmap/portmap.go
 * @see https://www.cni.dev/plugins/current/meta/portmap/
 */
import { intToIp } from "../ip.js";
import { sha256 } from "../internal/sha256.js";
import type { NodeState, PodState } from "../state.js";
import type { Flow, Packet, Step } from "./flow.js";
import * as msg from "./hop-messages.js";
import { hop, type Hop } from "./hops.js";
import { nodeNetworkRoute } from "./node-routes.js";

/** The running Pod on `node` that maps TCP `port` of the node to one of its container ports. */
export function hostPortPod(pods: readonly PodState[], node: NodeState, port: number): { pod: PodState; containerPort: number } | undefined {
  for (const pod of pods) {
    if (pod.nodeName !== node.name || pod.deletion !== undefined || pod.phase === "Failed" || pod.spec.hostNetwork || pod.podIP === undefined) continue;
    for (const c of pod.spec.containers) {
      const p = c.ports.find((q) => q.hostPort === port && q.protocol === "TCP");
      if (p) return { pod, containerPort: p.containerPort };
    }
  }
  return undefined;
}

/**
 * The per-container chain: portmap names it `CNI-DN-` and the hex of a hash of the network name
 * (`cbr0` for flannel) and the container ID, cut to 28 characters. podtalk hashes the Pod's UID
 * with SHA-256 where portmap takes SHA-512 of the sandbox's ID, so the shape matches, not the value.
 */
export function dnChain(pod: PodState): string {
  const hex = Array.from(sha256(`cbr0${pod.uid}`), (b) => b.toString(16).padStart(2, "0")).join("");
  return `CNI-DN-${hex}`.slice(0, 28);
}

/** The packet for `nodeIP:hostPort` goes to `node`, where portmap rewrites its destination to the Pod. */
export function hostPort(flow: Flow, packet: Packet, node: NodeState, target: { pod: PodState; containerPort: number }): Step {
  const { view } = flow;
  const { src, dst } = packet;
  const hops: Hop[] = [];
  if (node.name !== flow.node.name) {
    hops.push(
      hop({
        kind: "route",
        node: flow.node.name,
        device: "eth0",
        point: "to-stack",
        src,
        dst,
        summary: msg.toNode(intToIp(packet.target), node.name, flow.node.name),
        rule: nodeNetworkRoute(view, flow.node).text,
        verdict: "forwarded",
      }),
    );
  }
  const podIP = intToIp(target.pod.podIP!);
  const to = `${podIP}:${target.containerPort}`;
  const chain = dnChain(target.pod);
  hops.push(
    hop({
      kind: "portmap",
      node: node.name,
      point: "to-stack",
      src,
      dst,
      summary: msg.hostPortDNAT.summary(node.name, packet.targetPort, target.pod.name, chain),
      change: `DNAT ${dst} -> ${to}`,
      nat: { type: "DNAT", from: dst, to },
      rule: `-A ${chain} -p tcp -m tcp --dport ${packet.targetPort} -j DNAT --to-destination ${to}`,
      verdict: "translated",
    }),
  );
  return { hops, next: { ...packet, target: target.pod.podIP!, targetPort: target.containerPort, here: node, translatedAt: { node, from: to, to: dst } } };
}

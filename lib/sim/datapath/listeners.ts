/**
 * Who listens where: the sockets the simulated processes hold, as the kernel would find them for
 * an incoming SYN.
 */
import type { ClusterView } from "../cluster-view.js";
import { isListening } from "../kubelet/port-conflict.js";
import type { NodeState, PodState } from "../state.js";
import { allContainers } from "../pod-containers.js";

/**
 * The running container of `pod` whose process listens on TCP `port`: on any address when the
 * connection comes over the Pod's loopback, on 0.0.0.0 otherwise.
 */
export function listener(view: ClusterView, pod: PodState, port: number, viaLoopback: boolean): { container: string } | undefined {
  const all = allContainers(pod);
  for (let i = 0; i < all.length; i++) {
    const c = all[i]!;
    if (!isListening(c)) continue;
    const app = view.app(pod, i);
    if (app.listeners.some((l) => l.port === port && l.protocol === "TCP" && (viaLoopback || l.address === "0.0.0.0"))) return { container: c.name };
  }
  return undefined;
}

/** A hostNetwork Pod on `node` listening on `port`. */
export function hostNetworkListener(view: ClusterView, node: NodeState, port: number): { pod: PodState; container: string } | undefined {
  for (const pod of view.pods()) {
    if (!pod.spec.hostNetwork || pod.nodeName !== node.name || pod.deletion !== undefined) continue;
    const l = listener(view, pod, port, false);
    if (l) return { pod, container: l.container };
  }
  return undefined;
}

/** ` (it listens: app on 8080)`: what a Pod does listen on, for a refused connection's reason. */
export function listensOn(view: ClusterView, pod: PodState): string {
  const ports = allContainers(pod).flatMap((c, i) =>
    isListening(c)
      ? view
          .app(pod, i)
          .listeners.filter((l) => l.protocol === "TCP")
          .map((l) => `${c.name} on ${l.port}`)
      : [],
  );
  return ports.length ? ` (it listens: ${ports.join(", ")})` : " (it listens on no TCP port)";
}

/** The ports a Pod's containers declare, `name:port/protocol`, or `no ports`. */
export function declaredPorts(pod: PodState): string {
  const ports = allContainers(pod).flatMap((c) => c.ports.map((p) => `${c.name}:${p.containerPort}/${p.protocol}`));
  return ports.length ? ports.join(", ") : "no ports";
}

/**
 * What the kubelet's prober says when a readiness probe fails (the `Unhealthy` event:
 * `"%s probe failed: %s"`, prober.go), by handler: an HTTP status outside 200–399
 * (probe/http/http.go `HTTP probe failed with statuscode: %d`), a refused TCP dial (Go's
 * `dial tcp <ip>:<port>: connect: connection refused`), or an exec probe's output.
 */
import type { ContainerN } from "../../model/objects.js";
import { intToIp } from "../ip.js";
import { specAt } from "../pod-containers.js";
import type { PodState } from "../state.js";

/** The port a probe names: a number, or the name of one of the container's ports. */
function probePort(container: ContainerN, port: number | string): number | undefined {
  return typeof port === "number" ? port : container.ports.find((p) => p.name === port)?.containerPort;
}

/**
 * The Unhealthy event's message when container `index`'s readiness probe fails. A container
 * without a probe is reported as an HTTP probe on its first port answering 503 (a forced failure:
 * it has no probe that could fail).
 */
export function readinessFailureMessage(pod: PodState, index: number): string {
  const container = specAt(pod.spec, index);
  const handler = container.readinessProbe?.handler;
  if (handler?.type === "tcpSocket") {
    const port = probePort(container, handler.port);
    const ip = pod.podIP === undefined ? "" : intToIp(pod.podIP);
    return `Readiness probe failed: dial tcp ${ip}:${port ?? 0}: connect: connection refused`;
  }
  if (handler?.type === "exec") return "Readiness probe failed: ";
  return "Readiness probe failed: HTTP probe failed with statuscode: 503";
}

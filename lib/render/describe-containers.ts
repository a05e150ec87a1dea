/**
 * The container blocks of `kubectl describe pod`, under `Init Containers:` and `Containers:`
 * (kubectl's describeContainers: image, ports, command, state, last state, resources, ready,
 * restart count, probes, environment).
 *
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/describe/describe.go
 */
import type { ContainerN, ProbeN } from "../model/objects.js";
import { formatRFC1123Z } from "../model/time-format.js";
import { type ClusterView, type ContainerState, type Termination, wallClockMs } from "../sim/index.js";
import { containerResourceLines } from "./describe-resources.js";

/** RFC 1123 with numeric zone, as kubectl prints times (`Mon, 06 Jan 2025 09:10:00 +0000`), of a simulated second. */
export function rfc1123z(seconds: number): string {
  return formatRFC1123Z(wallClockMs(seconds));
}

/**
 * The `Message:` line of a terminated container, when the kubelet set one (only from the
 * termination-message file or, with FallbackToLogsOnError, the log's tail). kubectl writes the
 * message as it is: its later lines start at the margin.
 */
function messageLines(message: string | undefined, indent: string): string[] {
  if (!message) return [];
  const [first, ...rest] = message.split("\n");
  return [`${indent}  Message:\t${first}`, ...rest];
}

function stateLines(prefix: string, c: ContainerState | Termination, sim: ClusterView, indent: string): string[] {
  if ("state" in c) {
    if (c.state === "Running") return [`${indent}${prefix}:\tRunning`, `${indent}  Started:\t${rfc1123z(c.startedAt ?? sim.now)}`];
    if (c.state === "Waiting") return [`${indent}${prefix}:\tWaiting`, `${indent}  Reason:\t${c.reason ?? ""}`];
    return [
      `${indent}${prefix}:\tTerminated`,
      `${indent}  Reason:\t${c.reason ?? ""}`,
      ...messageLines(c.message, indent),
      `${indent}  Exit Code:\t${c.exitCode ?? 0}`,
      `${indent}  Started:\t${rfc1123z(c.startedAt ?? sim.now)}`,
      `${indent}  Finished:\t${rfc1123z(c.finishedAt ?? sim.now)}`,
    ];
  }
  return [
    `${indent}${prefix}:\tTerminated`,
    `${indent}  Reason:\t${c.reason}`,
    ...messageLines(c.message, indent),
    `${indent}  Exit Code:\t${c.exitCode}`,
    `${indent}  Started:\t${rfc1123z(c.startedAt)}`,
    `${indent}  Finished:\t${rfc1123z(c.finishedAt)}`,
  ];
}

/** One container's block under `Containers:` or `Init Containers:` (kubectl's describeContainers). */
export function containerLines(sim: ClusterView, c: ContainerState, spec: ContainerN, scheduled: boolean): string[] {
  const lines: string[] = [];
  const ports = c.ports.map((q) => `${q.containerPort}/${q.protocol}${q.name ? ` (${q.name})` : ""}`);
  lines.push(`  ${c.name}:`);
  lines.push(`    Image:\t${c.image}`);
  lines.push(`    ${ports.length > 1 ? "Ports" : "Port"}:\t${ports.length ? ports.join(", ") : "<none>"}`);
  lines.push(
    `    Host ${ports.length > 1 ? "Ports" : "Port"}:\t${ports.length ? c.ports.map((q) => `${q.hostPort ?? 0}/${q.protocol}`).join(", ") : "<none>"}`,
  );
  if (spec.command) lines.push("    Command:", ...spec.command.map((a) => `      ${a}`));
  if (spec.args) lines.push("    Args:", ...spec.args.map((a) => `      ${a}`));
  // A Pod no node took has no container statuses: kubectl prints no State, Ready or Restart Count.
  if (scheduled) {
    lines.push(...stateLines("State", c, sim, "    "));
    if (c.lastState) lines.push(...stateLines("Last State", c.lastState, sim, "    "));
  }
  lines.push(...containerResourceLines(spec));
  if (scheduled) {
    lines.push(`    Ready:\t${c.ready ? "True" : "False"}`);
    lines.push(`    Restart Count:\t${c.restartCount}`);
  }
  // describeContainerProbe: Liveness, Readiness, Startup, in that order.
  if (spec.readinessProbe) lines.push(`    Readiness:\t${probeText(spec.readinessProbe)}`);
  if (spec.startupProbe) lines.push(`    Startup:\t${probeText(spec.startupProbe)}`);
  lines.push(`    Environment:\t${spec.env.length ? "" : "<none>"}`);
  for (const e of spec.env) lines.push(`      ${e.name}:\t${e.value}`);
  return lines;
}

/** A probe as describe prints it: `http-get http://:8080/ delay=0s timeout=1s period=10s #success=1 #failure=3`. */
function probeText(probe: ProbeN): string {
  const h = probe.handler;
  const what =
    h.type === "httpGet" ? `http-get http://:${h.port}${h.path}` : h.type === "tcpSocket" ? `tcp-socket :${h.port}` : `exec [${h.command.join(" ")}]`;
  return `${what} delay=${probe.initialDelaySeconds}s timeout=${probe.timeoutSeconds}s period=${probe.periodSeconds}s #success=${probe.successThreshold} #failure=${probe.failureThreshold}`;
}

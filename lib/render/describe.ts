/**
 * `kubectl describe` for Pods and Services: the fields kubectl shows, in its order.
 *
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/describe/describe.go
 */
import { ErrorCode, PodtalkError, notFoundError } from "../model/errors.js";
import { intToIp } from "../sim/ip.js";
import type { Simulation } from "../sim/simulation.js";
import { formatLabels } from "./resource-tables.js";

/** The text `kubectl describe <kind> <name>` prints. */
export function describe(sim: Simulation, kind: string, name: string, namespace = "default"): string {
  const k = kind.toLowerCase();
  if (["pod", "pods", "po"].includes(k)) return describePod(sim, name, namespace);
  if (["service", "services", "svc"].includes(k)) return describeService(sim, name, namespace);
  throw new PodtalkError(ErrorCode.BadRequest, `error: podtalk describes pods and services so far, not "${kind}"`);
}

const field = (label: string, value: string, indent = "") => `${indent}${(label + ":").padEnd(indent ? 18 : 20)}${value}`;
const labelLines = (labels: Readonly<Record<string, string>>, label: string) => {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return [field(label, "<none>")];
  return keys.map((k, i) => (i === 0 ? field(label, `${k}=${labels[k]}`) : `${" ".repeat(20)}${k}=${labels[k]}`));
};

function describePod(sim: Simulation, name: string, namespace: string): string {
  const p = sim.pod(namespace, name);
  if (!p) throw notFoundError("pods", name);
  const lines = [
    field("Name", p.name),
    field("Namespace", p.namespace),
    field("Priority", "0"),
    field("Service Account", "default"),
    field("Node", `${p.nodeName}/${intToIp(p.hostIP)}`),
    ...labelLines(p.labels, "Labels"),
    field("Annotations", "<none>"),
    field("Status", p.deletion !== undefined ? `Terminating (lasts ${Math.max(0, p.deletion + p.spec.terminationGracePeriodSeconds - sim.now)}s)` : p.phase),
    field("IP", intToIp(p.podIP)),
    "IPs:",
    `  IP:  ${intToIp(p.podIP)}`,
    ...(p.owner ? [field("Controlled By", `${p.owner.kind}/${p.owner.name}`)] : []),
    "Containers:",
  ];
  for (const c of p.containers) {
    lines.push(`  ${c.name}:`);
    lines.push(field("Image", c.image, "    "));
    const ports = c.ports.map((q) => `${q.containerPort}/${q.protocol}${q.name ? ` (${q.name})` : ""}`);
    lines.push(field(ports.length > 1 ? "Ports" : "Port", ports.length ? ports.join(", ") : "<none>", "    "));
    lines.push(field("Host Port", ports.length ? c.ports.map((q) => `0/${q.protocol}`).join(", ") : "<none>", "    "));
    lines.push(field("State", c.state, "    "));
    lines.push(field("Ready", c.ready ? "True" : "False", "    "));
    lines.push(field("Restart Count", String(c.restartCount), "    "));
  }
  lines.push("Conditions:", "  Type              Status");
  const ready = sim.isPodReady(p) ? "True" : "False";
  lines.push(`  PodReadyToStartContainers   True`, `  Initialized       True`, `  Ready             ${ready}`, `  ContainersReady   ${ready}`, `  PodScheduled      True`);
  return lines.join("\n") + "\n";
}

function describeService(sim: Simulation, name: string, namespace: string): string {
  const s = sim.service(namespace, name);
  if (!s) throw notFoundError("services", name);
  const lines = [
    field("Name", s.name),
    field("Namespace", s.namespace),
    ...labelLines(s.labels, "Labels"),
    field("Annotations", "<none>"),
    field("Selector", s.selector ? formatLabels(s.selector) : "<none>"),
    field("Type", s.type),
    field("IP Family Policy", "SingleStack"),
    field("IP Families", "IPv4"),
    field("IP", intToIp(s.clusterIP)),
    field("IPs", intToIp(s.clusterIP)),
  ];
  s.ports.forEach((port, i) => {
    lines.push(field("Port", `${port.name ?? "<unset>"}  ${port.port}/${port.protocol}`));
    lines.push(field("TargetPort", `${port.targetPort}/${port.protocol}`));
    const all = sim.endpoints(s, i);
    const ready = all.filter((e) => e.ready).map((e) => `${intToIp(e.ip)}:${e.port}`);
    const shown = ready.length > 3 ? `${ready.slice(0, 3).join(",")} + ${ready.length - 3} more...` : ready.join(",");
    lines.push(field("Endpoints", all.length === 0 ? "<none>" : shown));
  });
  lines.push(field("Session Affinity", s.sessionAffinity), field("Internal Traffic Policy", "Cluster"), field("Events", "<none>"));
  return lines.join("\n") + "\n";
}

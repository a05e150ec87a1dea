/**
 * A container's environment as `env` prints it in `kubectl exec`: the runtime's PATH and HOSTNAME,
 * the container's `env:` from the manifest, the kubelet's Service variables, and HOME.
 *
 * The kubelet adds, for each Service of the Pod's namespace that has a ClusterIP and existed when
 * the container started, `<NAME>_SERVICE_HOST`, `<NAME>_SERVICE_PORT`, one
 * `<NAME>_SERVICE_PORT_<PORTNAME>` per named port, and Docker's link variables `<NAME>_PORT`,
 * `<NAME>_PORT_<port>_<PROTO>` with `_PROTO`, `_PORT` and `_ADDR`. The `kubernetes` Service of the
 * default namespace is always added; `enableServiceLinks: false` drops every other Service.
 * The kubelet builds the list from Go maps, so a real container's order varies; podtalk sorts the
 * Service variables by name.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/envvars/envvars.go
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kubelet_pods.go (getServiceEnvVarMap)
 */
import { intToIp } from "../ip.js";
import type { ClusterView } from "../cluster-view.js";
import type { PodState, ServiceState } from "../state.js";
import { podHostname } from "./files.js";
import { allContainers, containerSpecs } from "../pod-containers.js";

const PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** `my-api` → `MY_API`, as envvars.go's makeEnvVariableName does. */
function envName(name: string): string {
  return name.replaceAll("-", "_").toUpperCase();
}

/** The variables of one Service (envvars.go FromServices and makeLinkVariables). */
export function serviceVariables(service: ServiceState): [string, string][] {
  if (service.clusterIP === undefined || service.headless || service.ports.length === 0) return [];
  const prefix = envName(service.name);
  const ip = intToIp(service.clusterIP);
  const out: [string, string][] = [
    [`${prefix}_SERVICE_HOST`, ip],
    [`${prefix}_SERVICE_PORT`, String(service.ports[0]!.port)],
  ];
  for (const p of service.ports) if (p.name) out.push([`${prefix}_SERVICE_PORT_${envName(p.name)}`, String(p.port)]);
  service.ports.forEach((p, i) => {
    const proto = p.protocol.toLowerCase();
    const url = `${proto}://${ip}:${p.port}`;
    if (i === 0) out.push([`${prefix}_PORT`, url]);
    const portPrefix = `${prefix}_PORT_${p.port}_${p.protocol.toUpperCase()}`;
    out.push([portPrefix, url], [`${portPrefix}_PROTO`, proto], [`${portPrefix}_PORT`, String(p.port)], [`${portPrefix}_ADDR`, ip]);
  });
  return out;
}

/** The Services whose variables the kubelet gives the container (getServiceEnvVarMap). */
function linkedServices(cluster: ClusterView, pod: PodState, startedAt: number): ServiceState[] {
  const byName = new Map<string, ServiceState>();
  const existed = (s: ServiceState) => s.creation <= startedAt;
  const master = cluster.services("default").find((s) => s.name === "kubernetes");
  if (master && existed(master)) byName.set(master.name, master);
  if (pod.spec.enableServiceLinks !== false) {
    for (const s of cluster.services(pod.namespace)) if (existed(s)) byName.set(s.name, s);
  }
  return [...byName.values()];
}

/** The host name the container sees: the node's for hostNetwork Pods (they share its UTS namespace). */
export function containerHostname(pod: PodState): string {
  return pod.spec.hostNetwork ? pod.nodeName! : podHostname(pod);
}

/** The environment of `container` in `pod`, in the order `env` prints it. */
export function containerEnv(cluster: ClusterView, pod: PodState, container: string): Map<string, string> {
  const spec = containerSpecs(pod.spec).find((c) => c.name === container);
  const state = allContainers(pod).find((c) => c.name === container);
  const env = new Map<string, string>([
    ["PATH", PATH],
    ["HOSTNAME", containerHostname(pod)],
  ]);
  const own = new Map((spec?.env ?? []).map((e) => [e.name, e.value]));
  for (const [k, v] of own) env.set(k, v);
  const services = linkedServices(cluster, pod, state?.startedAt ?? pod.creation)
    .flatMap(serviceVariables)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // A variable of the manifest wins over a Service variable of the same name.
  for (const [k, v] of services) if (!own.has(k)) env.set(k, v);
  if (!env.has("HOME")) env.set("HOME", "/root");
  return env;
}

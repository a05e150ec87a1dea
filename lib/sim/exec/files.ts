/**
 * The files a container's tools read: the kubelet-managed `/etc/hosts`, `/etc/resolv.conf` and
 * `/etc/hostname`. No other file exists in the simulated containers.
 *
 * @see https://kubernetes.io/docs/tasks/network/customize-hosts-file-for-pods/
 */
import { intToIp } from "../ip.js";
import type { ClusterView } from "../cluster-view.js";
import type { PodState } from "../state.js";
import { renderResolvConf, resolvConf } from "../dns/resolv-conf.js";
import type { ExecScope } from "./tool.js";

/** The Pod's host name: `spec.hostname` when set, else the Pod's name. */
export function podHostname(pod: PodState): string {
  return pod.spec.hostname ?? pod.name;
}

/** The Pod's own line of /etc/hosts: its IP, FQDN when it has hostname + subdomain, and hostname. */
function hostsEntry(cluster: ClusterView, pod: PodState): string {
  const ip = pod.podIP === undefined ? "" : intToIp(pod.podIP);
  const hostname = podHostname(pod);
  if (pod.spec.subdomain) return `${ip}\t${hostname}.${pod.spec.subdomain}.${pod.namespace}.svc.${cluster.options.clusterDomain}\t${hostname}`;
  return `${ip}\t${hostname}`;
}

/** The kubelet-managed /etc/hosts of a Pod. */
export function etcHosts(cluster: ClusterView, pod: PodState): string {
  return [
    "# Kubernetes-managed hosts file.",
    "127.0.0.1\tlocalhost",
    "::1\tlocalhost ip6-localhost ip6-loopback",
    "fe00::0\tip6-localnet",
    "fe00::0\tip6-mcastprefix",
    "fe00::1\tip6-allnodes",
    "fe00::2\tip6-allrouters",
    hostsEntry(cluster, pod),
    "",
  ].join("\n");
}

/** The text of `path` inside the Pod's containers, or `undefined` when the file does not exist. */
export function readFile(scope: Pick<ExecScope, "cluster" | "pod">, path: string): string | undefined {
  const { cluster, pod } = scope;
  switch (path) {
    case "/etc/resolv.conf":
      return renderResolvConf(resolvConf(cluster, pod));
    case "/etc/hosts":
      return etcHosts(cluster, pod);
    case "/etc/hostname":
      return `${podHostname(pod)}\n`;
    default:
      return undefined;
  }
}

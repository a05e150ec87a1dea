/**
 * The files a container's tools read: the kubelet-managed `/etc/hosts`, `/etc/resolv.conf` and
 * `/etc/hostname`, and the files shell redirections write (`ScratchStore`).
 *
 * @see https://kubernetes.io/docs/tasks/network/customize-hosts-file-for-pods/
 */
import { intToIp } from "../ip.js";
import type { ClusterView } from "../cluster-view.js";
import type { PodState } from "../state.js";
import { renderResolvConf, resolvConf } from "../dns/resolv-conf.js";
import type { ExecScope, ScratchFiles } from "./tool.js";
import { allContainers } from "../pod-containers.js";

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

/**
 * The node's own /etc/hosts (as a container runtime node writes it), which the kubelet copies for
 * hostNetwork Pods under its own header (kubelet_pods.go ensureHostsFile / nodeHostsFileContent).
 */
function nodeHosts(cluster: ClusterView, nodeName: string): string[] {
  const node = cluster.node(nodeName);
  return [
    "127.0.0.1\tlocalhost",
    "::1\tlocalhost ip6-localhost ip6-loopback",
    "fe00::0\tip6-localnet",
    "ff00::0\tip6-mcastprefix",
    "ff02::1\tip6-allnodes",
    "ff02::2\tip6-allrouters",
    ...(node ? [`${intToIp(node.internalIP)}\t${node.name}`] : []),
  ];
}

/** The kubelet-managed /etc/hosts of a Pod (the node's file for hostNetwork Pods). */
export function etcHosts(cluster: ClusterView, pod: PodState): string {
  if (pod.spec.hostNetwork && pod.nodeName !== undefined)
    return ["# Kubernetes-managed hosts file (host network).", ...nodeHosts(cluster, pod.nodeName), ""].join("\n");
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
      return `${pod.spec.hostNetwork && pod.nodeName ? pod.nodeName : podHostname(pod)}\n`;
    case "/dev/null":
      return "";
    default:
      return undefined;
  }
}

/** The entries of /etc/hosts as (address, names) pairs, for `getent hosts` and `hostname -f`. */
export function hostsEntries(cluster: ClusterView, pod: PodState): { readonly address: string; readonly names: readonly string[] }[] {
  return etcHosts(cluster, pod)
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const [address, ...names] = l.split(/\s+/);
      return { address: address!, names };
    });
}

/**
 * The files shell redirections wrote, per container instance: a restart starts a new container
 * with a fresh writable layer, so its files are gone.
 */
export class ScratchStore {
  readonly #files = new Map<string, Map<string, string>>();

  /** The files of one container of `pod`, in its current run. */
  of(pod: PodState, container: string): ScratchFiles {
    const restarts = allContainers(pod).find((c) => c.name === container)?.restartCount ?? 0;
    const key = `${pod.uid}/${container}/${restarts}`;
    const files = this.#files;
    return {
      read: (path) => files.get(key)?.get(path),
      write: (path, text, append) => {
        const mine = files.get(key) ?? new Map<string, string>();
        files.set(key, mine);
        mine.set(path, (append ? (mine.get(path) ?? "") : "") + text);
      },
    };
  }
}

/**
 * A cluster's options: what a notebook may pass to `new Cluster()`, kubeadm + flannel's defaults,
 * and their validation.
 */
import { safeString } from "../model/messages.js";
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { networkModels } from "./datapath/registry.js";
import { parseCIDR, type CIDR } from "./ip.js";
import { checkClusterRanges } from "./option-ranges.js";
import { resolveZones, type ResolvedZones } from "./option-zones.js";
import { proxyModes } from "./kube-proxy/registry.js";
import { networkPolicyImpls } from "./network-policy/registry.js";

/** The built-in datapath models a cluster can use. */
export const NetworkModel = { FlannelVXLAN: "flannel-vxlan", FlannelHostGW: "flannel-host-gw" } as const;
export type NetworkModel = (typeof NetworkModel)[keyof typeof NetworkModel];
/** A built-in network model, or one added with `registerNetworkModel`. */
export type NetworkModelName = NetworkModel | (string & {});

/** The built-in kube-proxy modes. */
export const ProxyMode = { IPTables: "iptables", IPVS: "ipvs" } as const;
export type ProxyMode = (typeof ProxyMode)[keyof typeof ProxyMode];
/** A built-in kube-proxy mode, or one added with `registerProxyMode`. */
export type ProxyModeName = ProxyMode | (string & {});

/** The built-in NetworkPolicy implementations: `none`, plain flannel's (policies have no effect). */
export const NetworkPolicyMode = { None: "none" } as const;
export type NetworkPolicyMode = (typeof NetworkPolicyMode)[keyof typeof NetworkPolicyMode];
/** A built-in NetworkPolicy implementation, or one added with `registerNetworkPolicy`. */
export type NetworkPolicyName = NetworkPolicyMode | (string & {});

/** Options of a new cluster; defaults are kubeadm + flannel's. */
export interface ClusterOptions {
  /**
   * How many nodes (named `node-1`…), or their names.
   * @default 2
   */
  readonly nodes?: number | readonly string[];
  /** @default 1 */
  readonly seed?: number;
  /** @default "flannel-vxlan" */
  readonly network?: NetworkModelName;
  /** @default "iptables" */
  readonly proxyMode?: ProxyModeName;
  /**
   * What enforces NetworkPolicy. `"none"`: nothing, as with plain flannel: policies are stored,
   * listed and described, and have no effect (a trace says so).
   * @default "none"
   */
  readonly networkPolicy?: NetworkPolicyName;
  /** @default "10.244.0.0/16" */
  readonly clusterCIDR?: string;
  /** @default 24 */
  readonly nodeCIDRMaskSize?: number;
  /** @default "10.96.0.0/12" */
  readonly serviceCIDR?: string;
  /** @default "cluster.local" */
  readonly clusterDomain?: string;
  /**
   * The network the nodes' own addresses come from; node N gets host N+1 (`.2`, `.3`, …), as
   * kind's nodes do on their Docker network.
   * @default "172.18.0.0/16"
   */
  readonly nodeNetwork?: string;
  /**
   * Run the system Pods of a kubeadm + flannel cluster: CoreDNS, the control plane's static Pods
   * (`etcd-node-1`, `kube-apiserver-node-1`, …), kube-proxy on every node and, in namespace
   * `kube-flannel`, flannel on every node.
   * @default true
   */
  readonly systemPods?: boolean;
  /**
   * Taint the control-plane node (the first node, `node-1` by default) with `node-role.kubernetes.io/control-plane:NoSchedule`,
   * as `kubeadm init` does, so that Pods without a matching toleration run on the other nodes.
   * Single-node set-ups remove it (kubeadm's docs: `kubectl taint nodes --all
   * node-role.kubernetes.io/control-plane-`; kind's single node never has it).
   * @default true with 2 or more nodes, false with 1
   */
  readonly controlPlaneTaint?: boolean;
  /**
   * Record per-Pod events (Scheduled, Pulled, Created, Started). Turn off only for very large
   * benchmark clusters.
   * @default true
   */
  readonly podEvents?: boolean;
  /**
   * Zones the nodes are spread over, in order (node-1 in the first, node-2 in the second, …,
   * starting again after the last): each node gets the `topology.kubernetes.io/zone` label and
   * `topology.kubernetes.io/region`. Without it nodes have no zone, as in a kubeadm cluster.
   * @default undefined
   */
  readonly zones?: readonly string[];
  /**
   * The `topology.kubernetes.io/region` label of every node (only with `zones`).
   * @default "region-1"
   */
  readonly region?: string;
}

/** Options after defaulting. */
export interface ResolvedOptions {
  readonly seed: number;
  readonly network: NetworkModelName;
  readonly proxyMode: ProxyModeName;
  readonly networkPolicy: NetworkPolicyName;
  readonly clusterCIDR: CIDR;
  readonly nodeCIDRMaskSize: number;
  readonly serviceCIDR: CIDR;
  readonly clusterDomain: string;
  readonly nodeNetwork: CIDR;
  readonly dnsServiceIP: number;
  readonly podEvents: boolean;
  /** The `zones` and `region` options; undefined when nodes have no zone. */
  readonly topology?: ResolvedZones | undefined;
}

/** Fills in kubeadm + flannel's defaults and checks every option; bad options throw and say what to use. */
export function resolveOptions(options: ClusterOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `Invalid cluster options ${Array.isArray(options) ? "(a list)" : safeString(options)}: pass an object such as new Cluster({ nodes: 3, seed: 1 }), or nothing for the defaults`,
    );
  }
  for (const flag of ["systemPods", "podEvents", "controlPlaneTaint"] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== "boolean") {
      throw new PodtalkError(ErrorCode.BadRequest, `Invalid ${flag} ${safeString(options[flag])}: use true or false`);
    }
  }
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) {
    throw new PodtalkError(ErrorCode.BadRequest, `Invalid seed ${safeString(seed)}: use an integer such as 1`);
  }
  const serviceCIDR = parseCIDR(options.serviceCIDR ?? "10.96.0.0/12", "serviceCIDR");
  const clusterDomain = options.clusterDomain ?? "cluster.local";
  if (
    typeof clusterDomain !== "string" ||
    clusterDomain.length > 253 ||
    clusterDomain.split(".").some((label) => label.length > 63) ||
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(clusterDomain)
  ) {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `Invalid clusterDomain ${JSON.stringify(safeString(clusterDomain).slice(0, 80))}: use a DNS name such as "cluster.local" (labels of at most 63 characters, 253 in all)`,
    );
  }
  const network = options.network ?? NetworkModel.FlannelVXLAN;
  if (!networkModels.has(network)) {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `Unknown network "${safeString(network)}": choose one of ${networkModels
        .names()
        .map((n) => `"${n}"`)
        .join(", ")}`,
    );
  }
  const proxyMode = options.proxyMode ?? ProxyMode.IPTables;
  if (!proxyModes.has(proxyMode)) {
    throw new PodtalkError(ErrorCode.BadRequest, `Unknown proxyMode "${safeString(proxyMode)}": choose ${orList(proxyModes.names())}`);
  }
  const networkPolicy = options.networkPolicy ?? NetworkPolicyMode.None;
  if (!networkPolicyImpls.has(networkPolicy)) {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `Unknown networkPolicy "${safeString(networkPolicy)}": choose ${orList(networkPolicyImpls.names())} (flannel alone does not enforce NetworkPolicy)`,
    );
  }
  const given = {
    clusterCIDR: options.clusterCIDR ?? "10.244.0.0/16",
    serviceCIDR: options.serviceCIDR ?? "10.96.0.0/12",
    nodeNetwork: options.nodeNetwork ?? "172.18.0.0/16",
  };
  const clusterCIDR = parseCIDR(given.clusterCIDR, "clusterCIDR");
  const nodeNetwork = parseCIDR(given.nodeNetwork, "nodeNetwork");
  checkClusterRanges({ clusterCIDR, serviceCIDR, nodeNetwork }, given);
  const topology = resolveZones(options.zones, options.region);
  return {
    seed,
    network,
    proxyMode,
    networkPolicy,
    clusterCIDR,
    nodeCIDRMaskSize: options.nodeCIDRMaskSize ?? 24,
    serviceCIDR,
    clusterDomain,
    nodeNetwork,
    // kubeadm's convention: the 10th address of the service range (not a reservation).
    dnsServiceIP: serviceCIDR.base + 10,
    podEvents: options.podEvents ?? true,
    ...(topology ? { topology } : {}),
  };
}

/** `"a" or "b"`, `"a", "b" or "c"`. */
function orList(names: readonly string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  return quoted.length < 2 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)!}`;
}

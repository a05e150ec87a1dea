/**
 * The ServiceCIDR and IPAddress objects of networking.k8s.io/v1 (KEP-1880, GA in v1.33), as the
 * API server keeps them: one ServiceCIDR named `kubernetes` for the `--service-cluster-ip-range`
 * kubeadm passes (podtalk's `serviceCIDR` option), and one IPAddress per ClusterIP, named after the
 * address and pointing at the Service that holds it.
 *
 * Both follow from what the engine already stores (the option, and each Service's ClusterIP), so
 * they are derived on reading: an IPAddress exists exactly as long as its Service holds the address,
 * as the ClusterIP allocator creates and deletes it with the Service.
 *
 * @see https://kubernetes.io/docs/tasks/network/extend-service-ip-ranges/
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/core/service/ipallocator/ipallocator.go (createIPAddress, serviceToRef)
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controlplane/controller/defaultservicecidr/default_servicecidr_controller.go
 */
import type { Labels } from "../../model/objects.js";
import type { ClusterView } from "../cluster-view.js";
import { formatCIDR, intToIp } from "../ip.js";

/** The name of the ServiceCIDR the API server makes from its own flag (`DefaultServiceCIDRName`). */
export const DEFAULT_SERVICE_CIDR = "kubernetes";

/** A condition of a ServiceCIDR's status (metav1.Condition). */
export interface ServiceCIDRCondition {
  readonly type: "Ready";
  readonly status: "True";
  /** The default ServiceCIDR controller sets no reason. */
  readonly reason: string;
  readonly message: string;
  readonly lastTransitionTime: number;
}

/** A ServiceCIDR: a range ClusterIPs are allocated from. Cluster-scoped. */
export interface ServiceCIDRState {
  readonly name: string;
  readonly labels: Labels;
  readonly cidrs: readonly string[];
  readonly creation: number;
  readonly conditions: readonly ServiceCIDRCondition[];
}

/** An IPAddress's `spec.parentRef`: the object the address is allocated to. */
export interface ParentReference {
  /** `""`: the core group. */
  readonly group: string;
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
}

/** An IPAddress: one allocated ClusterIP. Cluster-scoped; its name is the address. */
export interface IPAddressState {
  readonly name: string;
  readonly labels: Labels;
  readonly parentRef: ParentReference;
  readonly creation: number;
}

/** The labels the ClusterIP allocator puts on every IPAddress it creates (networkingv1.LabelIPAddressFamily, LabelManagedBy). */
const ALLOCATOR_LABELS: Labels = {
  "ipaddress.kubernetes.io/ip-family": "IPv4",
  "ipaddress.kubernetes.io/managed-by": "ipallocator.k8s.io",
};

/**
 * The ServiceCIDRs, sorted by name as the API lists cluster-scoped objects: the default one only,
 * created with the `kubernetes` Service when the API server starts and made Ready at once
 * (`syncStatus` applies `Ready=True` with the message below and no reason).
 */
export function serviceCIDRs(view: ClusterView): readonly ServiceCIDRState[] {
  const created = view.service("default", "kubernetes")?.creation ?? 0;
  return [
    {
      name: DEFAULT_SERVICE_CIDR,
      labels: {},
      cidrs: [formatCIDR(view.options.serviceCIDR)],
      creation: created,
      conditions: [{ type: "Ready", status: "True", reason: "", message: "Kubernetes default Service CIDR is ready", lastTransitionTime: created }],
    },
  ];
}

/** The IPAddress of every ClusterIP in use, sorted by name in byte order (`10.96.0.1` before `10.96.0.10`). */
export function ipAddresses(view: ClusterView): readonly IPAddressState[] {
  const out: IPAddressState[] = [];
  for (const s of view.services()) {
    if (s.clusterIP === undefined) continue;
    out.push({
      name: intToIp(s.clusterIP),
      labels: ALLOCATOR_LABELS,
      parentRef: { group: "", resource: "services", namespace: s.namespace, name: s.name },
      creation: s.creation,
    });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The part of the cluster kube-proxy reads: Services, their endpoints and the time (for session
 * affinity). Narrower than the whole ClusterView, as kube-proxy watches only these objects.
 */
import type { CIDR } from "../ip.js";
import type { EndpointState, ServiceState } from "../state.js";

/** What a proxy mode may read of the cluster; every ClusterView is one. */
export interface ProxyView {
  /** The cluster's Pod network (kube-proxy's `clusterCIDR`: traffic from outside it is masqueraded). */
  readonly options: { readonly clusterCIDR: CIDR; readonly network: string; readonly serviceCIDR?: CIDR };
  /** Simulated seconds since the cluster was bootstrapped. */
  readonly now: number;
  /** Increases with every successful change, so rules can be cached per revision. */
  readonly revision: number;
  /** Services sorted by namespace then name. */
  services(): readonly ServiceState[];
  /** The endpoints of one Service port, sorted by `ip:port` text as kube-proxy sorts them. */
  endpoints(service: ServiceState, portIndex: number): readonly EndpointState[];
}

/**
 * The state kube-proxy's datapath keeps between connections, shared by every proxy mode.
 */

/** What the datapath remembers between connections: scheduler positions and client affinity. */
export class ProxyState {
  /** Next endpoint per Service port, for schedulers that take turns (IPVS `rr`). */
  readonly rotation = new Map<string, number>();
  /** Service port + client IP → the endpoint it went to and when (ClientIP affinity). */
  readonly affinity = new Map<string, { address: string; last: number }>();
}

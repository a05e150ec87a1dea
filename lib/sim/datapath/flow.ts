/**
 * The data a connection's steps pass along: the flow (who connects, with what randomness), the
 * packet as it is at a step, and what a step decided.
 */
import type { ClusterView } from "../cluster-view.js";
import type { ProxyState } from "../kube-proxy/proxy-state.js";
import type { Rng } from "../rng.js";
import type { NodeState, PodState } from "../state.js";
import type { Hop, Outcome, ServedBy } from "./hops.js";

/** The seeded randomness and datapath state a connection draws on. */
export interface TrafficRandom {
  /** kube-proxy's `statistic` matches. */
  readonly endpoints: Rng;
  /** Ephemeral source ports. */
  readonly ports: Rng;
  /** IPVS rotation and ClientIP affinity. */
  readonly proxy: ProxyState;
}

/** One connection attempt: fixed for all its steps. */
export interface Flow {
  readonly view: ClusterView;
  readonly client: PodState;
  /** The client's node. */
  readonly node: NodeState;
  /** The client's address, dotted. */
  readonly clientIP: string;
  /** The ephemeral source port. */
  readonly sport: number;
  /** The client's interface on its node (its veth, or eth0 for hostNetwork Pods). */
  readonly device: string;
  readonly random: TrafficRandom;
}

/** The packet as a step sees it. */
export interface Packet {
  /** Source `ip:port` (after any SNAT). */
  readonly src: string;
  /** The destination the client asked for, `ip:port`. */
  readonly dst: string;
  /** Where the packet goes now (after any DNAT). */
  readonly target: number;
  readonly targetPort: number;
  /** The node the packet is on. */
  readonly here: NodeState;
  /** True once the packet crossed the node network to reach a Pod on another node. */
  readonly crossedNodes: boolean;
  /** Where conntrack reverses the translation on the way back, and what the client sees. */
  readonly translatedAt: { readonly node: NodeState; readonly from: string; readonly to: string } | undefined;
  /** True once the NetworkPolicy implementation decided the server's ingress on the client's node. */
  readonly ingressDecided?: boolean;
}

/** How a connection ended. */
export interface End {
  readonly outcome: Exclude<Outcome, "nxdomain">;
  /** Simulated milliseconds until the connection was established or failed. */
  readonly elapsedMs: number;
  readonly servedBy?: ServedBy | undefined;
  /** True when the API server (kube-apiserver, the one TLS server here) answered. */
  readonly apiServer?: boolean;
  /** Set when kube-proxy's health-check server answered on a Service's healthCheckNodePort. */
  readonly healthCheck?: HealthCheckAnswer;
}

/** What kube-proxy's health-check server knows of a Service on its node. */
export interface HealthCheckAnswer {
  readonly namespace: string;
  readonly name: string;
  /** The Service's ready endpoints on the node. */
  readonly localEndpoints: number;
}

/** A step that ended the connection: its hops, how it ended, and the client's address as the server saw it. */
export interface Ended {
  readonly hops: readonly Hop[];
  readonly end: End;
  readonly src: string;
}

/** What a step decided: the hops it adds, then the end of the connection or the packet to carry on with. */
export type Step = Ended | { readonly hops: readonly Hop[]; readonly next: Packet };

/** Linux gives up on an unanswered SYN after ~127 s (`tcp_syn_retries` = 6). */
export const SYN_TIMEOUT_MS = 127_000;

/** ARP gives up on a silent neighbour after ~3 s, reported as "No route to host". */
export const ARP_TIMEOUT_MS = 3_000;

/** A step that ends the connection. */
export function ended(hops: readonly Hop[], src: string, end: End): Ended {
  return { hops, end, src };
}

/**
 * How a cluster's NetworkPolicy implementation plugs into the datapath. On a real cluster the
 * network plugin (or an agent beside it) enforces NetworkPolicy; flannel alone does not, and the
 * API server stores policies either way. An implementation is asked about each side of a
 * connection: the client Pod's egress and the server Pod's ingress.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#prerequisites
 */
import type { Protocol } from "../../model/objects.js";
import type { PolicyView } from "./policy-view.js";
import type { PodState } from "../state.js";

/** A direction of a Pod's traffic, as `policyTypes` names it. */
export type PolicyDirection = "Ingress" | "Egress";

/** One side of a connection an implementation is asked about. */
export interface PolicyQuestion {
  /** `Egress`: `pod` is the client; `Ingress`: `pod` is the server. */
  readonly direction: PolicyDirection;
  readonly pod: PodState;
  /** The other end's address (after any DNAT, as the packet carries it there). */
  readonly peerIP: number;
  /** The destination port, after any DNAT (0 for ICMP). */
  readonly port: number;
  /** ICMP (ping) matches only rules without ports: NetworkPolicy ports name TCP, UDP or SCTP. */
  readonly protocol: Protocol | "ICMP";
}

/**
 * What an implementation decided for one side. `not-enforced`: policies select the Pod but
 * nothing enforces them; `allowed`: a rule allows the traffic; `dropped`: the Pod is isolated in
 * that direction and no rule allows it (the packet is dropped silently, as real enforcers do).
 */
export interface PolicyDecision {
  readonly verdict: "not-enforced" | "allowed" | "dropped";
  /** The policies (`namespace/name`) that select the Pod for that direction. */
  readonly policies: readonly string[];
  /** The policy and rule that allowed it (`default/allow-api ingress[0]`), when one did. */
  readonly rule?: string;
  /** For a drop: why each rule of each isolating policy did not match. */
  readonly misses?: readonly string[];
  /** Where the implementation acted, as its own rules name it (shown as the hop's rule when nothing allowed it). */
  readonly at?: string;
}

/** A NetworkPolicy implementation, chosen with `new Cluster({ networkPolicy: impl.name })`. */
export interface NetworkPolicyImpl {
  /** The option's value, named after the real implementation it models. */
  readonly name: string;
  /** True when it enforces policies (false for `none`: plain flannel). */
  readonly enforces: boolean;
  /** Its decision for one side, or undefined when no policy concerns that side. */
  decide(view: PolicyView, question: PolicyQuestion): PolicyDecision | undefined;
  /**
   * True when the implementation already decides the server's ingress on the client's node
   * (kube-network-policies evaluates both directions of a packet the first time it queues it);
   * else the ingress is decided on the server's node.
   */
  decidesIngressAtSource?(view: PolicyView, client: PodState): boolean;
  /**
   * The rule that accepts traffic a process of the node itself sends to a Pod on that node
   * (kubelet probes, hostNetwork Pods), before any policy is consulted; unset when such traffic
   * is judged like any other.
   */
  readonly nodeTrafficRule?: string;
}

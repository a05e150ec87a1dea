/**
 * The interface every network model (CNI datapath) implements: how a packet crosses from one
 * node's Pod range to another's, the route each node has to the others' ranges, the Pods' MTU,
 * and the address NodePort traffic is masqueraded to when it leaves for another node.
 *
 * A new model is one module implementing {@link NetworkModelImpl}, passed to `registerNetworkModel`.
 *
 * @see https://github.com/flannel-io/flannel/blob/master/Documentation/backends.md
 */
import type { NodeState } from "../state.js";
import type { Hop, ObservationPoint } from "./hops.js";

/** One route of a node, as `ip route` prints it. */
export interface Route {
  readonly destination: string;
  readonly via: string | undefined;
  readonly device: string;
  /** Why the route is there. */
  readonly note: string;
  /** The line `ip route` prints. */
  readonly text: string;
}

/** A packet between two nodes: source and destination `ip:port`, unchanged by the crossing. */
export interface CrossingPacket {
  readonly src: string;
  readonly dst: string;
}

/** One network model. */
export interface NetworkModelImpl {
  /** The name `new Cluster({ network })` takes. */
  readonly name: string;
  /** The MTU of Pods' eth0 (an overlay's header takes its share). */
  readonly mtu: number;
  /** Where a packet from another node is observed as it reaches the destination node's bridge. */
  readonly arrivalPoint: ObservationPoint;
  /** The route `node` has to `other`'s podCIDR. */
  routeTo(node: NodeState, other: NodeState): Route;
  /** The hops of a packet crossing from `from` to `to`, Pod range to Pod range. */
  crossNode(from: NodeState, to: NodeState, packet: CrossingPacket): readonly Hop[];
  /** The source address NodePort traffic gets on `node` when it leaves for a Pod on another node. */
  masqueradeSource(node: NodeState): number;
}

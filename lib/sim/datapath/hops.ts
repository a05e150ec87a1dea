/**
 * What `exec` returns: the command's output as the real tool prints it, and every hop the
 * request took, in Hubble's vocabulary of observation points; and the one builder of hops.
 */

/** Where along the path a hop was observed (Hubble's trace observation points). */
export const ObservationPoint = {
  FromEndpoint: "from-endpoint",
  ToStack: "to-stack",
  ToOverlay: "to-overlay",
  FromOverlay: "from-overlay",
  ToEndpoint: "to-endpoint",
} as const;
export type ObservationPoint = (typeof ObservationPoint)[keyof typeof ObservationPoint];

/** How a request ended. */
export const Outcome = {
  Ok: "ok",
  Refused: "refused",
  Timeout: "timeout",
  NXDomain: "nxdomain",
  Unreachable: "unreachable",
  Error: "error",
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** What happened to the packet at a hop. */
export type Verdict = "forwarded" | "translated" | "delivered" | "answered" | "rejected" | "dropped" | "not-found";

/** What kind of step a hop is. */
export type HopKind =
  | "dns-query"
  | "send"
  | "kube-proxy"
  | "network-policy"
  | "portmap"
  | "route"
  | "bridge"
  | "encapsulate"
  | "decapsulate"
  | "deliver"
  | "loopback"
  | "reply";

/** One step of a request. */
export interface Hop {
  readonly kind: HopKind;
  /** The node it happened on (`undefined` inside a Pod's own network namespace). */
  readonly node: string | undefined;
  /** The device: `eth0`, a `veth…`, `cni0`, `flannel.1`, `lo`. */
  readonly device: string | undefined;
  readonly point: ObservationPoint | undefined;
  /** `ip:port` of the packet's source and destination at this hop. */
  readonly src: string | undefined;
  readonly dst: string | undefined;
  /** One line for a reader. */
  readonly summary: string;
  /** What this hop changed: `DNAT 10.96.0.34:8080 -> 10.244.1.2:8080`, an encapsulation. */
  readonly change: string | undefined;
  /** The rule or route that decided it, as the real tool prints it. */
  readonly rule: string | undefined;
  readonly verdict: Verdict;
  /** Why a failing hop failed. */
  readonly reason?: string;
  /** What a debugging guide would suggest. */
  readonly fix?: string;
  /** The address translation this hop made, when it made one (the same as `change`, structured). */
  readonly nat?: HopNat;
  /** The VXLAN outer header a packet crossing the overlay carries (encapsulate and decapsulate hops). */
  readonly outer?: HopOuter;
}

/**
 * An address translation: `DNAT` rewrites the destination (kube-proxy, hostPort), `SNAT` the
 * source (masquerade), `un-DNAT` is conntrack rewriting a reply's source back to what the client
 * asked for. `from` and `to` are `ip:port`.
 */
export interface HopNat {
  readonly type: "DNAT" | "SNAT" | "un-DNAT";
  readonly from: string;
  readonly to: string;
}

/** A VXLAN outer header: node to node over UDP, with the VXLAN network identifier. */
export interface HopOuter {
  readonly src: string;
  readonly dst: string;
  readonly port: number;
  readonly vni: number;
}

/** The container that answered a request. */
export interface ServedBy {
  readonly pod: string;
  readonly namespace: string;
  readonly container: string;
  readonly ip: string;
  readonly port: number;
}

/** The full record of one `exec`. */
export interface TraceRecord {
  readonly command: string;
  readonly pod: string;
  readonly namespace: string;
  readonly container: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outcome: Outcome;
  readonly servedBy: ServedBy | undefined;
  readonly hops: readonly Hop[];
  /** Set when the command ran in a node's own shell (`exec("node/node-1", …)`), not in a Pod. */
  readonly node?: string;
}

/** A hop's fields; the ones left out are `undefined`. */
export type HopInit = Partial<Hop> & Pick<Hop, "kind" | "summary" | "verdict">;

/**
 * Builds a hop with every optional field present (so hops have one shape), in one field order:
 * the optional fields, then kind, summary, verdict, and reason and fix when given. Written out
 * rather than spread: traces build several hops each and spreading costs more than the rest.
 */
export function hop(h: HopInit): Hop {
  const out: { -readonly [K in keyof Hop]: Hop[K] } = {
    node: h.node,
    device: h.device,
    point: h.point,
    src: h.src,
    dst: h.dst,
    change: h.change,
    rule: h.rule,
    kind: h.kind,
    summary: h.summary,
    verdict: h.verdict,
  };
  if ("reason" in h) out.reason = h.reason;
  if ("fix" in h) out.fix = h.fix;
  if (h.nat !== undefined) out.nat = h.nat;
  if (h.outer !== undefined) out.outer = h.outer;
  return out;
}

/**
 * The packet stepper's data: for every hop of a trace, the packet before and after it, what the
 * hop changed (a translation, the VXLAN outer header), the conntrack entry once a translation has
 * made one, and where the hop's numbered circle sits in the trace diagram. The trace's HTML
 * carries it as JSON in a `data-podtalk-steps` attribute; an exported article's stepper script
 * reads it from there (lib/notebook/export/stepper-script.ts).
 */
import { STEP_RADIUS, traceLayout } from "./trace-layout.js";
import type { Hop, TraceRecord } from "../sim/index.js";

/** A packet's addresses (`ip:port`, or `ip` where the port does not matter). */
export interface PacketAddresses {
  readonly src: string;
  readonly dst: string;
}

/** One hop as the stepper shows it. */
export interface StepView {
  /** The hop's number, as in the hop table and the diagram. */
  readonly n: number;
  readonly where: string;
  readonly place: string;
  readonly summary: string;
  readonly verdict: string;
  /** The packet as the hop table shows it. */
  readonly packet: PacketAddresses;
  readonly before: PacketAddresses;
  readonly after: PacketAddresses;
  readonly change?: string;
  /** The VXLAN outer header, as a line: `192.168.56.11 -> 192.168.56.12 UDP 8472, VNI 1`. */
  readonly outer?: string;
  /** The connection's conntrack entry after this hop, as `conntrack -L` prints the two tuples. */
  readonly conntrack?: string;
  readonly rule?: string;
  readonly reason?: string;
  readonly fix?: string;
  /** Centre and radius of the hop's circle in the diagram's SVG coordinates. */
  readonly circle: { readonly x: number; readonly y: number; readonly r: number };
}

/** `10.244.1.4:33322` → ["10.244.1.4", "33322"]; an address without a port keeps `undefined`. */
function split(address: string): [string, string | undefined] {
  const m = /^(.*):(\d+)$/.exec(address);
  return m ? [m[1]!, m[2]] : [address, undefined];
}

/**
 * One direction of a conntrack entry as `conntrack -L` prints it: `src=… dst=… sport=… dport=…`
 * (conntrack-tools, conntrack(8)); ports only when both ends have one.
 */
function tuple(src: string, dst: string): string {
  const [sip, sport] = split(src);
  const [dip, dport] = split(dst);
  return `src=${sip} dst=${dip}${sport !== undefined && dport !== undefined ? ` sport=${sport} dport=${dport}` : ""}`;
}

/** The packet before and after a hop: a translation rewrites one address, every other hop none. */
function beforeAfter(h: Hop): { before: PacketAddresses; after: PacketAddresses } {
  const packet = { src: h.src ?? "", dst: h.dst ?? "" };
  const nat = h.nat;
  if (nat === undefined) return { before: packet, after: packet };
  if (nat.type === "DNAT") return { before: { ...packet, dst: nat.from }, after: { ...packet, dst: nat.to } };
  return { before: { ...packet, src: nat.from }, after: { ...packet, src: nat.to } };
}

/**
 * The stepper's view of every hop. `describe` gives a hop's place in plain words and as node ·
 * device · observation point, the way the hop table words them.
 */
export function traceSteps(t: TraceRecord, describe: (h: Hop) => { where: string; place: string }): StepView[] {
  const layout = t.hops.length ? traceLayout(t) : undefined;
  // The conntrack entry's two tuples, once a translation has been made: original, then reply.
  let original: PacketAddresses | undefined;
  let reply: PacketAddresses | undefined;
  return t.hops.map((h, i) => {
    const { before, after } = beforeAfter(h);
    const nat = h.nat;
    if (nat?.type === "DNAT") {
      original = before;
      reply = { src: nat.to, dst: before.src };
    } else if (nat?.type === "SNAT") {
      if (original === undefined) original = before;
      reply = { src: (reply ?? { src: before.dst }).src, dst: nat.to };
    }
    const step = layout?.steps[i];
    const { where, place } = describe(h);
    return {
      n: i + 1,
      where,
      place,
      summary: h.summary,
      verdict: h.verdict,
      packet: { src: h.src ?? "", dst: h.dst ?? "" },
      before,
      after,
      ...(h.change ? { change: h.change } : {}),
      ...(h.outer ? { outer: `${h.outer.src} -> ${h.outer.dst} UDP ${h.outer.port}, VNI ${h.outer.vni}` } : {}),
      ...(nat && original && reply ? { conntrack: `${tuple(original.src, original.dst)} ${tuple(reply.src, reply.dst)}` } : {}),
      ...(h.rule ? { rule: h.rule } : {}),
      ...(h.reason ? { reason: h.reason } : {}),
      ...(h.fix ? { fix: h.fix } : {}),
      circle: { x: step?.x ?? 0, y: step?.y ?? 0, r: STEP_RADIUS },
    };
  });
}

/** The steps as an attribute value's JSON (escape it as any attribute). */
export function traceStepsJSON(t: TraceRecord, describe: (h: Hop) => { where: string; place: string }): string {
  return JSON.stringify(traceSteps(t, describe));
}

/**
 * Where a trace diagram's lanes, steps and arrows go, in pixels, laid out for an article column
 * of COLUMN_WIDTH pixels with every text at FONT_SIZE px or more. A packet is followed lane to
 * lane: an arrow is drawn only where it travels between lanes (a DNS query goes from the client
 * Pod to CoreDNS and its answer comes back; the reply goes through the node whose conntrack
 * reverses the DNAT); steps on one lane in a row are joined by that lane's activity bar instead.
 */
import type { Hop, TraceRecord } from "../sim/index.js";

/** The width of the article column the diagram is designed for (px). */
export const COLUMN_WIDTH = 752;
/** Every text of the diagram is this size or larger (px). */
export const FONT_SIZE = 11;
/** Pixels per character of 11 px monospace, rounded up (the glyphs are 0.6 em wide: 6.6 px). */
export const CHAR = 7;
/** Distance between the lines of a wrapped text (px). */
export const LINE_HEIGHT = 14;
/** The most lines a step's label takes; the rest is in the hop table (numbered alike). */
const MAX_LABEL_LINES = 6;
const LANE_WIDTH = 106;
const LEFT = 8;
const GAP = 12;
/** The fewest characters a label line gets; with many lanes the figure grows wider and scrolls. */
const MIN_LABEL_CHARS = 26;
/** Radius of a step's numbered circle (px). */
export const STEP_RADIUS = 11;

/**
 * Breaks `text` into lines of at most `max` characters: at spaces, then after `-`, `.`, `/` or
 * `:` inside long words (names such as `frontend-5d68d6b965-4zxtr`), and only then anywhere.
 */
export function wrapText(text: string, max: number): string[] {
  const pieces = text.split(/(?<=\s)/u).flatMap((word) => {
    if ([...word.trimEnd()].length <= max) return [word];
    // A word too long for a line breaks after its separators, and only then anywhere.
    return word.split(/(?<=[-./:](?=\S))/u).flatMap((part) => {
      const chars = [...part];
      const out: string[] = [];
      for (let i = 0; i < chars.length; i += max) out.push(chars.slice(i, i + max).join(""));
      return out;
    });
  });
  const lines: string[] = [];
  let line = "";
  for (const piece of pieces) {
    if ([...(line + piece).trimEnd()].length > max && line.trim() !== "") {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    } else line += piece;
  }
  if (line.trim() !== "") lines.push(line.trimEnd());
  return lines;
}

/** The client's lifeline: the Pod, or the node for a command run in a node's own shell. */
function clientName(t: TraceRecord): string {
  return t.node !== undefined ? `node ${t.node}` : `Pod ${t.pod}`;
}

/** Where a hop happens, as a lane name. */
function laneOf(h: Hop, t: TraceRecord): string {
  switch (h.kind) {
    case "dns-query":
      return "CoreDNS";
    case "loopback":
      return clientName(t);
    case "deliver":
      return t.servedBy && h.verdict === "delivered" ? `Pod ${t.servedBy.pod}` : h.node ? `node ${h.node}` : clientName(t);
    default:
      return h.node ? `node ${h.node}` : clientName(t);
  }
}

/** A short label for a step: what happened there (the hop table has the whole story). */
function stepLabel(h: Hop, t: TraceRecord): string {
  const what: Record<Hop["kind"], string> = {
    "dns-query": "DNS",
    send: t.node !== undefined ? "leaves the node" : "leaves the Pod",
    "kube-proxy": "kube-proxy",
    "network-policy": "NetworkPolicy",
    portmap: "portmap (hostPort)",
    route: "route",
    bridge: "cni0 bridge",
    encapsulate: "VXLAN encapsulation",
    decapsulate: "VXLAN decapsulation",
    deliver: "deliver",
    loopback: "loopback",
    reply: "reply",
  };
  if (h.reason) return `${what[h.kind]}: ${h.reason}`.replaceAll(" -> ", " → ");
  // An enforced policy's verdict names the rule that allowed it.
  if (h.kind === "network-policy" && h.rule) return `${what[h.kind]}: allowed by ${h.rule}`;
  const detail =
    h.kind === "dns-query"
      ? h.summary.replace(/^DNS query (\S+) (\S+) .*: (.*)$/, "$1 $2 → $3")
      : h.kind === "encapsulate"
        ? (h.change?.replace(/^encapsulate: /, "new ") ?? "")
        : (h.change?.replace(/^decapsulate: /, "removes ") ?? `${h.src ?? ""} → ${h.dst ?? ""}`);
  return `${what[h.kind]}: ${detail}`.replaceAll(" -> ", " → ");
}

/** How an arrow is drawn: the packet itself, a DNS answer coming back, or the VXLAN outer packet between nodes. */
export type ArrowKind = "packet" | "answer" | "overlay" | "reply";

/** One arrow: from lane x `x` to lane x `x2` at height `y`, its head at `x2`. */
export interface TraceArrow {
  readonly x: number;
  readonly x2: number;
  readonly y: number;
  readonly kind: ArrowKind;
}

/** One numbered step. */
export interface TraceStep {
  readonly n: number;
  readonly x: number;
  readonly y: number;
  readonly lane: string;
  readonly lines: readonly string[];
  readonly failed: boolean;
}

/** The lanes, steps, arrows and activity bars of a trace, laid out in pixels. */
export interface TraceLayout {
  readonly lanes: readonly { readonly name: string; readonly x: number; readonly lines: readonly string[] }[];
  readonly steps: readonly TraceStep[];
  readonly arrows: readonly TraceArrow[];
  /** Where a lane is busy with the packet: the client's from the first hop to the last. */
  readonly bars: readonly { readonly x: number; readonly y: number; readonly y2: number }[];
  readonly laneWidth: number;
  readonly labelX: number;
  readonly headerHeight: number;
  readonly width: number;
  readonly height: number;
}

/** Lane names in drawing order: CoreDNS, the client, the nodes as the packet meets them, the serving Pod. */
function laneOrder(t: TraceRecord): string[] {
  const client = clientName(t);
  const seen = t.hops.map((h) => laneOf(h, t));
  const server = t.servedBy ? `Pod ${t.servedBy.pod}` : undefined;
  const nodes = [...new Set(seen)].filter((l) => l !== client && l !== "CoreDNS" && l !== server);
  return [...(seen.includes("CoreDNS") ? ["CoreDNS"] : []), client, ...nodes, ...(server && seen.includes(server) && server !== client ? [server] : [])];
}

/** Lays out a trace for the article column; with more lanes than fit, the figure is wider (it scrolls, it never shrinks). */
export function traceLayout(t: TraceRecord): TraceLayout {
  const order = laneOrder(t);
  const laneChars = Math.floor((LANE_WIDTH - 8) / CHAR);
  const lanes0 = order.map((name, i) => ({ name, x: LEFT + i * LANE_WIDTH + LANE_WIDTH / 2, lines: wrapText(name, laneChars) }));
  const labelX = LEFT + order.length * LANE_WIDTH + GAP;
  const labelChars = Math.max(MIN_LABEL_CHARS, Math.floor((COLUMN_WIDTH - labelX - LEFT) / CHAR));
  const width = Math.max(COLUMN_WIDTH, labelX + labelChars * CHAR + LEFT);
  const headerHeight = 10 + Math.max(...lanes0.map((l) => l.lines.length)) * LINE_HEIGHT + 10;
  const xOf = new Map(lanes0.map((l) => [l.name, l.x]));
  const client = clientName(t);
  const serverNode = t.hops.find((h) => h.kind === "deliver" && h.verdict === "delivered")?.node;

  const steps: TraceStep[] = [];
  const arrows: TraceArrow[] = [];
  let y = headerHeight + 16;
  let at = client;
  t.hops.forEach((h, i) => {
    const lane = laneOf(h, t);
    const x = xOf.get(lane)!;
    const failed = h.reason !== undefined;
    let lines = wrapText(`${i + 1}. ${failed ? "✘ " : ""}${stepLabel(h, t)}`, labelChars);
    if (lines.length > MAX_LABEL_LINES) lines = [...lines.slice(0, MAX_LABEL_LINES - 1), `… (hop ${i + 1} in the table)`];
    // A second arrow (the DNS answer, the reply's way to the client) sits one line lower.
    const answered = h.kind === "dns-query" && h.verdict !== "dropped";
    const returns = h.kind === "reply";
    const rows = Math.max(lines.length, answered || returns ? 2 : 1);
    const rowHeight = Math.max(2 * STEP_RADIUS + 8, rows * LINE_HEIGHT + 10);
    const cy = y + STEP_RADIUS;
    if (h.kind === "reply") {
      // From the serving Pod back through its node to the node whose conntrack reverses the NAT.
      const from = t.servedBy ? xOf.get(`Pod ${t.servedBy.pod}`) : undefined;
      const via = serverNode !== undefined && serverNode !== h.node ? xOf.get(`node ${serverNode}`) : undefined;
      const start = from ?? via ?? xOf.get(at)!;
      if (via !== undefined && from !== undefined) {
        arrows.push({ x: from, x2: via, y: cy, kind: "packet" }, { x: via, x2: x, y: cy, kind: "overlay" });
      } else if (start !== x) arrows.push({ x: start, x2: x, y: cy, kind: via !== undefined ? "overlay" : "packet" });
      if (x !== xOf.get(client)) arrows.push({ x, x2: xOf.get(client)!, y: cy + LINE_HEIGHT, kind: "reply" });
      at = client;
    } else {
      const fromX = xOf.get(h.kind === "dns-query" && at === "CoreDNS" ? client : at)!;
      if (fromX !== x) arrows.push({ x: fromX, x2: x, y: cy, kind: h.kind === "decapsulate" ? "overlay" : "packet" });
      at = lane;
      if (answered) {
        arrows.push({ x, x2: xOf.get(client)!, y: cy + LINE_HEIGHT, kind: "answer" });
        at = client;
      }
    }
    steps.push({ n: i + 1, x, y: cy, lane, lines, failed });
    y += rowHeight;
  });
  const height = y + 8;
  // Activity bars: the client waits from the first hop to the last; another lane is busy over a run of its steps.
  const bars: { x: number; y: number; y2: number }[] = [];
  if (steps.length) bars.push({ x: xOf.get(client)!, y: steps[0]!.y - STEP_RADIUS, y2: steps.at(-1)!.y + STEP_RADIUS + LINE_HEIGHT });
  for (let i = 0; i < steps.length; ) {
    let j = i;
    while (j + 1 < steps.length && steps[j + 1]!.lane === steps[i]!.lane) j++;
    if (j > i && steps[i]!.lane !== client) bars.push({ x: steps[i]!.x, y: steps[i]!.y, y2: steps[j]!.y });
    i = j + 1;
  }
  return { lanes: lanes0, steps, arrows, bars, laneWidth: LANE_WIDTH, labelX, headerHeight, width, height };
}

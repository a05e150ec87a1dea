/**
 * The topology picture laid out: Services in a band at the top, nodes as columns below with
 * their Pods stacked inside, and every line routed so that it never passes through a box that is
 * not one of its ends. A Service's line drops from the middle of its box into a channel of its
 * own between the Services and the nodes, runs along it to its lane in a gutter at the left of
 * the node column, down the gutter past the Pods above, and enters its Pod from the left with an
 * arrowhead. Services on more than one row leave their row through the gaps between the boxes
 * of the rows below. With devices, each Pod's eth0 drops to its veth below the Pod box, the veths
 * join a bus at the right of the column that leads to cni0, and cni0, the overlay device and eth0
 * sit at the foot of the column above the node network.
 */
import { placeLegend } from "./topology-legend.js";
import type { Box, Layout, Link, Point, SceneService, TopologyScene } from "./topology-scene.js";
import { ARTICLE_WIDTH, CHAR_WIDTH, CHIP_HEIGHT, CHIP_PAD, COLORS, GAP, LANE, LINE_HEIGHT, MARGIN, PAD, POD_TEXT_CHARS } from "./topology-style.js";

const textWidth = (lines: readonly string[]) => Math.max(0, ...lines.map((l) => [...l].length)) * CHAR_WIDTH;
const boxHeight = (lines: number) => lines * LINE_HEIGHT + 2 * PAD - 4;
const chipWidth = (text: string) => [...text].length * CHAR_WIDTH + 2 * CHIP_PAD;
const chipHeight = (lines: number) => CHIP_HEIGHT + (lines - 1) * LINE_HEIGHT;
/** Where a vertical device link leaves or enters a chip, from its left edge. */
const CHIP_PORT = 16;
/** Room at the right of a gutter for the arrowhead. */
const ARROW_ROOM = 12;
/** The node's two header lines and the space below them. */
const HEADER = PAD + 2 * LINE_HEIGHT + 4;

/**
 * Wraps a line at its separators (` · `, two spaces, `, `) so that it holds at most `max`
 * characters where it can; a part longer than that stays whole.
 */
export function wrapLine(line: string, max = POD_TEXT_CHARS): string[] {
  if ([...line].length <= max) return [line];
  const sep = [" · ", "  ", ", "].find((s) => line.includes(s));
  if (sep === undefined) return [line];
  const out: string[] = [];
  let current = "";
  for (const part of line.split(sep)) {
    const joined = current === "" ? part : `${current}${sep}${part}`;
    if (current !== "" && [...joined].length > max) {
      out.push(sep === ", " ? `${current},` : current);
      current = part;
    } else current = joined;
  }
  out.push(current);
  return out;
}

/** Drops repeated points and the middle of three points on one straight line. */
function simplify(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && last.x === p.x && last.y === p.y) continue;
    const before = out[out.length - 2];
    if (before && last && ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y))) out.pop();
    out.push(p);
  }
  return out;
}

/** Lays the scene out. */
export function layoutTopology(scene: TopologyScene): Layout {
  const withDevices = scene.network !== undefined;
  const podLines = new Map(scene.nodes.flatMap((n) => n.pods.map((p) => [p.id, p.lines.flatMap((l, i) => (i === 0 ? [l] : wrapLine(l)))] as const)));

  // Which Services have lines, each with its lane in the channel, and which enter each node.
  const nodeOfPod = new Map(scene.nodes.flatMap((n) => n.pods.map((p) => [p.id, n.id] as const)));
  const links = scene.links.filter((l) => nodeOfPod.has(l.to));
  const linked = scene.services.filter((s) => links.some((l) => l.from === s.id));
  const lane = new Map(linked.map((s, i) => [s.id, i]));
  const into = new Map(scene.nodes.map((n) => [n.id, linked.filter((s) => links.some((l) => l.from === s.id && nodeOfPod.get(l.to) === n.id))]));
  const gutterLanes = Math.max(0, ...[...into.values()].map((s) => s.length));
  const gutter = gutterLanes ? 6 + (gutterLanes - 1) * LANE + ARROW_ROOM : PAD;
  const right = withDevices ? 12 : PAD;

  // Column width: the widest text of any Pod, node header or chip.
  const nodeChipTexts = scene.nodes.flatMap((n) => (n.devices ? [n.devices.bridge, n.devices.eth0, ...(n.devices.overlay ?? [])] : []));
  const podWidth = Math.max(
    150,
    ...[...podLines.values()].map((l) => textWidth(l) + 2 * PAD),
    ...scene.nodes.map((n) => textWidth(n.lines) + 4),
    ...scene.nodes.flatMap((n) => n.pods.flatMap((p) => (p.devices ? [chipWidth(p.devices.eth0) + 2 * PAD] : []))),
    ...nodeChipTexts.map((t) => chipWidth(t) + PAD),
  );
  const columnWidth = gutter + podWidth + right;
  const nodesWidth = 2 * MARGIN + scene.nodes.length * columnWidth + (scene.nodes.length - 1) * GAP;

  // Services: a grid of equal boxes, as many per row as the picture's width allows.
  const S = scene.services.length;
  const sw = Math.max(110, ...scene.services.map((s) => textWidth(s.lines) + 2 * PAD));
  const svcH = boxHeight(Math.max(1, ...scene.services.map((s) => s.lines.length)));
  const width = Math.max(
    nodesWidth,
    textWidth([scene.title]) + 2 * MARGIN,
    sw + 2 * MARGIN + GAP,
    Math.min(ARTICLE_WIDTH, 2 * MARGIN + S * sw + (S - 1) * GAP),
  );
  let gapS = GAP;
  let perRow = Math.max(1, Math.floor((width - 2 * MARGIN + gapS) / (sw + gapS)));
  let rows = Math.ceil(S / perRow);
  while (rows > 1) {
    // Lines of the upper rows go down through the gaps, one lane per row above the last, and
    // the last column keeps its gap inside the picture.
    gapS = Math.max(GAP, (rows - 1) * LANE + 8);
    const fits = Math.max(1, Math.floor((width - 2 * MARGIN) / (sw + gapS)));
    const r = Math.ceil(S / fits);
    perRow = fits;
    if (r === rows) break;
    rows = r;
  }
  const corridor = rows > 1 ? 2 * GAP : 0;
  const svcTop = MARGIN + 24;
  const boxes: Box[] = [];
  const svcBox = new Map<string, Box>();
  const rowOf = new Map<string, number>();
  scene.services.forEach((s, i) => {
    const row = Math.floor(i / perRow);
    const b: Box = {
      id: s.id,
      kind: "service",
      x: MARGIN + (i % perRow) * (sw + gapS),
      y: svcTop + row * (svcH + corridor),
      width: sw,
      height: svcH,
      lines: s.lines,
      fill: COLORS.service.fill,
      stroke: s.stroke,
      highlighted: s.highlighted,
      ghost: false,
      label: pt(MARGIN + (i % perRow) * (sw + gapS) + PAD, svcTop + row * (svcH + corridor) + PAD),
    };
    boxes.push(b);
    svcBox.set(s.id, b);
    rowOf.set(s.id, row);
  });
  const svcBottom = S ? svcTop + rows * svcH + (rows - 1) * corridor : MARGIN + 24;
  const laneY = (i: number) => svcBottom + 12 + i * LANE;
  const nodesTop = linked.length ? laneY(linked.length - 1) + 14 : S ? svcBottom + 2 * GAP : svcTop;

  // Nodes: Pods stacked under the header; with devices, each Pod's veth below it.
  const podBoxes: Box[] = [];
  const chips: Box[] = [];
  const deviceLinks: Link[] = [];
  const podBox = new Map<string, Box>();
  const columns = scene.nodes.map((n, i) => {
    const x = MARGIN + i * (columnWidth + GAP);
    const podX = x + gutter;
    let y = nodesTop + HEADER;
    const veths: Box[] = [];
    for (const p of n.pods) {
      const lines = podLines.get(p.id)!;
      const chip = p.devices;
      const height = chip ? PAD + lines.length * LINE_HEIGHT + CHIP_HEIGHT + PAD : boxHeight(lines.length);
      const b: Box = {
        id: p.id,
        kind: "pod",
        x: podX,
        y,
        width: podWidth,
        height,
        lines,
        fill: p.fill,
        stroke: p.stroke,
        highlighted: p.highlighted,
        ghost: p.ghost,
        label: pt(podX + PAD, y + PAD),
      };
      podBoxes.push(b);
      podBox.set(p.id, b);
      y += height + GAP;
      if (chip) {
        const eth0 = device(`${p.id}/eth0`, podX + PAD, b.y + PAD + lines.length * LINE_HEIGHT, [chip.eth0]);
        const veth = device(`${n.id}/${chip.veth}`, podX + PAD, y - 2, [chip.veth]);
        chips.push(eth0, veth);
        veths.push(veth);
        deviceLinks.push(deviceLink(eth0, veth, [pt(eth0.x + CHIP_PORT, eth0.y + eth0.height), pt(veth.x + CHIP_PORT, veth.y)]));
        y = veth.y + veth.height + GAP;
      }
    }
    return { node: n, x, podX, bottom: y, veths };
  });
  const podsBottom = Math.max(nodesTop + HEADER + 2 * GAP, ...columns.map((c) => c.bottom));

  // The node's own devices, level across the columns: cni0, the overlay device, eth0.
  let nodesBottom = podsBottom - GAP + PAD;
  const nodeEth0 = new Map<string, Box>();
  if (withDevices) {
    for (const c of columns) {
      const d = c.node.devices;
      if (!d) continue;
      let y = podsBottom + 4;
      const stack = [d.bridge, ...(d.overlay ? [d.overlay] : []), d.eth0].map((text) => {
        const lines = typeof text === "string" ? [text] : text;
        const chip = device(`${c.node.id}/${lines[0]!.split(" ")[0]}`, c.podX, y, lines);
        y += chip.height + 14;
        return chip;
      });
      chips.push(...stack);
      for (let i = 0; i + 1 < stack.length; i++) {
        const a = stack[i]!;
        const b = stack[i + 1]!;
        deviceLinks.push(deviceLink(a, b, [pt(a.x + CHIP_PORT, a.y + a.height), pt(b.x + CHIP_PORT, b.y)]));
      }
      // Every veth is a port of the bridge: a bus at the column's right edge leads to cni0.
      const bridge = stack[0]!;
      const busX = c.podX + podWidth + 6;
      for (const v of c.veths) {
        const vy = v.y + v.height / 2;
        const by = bridge.y + bridge.height / 2;
        deviceLinks.push(deviceLink(v, bridge, [pt(v.x + v.width, vy), pt(busX, vy), pt(busX, by), pt(bridge.x + bridge.width, by)]));
      }
      nodeEth0.set(c.node.id, stack[stack.length - 1]!);
      nodesBottom = Math.max(nodesBottom, y - 14 + PAD);
    }
  }
  scene.nodes.forEach((n, i) => {
    boxes.push({
      id: n.id,
      kind: "node",
      x: columns[i]!.x,
      y: nodesTop,
      width: columnWidth,
      height: nodesBottom - nodesTop,
      lines: n.lines,
      fill: COLORS.node.fill,
      stroke: COLORS.node.stroke,
      highlighted: false,
      ghost: false,
      // The header starts right of the gutter that Services' lines come down.
      label: pt(columns[i]!.podX + 2, nodesTop + PAD),
    });
  });
  boxes.push(...podBoxes);
  let bottom = nodesBottom;
  if (scene.network !== undefined) {
    const chip = device("network", MARGIN, nodesBottom + 26, [scene.network]);
    const net: Box = { ...chip, kind: "network", width: width - 2 * MARGIN, fill: COLORS.network.fill, stroke: COLORS.network.stroke };
    boxes.push(net);
    for (const eth0 of nodeEth0.values())
      deviceLinks.push(deviceLink(eth0, net, [pt(eth0.x + CHIP_PORT, eth0.y + eth0.height), pt(eth0.x + CHIP_PORT, net.y)]));
    bottom = net.y + net.height;
  }
  boxes.push(...chips);

  // Service lines: down from the Service, along its lane, down the node's gutter, into the Pod.
  const stubRank = new Map<string, string[]>();
  for (const s of linked) for (const l of links) if (l.from === s.id) stubRank.set(l.to, [...(stubRank.get(l.to) ?? []), s.id]);
  const columnOf = new Map(columns.map((c) => [c.node.id, c]));
  // In a gutter, the Service that reaches furthest down takes the leftmost lane, so the arrows
  // of the others do not cross it.
  const gutterX = new Map<string, number>();
  for (const c of columns) {
    const order = c.node.pods.map((p) => p.id);
    const deepest = (s: SceneService) => Math.max(...links.filter((l) => l.from === s.id && nodeOfPod.get(l.to) === c.node.id).map((l) => order.indexOf(l.to)));
    const ranked = [...into.get(c.node.id)!].sort((a, b) => deepest(b) - deepest(a) || lane.get(a.id)! - lane.get(b.id)!);
    for (const [rank, s] of ranked.entries()) gutterX.set(`${s.id} ${c.node.id}`, c.x + 6 + rank * LANE);
  }
  const drop = new Map(
    linked.map((s) => {
      const b = svcBox.get(s.id)!;
      const row = rowOf.get(s.id)!;
      const col = Math.round((b.x - MARGIN) / (sw + gapS));
      const x = row < rows - 1 ? MARGIN + col * (sw + gapS) + sw + 4 + (rows - 2 - row) * LANE : b.x + b.width / 2;
      const xs = [x, ...columns.flatMap((c) => gutterX.get(`${s.id} ${c.node.id}`) ?? [])];
      return [s.id, { x, from: Math.min(...xs), to: Math.max(...xs), down: xs.slice(1) }] as const;
    }),
  );
  for (const [i, s] of channelOrder(linked.map((s) => drop.get(s.id)!)).entries()) lane.set(linked[s]!.id, i);
  const serviceLinks: Link[] = links.flatMap((l) => {
    const s = svcBox.get(l.from);
    const p = podBox.get(l.to);
    if (!s || !p) return [];
    const row = rowOf.get(l.from)!;
    const cx = s.x + s.width / 2;
    const y = laneY(lane.get(l.from)!);
    const gx = gutterX.get(`${l.from} ${columnOf.get(nodeOfPod.get(l.to)!)!.node.id}`)!;
    const stubY = p.y + 10 + Math.min(stubRank.get(l.to)!.indexOf(l.from) * LANE, p.height - 14);
    const points: Point[] = [pt(cx, s.y + s.height)];
    if (row < rows - 1) {
      const corridorY = s.y + s.height + corridor / 2;
      const gapX = drop.get(l.from)!.x;
      points.push(pt(cx, corridorY), pt(gapX, corridorY), pt(gapX, y));
    } else points.push(pt(cx, y));
    points.push(pt(gx, y), pt(gx, stubY), pt(p.x, stubY));
    return [{ kind: "service" as const, from: l.from, to: l.to, points: simplify(points), color: l.color, ready: l.ready }];
  });
  // Lines to endpoints that are not ready first, so a shared stretch shows solid.
  serviceLinks.sort((a, b) => Number(a.ready) - Number(b.ready));

  const legend = placeLegend(scene.legend, MARGIN, bottom + 16, width - 2 * MARGIN);
  return { width, height: bottom + 16 + legend.height + MARGIN, boxes, links: [...deviceLinks, ...serviceLinks], legend: legend.entries };
}

const pt = (x: number, y: number): Point => ({ x, y });

/** A Service's run through the channel: where it comes down, how far its lane reaches, where it leaves it. */
interface ChannelRun {
  readonly x: number;
  readonly from: number;
  readonly to: number;
  readonly down: readonly number[];
}

/**
 * The order of the channel's lanes, top to bottom, with the fewest lines crossing: a run on a lower
 * lane crosses the lanes above it where it comes down, and the runs above cross its lane where they
 * go down to the nodes. Every order is tried up to 6 Services (720 orders); beyond that, name order.
 */
function channelOrder(runs: readonly ChannelRun[]): number[] {
  const inside = (x: number, r: ChannelRun) => x > r.from && x < r.to;
  const cost = (order: readonly number[]) => {
    let n = 0;
    order.forEach((a, i) => {
      for (const b of order.slice(i + 1)) {
        const above = runs[a]!;
        const below = runs[b]!;
        if (inside(below.x, above)) n++;
        n += above.down.filter((x) => inside(x, below)).length;
      }
    });
    return n;
  };
  const identity = runs.map((_, i) => i);
  if (runs.length > 6) return identity;
  let best = identity;
  let bestCost = cost(identity);
  const permute = (prefix: number[], rest: number[]) => {
    if (rest.length === 0) {
      const c = cost(prefix);
      if (c < bestCost) [best, bestCost] = [prefix, c];
      return;
    }
    for (const r of rest)
      permute(
        [...prefix, r],
        rest.filter((x) => x !== r),
      );
  };
  permute([], identity);
  return best;
}

function device(id: string, x: number, y: number, lines: readonly string[]): Box {
  return {
    id,
    kind: "device",
    x,
    y,
    width: textWidth(lines) + 2 * CHIP_PAD,
    height: chipHeight(lines.length),
    lines,
    fill: COLORS.device.fill,
    stroke: COLORS.device.stroke,
    highlighted: false,
    ghost: false,
    label: pt(x + CHIP_PAD, y + 5),
  };
}

function deviceLink(from: Box, to: Box, points: Point[]): Link {
  return { kind: "device", from: from.id, to: to.id, points, color: COLORS.deviceLink, ready: true };
}

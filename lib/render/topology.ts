/**
 * The topology view: nodes as columns with their Pods inside, Services in a band above, each
 * Service linked to the Pods behind it. The layout is computed here, fixed and meaningful: nodes
 * keep their column, Pods keep their order of creation, so before/after pictures line up.
 * This file builds the model (and its text); topology-spec.ts draws it.
 */
import { podStatus, readyCell } from "./pod-columns.js";
import { CHAR_WIDTH, COLORS, GAP, LINE_HEIGHT, MARGIN, PAD, PALETTE } from "./topology-style.js";
import { type ClusterView, type PodState, type ServiceState, formatCIDR, intToIp, isSystemNamespace, readinessContainers } from "../sim/index.js";

/** Options of the topology view. */
export interface TopologyOptions {
  /** Show kube-system Pods and the cluster's own Services (`kubernetes`, `kube-dns`). @default false */
  readonly system?: boolean;
  /** Only this namespace. @default every namespace */
  readonly namespace?: string;
  /** Names of Pods or Services to highlight. @default [] */
  readonly highlight?: readonly string[];
}

/** A box of the picture, in pixels. */
export interface Box {
  readonly id: string;
  readonly kind: "node" | "pod" | "service";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Text lines inside the box, the first in bold. */
  readonly lines: readonly string[];
  readonly fill: string;
  readonly stroke: string;
  readonly highlighted: boolean;
}

/** A line from a Service to a Pod behind it. */
export interface Link {
  readonly from: string;
  readonly to: string;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly color: string;
  readonly ready: boolean;
}

/** The view model: everything the picture shows, already laid out. */
export interface TopologyModel {
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly Box[];
  readonly links: readonly Link[];
  /** The same facts as text, for screen readers and terminals. */
  readonly text: string;
  /**
   * What an option asked for and did not find (a highlight that names nothing, an empty
   * namespace), said in words; absent when every option matched.
   */
  readonly notes?: readonly string[];
}

/** Pod boxes drawn per node before the rest is summed up. */
const MAX_PODS_PER_COLUMN = 10;
/** Above this many nodes the picture switches to one tile per node. */
const MAX_NODE_COLUMNS = 12;

const isSystem = isSystemNamespace;

/** Computes the topology of a cluster, with a note for each option that matched nothing. */
export function topologyModel(sim: ClusterView, options: TopologyOptions = {}): TopologyModel {
  const model = layoutModel(sim, options);
  const notes = optionNotes(sim, options, model);
  if (notes.length === 0) return model;
  return { ...model, text: `${model.text}\n${notes.map((n) => `(${n})`).join("\n")}`, notes };
}

/**
 * The notes of `topologyModel`: a namespace without Pods or Services gets kubectl's "No resources
 * found in <ns> namespace.", and each highlighted name that is no drawn Pod or Service is named.
 */
function optionNotes(sim: ClusterView, options: TopologyOptions, model: TopologyModel): string[] {
  const notes: string[] = [];
  const inScope = (namespace: string) => options.namespace === undefined || namespace === options.namespace;
  if (options.namespace !== undefined && !sim.pods(options.namespace).length && !sim.services(options.namespace).length) {
    notes.push(`No resources found in ${options.namespace} namespace.`);
  }
  const highlight = options.highlight ?? [];
  if (highlight.length === 0) return notes;
  if (model.boxes.every((b) => b.kind === "node")) {
    if (model.boxes.length > MAX_NODE_COLUMNS) notes.push(`highlight is not drawn with one tile per node (more than ${MAX_NODE_COLUMNS} nodes)`);
    else notes.push(`highlight: nothing to highlight, no Pod or Service is drawn`);
    return notes;
  }
  const drawn = new Set(model.boxes.filter((b) => b.highlighted).map((b) => b.id.split("/").slice(-1)[0]!));
  const missing = highlight.filter((h) => !drawn.has(h));
  for (const name of missing) {
    const elsewhere = [...sim.pods(), ...sim.services()].find((o) => o.name === name && !inScope(o.namespace));
    const hidden = [...sim.pods(), ...sim.services()].find((o) => o.name === name && inScope(o.namespace));
    const prefixed = sim.pods().filter((p) => p.name.startsWith(`${name}-`) && inScope(p.namespace));
    const why = prefixed.length
      ? `highlight takes whole names; did you mean ${prefixed
          .slice(0, 3)
          .map((p) => `"${p.name}"`)
          .join(", ")}?`
      : elsewhere
        ? `it is in namespace "${elsewhere.namespace}"`
        : hidden
          ? "it is not drawn (a system object: pass { system: true }; a Pending Pod; or one of the Pods a full column sums up)"
          : "no Pod or Service has that name";
    notes.push(`highlight "${name}" matched nothing: ${why}`);
  }
  return notes;
}

/** Lays out the topology of a cluster. */
function layoutModel(sim: ClusterView, options: TopologyOptions): TopologyModel {
  const highlight = new Set(options.highlight ?? []);
  const showPod = (p: PodState) => (options.system || !isSystem(p.namespace)) && (options.namespace === undefined || p.namespace === options.namespace);
  const showSvc = (s: ServiceState) =>
    (options.system || (!isSystem(s.namespace) && !(s.namespace === "default" && s.name === "kubernetes"))) &&
    (options.namespace === undefined || s.namespace === options.namespace);
  const nodes = sim.nodes();
  if (nodes.length > MAX_NODE_COLUMNS) return tileModel(sim, showPod, showSvc);
  const services = sim.services().filter(showSvc);
  const podsByNode = new Map<string, PodState[]>(nodes.map((n) => [n.name, []]));
  const pending: PodState[] = [];
  for (const p of sim
    .pods()
    .filter(showPod)
    .sort((a, b) => a.creation - b.creation || (a.name < b.name ? -1 : 1))) {
    if (p.nodeName === undefined) pending.push(p);
    else podsByNode.get(p.nodeName)?.push(p);
  }
  const ns = (namespace: string) => (namespace === "default" ? "" : `${namespace}/`);
  const podLines = (p: PodState) => [
    `${ns(p.namespace)}${p.name}`,
    `${p.podIP === undefined ? "no IP" : intToIp(p.podIP)} · ${podStatus(p)} · ${readyCell(p)}`,
    // The sidecars run beside the app containers, so they are drawn with them.
    readinessContainers(p)
      .map((c) => `${c.name}${c.ports.length ? ` :${c.ports.map((q) => q.containerPort).join(",")}` : ""}`)
      .join("  "),
  ];
  const svcAddress = (s: ServiceState) => (s.type === "ExternalName" ? `→ ${s.externalName}` : s.headless ? "headless" : intToIp(s.clusterIP!));
  const svcLines = (s: ServiceState) => [
    `svc/${ns(s.namespace)}${s.name}`,
    `${svcAddress(s)} · ${s.ports.map((p, i) => `${p.port}${s.nodePorts[i] ? `:${s.nodePorts[i]}` : ""}→${p.targetPort}`).join(", ")}`,
  ];
  const nodeLines = nodes.map((n) => [n.name, `${intToIp(n.internalIP)} · pods ${formatCIDR(n.podCIDR)}`]);

  const textWidth = (lines: readonly string[]) => Math.max(...lines.map((l) => [...l].length)) * CHAR_WIDTH;
  const allPods = [...podsByNode.values()].flat();
  const columnWidth = Math.max(200, ...allPods.map((p) => textWidth(podLines(p)) + 2 * PAD), ...nodeLines.map((l) => textWidth(l) + 2 * PAD)) + 2 * PAD;
  const serviceWidth = Math.max(160, ...services.map((s) => textWidth(svcLines(s)) + 2 * PAD));
  const width = Math.max(MARGIN * 2 + nodes.length * columnWidth + (nodes.length - 1) * GAP, MARGIN * 2 + services.length * (serviceWidth + GAP));

  const boxes: Box[] = [];
  const links: Link[] = [];
  const titleHeight = 24;
  const boxHeight = (lines: number) => lines * LINE_HEIGHT + 2 * PAD - 4;

  // Services band, left to right in name order, wrapped to the picture's width.
  const svcTop = MARGIN + titleHeight;
  const perRow = Math.max(1, Math.floor((width - 2 * MARGIN + GAP) / (serviceWidth + GAP)));
  const svcRows = Math.ceil(services.length / perRow);
  services.forEach((s, i) => {
    const row = Math.floor(i / perRow);
    const col = i % perRow;
    boxes.push({
      id: `service/${s.namespace}/${s.name}`,
      kind: "service",
      x: MARGIN + col * (serviceWidth + GAP),
      y: svcTop + row * (boxHeight(2) + GAP),
      width: serviceWidth,
      height: boxHeight(2),
      lines: svcLines(s),
      fill: COLORS.service.fill,
      stroke: highlight.has(s.name) ? COLORS.highlight : PALETTE[i % PALETTE.length]!,
      highlighted: highlight.has(s.name),
    });
  });
  const nodesTop = svcTop + svcRows * (boxHeight(2) + GAP) + (services.length ? 36 : 0);

  let height = nodesTop;
  nodes.forEach((n, i) => {
    const x = MARGIN + i * (columnWidth + GAP);
    const all = podsByNode.get(n.name)!;
    // Readable at 100+ Pods: a node shows its first Pods and sums up the rest by owner.
    const pods = all.length > MAX_PODS_PER_COLUMN ? all.slice(0, MAX_PODS_PER_COLUMN - 1) : all;
    const hidden = all.slice(pods.length);
    // Pods fill the column from the top; the node's own label goes below them.
    let y = nodesTop + PAD;
    const podBoxes: Box[] = pods.map((p) => {
      const b: Box = {
        id: `pod/${p.namespace}/${p.name}`,
        kind: "pod",
        x: x + PAD,
        y,
        width: columnWidth - 2 * PAD,
        height: boxHeight(3),
        lines: podLines(p),
        fill: p.deletion !== undefined ? COLORS.podTerminating.fill : COLORS.pod.fill,
        stroke: highlight.has(p.name) ? COLORS.highlight : p.deletion !== undefined ? COLORS.podTerminating.stroke : COLORS.pod.stroke,
        highlighted: highlight.has(p.name),
      };
      y += b.height + GAP;
      return b;
    });
    if (hidden.length) {
      const byOwner = new Map<string, number>();
      for (const p of hidden) {
        const owner = p.owner?.name.replace(/-[4-9bcdf]{1,10}$/, "") ?? "bare Pods";
        byOwner.set(owner, (byOwner.get(owner) ?? 0) + 1);
      }
      const summary = [...byOwner]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, 2)
        .map(([o, c]) => `${o} ×${c}`)
        .join(", ");
      podBoxes.push({
        id: `more/${n.name}`,
        kind: "pod",
        x: x + PAD,
        y,
        width: columnWidth - 2 * PAD,
        height: boxHeight(2),
        lines: [`+ ${hidden.length} more Pods`, summary],
        fill: COLORS.node.fill,
        stroke: COLORS.podTerminating.stroke,
        highlighted: false,
      });
      y += boxHeight(2) + GAP;
    }
    const nodeHeight = Math.max(y - nodesTop, 40) + boxHeight(2);
    boxes.push({
      id: `node/${n.name}`,
      kind: "node",
      x,
      y: nodesTop,
      width: columnWidth,
      height: nodeHeight,
      lines: nodeLines[i]!,
      fill: COLORS.node.fill,
      stroke: COLORS.node.stroke,
      highlighted: false,
    });
    boxes.push(...podBoxes);
    height = Math.max(height, nodesTop + nodeHeight);
  });
  // Every node column is as tall as the tallest, so each node's label sits below all Pods and no
  // Service link to a Pod of another node crosses it (the control plane's column is often empty).
  for (let i = 0; i < boxes.length; i++) {
    const b = boxes[i]!;
    if (b.kind === "node") boxes[i] = { ...b, height: height - nodesTop };
  }
  height += MARGIN;

  const boxById = new Map(boxes.map((b) => [b.id, b]));
  services.forEach((s, i) => {
    const sb = boxById.get(`service/${s.namespace}/${s.name}`)!;
    const seen = new Set<string>();
    for (let pi = 0; pi < s.ports.length; pi++) {
      for (const e of sim.endpoints(s, pi)) {
        if (!e.pod || seen.has(e.pod.uid)) continue;
        seen.add(e.pod.uid);
        const pb = boxById.get(`pod/${e.pod.namespace}/${e.pod.name}`);
        if (!pb) continue;
        links.push({
          from: sb.id,
          to: pb.id,
          x1: sb.x + sb.width / 2,
          y1: sb.y + sb.height,
          x2: pb.x + pb.width / 2,
          y2: pb.y,
          color: PALETTE[i % PALETTE.length]!,
          ready: e.ready,
        });
      }
    }
  });

  const podCount = allPods.length;
  const title = `${nodes.length} node${nodes.length === 1 ? "" : "s"} · ${podCount} Pod${podCount === 1 ? "" : "s"} · ${services.length} Service${services.length === 1 ? "" : "s"} · ${sim.options.network} · ${proxyLabel(sim.options.proxyMode)}`;
  const text =
    topologyText(title, boxes, links) +
    (pending.length ? `\nPending (no node):\n${pending.map((p) => `  ${p.name}  ${p.unschedulable ?? ""}`).join("\n")}` : "");
  return { title, width, height, boxes, links, text };
}

function topologyText(title: string, boxes: readonly Box[], links: readonly Link[]): string {
  const out = [`Cluster: ${title}`];
  const services = boxes.filter((b) => b.kind === "service");
  const name = (id: string) => id.split("/").slice(-1)[0]!;
  for (const n of boxes.filter((b) => b.kind === "node")) {
    out.push(`${n.lines[0]} (${n.lines[1]})`);
    const pods = boxes.filter((b) => b.kind === "pod" && b.x > n.x && b.x < n.x + n.width);
    if (pods.length === 0) out.push("  (no Pods)");
    for (const p of pods)
      out.push(`  ${p.lines[0]}  ${p.lines[1]}${p.lines[2] !== undefined ? `  [${p.lines[2]}]` : ""}${p.highlighted ? "  <- highlighted" : ""}`);
  }
  if (services.length) out.push("Services:");
  for (const s of services) {
    const behind = links.filter((l) => l.from === s.id).map((l) => name(l.to) + (l.ready ? "" : " (not ready)"));
    out.push(`  ${s.lines[0]}  ${s.lines[1]}  -> ${behind.length ? behind.join(", ") : "no endpoints"}`);
  }
  return out.join("\n");
}

/**
 * The picture for large clusters: one tile per node (name, address, Pod count), Services summed
 * up in the title. Renders at 5,000 nodes.
 */
function tileModel(sim: ClusterView, showPod: (p: PodState) => boolean, showSvc: (s: ServiceState) => boolean): TopologyModel {
  const nodes = sim.nodes();
  const counts = new Map<string, number>();
  let pods = 0;
  for (const p of sim.pods()) {
    if (!showPod(p) || p.nodeName === undefined) continue;
    counts.set(p.nodeName, (counts.get(p.nodeName) ?? 0) + 1);
    pods++;
  }
  const services = sim.services().filter(showSvc).length;
  const perRow = 10;
  const tileW = 150;
  const tileH = 44;
  const boxes: Box[] = nodes.map((n, i) => ({
    id: `node/${n.name}`,
    kind: "node",
    x: MARGIN + (i % perRow) * (tileW + GAP),
    y: MARGIN + 24 + Math.floor(i / perRow) * (tileH + GAP),
    width: tileW,
    height: tileH,
    lines: [n.name, `${counts.get(n.name) ?? 0} Pods`],
    fill: COLORS.node.fill,
    stroke: COLORS.node.stroke,
    highlighted: false,
  }));
  const title = `${nodes.length} nodes · ${pods} Pods · ${services} Services · ${sim.options.network} · ${proxyLabel(sim.options.proxyMode)} (one tile per node)`;
  const shown = nodes.slice(0, 50).map((n) => `  ${n.name} (${intToIp(n.internalIP)} · pods ${formatCIDR(n.podCIDR)}): ${counts.get(n.name) ?? 0} Pods`);
  const text = [`Cluster: ${title}`, ...shown, ...(nodes.length > 50 ? [`  … and ${nodes.length - 50} more nodes`] : [])].join("\n");
  const rows = Math.ceil(nodes.length / perRow);
  return { title, width: MARGIN * 2 + perRow * (tileW + GAP), height: MARGIN * 2 + 24 + rows * (tileH + GAP), boxes, links: [], text };
}

/**
 * The kube-proxy part of a title: its mode, and for IPVS that v1.35 deprecated it (KEP-5495;
 * kube-proxy says so in its log and in a Warning event on each Node).
 */
function proxyLabel(mode: string): string {
  return mode === "ipvs" ? "kube-proxy ipvs (deprecated in v1.35)" : `kube-proxy ${mode}`;
}

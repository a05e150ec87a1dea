/**
 * The topology view: nodes as columns with their Pods inside, Services in a band above, each
 * Service linked to the Pods behind it; with `devices: true`, the network devices between them.
 * The layout is fixed and meaningful: nodes keep their column, Pods keep their order of creation,
 * so before/after pictures line up. This file gathers what the picture shows (a scene) and its
 * text; topology-layout.ts places it, topology-spec.ts draws it.
 */
import { podStatus, readyCell } from "./pod-columns.js";
import { optionNotes } from "./topology-notes.js";
import { layoutTopology } from "./topology-layout.js";
import type { Box, Link, Point, SceneNode, ScenePod, TopologyScene } from "./topology-scene.js";
import type { LegendEntry } from "./topology-legend.js";
import { nodeDevices, nodeNetworkLabel, podDevices } from "./topology-devices.js";
import { COLORS, GAP, MARGIN, PALETTE } from "./topology-style.js";
import { type ClusterView, type PodState, type ServiceState, formatCIDR, intToIp, isSystemNamespace, readinessContainers } from "../sim/index.js";

export type { Box, Link, Point };
export type { LegendEntry, LegendSample } from "./topology-legend.js";

/** Options of the topology view. */
export interface TopologyOptions {
  /** Show kube-system Pods and the cluster's own Services (`kubernetes`, `kube-dns`). @default false */
  readonly system?: boolean;
  /** Only this namespace. @default every namespace */
  readonly namespace?: string;
  /** Names of Pods or Services to highlight. @default [] */
  readonly highlight?: readonly string[];
  /** Draw each Pod's eth0 and veth and each node's cni0, overlay device and eth0. @default false */
  readonly devices?: boolean;
}

/** The view model: everything the picture shows, already laid out. */
export interface TopologyModel {
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly Box[];
  readonly links: readonly Link[];
  /** What line styles and outlines mean, placed at the foot of the picture. */
  readonly legend: readonly LegendEntry[];
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
const ns = (namespace: string) => (namespace === "default" ? "" : `${namespace}/`);

/** A Pod's three lines: name, address · status · ready, and its app containers with their ports. */
export function podLines(p: PodState): string[] {
  return [
    `${ns(p.namespace)}${p.name}`,
    `${p.podIP === undefined ? "no IP" : intToIp(p.podIP)} · ${podStatus(p)} · ${readyCell(p)}`,
    // The sidecars run beside the app containers, so they are drawn with them.
    readinessContainers(p)
      .map((c) => `${c.name}${c.ports.length ? ` :${c.ports.map((q) => q.containerPort).join(",")}` : ""}`)
      .join("  "),
  ];
}

/** The scene and the text of a cluster's topology, before layout (a diff adds its ghosts to it). */
export interface TopologyFacts {
  readonly scene: TopologyScene;
  /** Text lines per node (its Pods), and the Services' lines; joined by topologyText. */
  readonly text: string;
  readonly pending: readonly PodState[];
}

/** Gathers what the picture of a cluster shows. */
export function topologyFacts(sim: ClusterView, options: TopologyOptions = {}): TopologyFacts {
  const highlight = new Set(options.highlight ?? []);
  const showPod = (p: PodState) => (options.system || !isSystem(p.namespace)) && (options.namespace === undefined || p.namespace === options.namespace);
  const showSvc = (s: ServiceState) =>
    (options.system || (!isSystem(s.namespace) && !(s.namespace === "default" && s.name === "kubernetes"))) &&
    (options.namespace === undefined || s.namespace === options.namespace);
  const nodes = sim.nodes();
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
  const svcAddress = (s: ServiceState) => (s.type === "ExternalName" ? `→ ${s.externalName}` : s.headless ? "headless" : intToIp(s.clusterIP!));
  const svcPorts = (s: ServiceState) => s.ports.map((p, i) => `${p.port}${s.nodePorts[i] ? `:${s.nodePorts[i]}` : ""}→${p.targetPort}`).join(", ");

  const textOut: string[] = [];
  const sceneNodes: SceneNode[] = nodes.map((n) => {
    const all = podsByNode.get(n.name)!;
    // Readable at 100+ Pods: a node shows its first Pods and sums up the rest by owner.
    const shown = all.length > MAX_PODS_PER_COLUMN ? all.slice(0, MAX_PODS_PER_COLUMN - 1) : all;
    const hidden = all.slice(shown.length);
    const pods: ScenePod[] = shown.map((p) => ({
      id: `pod/${p.namespace}/${p.name}`,
      lines: podLines(p),
      fill: p.deletion !== undefined ? COLORS.podTerminating.fill : COLORS.pod.fill,
      stroke: highlight.has(p.name) ? COLORS.highlight : p.deletion !== undefined ? COLORS.podTerminating.stroke : COLORS.pod.stroke,
      highlighted: highlight.has(p.name),
      ghost: false,
      devices: options.devices ? podDevices(sim, p) : undefined,
    }));
    const devices = options.devices ? nodeDevices(sim, n) : undefined;
    textOut.push(`${n.name} (${intToIp(n.internalIP)} · pods ${formatCIDR(n.podCIDR)})`);
    if (devices) {
      const overlay = devices.overlay ? [`${devices.overlay[0]}${devices.overlay.length > 1 ? ` (${devices.overlay.slice(1).join(", ")})` : ""}`] : [];
      textOut.push(`  devices: ${[devices.bridge, ...overlay, devices.eth0].join(" -> ")}`);
    }
    if (pods.length === 0) textOut.push("  (no Pods)");
    for (const p of pods) {
      const [name, status, containers] = p.lines;
      textOut.push(`  ${name}  ${status}${containers !== undefined ? `  [${containers}]` : ""}${p.highlighted ? "  <- highlighted" : ""}`);
      if (p.devices) textOut.push(`    ${p.devices.eth0} <-> ${p.devices.veth} on ${n.name} -> cni0`);
    }
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
      pods.push({
        id: `more/${n.name}`,
        lines: [`+ ${hidden.length} more Pods`, summary],
        fill: COLORS.node.fill,
        stroke: COLORS.podTerminating.stroke,
        highlighted: false,
        ghost: false,
        devices: undefined,
      });
      textOut.push(`  + ${hidden.length} more Pods  ${summary}`);
    }
    return { id: `node/${n.name}`, lines: [`${n.name} · ${intToIp(n.internalIP)}`, `pods ${formatCIDR(n.podCIDR)}`], pods, devices };
  });

  const shownPods = new Set(sceneNodes.flatMap((n) => n.pods.map((p) => p.id)));
  const links: TopologyScene["links"][number][] = [];
  if (services.length) textOut.push("Services:");
  services.forEach((s, i) => {
    const behind: string[] = [];
    const seen = new Set<string>();
    for (let pi = 0; pi < s.ports.length; pi++) {
      for (const e of sim.endpoints(s, pi)) {
        if (!e.pod || seen.has(e.pod.uid)) continue;
        seen.add(e.pod.uid);
        const id = `pod/${e.pod.namespace}/${e.pod.name}`;
        if (!shownPods.has(id)) continue;
        behind.push(e.pod.name + (e.ready ? "" : " (not ready)"));
        links.push({ from: `service/${s.namespace}/${s.name}`, to: id, color: PALETTE[i % PALETTE.length]!, ready: e.ready });
      }
    }
    textOut.push(`  svc/${ns(s.namespace)}${s.name}  ${svcAddress(s)} · ${svcPorts(s)}  -> ${behind.length ? behind.join(", ") : "no endpoints"}`);
  });

  const podCount = [...podsByNode.values()].flat().length;
  const title = `${nodes.length} node${nodes.length === 1 ? "" : "s"} · ${podCount} Pod${podCount === 1 ? "" : "s"} · ${services.length} Service${services.length === 1 ? "" : "s"} · ${sim.options.network} · ${proxyLabel(sim.options.proxyMode)}`;
  const scene: TopologyScene = {
    title,
    services: services.map((s, i) => ({
      id: `service/${s.namespace}/${s.name}`,
      lines: [`svc/${ns(s.namespace)}${s.name}`, svcAddress(s), svcPorts(s)],
      stroke: highlight.has(s.name) ? COLORS.highlight : PALETTE[i % PALETTE.length]!,
      highlighted: highlight.has(s.name),
    })),
    nodes: sceneNodes,
    links,
    network: options.devices ? nodeNetworkLabel(sim) : undefined,
    legend: { highlight: "highlighted", ghosts: false, devices: options.devices === true },
  };
  const text =
    [`Cluster: ${title}`, ...textOut].join("\n") +
    (pending.length ? `\nPending (no node):\n${pending.map((p) => `  ${p.name}  ${p.unschedulable ?? ""}`).join("\n")}` : "");
  return { scene, text, pending };
}

/** Lays out a scene into the view model. */
export function topologyFromScene(scene: TopologyScene, text: string): TopologyModel {
  const layout = layoutTopology(scene);
  return { title: scene.title, ...layout, text };
}

/** Computes the topology of a cluster, with a note for each option that matched nothing. */
export function topologyModel(sim: ClusterView, options: TopologyOptions = {}): TopologyModel {
  const model = layoutModel(sim, options);
  const notes = optionNotes(sim, options, model, MAX_NODE_COLUMNS);
  if (notes.length === 0) return model;
  return { ...model, text: `${model.text}\n${notes.map((n) => `(${n})`).join("\n")}`, notes };
}

/** Lays out the topology of a cluster. */
function layoutModel(sim: ClusterView, options: TopologyOptions): TopologyModel {
  if (sim.nodes().length > MAX_NODE_COLUMNS) return tileModel(sim, options);
  const facts = topologyFacts(sim, options);
  return topologyFromScene(facts.scene, facts.text);
}

/**
 * The picture for large clusters: one tile per node (name, address, Pod count), Services summed
 * up in the title. Renders at 5,000 nodes.
 */
function tileModel(sim: ClusterView, options: TopologyOptions): TopologyModel {
  const showPod = (p: PodState) => (options.system || !isSystem(p.namespace)) && (options.namespace === undefined || p.namespace === options.namespace);
  const showSvc = (s: ServiceState) =>
    (options.system || (!isSystem(s.namespace) && !(s.namespace === "default" && s.name === "kubernetes"))) &&
    (options.namespace === undefined || s.namespace === options.namespace);
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
    ghost: false,
    label: { x: MARGIN + (i % perRow) * (tileW + GAP) + 8, y: MARGIN + 24 + Math.floor(i / perRow) * (tileH + GAP) + 8 },
  }));
  const title = `${nodes.length} nodes · ${pods} Pods · ${services} Services · ${sim.options.network} · ${proxyLabel(sim.options.proxyMode)} (one tile per node)`;
  const shown = nodes.slice(0, 50).map((n) => `  ${n.name} (${intToIp(n.internalIP)} · pods ${formatCIDR(n.podCIDR)}): ${counts.get(n.name) ?? 0} Pods`);
  const text = [`Cluster: ${title}`, ...shown, ...(nodes.length > 50 ? [`  … and ${nodes.length - 50} more nodes`] : [])].join("\n");
  const rows = Math.ceil(nodes.length / perRow);
  return { title, width: MARGIN * 2 + perRow * (tileW + GAP), height: MARGIN * 2 + 24 + rows * (tileH + GAP), boxes, links: [], legend: [], text };
}

/**
 * The kube-proxy part of a title: its mode, and for IPVS that v1.35 deprecated it (KEP-5495;
 * kube-proxy says so in its log and in a Warning event on each Node).
 */
function proxyLabel(mode: string): string {
  return mode === "ipvs" ? "kube-proxy ipvs (deprecated in v1.35)" : `kube-proxy ${mode}`;
}

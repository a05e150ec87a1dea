/**
 * The topology picture's vocabulary: what the layout receives (a scene of Services, nodes, Pods
 * and links, text not yet wrapped) and what it hands to the spec (boxes and routed links in pixels).
 */
import type { LegendEntry, LegendOptions } from "./topology-legend.js";
import type { NodeDevices, PodDevices } from "./topology-devices.js";

/** A box of the picture, in pixels. */
export interface Box {
  readonly id: string;
  readonly kind: "node" | "pod" | "service" | "device" | "network";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Text lines inside the box, the first in bold (a device's single line is not). */
  readonly lines: readonly string[];
  readonly fill: string;
  readonly stroke: string;
  readonly highlighted: boolean;
  /** A dashed outline and muted text: a Pod that a diff's later snapshot no longer has. */
  readonly ghost: boolean;
  /** Where the first line of text starts (top left). */
  readonly label: Point;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A line between two boxes: a Service to a Pod behind it, or two devices. */
export interface Link {
  readonly kind: "service" | "device";
  readonly from: string;
  readonly to: string;
  /** The route: straight segments from the first point (on `from`'s edge) to the last (on `to`'s). */
  readonly points: readonly Point[];
  readonly color: string;
  /** A Service's link to an endpoint that is not ready is dashed with an open arrowhead. */
  readonly ready: boolean;
}

/** A Pod as the layout receives it: its text unwrapped, its colours decided. */
export interface ScenePod {
  readonly id: string;
  readonly lines: readonly string[];
  readonly fill: string;
  readonly stroke: string;
  readonly highlighted: boolean;
  readonly ghost: boolean;
  readonly devices: PodDevices | undefined;
}

export interface SceneNode {
  readonly id: string;
  readonly lines: readonly string[];
  readonly pods: readonly ScenePod[];
  readonly devices: NodeDevices | undefined;
}

export interface SceneService {
  readonly id: string;
  readonly lines: readonly string[];
  readonly stroke: string;
  readonly highlighted: boolean;
}

export interface SceneLink {
  readonly from: string;
  readonly to: string;
  readonly color: string;
  readonly ready: boolean;
}

/** What the picture shows, before layout. */
export interface TopologyScene {
  readonly title: string;
  readonly services: readonly SceneService[];
  readonly nodes: readonly SceneNode[];
  readonly links: readonly SceneLink[];
  /** The node network's label, drawn under the nodes when devices are shown. */
  readonly network: string | undefined;
  readonly legend: LegendOptions;
}

/** The picture laid out. */
export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly Box[];
  readonly links: readonly Link[];
  readonly legend: readonly LegendEntry[];
}

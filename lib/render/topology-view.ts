/**
 * The display of `Cluster.topology()`: one TopologyModel shown as a Vega-Lite chart, a static
 * SVG and its text equivalent.
 */
import { JUPYTER_DISPLAY, type MimeBundle } from "./mime.js";
import { renderSVG, type VegaLiteSpec } from "./svg.js";
import type { TopologyModel } from "./topology.js";
import { topologySpec } from "./topology-spec.js";

/** A picture of the cluster: Vega-Lite spec, static SVG and a text equivalent. */
export class Topology {
  readonly model: TopologyModel;

  constructor(model: TopologyModel) {
    this.model = model;
  }

  /** The Vega-Lite v5 spec. */
  spec(): VegaLiteSpec {
    return topologySpec(this.model);
  }

  /** The static SVG. */
  svg(): Promise<string> {
    return renderSVG(this.spec());
  }

  toString(): string {
    return this.model.text;
  }

  async [JUPYTER_DISPLAY](): Promise<MimeBundle> {
    const spec = this.spec();
    return {
      "application/vnd.vegalite.v5+json": spec,
      "image/svg+xml": await renderSVG(spec),
      "text/plain": this.model.text,
    };
  }
}

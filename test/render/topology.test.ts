import { strict as assert } from "node:assert";
import { Cluster } from "../../lib/cluster.js";
import { diff } from "../../lib/index.js";
import { JUPYTER_DISPLAY, VEGA_LITE_SCHEMA, renderSVG, topologyModel, topologySpec } from "../../lib/render/index.js";
import { deployment, service } from "../sim/internal/fixtures.js";
import { vegaLiteValidator } from "../internal/vega-lite-schema.js";
import { engineOf } from "../../lib/internal/engine.js";

function demoCluster(): Cluster {
  const c = new Cluster({ nodes: 2, seed: 1 });
  c.apply([deployment("api", 3), service("my-api", { app: "api" }), service("nobody", { app: "nobody" })]);
  return c;
}

describe("topologySpec()", () => {
  const validate = vegaLiteValidator();

  it("validates against the Vega-Lite v5 JSON schema, with and without system Pods", () => {
    const c = demoCluster();
    for (const options of [{}, { system: true }, { highlight: ["my-api"] }, { devices: true }, { system: true, devices: true }]) {
      const spec = c.topology(options).spec();
      assert.ok(validate(spec), JSON.stringify(validate.errors?.slice(0, 3)));
    }
  });

  it("validates for a diff's picture, with its ghosts", () => {
    const c = demoCluster();
    const before = c.snapshot();
    c.deletePod(engineOf(c).pods("default")[0]!.name);
    c.advance("60s");
    const spec = topologySpec(diff(before, c.snapshot()).topology());
    assert.ok(JSON.stringify(spec).includes('"strokeDash":[4,3]'), "the ghost's outline is dashed");
    assert.ok(validate(spec), JSON.stringify(validate.errors?.slice(0, 3)));
  });

  it("has a validator that rejects what is not Vega-Lite (so the check above can fail)", () => {
    const spec = demoCluster().topology().spec() as unknown as Record<string, unknown>;
    assert.equal(validate({ ...spec, layer: [{ mark: "rectangle" }] }), false);
  });

  it("carries the v5 schema URL", () => {
    assert.equal(topologySpec(topologyModel(engineOf(demoCluster()))).$schema, "https://vega.github.io/schema/vega-lite/v5.json");
    assert.equal(VEGA_LITE_SCHEMA, "https://vega.github.io/schema/vega-lite/v5.json");
  });
});

describe("topologyModel()", () => {
  const c = demoCluster();
  const model = topologyModel(engineOf(c));

  it("draws one node box per node, the user's Pods inside them, and user Services only by default", () => {
    assert.deepEqual(
      model.boxes.filter((b) => b.kind === "node").map((b) => b.id),
      ["node/node-1", "node/node-2"],
    );
    assert.equal(model.boxes.filter((b) => b.kind === "pod").length, 3);
    assert.deepEqual(
      model.boxes.filter((b) => b.kind === "service").map((b) => b.id),
      ["service/default/my-api", "service/default/nobody"],
    );
    assert.equal(model.title, "2 nodes · 3 Pods · 2 Services · flannel-vxlan · kube-proxy iptables");
  });

  it("links a Service to each Pod behind it", () => {
    assert.equal(model.links.filter((l) => l.from === "service/default/my-api").length, 3);
    assert.equal(model.links.filter((l) => l.from === "service/default/nobody").length, 0);
    assert.match(model.text, /svc\/nobody .* -> no endpoints/);
  });

  it("includes kube-system and the kubernetes Service with system: true", () => {
    const sys = topologyModel(engineOf(c), { system: true });
    assert.ok(sys.boxes.some((b) => b.id === "service/kube-system/kube-dns"));
    assert.ok(sys.boxes.some((b) => b.id === "service/default/kubernetes"));
    // 3 user Pods; 2 CoreDNS, 4 static control-plane Pods, kube-proxy and kube-flannel on each of the 2 nodes.
    assert.equal(sys.boxes.filter((b) => b.kind === "pod").length, 13);
  });

  it("marks highlighted objects in the picture and in the text", () => {
    const pod = engineOf(c).pods("default")[0]!;
    const hl = topologyModel(engineOf(c), { highlight: [pod.name] });
    assert.equal(hl.boxes.find((b) => b.id === `pod/default/${pod.name}`)?.highlighted, true);
    assert.ok(hl.text.includes(`${pod.name}`) && hl.text.includes("<- highlighted"));
  });
});

describe("Cluster display (topology)", () => {
  it("offers Vega-Lite v5 as an object, an SVG and text, and no text/html", async () => {
    const bundle = await demoCluster()[JUPYTER_DISPLAY]();
    assert.deepEqual(Object.keys(bundle).sort(), ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]);
    const vl = bundle["application/vnd.vegalite.v5+json"] as { $schema?: unknown };
    assert.equal(typeof vl, "object");
    assert.equal(vl.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
    assert.match(bundle["image/svg+xml"] as string, /^<svg/);
    assert.match(bundle["text/plain"] as string, /^Cluster: 2 nodes · 3 Pods/);
    assert.equal("text/html" in bundle, false);
  });

  it("renders byte-identical SVG twice, and for two clusters with the same seed", async () => {
    const a = demoCluster();
    const first = await a.topology().svg();
    const second = await a.topology().svg();
    assert.equal(first, second);
    assert.equal(await demoCluster().topology().svg(), first);
  });

  it("draws every Pod name into the SVG", async () => {
    const c = demoCluster();
    const svg = await renderSVG(c.topology().spec());
    for (const p of engineOf(c).pods("default")) assert.ok(svg.includes(p.name), p.name);
  });
});

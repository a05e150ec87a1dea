import { strict as assert } from "node:assert";
import { Cluster, type Trace } from "../../lib/index.js";
import { traceSpec } from "../../lib/render/trace-diagram.js";
import { COLUMN_WIDTH, traceLayout, wrapText } from "../../lib/render/trace-layout.js";
import { COURSE_YAML } from "./internal/course-scenario.js";

interface Layer {
  readonly data: { readonly values: readonly Record<string, unknown>[] };
  readonly mark: { readonly type: string; readonly fontSize?: number };
}

/** The layers of a trace's spec. */
function layers(t: Trace): readonly Layer[] {
  return (traceSpec(t) as unknown as { layer: Layer[] }).layer;
}

describe("the trace diagram's layout", () => {
  const cluster = new Cluster({ nodes: 3, seed: 1 });
  cluster.apply(COURSE_YAML);
  cluster.advance("30s");
  // The client runs on node-2: take one request served on its node and one served across the overlay.
  const traces = Array.from({ length: 8 }, () => cluster.exec("client", "curl -s http://my-api:8080/"));
  const nodeOf = (t: Trace) => t.hops.find((h) => h.kind === "deliver")?.node;
  const clientNode = traces[0]!.hops.find((h) => h.kind === "send")!.node!;
  const local = traces.find((t) => nodeOf(t) === clientNode)!;
  const remote = traces.find((t) => nodeOf(t) !== clientNode)!;
  const failing = cluster.exec("client", "curl -s --max-time 2 http://my-api:9999/");

  it("has a request served on the client's node and one served across the VXLAN overlay", () => {
    assert.ok(local && remote, "the scenario gives both");
    assert.ok(remote.hops.some((h) => h.kind === "encapsulate"));
  });

  it("fits the 752 px article column with every text at 11 px or more", () => {
    for (const t of [local, remote, failing]) {
      const spec = traceSpec(t) as unknown as { width: number };
      assert.ok(spec.width <= COLUMN_WIDTH, `${t.command}: ${spec.width} px wide`);
      for (const layer of layers(t).filter((l) => l.mark.type === "text")) assert.ok((layer.mark.fontSize ?? 0) >= 11, `text at ${layer.mark.fontSize} px`);
    }
  });

  it("puts an arrowhead on every arrow", () => {
    for (const t of [local, remote, failing]) {
      const all = layers(t);
      const rules = all.find((l) => l.mark.type === "rule" && l.data.values.some((v) => "x2" in v))!.data.values;
      const heads = all.find((l) => l.mark.type === "point")?.data.values ?? [];
      assert.ok(rules.length > 0);
      assert.equal(heads.length, rules.length, "one head per arrow");
      for (const h of heads) assert.match(String(h["shape"]), /^triangle-(left|right)$/);
    }
  });

  it("draws a line only where the packet travels: the DNS answer goes back to the client, never from CoreDNS to the node", () => {
    const layout = traceLayout(local);
    const x = (name: string) => layout.lanes.find((l) => l.name === name)!.x;
    const client = x("Pod client");
    const node = x(`node ${clientNode}`);
    const coredns = x("CoreDNS");
    assert.ok(!layout.arrows.some((a) => a.x === coredns && a.x2 === node), "no arrow from CoreDNS to the node");
    assert.ok(
      layout.arrows.some((a) => a.x === coredns && a.x2 === client && a.kind === "answer"),
      "the answer comes back to the client",
    );
    // Steps 3 and 4 (kube-proxy, cni0) stay on the node: no arrow on their rows.
    const onNode = layout.steps.filter((_, i) => local.hops[i]!.kind === "kube-proxy" || local.hops[i]!.kind === "bridge");
    assert.equal(onNode.length, 2);
    for (const s of onNode) assert.ok(!layout.arrows.some((a) => a.y === s.y && a.x2 === s.x), `no arrow into step ${s.n}`);
  });

  it("keeps the client's lane active from the first hop to the reply", () => {
    const layout = traceLayout(remote);
    const client = layout.lanes.find((l) => l.name === "Pod client")!.x;
    const bar = layout.bars.find((b) => b.x === client);
    assert.ok(bar, "the client's lane has an activity bar");
    assert.ok(bar.y <= layout.steps[0]!.y && bar.y2 >= layout.steps.at(-1)!.y);
  });

  it("draws the reply through the node whose conntrack reverses the DNAT, and on to the client", () => {
    for (const t of [local, remote]) {
      const layout = traceLayout(t);
      const reply = t.hops.at(-1)!;
      assert.equal(reply.kind, "reply");
      assert.match(reply.change ?? "", /^un-DNAT /);
      const step = layout.steps.at(-1)!;
      assert.equal(step.lane, `node ${reply.node}`, "the reply's step is on the un-DNAT node");
      const client = layout.lanes.find((l) => l.name === "Pod client")!.x;
      assert.ok(
        layout.arrows.some((a) => a.x === step.x && a.x2 === client),
        "an arrow goes on to the client",
      );
      const server = layout.lanes.find((l) => l.name === `Pod ${t.servedBy!.pod}`)!.x;
      assert.ok(
        layout.arrows.some((a) => a.y === step.y && a.x === server),
        "the reply starts at the serving Pod",
      );
    }
  });

  it("shows the VXLAN crossing as its own step and arrow, with the outer header", () => {
    const layout = traceLayout(remote);
    const encap = layout.steps[remote.hops.findIndex((h) => h.kind === "encapsulate")]!;
    const decap = layout.steps[remote.hops.findIndex((h) => h.kind === "decapsulate")]!;
    assert.match(encap.lines.join(" "), /VXLAN encapsulation: new outer 172\.18\.0\.\d+ → 172\.18\.0\.\d+ UDP 8472/);
    assert.ok(layout.arrows.some((a) => a.kind === "overlay" && a.x === encap.x && a.x2 === decap.x && a.y === decap.y));
  });

  it("grows wider (to scroll) rather than shrinking its text when the lanes need more room", () => {
    const many = {
      ...remote,
      servedBy: remote.servedBy,
      hops: [...remote.hops, ...["node-a", "node-b", "node-c"].map((node) => ({ ...remote.hops[1]!, node }))],
    };
    const layout = traceLayout(many);
    assert.ok(layout.lanes.length >= 7);
    assert.ok(layout.width > COLUMN_WIDTH);
    for (const s of layout.steps) for (const line of s.lines) assert.ok([...line].length * 7 <= layout.width - layout.labelX, line);
  });
});

describe("wrapText()", () => {
  it("breaks at spaces, and inside a word only when it is longer than a line", () => {
    assert.deepEqual(wrapText("leaves the Pod: 10.244.1.2:54008 → 10.110.242.38:8080", 20), ["leaves the Pod:", "10.244.1.2:54008 →", "10.110.242.38:8080"]);
    assert.deepEqual(wrapText("Pod frontend-5d68d6b965-4zxtr", 14), ["Pod frontend-", "5d68d6b965-", "4zxtr"]);
    assert.deepEqual(wrapText("short", 14), ["short"]);
    assert.deepEqual(wrapText("abcdefghij", 4), ["abcd", "efgh", "ij"]);
  });
});

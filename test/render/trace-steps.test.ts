import { strict as assert } from "node:assert";
import { Cluster, type Trace } from "../../lib/index.js";
import { traceLayout } from "../../lib/render/trace-layout.js";
import type { StepView } from "../../lib/render/trace-steps.js";
import { hopPlace, hopWhere, traceHTML } from "../../lib/render/trace-view.js";
import { COURSE_YAML } from "./internal/course-scenario.js";

/** The steps as the stepper gets them: parsed back from the trace's HTML. */
function stepsOf(t: Trace): StepView[] {
  const m = /data-podtalk-steps="([^"]*)"/.exec(traceHTML(t));
  assert.ok(m, "the trace's HTML carries its steps");
  const json = m[1]!
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
  return JSON.parse(json) as StepView[];
}

describe("the packet stepper's data (traceSteps)", () => {
  const cluster = new Cluster({ nodes: 3, seed: 1 });
  cluster.apply(COURSE_YAML);
  cluster.advance("30s");
  const traces = Array.from({ length: 8 }, () => cluster.exec("client", "curl -s http://my-api:8080/"));
  const remote = traces.find((t) => t.hops.some((h) => h.kind === "encapsulate"))!;
  const local = traces.find((t) => !t.hops.some((h) => h.kind === "encapsulate"))!;

  it("has one step per hop, in the hop table's words, at the diagram's circle", () => {
    const steps = stepsOf(remote);
    const layout = traceLayout(remote);
    assert.equal(steps.length, remote.hops.length);
    steps.forEach((s, i) => {
      const h = remote.hops[i]!;
      assert.equal(s.n, i + 1);
      assert.deepEqual(s.packet, { src: h.src ?? "", dst: h.dst ?? "" });
      assert.equal(s.where, hopWhere(h, remote));
      assert.equal(s.place, hopPlace(h));
      assert.deepEqual([s.circle.x, s.circle.y], [layout.steps[i]!.x, layout.steps[i]!.y]);
    });
  });

  it("shows kube-proxy's DNAT as before → after and the conntrack entry it leaves", () => {
    const steps = stepsOf(local);
    const i = local.hops.findIndex((h) => h.kind === "kube-proxy");
    const h = local.hops[i]!;
    const s = steps[i]!;
    const backend = `${local.servedBy!.ip}:${local.servedBy!.port}`;
    assert.equal(s.before.dst, h.dst);
    assert.equal(s.after.dst, backend);
    assert.equal(s.after.src, h.src);
    const [cip, cport] = h.src!.split(":");
    const [sip, sport] = h.dst!.split(":");
    assert.equal(
      s.conntrack,
      `src=${cip} dst=${sip} sport=${cport} dport=${sport} src=${local.servedBy!.ip} dst=${cip} sport=${local.servedBy!.port} dport=${cport}`,
    );
    // The reply: conntrack turns the backend's source back into the Service's address.
    const reply = steps.at(-1)!;
    assert.deepEqual(reply.before.src, backend);
    assert.deepEqual(reply.after.src, h.dst);
    assert.equal(reply.conntrack, s.conntrack);
  });

  it("shows the VXLAN outer header on the overlay hops, node address to node address", () => {
    const steps = stepsOf(remote);
    const nodes = cluster.nodes();
    for (const kind of ["encapsulate", "decapsulate"] as const) {
      const i = remote.hops.findIndex((h) => h.kind === kind);
      const h = remote.hops[i]!;
      assert.ok(h.outer, `the ${kind} hop has its outer header`);
      const from = nodes.find((n) => n.name === remote.hops.find((x) => x.kind === "encapsulate")!.node)!;
      const to = nodes.find((n) => n.name === remote.hops.find((x) => x.kind === "decapsulate")!.node)!;
      assert.equal(steps[i]!.outer, `${from.addresses.internalIP} -> ${to.addresses.internalIP} UDP 8472, VNI 1`);
    }
  });
});

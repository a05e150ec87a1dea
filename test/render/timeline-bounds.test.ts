/**
 * A timeline of a long crash loop stays bounded: a cluster that ran for days with a hundred
 * crash-looping Pods records tens of thousands of restarts, and the view must still be built
 * (in time linear in the history) and drawn with a bounded number of marks, saying what it left out.
 */
import { strict as assert } from "node:assert";
import { Cluster, mimeBundleOf } from "../../lib/index.js";
import { TIMELINE_LIMITS, timelineModel, timelineSpec } from "../../lib/render/timeline.js";
import { BOOTSTRAP_AGE, type ClusterView, type PodSpan } from "../../lib/sim/index.js";

/** A history as 240 h of 100 crash-looping Pods leaves it: a restart and a zero-length ready interval every 300 s. */
function crashLoopHistory(pods: number, restartsPerPod: number): { view: ClusterView; now: number } {
  const now = BOOTSTRAP_AGE + restartsPerPod * 300 + 60;
  const spans: PodSpan[] = [];
  for (let p = 0; p < pods; p++) {
    const times = Array.from({ length: restartsPerPod }, (_, i) => BOOTSTRAP_AGE + p + i * 300);
    spans.push({
      uid: `uid-${p}`,
      name: `tools-${p}`,
      namespace: "default",
      node: "node-1",
      ip: 0x0af40000 + p + 2,
      created: BOOTSTRAP_AGE + p,
      ready: times.map((at) => ({ start: at, end: at + 1 })),
      restarts: times,
      terminating: undefined,
      removed: undefined,
    });
  }
  // timelineModel reads only the Pods' history and the clock.
  const view = { podHistory: () => spans, now } as unknown as ClusterView;
  return { view, now };
}

describe("Cluster.timeline() of a long crash loop", () => {
  it("builds 100 Pods × 3,000 restarts with bounded rows, bars and marks, and says what it left out", () => {
    const { view } = crashLoopHistory(100, 3000);
    const m = timelineModel(view);
    assert.equal(m.rows.length, TIMELINE_LIMITS.rows);
    assert.equal(m.rows[0]!.label.startsWith("tools-50 "), true, "the most recent Pods keep their rows");
    assert.equal(m.restarts.length, TIMELINE_LIMITS.rows * TIMELINE_LIMITS.changes);
    assert.equal(m.segments.length, TIMELINE_LIMITS.rows * (TIMELINE_LIMITS.changes + 1));
    assert.deepEqual(m.notes, [
      "showing the 50 most recent of 100 Pods; pass { prefix } or { namespace } to see others",
      `50 Pods changed state more than 50 times: the chart draws the latest changes and restarts, earlier ones as one "earlier changes" bar`,
    ]);
    const first = m.text.split("\n")[1]!;
    assert.match(first, /^ {2}tools-50 · 10\.244\.0\.52: created 50s, 2970 earlier ready intervals, ready 891050s–891051s, /);
    assert.match(first, /, 2970 earlier restarts, restart 891050s, .*, restart 899750s$/);
    assert.match(m.text, /\n {2}\(showing the 50 most recent of 100 Pods; pass \{ prefix \} or \{ namespace \} to see others\)\n/);
    const spec = JSON.stringify(timelineSpec(m));
    assert.match(spec, /"title":\{"text":\["showing the 50 most recent of 100 Pods/);
    assert.match(spec, /"domain":\["starting","ready","not ready","terminating","earlier changes"\]/);
  });

  it("a short history is drawn whole, with no notes and the four states", async () => {
    const c = new Cluster({ nodes: 2, seed: 1 });
    c.apply(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: tools}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: tools}}\n  template:\n    metadata: {labels: {app: tools}}\n    spec: {containers: [{name: a, image: busybox}]}\n",
    );
    c.advance("1h");
    const tl = c.timeline();
    assert.equal(tl.model.notes, undefined);
    assert.equal(tl.model.rows.length, 2);
    assert.equal(tl.model.restarts.length, 2 * 16, "every restart of the hour is a mark");
    const spec = JSON.stringify((await mimeBundleOf(tl))["application/vnd.vegalite.v5+json"]);
    assert.doesNotMatch(spec, /"earlier changes"|"title":\{"text"/);
  });
});

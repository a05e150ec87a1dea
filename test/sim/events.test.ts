import { strict as assert } from "node:assert";
import { Cluster } from "../../lib/index.js";

/** A cluster with one Pod whose busybox exits at once, so the kubelet restarts it with back-off. */
function crashLooping(): Cluster {
  const cluster = new Cluster({ nodes: 2, seed: 1 });
  cluster.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: t}\nspec: {containers: [{name: a, image: busybox}]}\n");
  return cluster;
}

describe("EventRecorder", () => {
  it("lists the first 10 identical events one by one, as before", () => {
    const cluster = crashLooping();
    cluster.advance("20m"); // 8 back-offs: no event is repeated more than 10 times yet
    const rows = cluster.get("events").rows.filter((r) => r["OBJECT"] === "pod/t" && r["REASON"] === "BackOff");
    assert.equal(rows.length, 8);
    assert.ok(rows.every((r) => !String(r["LAST SEEN"]).includes("(x")));
  });

  it("counts later repeats on one row shown as kubectl shows an event series, `<last> (xN over <first>)`", () => {
    const cluster = crashLooping();
    cluster.advance("24h");
    const backOffs = cluster.get("events").rows.filter((r) => r["OBJECT"] === "pod/t" && r["REASON"] === "BackOff");
    assert.equal(backOffs.length, 11, "10 single rows and one that counts the rest");
    assert.match(String(backOffs[10]!["LAST SEEN"]), /^\d+[smh]+\d*[smh]? \(x\d+ over \d+h\d*m?\)$/);
    const described = String(cluster.describe("pod", "t"));
    assert.match(described, /Warning {2}BackOff {4}\S+ \(x\d+ over \S+\) {2}kubelet/);
  });

  it("keeps `get events` small however long a Pod crash-loops (one row per restart before)", () => {
    const cluster = crashLooping();
    cluster.advance("240h"); // about 2,900 restarts
    const text = String(cluster.get("events"));
    assert.ok(text.length < 20_000, `get events printed ${text.length} characters`);
  });

  it("runs a 2400h crash loop in linear time and memory (it exhausted the heap before)", function () {
    this.timeout(20_000);
    const cluster = crashLooping();
    cluster.advance("2400h"); // about 28,800 restarts
    assert.match(String(cluster.get("pods")), /CrashLoopBackOff|Running|Error/);
  });

  it("undoes counting on a failed call: the rows are as they were", () => {
    const cluster = crashLooping();
    cluster.advance("24h");
    const before = String(cluster.get("events"));
    assert.throws(() => cluster.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: Bad}\nspec: {containers: [{name: a, image: nginx}]}\n"));
    assert.equal(String(cluster.get("events")), before);
  });
});
